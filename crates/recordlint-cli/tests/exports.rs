//! The findings exports (CSV, JSON, FHIR R4 OperationOutcome): golden files for one fixture of
//! each format, structural checks of every fixture's exports, a report that reads back from its
//! JSON unchanged, and the real CLI on a generated file with thousands of findings, whose every
//! export holds exactly as many findings as the summary counts.
//! Set `RECORDLINT_BLESS=1` to rewrite `tests/exports/*` from the current output.

mod common;

use recordlint_core::{export, validate, ExportFormat, FileReport, Profile, Report};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The FHIR R4 IssueType value set (http://hl7.org/fhir/R4/valueset-issue-type.html, 31 codes).
const ISSUE_TYPES: [&str; 31] = [
    "invalid",
    "structure",
    "required",
    "value",
    "invariant",
    "security",
    "login",
    "unknown",
    "expired",
    "forbidden",
    "suppressed",
    "processing",
    "not-supported",
    "duplicate",
    "multiple-matches",
    "not-found",
    "deleted",
    "too-long",
    "code-invalid",
    "extension",
    "too-costly",
    "business-rule",
    "conflict",
    "transient",
    "lock-lost",
    "no-store",
    "exception",
    "timeout",
    "incomplete",
    "throttled",
    "informational",
];
/// The FHIR R4 IssueSeverity value set.
const ISSUE_SEVERITIES: [&str; 4] = ["fatal", "error", "warning", "information"];

const FORMATS: [(ExportFormat, &str); 3] = [
    (ExportFormat::Csv, "csv"),
    (ExportFormat::Json, "json"),
    (ExportFormat::OperationOutcome, "operation-outcome.json"),
];

fn root() -> PathBuf {
    common::repo_path("tests")
}

fn check(relative: &str) -> Report {
    let bytes = std::fs::read(root().join(relative)).unwrap();
    validate(&bytes, Profile::default(), jiff::civil::date(2026, 11, 22))
}

fn one(format: ExportFormat, file: &str, report: &Report) -> String {
    export(format, &[FileReport { file, report }])
}

/// Checks that an OperationOutcome is structurally valid R4 and returns its issues.
fn outcome_issues(text: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(text).expect("OperationOutcome is JSON");
    assert_eq!(v["resourceType"], "OperationOutcome");
    let issues = v["issue"].as_array().expect("issue is an array").clone();
    for issue in &issues {
        let severity = issue["severity"].as_str().expect("severity");
        assert!(ISSUE_SEVERITIES.contains(&severity), "severity {severity}");
        let code = issue["code"].as_str().expect("code");
        assert!(ISSUE_TYPES.contains(&code), "code {code}");
        assert!(!issue["details"]["text"].as_str().expect("details.text").is_empty());
        assert!(!issue["diagnostics"].as_str().expect("diagnostics").is_empty());
        assert_eq!(issue["location"].as_array().map(Vec::len), Some(1), "{issue}");
        if let Some(expression) = issue.get("expression") {
            let path = expression[0].as_str().expect("expression is a string");
            assert!(!path.contains('/') && !path.is_empty(), "FHIRPath, not a pointer: {path}");
        }
    }
    issues
}

/// CSV records (quoted line breaks stay in their record).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => cell.push(c),
        }
    }
    records
}

#[test]
fn golden_exports_of_one_fixture_per_format() {
    let bless = std::env::var_os("RECORDLINT_BLESS").is_some();
    for input in
        ["fixtures/csv/dates.csv", "fixtures/fhir/dstu2-bundle.json", "fixtures/hl7v2/structure-errors.hl7"]
    {
        let report = check(input);
        let stem = Path::new(input).file_stem().unwrap().to_string_lossy().into_owned();
        for (format, ext) in FORMATS {
            let got = one(format, input, &report);
            let golden = root().join("exports").join(format!("{stem}.{ext}"));
            if bless {
                std::fs::write(&golden, &got).unwrap();
                continue;
            }
            let want =
                std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            assert_eq!(got, want, "{} differs (RECORDLINT_BLESS=1 rewrites it)", golden.display());
        }
    }
}

#[test]
fn every_fixture_exports_one_row_element_and_issue_per_finding() {
    let mut checked = 0;
    for dir in ["csv", "fhir", "hl7v2", "identity", "edits"] {
        for entry in std::fs::read_dir(root().join("fixtures").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if name.ends_with(".expected") || name.ends_with(".json") && name.contains(".profile") {
                continue;
            }
            let relative = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            let report = check(&relative);
            let n = report.findings.len();
            let rows = csv_records(&one(ExportFormat::Csv, &relative, &report));
            assert_eq!(rows.len(), n + 1, "{relative}: CSV rows");
            assert_eq!(rows[0].join(","), "file,location,rule,name,severity,message,value,mrn");
            for (row, f) in rows[1..].iter().zip(&report.findings) {
                assert_eq!(row.len(), 8, "{relative}: {row:?}");
                assert_eq!(
                    (row[0].as_str(), row[2].as_str(), row[4].as_str()),
                    (relative.as_str(), f.rule, f.severity.as_str())
                );
                assert_eq!(row[1], f.location.to_string().trim_start_matches('\''));
            }
            let json: Value = serde_json::from_str(&one(ExportFormat::Json, &relative, &report)).unwrap();
            assert_eq!(json["findings"].as_array().unwrap().len(), n, "{relative}: JSON findings");
            assert_eq!(json["summary"]["errors"], report.summary.errors);
            let issues = outcome_issues(&one(ExportFormat::OperationOutcome, &relative, &report));
            assert_eq!(issues.len(), n, "{relative}: issues");
            for (issue, f) in issues.iter().zip(&report.findings) {
                assert_eq!(issue["details"]["text"], f.message.as_str());
                let want = match f.severity.as_str() {
                    "info" => "information",
                    s => s,
                };
                assert_eq!(issue["severity"], want);
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

#[test]
fn a_report_reads_back_from_its_json_unchanged() {
    for input in
        ["fixtures/csv/dates.csv", "fixtures/fhir/dstu2-bundle.json", "fixtures/hl7v2/structure-errors.hl7"]
    {
        let report = check(input);
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(back, report, "{input}");
    }
    let bad = r#"{"findings":[{"rule":"Z999","name":"x","severity":"error","location":{},"message":"m"}],"summary":{"records":0,"clean_records":0,"errors":0,"warnings":0,"infos":0,"by_rule":{}}}"#;
    let err = serde_json::from_str::<Report>(bad).unwrap_err().to_string();
    assert!(err.contains("no rule \"Z999\""), "{err}");
}

#[test]
fn findings_carry_the_offending_value_and_the_mrn() {
    let report = check("fixtures/csv/dates.csv");
    let d201 = report.findings.iter().find(|f| f.rule == "D201").expect("a D201");
    assert_eq!(d201.value.as_deref(), Some("2026-03-01"));
    assert_eq!(d201.mrn.as_deref(), Some("D-1"));
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint")).args(args).output().expect("the binary runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_cli_exports_as_many_findings_as_it_counts_for_thousands_of_findings() {
    let dir = std::env::temp_dir().join(format!("recordlint-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("generated.csv");
    std::fs::write(&file, cli(&["generate", "csv", "--rows", "150000"])).unwrap();
    let file = file.to_string_lossy().into_owned();
    let json: Value = serde_json::from_str(&cli(&["check", &file, "--format", "json"])).unwrap();
    let s = &json["summary"];
    let counted =
        s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap() + s["infos"].as_u64().unwrap();
    assert!(counted >= 3000, "{counted} findings");
    assert_eq!(s["truncated"], false);
    assert_eq!(json["findings"].as_array().unwrap().len() as u64, counted);
    let csv = cli(&["check", &file, "--format", "csv"]);
    assert_eq!(csv_records(&csv).len() as u64, counted + 1);
    let issues = outcome_issues(&cli(&["check", &file, "--format", "operation-outcome"]));
    assert_eq!(issues.len() as u64, counted);
    let text = cli(&["check", &file]);
    assert_eq!(text.lines().filter(|l| l.starts_with(&file)).count() as u64, counted);
    // The CLI writes what the library's export makes of the same report: the page's bytes.
    let report = validate(&std::fs::read(&file).unwrap(), Profile::default(), jiff::Zoned::now().date());
    assert_eq!(csv, one(ExportFormat::Csv, &file, &report));
    std::fs::remove_dir_all(&dir).ok();
}
