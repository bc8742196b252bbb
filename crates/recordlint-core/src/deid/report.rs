//! What a de-identification run changed: counts per Safe Harbor category, a few masked examples
//! of before → after, and the residual-risk list of every free-text field that was kept (with
//! the identifiers found in it redacted), since no pattern can certify free text.

use super::category::{mask, Category};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Examples kept per category.
const SAMPLES_PER_CATEGORY: usize = 3;

/// How dates were treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// HIPAA Safe Harbor, 45 CFR 164.514(b)(2): dates reduced to the year.
    SafeHarbor,
    /// Dates moved by one random number of days per patient: NOT Safe Harbor.
    DateShift,
}

impl Method {
    /// The method in words, as the report and the page label it.
    pub fn label(self) -> &'static str {
        match self {
            Method::SafeHarbor => "HIPAA Safe Harbor (45 CFR 164.514(b)(2)): dates reduced to the year",
            Method::DateShift => "Date shift — NOT Safe Harbor: dates keep their intervals, moved by one random offset per patient; sharing the copy as de-identified needs an expert determination (45 CFR 164.514(b)(1))",
        }
    }
}

/// One changed value, masked before and as written after.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    pub category: Category,
    pub file: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A free-text field kept in the copy: where (a CSV column, an HL7 field, a FHIR path with `*`
/// for indices), how many values, and how many identifiers were redacted in them.
#[derive(Debug, Clone, Serialize)]
pub struct KeptText {
    pub file: String,
    pub field: String,
    pub values: u64,
    pub redactions: u64,
}

/// One input and its copy.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub input: String,
    pub output: String,
    pub format: String,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// The report of a run.
#[derive(Debug, Clone, Serialize)]
pub struct DeidReport {
    pub method: Method,
    pub method_label: &'static str,
    pub files: Vec<FileSummary>,
    /// Values removed, replaced or generalised, per category.
    pub counts: BTreeMap<Category, u64>,
    pub samples: Vec<Sample>,
    /// The residual risk: every free-text field kept.
    pub free_text_kept: Vec<KeptText>,
    /// Tokens given (the size of the key).
    pub tokens: usize,
}

impl DeidReport {
    pub fn new(method: Method) -> DeidReport {
        DeidReport {
            method,
            method_label: method.label(),
            files: Vec::new(),
            counts: BTreeMap::new(),
            samples: Vec::new(),
            free_text_kept: Vec::new(),
            tokens: 0,
        }
    }

    /// Counts one changed value of `category` and keeps it as an example while there are few.
    pub fn changed(&mut self, category: Category, file: &str, field: &str, before: &str, after: &str) {
        *self.counts.entry(category).or_default() += 1;
        if self.samples.iter().filter(|s| s.category == category).count() < SAMPLES_PER_CATEGORY {
            self.samples.push(Sample {
                category,
                file: file.to_string(),
                field: field.to_string(),
                before: mask(before),
                after: after.to_string(),
            });
        }
    }

    /// Notes a free-text value kept in `field` of `file`, with the identifiers redacted in it.
    pub fn kept_text(&mut self, file: &str, field: &str, redactions: u64) {
        match self.free_text_kept.iter_mut().find(|k| k.file == file && k.field == field) {
            Some(k) => {
                k.values += 1;
                k.redactions += redactions;
            }
            None => self.free_text_kept.push(KeptText {
                file: file.to_string(),
                field: field.to_string(),
                values: 1,
                redactions,
            }),
        }
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serializes")
    }

    /// The report in words.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Method: {}", self.method_label);
        for f in &self.files {
            let _ = writeln!(
                out,
                "{} ({}) -> {}: {} bytes in, {} bytes out",
                f.input, f.format, f.output, f.bytes_in, f.bytes_out
            );
        }
        let _ = writeln!(out, "\nChanged values by Safe Harbor category:");
        for (category, n) in &self.counts {
            let _ = writeln!(out, "  ({}) {}: {n}", category.letter(), category.label());
        }
        let _ = writeln!(out, "\nExamples (before masked):");
        for s in &self.samples {
            let _ = writeln!(
                out,
                "  {} {}, {}: {} -> {}",
                s.file,
                s.field,
                s.category.label(),
                s.before,
                s.after
            );
        }
        let _ = writeln!(out, "\nResidual risk: free-text fields kept (identifiers found were redacted; review them before sharing):");
        if self.free_text_kept.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for k in &self.free_text_kept {
            let _ = writeln!(
                out,
                "  {} {}: {} value(s), {} redaction(s)",
                k.file, k.field, k.values, k.redactions
            );
        }
        let _ = writeln!(
            out,
            "\nTokens: {} (the key file, if written, is the only way back: keep it apart from the copy)",
            self.tokens
        );
        out
    }
}
