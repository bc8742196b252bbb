//! The record of an exercise (CSV rows, a FHIR resource, an HL7 message) and the engine run on it.

use jiff::civil::Date;
use recordlint_core::formats::Format;
use recordlint_core::{Finding, Profile, Report, Severity, Tables, Validator};
use serde::Deserialize;
use std::sync::Arc;

/// A record as a pack writes it: `{ "format": "csv", "text": "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseRecord {
    /// `csv`, `fhir` or `hl7v2`.
    pub format: String,
    pub text: String,
}

impl ExerciseRecord {
    /// The engine's report on `text` read as this record's format, "today" fixed at `today`, its
    /// codes looked up in `tables`.
    pub fn check(&self, tables: &Arc<Tables>, text: &str, today: Date) -> Result<Report, String> {
        let format = format_named(&self.format)?;
        let mut validator = Validator::with_tables(Profile::default(), today, Arc::clone(tables));
        validator.set_format(format);
        validator.feed(text.as_bytes());
        Ok(validator.finish())
    }

    /// The engine's findings of error or warning severity on the record's own text.
    pub fn problems(&self, tables: &Arc<Tables>, today: Date) -> Result<Vec<Finding>, String> {
        let report = self.check(tables, &self.text, today)?;
        Ok(report.findings.into_iter().filter(|f| f.severity >= Severity::Warning).collect())
    }
}

/// The engine's format of that name; formats this build cannot read are an error.
pub fn format_named(name: &str) -> Result<Format, String> {
    if !["csv", "fhir", "hl7v2"].contains(&name) {
        return Err(format!("record format {name:?} is not one of csv, fhir, hl7v2"));
    }
    serde_json::from_value(serde_json::Value::String(name.into()))
        .map_err(|_| format!("record format {name:?} is not supported by this build of recordlint"))
}
