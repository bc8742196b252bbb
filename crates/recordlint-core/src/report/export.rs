//! One entry point for every findings export, used by `recordlint check --format` and by the
//! page (through `exportFindings` in the wasm API), so that both write the same bytes.

use super::{export_csv, export_json, operation_outcome, FileReport};

/// A file format findings can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The CLI's JSON: `{ findings: [{ file, rule, … }], summary, files }`.
    Json,
    /// One row per finding: file, location, rule, name, severity, message, value, MRN.
    Csv,
    /// A FHIR R4 `OperationOutcome` with one `issue` per finding.
    OperationOutcome,
}

impl ExportFormat {
    /// The format called `name` (`json`, `csv`, `operation-outcome`).
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            "operation-outcome" | "operationoutcome" | "fhir" => Some(ExportFormat::OperationOutcome),
            _ => None,
        }
    }
}

/// Every kept finding of `files` in `format`: one row, element or issue per finding.
pub fn export(format: ExportFormat, files: &[FileReport]) -> String {
    export_partial(format, files, None)
}

/// As [`export`], for a run that stopped before the end of its input when `partial` is a note
/// saying how far it got (`partial: first 12.0 MB of 100 MB, 149,603 records`): the JSON gets a
/// first member `partial`, the OperationOutcome a first issue of type `incomplete`, the CSV a
/// last column `partial` with the note on every row. Without a note, the same bytes as [`export`].
pub fn export_partial(format: ExportFormat, files: &[FileReport], partial: Option<&str>) -> String {
    match format {
        ExportFormat::Json => export_json::write(files, partial),
        ExportFormat::Csv => export_csv::write(files, partial),
        ExportFormat::OperationOutcome => operation_outcome::write(files, partial),
    }
}
