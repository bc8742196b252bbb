//! Findings and their summary. Findings are data, never errors.

use crate::model::Location;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

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

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id (`D201`).
    pub rule: &'static str,
    /// The rule's kebab-case name (`discharge-before-admission`).
    pub name: &'static str,
    pub severity: Severity,
    pub location: Location,
    /// One line with the concrete values in it.
    pub message: String,
}

impl fmt::Display for Finding {
    /// `D201 error row 7, discharge_date: discharge 2026-03-01 is before admit 2026-03-04`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}: {}", self.rule, self.severity, self.location, self.message)
    }
}

/// Counts over everything checked, including findings beyond the detail limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Records (rows, encounters, messages) checked.
    pub records: u64,
    /// Records with no error or warning.
    pub clean_records: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// Findings per rule id.
    #[serde(deserialize_with = "wire::rule_counts")]
    pub by_rule: BTreeMap<&'static str, u64>,
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
    pub format: Option<&'static str>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    /// Counts `finding` and keeps it unless `limit` findings are kept already.
    pub fn push(&mut self, finding: Finding, limit: usize) {
        let s = &mut self.summary;
        match finding.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
        *s.by_rule.entry(finding.rule).or_default() += 1;
        if self.findings.len() < limit {
            self.findings.push(finding);
        } else {
            s.truncated = true;
        }
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// Reading reports back (a piece's report crossing from one worker to another): the `'static`
/// names are found again in the rule registry and the format list.
mod wire {
    use serde::de::{Deserializer, Error};
    use serde::Deserialize;
    use std::collections::BTreeMap;

    use super::{Finding, Location, Report, Severity, Summary};

    fn rule<'de, D: Deserializer<'de>>(key: &str) -> Result<&'static crate::RuleMeta, D::Error> {
        crate::rules::find(key).ok_or_else(|| D::Error::custom(format!("unknown rule {key:?}")))
    }

    /// A [`Finding`] as read, before its rule is found in the registry.
    #[derive(Deserialize)]
    pub struct FindingText {
        rule: String,
        severity: Severity,
        location: Location,
        message: String,
    }

    impl<'de> Deserialize<'de> for Finding {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
            let f = FindingText::deserialize(d)?;
            let meta = rule::<D>(&f.rule)?;
            Ok(Finding {
                rule: meta.id,
                name: meta.name,
                severity: f.severity,
                location: f.location,
                message: f.message,
            })
        }
    }

    pub fn rule_counts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<&'static str, u64>, D::Error> {
        BTreeMap::<String, u64>::deserialize(d)?
            .into_iter()
            .map(|(k, n)| Ok((rule::<D>(&k)?.id, n)))
            .collect()
    }

    /// A [`Report`] as read, before its format name is found.
    #[derive(Deserialize)]
    struct ReportText {
        #[serde(default)]
        format: Option<String>,
        findings: Vec<Finding>,
        summary: Summary,
    }

    impl<'de> Deserialize<'de> for Report {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
            let r = ReportText::deserialize(d)?;
            let format = match r.format {
                None => None,
                Some(name) => Some(
                    crate::Format::from_name(&name)
                        .ok_or_else(|| D::Error::custom(format!("unknown format {name:?}")))?
                        .name(),
                ),
            };
            Ok(Report { format, findings: r.findings, summary: r.summary })
        }
    }
}
