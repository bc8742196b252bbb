//! Findings and their summary. Findings are data, never errors; the exports (CSV, JSON, FHIR
//! `OperationOutcome`) are views of a report, shared by the CLI and the page.

mod export;
mod export_csv;
mod export_json;
mod operation_outcome;

pub use export::{export, export_partial, ExportFormat};

use crate::model::Location;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A name from the rule registry or the format list.
type Registered = &'static str;

/// One checked file of a run and its report.
#[derive(Debug, Clone, Copy)]
pub struct FileReport<'a> {
    /// The file's name as the user gave it.
    pub file: &'a str,
    pub report: &'a Report,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase word (`error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input. It deserialises from its own JSON (the page hands findings
/// back for export), resolving `rule` and `name` through the rule registry (the `Deserialize`
/// impls of the report's types are in `crate::registry_names`, above the registry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id (`D201`).
    pub rule: Registered,
    /// The rule's kebab-case name (`discharge-before-admission`).
    pub name: Registered,
    pub severity: Severity,
    pub location: Location,
    /// One line with the concrete values in it.
    pub message: String,
    /// The offending value as written, when the finding is about one field of a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The MRN of the record the finding is about, when the record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrn: Option<String>,
}

impl Finding {
    /// A finding with no value or MRN attached yet.
    pub fn new(
        rule: &'static str,
        name: &'static str,
        severity: Severity,
        location: Location,
        message: String,
    ) -> Finding {
        Finding { rule, name, severity, location, message, value: None, mrn: None }
    }
}

impl fmt::Display for Finding {
    /// `D201 error row 7, discharge_date: discharge 2026-03-01 is before admit 2026-03-04`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}: {}", self.rule, self.severity, self.location, self.message)
    }
}

/// Counts over everything checked, including findings beyond the detail limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records (rows, encounters, messages) checked.
    pub records: u64,
    /// Records with no error or warning.
    pub clean_records: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Findings per rule id.
    pub by_rule: BTreeMap<Registered, u64>,
    /// True when more findings were counted than kept in detail.
    pub truncated: bool,
}

impl Summary {
    /// Findings of all severities.
    pub fn findings(&self) -> u64 {
        self.errors + self.warnings + self.infos
    }
}

/// The result of a validation: findings in input order and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The detected input format (`csv`, `fhir`, `hl7v2`), once known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Registered>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Findings kept and then handed out by [`Report::take_findings`]: they still count toward
    /// the limit of kept findings.
    #[serde(skip)]
    pub(crate) handed_out: usize,
}

impl Report {
    /// Counts `finding` and keeps it unless `limit` findings are kept (or were handed out) already.
    pub fn push(&mut self, finding: Finding, limit: usize) {
        self.summary.count(&finding, 1);
        if self.handed_out + self.findings.len() < limit {
            self.findings.push(finding);
        } else {
            self.summary.truncated = true;
        }
    }

    /// The findings kept so far, handed over and no longer held here (a page that shows them as
    /// they come need not have them twice); later findings are kept as if these still were.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        self.handed_out += self.findings.len();
        std::mem::take(&mut self.findings)
    }

    /// The counts of findings that were not kept in detail: the summary less the kept findings
    /// (of a report none were taken from).
    pub fn uncounted(&self) -> Summary {
        let mut rest = self.summary.clone();
        for finding in &self.findings {
            rest.count(finding, -1);
        }
        rest.by_rule.retain(|_, n| *n > 0);
        rest
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

impl Summary {
    /// Counts `finding` once more (`by` 1) or once less (`by` -1).
    fn count(&mut self, finding: &Finding, by: i8) {
        let n = match finding.severity {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
            Severity::Info => &mut self.infos,
        };
        let rule = self.by_rule.entry(finding.rule).or_default();
        if by > 0 {
            *n += 1;
            *rule += 1;
        } else {
            *n -= 1;
            *rule -= 1;
        }
    }

    /// Adds the counts of `other` (another file of the same run).
    pub fn add(&mut self, other: &Summary) {
        self.records += other.records;
        self.clean_records += other.clean_records;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.truncated |= other.truncated;
        for (rule, n) in &other.by_rule {
            *self.by_rule.entry(rule).or_default() += n;
        }
    }
}
