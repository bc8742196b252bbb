//! The exports of a run that stopped before the end of its input (`export_partial` with a note):
//! each says so in its own way — the JSON a first member `partial`, the OperationOutcome a first
//! issue of type `incomplete`, the CSV a last column `partial` on every row — around exactly the
//! findings of a whole export; without a note the bytes are those of `export`.

mod common;

use recordlint_core::{export, export_partial, validate, ExportFormat, FileReport, Profile};
use serde_json::Value;

const NOTE: &str = "partial: first 12.0 MB of 100 MB, 149,603 records";
const FORMATS: [ExportFormat; 3] = [ExportFormat::Json, ExportFormat::Csv, ExportFormat::OperationOutcome];

fn reports() -> Vec<(String, recordlint_core::Report)> {
    let dir = common::repo_path("tests/multi-file");
    let today = jiff::civil::date(2026, 12, 7);
    ["patients.csv", "encounters.csv"]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            (name.to_string(), validate(&bytes, Profile::default(), today))
        })
        .collect()
}

#[test]
fn without_a_note_the_export_is_unchanged() {
    let reports = reports();
    let files: Vec<FileReport> = reports.iter().map(|(file, report)| FileReport { file, report }).collect();
    for format in FORMATS {
        assert_eq!(export_partial(format, &files, None), export(format, &files), "{format:?}");
    }
}

#[test]
fn a_note_marks_each_export_around_the_same_findings() {
    let reports = reports();
    let files: Vec<FileReport> = reports.iter().map(|(file, report)| FileReport { file, report }).collect();
    let findings: usize = reports.iter().map(|(_, r)| r.findings.len()).sum();
    assert!(findings >= 4, "the fixtures have findings to mark");

    let whole: Value = serde_json::from_str(&export(ExportFormat::Json, &files)).unwrap();
    let text = export_partial(ExportFormat::Json, &files, Some(NOTE));
    assert!(text.starts_with(&format!("{{\n  \"partial\": \"{NOTE}\",\n  \"findings\": [")), "{text}");
    let mut marked: Value = serde_json::from_str(&text).unwrap();
    marked.as_object_mut().unwrap().remove("partial");
    assert_eq!(marked, whole);

    let csv = export_partial(ExportFormat::Csv, &files, Some(NOTE));
    let whole_csv = export(ExportFormat::Csv, &files);
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    let whole_lines: Vec<&str> = whole_csv.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), findings + 1);
    assert_eq!(lines[0], format!("{},partial", whole_lines[0]));
    for (line, whole) in lines.iter().zip(&whole_lines).skip(1) {
        assert_eq!(*line, format!("{whole},\"{NOTE}\""));
    }

    let outcome: Value =
        serde_json::from_str(&export_partial(ExportFormat::OperationOutcome, &files, Some(NOTE))).unwrap();
    let whole_outcome: Value = serde_json::from_str(&export(ExportFormat::OperationOutcome, &files)).unwrap();
    let issues = outcome["issue"].as_array().unwrap();
    assert_eq!(
        issues[0],
        serde_json::json!({
            "severity": "information",
            "code": "incomplete",
            "details": { "text": format!("The check was cancelled: {NOTE}.") },
            "diagnostics": NOTE,
        })
    );
    assert_eq!(issues[1..], whole_outcome["issue"].as_array().unwrap()[..]);
}
