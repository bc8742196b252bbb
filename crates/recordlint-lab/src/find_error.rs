//! Find the error: a record with planted errors; the student names each error's place and rule.
//! Graded against the engine's findings of error or warning severity on the record.

use super::grade::{loose, note, read_answer, FeedbackKind, Grade};
use super::record::ExerciseRecord;
use jiff::civil::Date;
use recordlint_core::Tables;
use serde::Deserialize;
use std::sync::Arc;

/// A find-the-error exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindError {
    pub record: ExerciseRecord,
    pub answer: FindErrorAnswer,
}

/// The key, and the shape of a student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindErrorAnswer {
    pub errors: Vec<ErrorKey>,
}

/// One error: the rule id and the location as the engine prints it (`row 2, discharge_date`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorKey {
    pub rule: String,
    pub location: String,
}

/// Credit for the right place with the wrong rule.
const RIGHT_PLACE: f64 = 0.5;

impl FindError {
    /// The errors the engine finds, as keys, each with the engine's message.
    pub fn engine_keys(&self, tables: &Arc<Tables>, today: Date) -> Result<Vec<(ErrorKey, String)>, String> {
        Ok(self
            .record
            .problems(tables, today)?
            .into_iter()
            .map(|f| (ErrorKey { rule: f.rule.to_string(), location: f.location.to_string() }, f.message))
            .collect())
    }

    pub fn grade(&self, tables: &Arc<Tables>, answer: &serde_json::Value, today: Date) -> Grade {
        let given: FindErrorAnswer = match read_answer(
            answer,
            r#"{"errors": [{"rule": "D201", "location": "row 2, discharge_date"}]}"#,
        ) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let key = self
            .engine_keys(tables, today)
            .unwrap_or_else(|_| self.answer.errors.iter().map(|k| (k.clone(), String::new())).collect());
        let mut used = vec![false; given.errors.len()];
        let mut feedback = Vec::new();
        let mut credit = 0.0;
        for (k, message) in &key {
            let item = k.location.clone();
            let exact = (0..used.len()).find(|&i| {
                !used[i]
                    && same_place(&given.errors[i].location, &k.location)
                    && same_rule(&given.errors[i].rule, &k.rule)
            });
            let place = exact.or_else(|| {
                (0..used.len()).find(|&i| !used[i] && same_place(&given.errors[i].location, &k.location))
            });
            match (exact, place) {
                (Some(i), _) => {
                    used[i] = true;
                    credit += 1.0;
                    note(
                        &mut feedback,
                        FeedbackKind::Right,
                        item,
                        format!("{}: {message}", rule_words(&k.rule)),
                    );
                }
                (None, Some(i)) => {
                    used[i] = true;
                    credit += RIGHT_PLACE;
                    note(
                        &mut feedback,
                        FeedbackKind::Partial,
                        item,
                        format!(
                            "right place, but the error is {} ({}), not {}: {message}",
                            rule_words(&k.rule),
                            k.rule,
                            rule_words(given.errors[i].rule.trim())
                        ),
                    );
                }
                _ => note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    item,
                    format!("missed: {}: {message}", rule_words(&k.rule)),
                ),
            }
        }
        let mut extra = 0;
        for (i, e) in given.errors.iter().enumerate().filter(|(i, _)| !used[*i]) {
            extra += 1;
            let _ = i;
            note(
                &mut feedback,
                FeedbackKind::Extra,
                e.location.trim(),
                format!("the engine finds no {} there", rule_words(e.rule.trim())),
            );
        }
        let score = if key.is_empty() && extra == 0 { 1.0 } else { credit / (key.len() + extra) as f64 };
        Grade::scored(score, feedback)
    }
}

/// A rule in words: its name with spaces (`discharge before admission`), or the text given.
fn rule_words(id: &str) -> String {
    recordlint_core::rules::find(id).map_or_else(|| format!("“{id}”"), |r| r.name.replace('-', " "))
}

/// Rules match by id or name, in any case.
fn same_rule(given: &str, key: &str) -> bool {
    let given = given.trim();
    given.eq_ignore_ascii_case(key) || recordlint_core::rules::find(given).is_some_and(|r| r.id == key)
}

/// Locations match without case or blank differences; a JSON location matches by its pointer
/// alone (`line 4, /birthDate` ≈ `/birthDate`), an HL7 one with or without the trailing `.1`.
pub fn same_place(given: &str, key: &str) -> bool {
    let norm = |s: &str| {
        let s = loose(s);
        let s = match s.split_once(", /") {
            Some((head, tail)) if head.starts_with("line ") => format!("/{tail}"),
            _ => s,
        };
        s.strip_suffix(".1").map(str::to_owned).unwrap_or(s)
    };
    norm(given) == norm(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CSV: &str = "mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
        1001,\"Doe, Jane\",1980-02-01,F,2026-03-04,2026-03-01,E11.9\n\
        1002,\"Roe, Ann\",1975-05-05,F,2026-03-04,2026-03-06,250.00\n";

    fn ex() -> FindError {
        FindError {
            record: ExerciseRecord { format: "csv".into(), text: CSV.into() },
            answer: FindErrorAnswer { errors: vec![] },
        }
    }

    fn grade(answer: serde_json::Value) -> Grade {
        ex().grade(&Tables::builtin(), &answer, jiff::civil::date(2026, 11, 22))
    }

    #[test]
    fn engine_keys() {
        let keys = ex().engine_keys(&Tables::builtin(), jiff::civil::date(2026, 11, 22)).unwrap();
        let keys: Vec<String> = keys.iter().map(|(k, _)| format!("{} {}", k.rule, k.location)).collect();
        assert_eq!(keys, ["D201 row 2, discharge_date", "K301 row 3, principal_dx"]);
    }

    #[test]
    fn right_partial_extra() {
        let g = grade(json!({"errors": [
            {"rule": "d201", "location": "Row 2,  discharge_date"},
            {"rule": "discharge-before-admission", "location": "row 3, principal_dx"}]}));
        assert_eq!(g.score, 0.75, "{g:?}");
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Partial && f.message.contains("K301")));
        let g = grade(json!({"errors": [
            {"rule": "D201", "location": "row 2, discharge_date"},
            {"rule": "malformed-icd10cm-code", "location": "row 3, principal_dx"}]}));
        assert!(g.correct, "{g:?}");
        let g = grade(json!({"errors": [{"rule": "D201", "location": "row 3, dob"}]}));
        assert_eq!(g.score, 0.0);
        assert_eq!(g.feedback.iter().filter(|f| f.kind == FeedbackKind::Missing).count(), 2);
        assert_eq!(g.feedback.last().unwrap().kind, FeedbackKind::Extra);
    }

    #[test]
    fn malformed() {
        assert_eq!(grade(json!({"errors": [{"rule": "D201"}]})).score, 0.0);
        assert_eq!(grade(json!("D201")).score, 0.0);
    }

    #[test]
    fn places() {
        assert!(same_place("line 4, /birthDate", "/birthdate"));
        assert!(same_place("message 1, PID-7", "message 1, PID-7.1"));
        assert!(!same_place("row 2", "row 2, dob"));
    }
}
