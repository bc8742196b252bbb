//! Deficiency analysis: a chart shown as a document; the student marks the items that are missing
//! or deficient. The key is the pack's, plus every item the engine's completeness findings point
//! at (through the item's `field`).

use super::grade::{note, read_answer, FeedbackKind, Grade};
use super::record::ExerciseRecord;
use jiff::civil::Date;
use recordlint_core::formats::columns::role_for;
use recordlint_core::rules::{self, Family};
use recordlint_core::FieldKind;
use recordlint_core::{Finding, Tables};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A deficiency-analysis exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deficiency {
    pub chart: Chart,
    pub record: ExerciseRecord,
    pub answer: DeficiencyAnswer,
}

/// The chart as a readable document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub sections: Vec<ChartSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSection {
    pub title: String,
    pub items: Vec<ChartItem>,
}

/// One line of the chart; `field` ties it to the record field the engine checks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartItem {
    pub id: String,
    pub label: String,
    pub value: String,
    #[serde(default)]
    pub field: Option<String>,
}

/// The key, and the shape of a student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeficiencyAnswer {
    pub deficient: Vec<String>,
}

impl Deficiency {
    /// Every chart item.
    pub fn items(&self) -> impl Iterator<Item = &ChartItem> {
        self.chart.sections.iter().flat_map(|s| &s.items)
    }

    /// Item ids the engine flags, with the finding that flags each. Completeness findings that
    /// match no item are returned with an empty id.
    pub fn engine_flags(&self, tables: &Arc<Tables>, today: Date) -> Result<Vec<(String, Finding)>, String> {
        let findings = self.record.problems(tables, today)?;
        let mut out = Vec::new();
        for f in findings.into_iter().filter(is_completeness) {
            let kind = finding_kind(&f);
            let item = self
                .items()
                .find(|i| kind.is_some_and(|k| i.field.as_deref().and_then(field_kind) == Some(k)))
                .map_or(String::new(), |i| i.id.clone());
            out.push((item, f));
        }
        Ok(out)
    }

    pub fn grade(&self, tables: &Arc<Tables>, answer: &serde_json::Value, today: Date) -> Grade {
        let given: DeficiencyAnswer = match read_answer(answer, r#"{"deficient": ["dob"]}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let labels: BTreeMap<&str, &ChartItem> = self.items().map(|i| (i.id.as_str(), i)).collect();
        let mut key: BTreeMap<String, String> =
            self.answer.deficient.iter().map(|id| (id.clone(), String::new())).collect();
        for (id, finding) in self.engine_flags(tables, today).unwrap_or_default() {
            if !id.is_empty() {
                key.insert(id, format!(" (the validator finds: {})", finding.message));
            }
        }
        let marked: BTreeSet<&str> = given.deficient.iter().map(String::as_str).collect();
        let mut feedback = Vec::new();
        let mut right = 0usize;
        let mut extra = 0usize;
        let label = |id: &str| labels.get(id).map_or(id.to_string(), |i| i.label.clone());
        // Items are named in words, as the chart shows them: "Discharge summary: Attending signature".
        let named: BTreeMap<&str, String> = self
            .chart
            .sections
            .iter()
            .flat_map(|s| {
                s.items
                    .iter()
                    .map(move |i| (i.id.as_str(), format!("{}: {}", s.title.trim(), i.label.trim())))
            })
            .collect();
        let words = |id: &str| named.get(id).cloned().unwrap_or_else(|| id.to_string());
        for (id, why) in &key {
            if marked.contains(id.as_str()) {
                right += 1;
                note(
                    &mut feedback,
                    FeedbackKind::Right,
                    words(id),
                    format!("{} is deficient{why}", label(id)),
                );
            } else {
                note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    words(id),
                    format!("{} is deficient too{why}", label(id)),
                );
            }
        }
        for id in marked.iter().filter(|id| !key.contains_key(**id)) {
            extra += 1;
            if labels.contains_key(id) {
                note(&mut feedback, FeedbackKind::Extra, words(id), format!("{} is complete", label(id)));
            } else {
                note(&mut feedback, FeedbackKind::Wrong, *id, "no such item on this chart");
            }
        }
        let score = right as f64 / (key.len() + extra).max(1) as f64;
        Grade::scored(score, feedback)
    }
}

/// True for findings of the completeness family.
fn is_completeness(f: &Finding) -> bool {
    rules::find(f.rule).is_some_and(|r| r.family == Family::Completeness)
}

/// The field a completeness finding is about: from its CSV column, else from its message
/// (`birth_date is blank`).
fn finding_kind(f: &Finding) -> Option<FieldKind> {
    if let recordlint_core::Location::Csv { column: Some(c), .. } = &f.location {
        if let Some(k) = role_for(c, &BTreeMap::new()).kind() {
            return Some(k);
        }
    }
    let words: Vec<&str> = f
        .message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().find_map(|w| field_kind(w))
}

/// A field kind by its canonical name (`principal_dx`) or its long alias (`principal_diagnosis`).
pub fn field_kind(name: &str) -> Option<FieldKind> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex() -> Deficiency {
        serde_json::from_value(json!({
            "chart": {"sections": [
                {"title": "Face sheet", "items": [
                    {"id": "mrn", "label": "MRN", "value": "A-1", "field": "mrn"},
                    {"id": "dob", "label": "Date of birth", "value": "", "field": "birth_date"},
                    {"id": "sex", "label": "Sex", "value": "F", "field": "sex"}]},
                {"title": "Signatures", "items": [
                    {"id": "attending-signature", "label": "Attending signature", "value": "(unsigned)"}]}]},
            "record": {"format": "csv", "text": "mrn,name,dob,sex,admit_date,principal_dx\nA-1,\"Doe, Jane\",,F,2026-03-01,I10\n"},
            "answer": {"deficient": ["dob", "attending-signature"]}
        }))
        .unwrap()
    }

    fn grade(answer: serde_json::Value) -> Grade {
        ex().grade(&Tables::builtin(), &answer, jiff::civil::date(2026, 11, 22))
    }

    #[test]
    fn engine_flags_map_to_items() {
        let flags = ex().engine_flags(&Tables::builtin(), jiff::civil::date(2026, 11, 22)).unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].0, "dob");
    }

    #[test]
    fn right_partial_wrong() {
        let g = grade(json!({"deficient": ["attending-signature", "dob"]}));
        assert!(g.correct);
        // Feedback speaks HIM language: the chart's own words, not rule ids or item ids (issue 23).
        assert!(g.feedback.iter().any(|f| f.message.contains("birth_date is blank")), "{g:?}");
        assert!(g.feedback.iter().all(|f| !f.message.contains("C101") && !f.item.contains("dob")), "{g:?}");
        assert!(g.feedback.iter().any(|f| f.item == "Face sheet: Date of birth"), "{g:?}");
        let g = grade(json!({"deficient": ["dob"]}));
        assert_eq!(g.score, 0.5);
        let g = grade(json!({"deficient": ["dob", "attending-signature", "sex"]}));
        assert_eq!(g.score, 0.667);
        assert!(!g.correct);
        let g = grade(json!({"deficient": ["nonsense"]}));
        assert_eq!(g.score, 0.0);
        assert_eq!(g.feedback.last().unwrap().kind, FeedbackKind::Wrong);
    }

    #[test]
    fn malformed() {
        assert_eq!(grade(json!({"deficient": "dob"})).score, 0.0);
        assert_eq!(grade(json!(42)).score, 0.0);
    }

    #[test]
    fn field_names() {
        assert_eq!(field_kind("principal_dx"), Some(FieldKind::PrincipalDiagnosis));
        assert_eq!(field_kind("principal_diagnosis"), Some(FieldKind::PrincipalDiagnosis));
        assert_eq!(field_kind("shoe"), None);
    }
}
