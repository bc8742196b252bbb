//! Fix the record: an editable record with errors; done when the engine finds no error in the
//! student's text and it still has the same rows (by count and MRN).

use super::grade::{note, read_answer, FeedbackKind, Grade};
use super::record::ExerciseRecord;
use crate::formats::columns::role_for;
use crate::model::FieldKind;
use crate::{Report, Severity};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A fix-the-record exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixRecord {
    pub record: ExerciseRecord,
    pub solution: String,
}

/// A student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixAnswer {
    text: String,
}

impl FixRecord {
    /// The engine's report on `text`.
    pub fn check(&self, text: &str, today: Date) -> Result<Report, String> {
        self.record.check(text, today)
    }

    pub fn grade(&self, answer: &serde_json::Value, today: Date) -> Grade {
        let given: FixAnswer = match read_answer(answer, r#"{"text": "mrn,name,…"}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let (before, after) = match (self.check(&self.record.text, today), self.check(&given.text, today)) {
            (Ok(b), Ok(a)) => (b, a),
            (Err(e), _) | (_, Err(e)) => return Grade::malformed(e),
        };
        let mut feedback = Vec::new();
        let errors: Vec<_> = after.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        for f in &errors {
            note(&mut feedback, FeedbackKind::Wrong, format!("{} {}", f.rule, f.location), f.message.clone());
        }
        let (mrns_before, mrns_after) = (mrns(&self.record.text), mrns(&given.text));
        let same_rows = mrns_before == mrns_after;
        if !same_rows {
            note(
                &mut feedback,
                FeedbackKind::Wrong,
                "rows",
                format!(
                    "the record must keep its {} row(s) with MRNs {}; yours has {} with {}",
                    mrns_before.len(),
                    list(&mrns_before),
                    mrns_after.len(),
                    list(&mrns_after)
                ),
            );
        }
        let fixed = before.summary.errors.saturating_sub(after.summary.errors);
        if errors.is_empty() && same_rows {
            note(
                &mut feedback,
                FeedbackKind::Right,
                "record",
                "the engine finds no errors: the record is fixed",
            );
            return Grade::scored(1.0, feedback);
        }
        let total = before.summary.errors.max(1) as f64;
        let progress = if same_rows { fixed as f64 / total * 0.9 } else { 0.0 };
        if fixed > 0 {
            note(
                &mut feedback,
                FeedbackKind::Partial,
                "record",
                format!("{fixed} of {} error(s) fixed; {} left", before.summary.errors, after.summary.errors),
            );
        }
        Grade::scored(progress.min(0.9), feedback)
    }
}

fn list(mrns: &[String]) -> String {
    if mrns.is_empty() {
        "none".into()
    } else {
        mrns.join(", ")
    }
}

/// The MRN of every data row of a CSV text (blank when the row has none), in order.
pub fn mrns(text: &str) -> Vec<String> {
    let rows = csv_rows(text);
    let Some((header, data)) = rows.split_first() else { return Vec::new() };
    let column = header.iter().position(|h| role_for(h, &BTreeMap::new()).kind() == Some(FieldKind::Mrn));
    data.iter()
        .filter(|r| !(r.len() == 1 && r[0].trim().is_empty()))
        .map(|r| column.and_then(|c| r.get(c)).map_or(String::new(), |v| v.trim().to_string()))
        .collect()
}

/// Splits CSV text into rows of fields.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv_core::Reader::new();
    let mut input = text.trim_start_matches('\u{feff}').as_bytes();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let (result, read, written) = reader.read_field(input, &mut buf);
        input = &input[read..];
        field.extend_from_slice(&buf[..written]);
        match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                row.push(String::from_utf8_lossy(&field).into_owned());
                field.clear();
                if record_end {
                    rows.push(std::mem::take(&mut row));
                }
            }
            csv_core::ReadFieldResult::End => return rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BAD: &str = "mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
        1001,\"Doe, Jane\",1980-02-01,F,2026-03-04,2026-03-01,E11.9\n\
        1002,\"Roe, Ann\",1975-05-05,F,2026-03-04,2026-03-06,250.00\n";
    const HALF: &str = "mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
        1001,\"Doe, Jane\",1980-02-01,F,2026-03-01,2026-03-04,E11.9\n\
        1002,\"Roe, Ann\",1975-05-05,F,2026-03-04,2026-03-06,250.00\n";
    const GOOD: &str = "mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
        1001,\"Doe, Jane\",1980-02-01,F,2026-03-01,2026-03-04,E11.9\n\
        1002,\"Roe, Ann\",1975-05-05,F,2026-03-04,2026-03-06,E11.9\n";

    fn ex() -> FixRecord {
        FixRecord { record: ExerciseRecord { format: "csv".into(), text: BAD.into() }, solution: GOOD.into() }
    }

    fn grade(answer: serde_json::Value) -> Grade {
        ex().grade(&answer, jiff::civil::date(2026, 11, 22))
    }

    #[test]
    fn fixed_half_fixed_unchanged() {
        assert!(grade(json!({"text": GOOD})).correct);
        let g = grade(json!({"text": HALF}));
        assert_eq!(g.score, 0.45);
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Wrong && f.item.starts_with("K301")));
        assert_eq!(grade(json!({"text": BAD})).score, 0.0);
    }

    #[test]
    fn deleting_rows_is_not_fixing() {
        let first_only: String = GOOD.lines().take(2).map(|l| format!("{l}\n")).collect();
        let g = grade(json!({"text": first_only}));
        assert!(!g.correct);
        assert!(g.feedback.iter().any(|f| f.item == "rows"), "{g:?}");
        let renamed = GOOD.replace("1002", "1003");
        assert!(!grade(json!({"text": renamed})).correct);
    }

    #[test]
    fn malformed() {
        assert_eq!(grade(json!({"txt": GOOD})).score, 0.0);
        assert_eq!(grade(json!(null)).score, 0.0);
    }

    #[test]
    fn reads_mrns_through_quotes() {
        assert_eq!(mrns("\u{feff}MRN,Name\n\"A,1\",x\r\nB-2,\"y\nz\"\n"), ["A,1", "B-2"]);
        assert!(mrns("").is_empty());
    }
}
