//! The JSON export: `{ findings: [{ file, …finding }], summary, files: [{ file, format, …summary }] }`,
//! with a first member `partial` (a note) when the run stopped before the end of its input.

use super::{FileReport, Finding, Summary};
use serde::Serialize;

#[derive(Serialize)]
struct FileFinding<'a> {
    file: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct FileSummary<'a> {
    file: &'a str,
    format: Option<&'static str>,
    #[serde(flatten)]
    summary: &'a Summary,
}

#[derive(Serialize)]
struct Export<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    partial: Option<&'a str>,
    findings: Vec<FileFinding<'a>>,
    summary: Summary,
    files: Vec<FileSummary<'a>>,
}

/// Pretty-printed JSON ending in a newline.
pub fn write(files: &[FileReport], partial: Option<&str>) -> String {
    let mut summary = Summary::default();
    for f in files {
        summary.add(&f.report.summary);
    }
    let export = Export {
        partial,
        findings: files
            .iter()
            .flat_map(|f| f.report.findings.iter().map(move |finding| FileFinding { file: f.file, finding }))
            .collect(),
        summary,
        files: files
            .iter()
            .map(|f| FileSummary { file: f.file, format: f.report.format, summary: &f.report.summary })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&export).unwrap_or_default();
    out.push('\n');
    out
}
