//! Deserialisers that turn the rule ids, rule names and format names of a report's JSON back into
//! the registry's `&'static str`s, so that a report read back is the report that was written.

use crate::formats::Format;
use crate::rules;
use serde::de::{Deserializer, Error};
use serde::Deserialize;
use std::collections::BTreeMap;

fn rule(key: &str) -> Result<&'static rules::RuleMeta, String> {
    rules::find(key).ok_or_else(|| format!("no rule {key:?}"))
}

/// A rule id (`D201`) as the registry spells it.
pub fn rule_id<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let key = String::deserialize(d)?;
    rule(&key).map(|r| r.id).map_err(D::Error::custom)
}

/// A rule name (`discharge-before-admission`) as the registry spells it.
pub fn rule_name<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let key = String::deserialize(d)?;
    rule(&key).map(|r| r.name).map_err(D::Error::custom)
}

/// Findings per rule id.
pub fn rule_counts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<&'static str, u64>, D::Error> {
    let counts = BTreeMap::<String, u64>::deserialize(d)?;
    counts.into_iter().map(|(key, n)| rule(&key).map(|r| (r.id, n)).map_err(D::Error::custom)).collect()
}

/// The input format's name (`csv`, `fhir`, `hl7v2`), or none.
pub fn format_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(name) => Format::from_name(&name)
            .map(|f| Some(f.name()))
            .ok_or_else(|| D::Error::custom(format!("unknown format {name:?}"))),
    }
}
