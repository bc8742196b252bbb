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
    match format {
        ExportFormat::Json => export_json::write(files),
        ExportFormat::Csv => export_csv::write(files),
        ExportFormat::OperationOutcome => operation_outcome::write(files),
    }
}
