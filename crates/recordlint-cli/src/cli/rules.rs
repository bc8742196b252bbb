//! `recordlint rules` and `recordlint rule ID`: the rule list and each rule's documentation.

use super::out::{out, outln};
use super::{output_format, unexpected, Output};
use lexopt::ValueExt;
use recordlint_core::rules::{self, RuleMeta};
use serde::Serialize;

#[derive(Serialize)]
struct RuleDoc<'a> {
    #[serde(flatten)]
    meta: &'a RuleMeta,
    summary: String,
    doc: String,
}

pub fn list(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut output = Output::Text;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Long("format") => output = output_format(parser)?,
            other => return Err(unexpected(other)),
        }
    }
    match output {
        Output::Text => {
            for r in rules::ALL {
                let default = if r.enabled_by_default { r.default_severity.as_str() } else { "opt-in" };
                outln!("{} {:<28} {:<8} {}", r.id, r.name, default, r.summary());
            }
        }
        Output::Json => {
            let docs: Vec<RuleDoc> = rules::ALL
                .iter()
                .map(|meta| RuleDoc { meta, summary: meta.summary(), doc: meta.doc() })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&docs).expect("rules serialise"));
        }
    }
    Ok(0)
}

pub fn explain(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut key = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Value(v) if key.is_none() => key = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    let key = key.ok_or("rule needs an ID or name, e.g. `recordlint rule D201`")?;
    let rule = rules::find(&key).ok_or_else(|| format!("no rule {key:?}; `recordlint rules` lists them"))?;
    let default =
        if rule.enabled_by_default { String::new() } else { ", off unless a profile turns it on".into() };
    outln!("# {} {} ({}, default {}{default})\n", rule.id, rule.name, family(rule), rule.default_severity);
    out!("{}", rule.doc());
    Ok(0)
}

fn family(rule: &RuleMeta) -> String {
    serde_json::to_value(rule.family).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
