//! Reading a report's JSON back (the page hands findings back for export; a piece's report
//! crosses to the merge as JSON): rule ids, rule names and format names become the registry's
//! `&'static str`s again, so that a report read back is the report that was written.
//!
//! This sits above `report`, `rules` and `formats`: `report` only holds the data and writes it,
//! and never looks anything up in the rule registry.

use crate::formats::Format;
use crate::model::Location;
use crate::report::{Finding, Report, Severity, Summary};
use crate::rules;
use serde::de::{Deserializer, Error};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A name from the rule registry or the format list. (Spelt as an alias so that serde's derive
/// does not borrow it from the input: it is looked up.)
type Registered = &'static str;

/// How a [`Finding`] reads: as it is written, its rule and name resolved in the registry.
#[derive(Deserialize)]
#[serde(remote = "Finding")]
struct FindingDef {
    #[serde(deserialize_with = "rule_id")]
    rule: Registered,
    #[serde(deserialize_with = "rule_name")]
    name: Registered,
    severity: Severity,
    location: Location,
    message: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    mrn: Option<String>,
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        FindingDef::deserialize(d)
    }
}

/// How a [`Summary`] reads: its counts by rule id resolved in the registry.
#[derive(Deserialize)]
#[serde(remote = "Summary")]
struct SummaryDef {
    records: u64,
    clean_records: u64,
    errors: u64,
    warnings: u64,
    infos: u64,
    #[serde(deserialize_with = "rule_counts")]
    by_rule: BTreeMap<Registered, u64>,
    #[serde(default)]
    truncated: bool,
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Summary, D::Error> {
        SummaryDef::deserialize(d)
    }
}

/// How a [`Report`] reads: its format name resolved in the format list.
#[derive(Deserialize)]
#[serde(remote = "Report")]
struct ReportDef {
    #[serde(default, deserialize_with = "format_name")]
    format: Option<Registered>,
    findings: Vec<Finding>,
    summary: Summary,
    #[serde(skip)]
    handed_out: usize,
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        ReportDef::deserialize(d)
    }
}

fn rule(key: &str) -> Result<&'static rules::RuleMeta, String> {
    rules::find(key).ok_or_else(|| format!("no rule {key:?}"))
}

/// A rule id (`D201`) as the registry spells it.
fn rule_id<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let key = String::deserialize(d)?;
    rule(&key).map(|r| r.id).map_err(D::Error::custom)
}

/// A rule name (`discharge-before-admission`) as the registry spells it.
fn rule_name<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let key = String::deserialize(d)?;
    rule(&key).map(|r| r.name).map_err(D::Error::custom)
}

/// Findings per rule id.
fn rule_counts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<&'static str, u64>, D::Error> {
    let counts = BTreeMap::<String, u64>::deserialize(d)?;
    counts.into_iter().map(|(key, n)| rule(&key).map(|r| (r.id, n)).map_err(D::Error::custom)).collect()
}

/// The input format's name (`csv`, `fhir`, `hl7v2`), or none.
fn format_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(name) => Format::from_name(&name)
            .map(|f| Some(f.name()))
            .ok_or_else(|| D::Error::custom(format!("unknown format {name:?}"))),
    }
}
