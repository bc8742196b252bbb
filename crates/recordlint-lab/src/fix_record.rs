//! Fix the record: an editable record with errors. The student's text is graded against the
//! exercise's `solution` (every field must match it, except the columns the pack says may
//! differ) and against the engine (no error left), and must keep the same rows (by count and
//! MRN). Values are compared as what they mean: dates in any layout the engine reads, codes
//! with or without the dot, names without case or extra blanks. Feedback names the row, the
//! MRN and the field in words, never a rule id.

use super::grade::{note, read_answer, FeedbackKind, Grade};
use super::record::ExerciseRecord;
use jiff::civil::Date;
use recordlint_core::codes::icd10cm;
use recordlint_core::formats::columns::{normalise, role_for, Role};
use recordlint_core::{FieldKind, Location};
use recordlint_core::{Report, Severity, Tables};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A fix-the-record exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixRecord {
    pub record: ExerciseRecord,
    pub solution: Solution,
}

/// The corrected record: its text (every field must match), or the text and the columns whose
/// values may differ (any value the engine accepts).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Solution {
    Text(String),
    Fields {
        text: String,
        #[serde(default)]
        may_differ: Vec<String>,
    },
}

impl Solution {
    /// The corrected text.
    pub fn text(&self) -> &str {
        match self {
            Solution::Text(t) | Solution::Fields { text: t, .. } => t,
        }
    }

    /// The columns (header names) whose values are not compared.
    pub fn may_differ(&self) -> &[String] {
        match self {
            Solution::Text(_) => &[],
            Solution::Fields { may_differ, .. } => may_differ,
        }
    }
}

/// A student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixAnswer {
    text: String,
}

/// What a column is, so that a renamed or moved column still matches: the field it fills
/// (`birth_date` for `dob` or `DOB`), or its header text.
fn column_key(header: &str) -> String {
    match role_for(header, &BTreeMap::new()) {
        Role::Single(k) => k.name().to_string(),
        Role::GivenName => "given_name".into(),
        Role::FamilyName => "family_name".into(),
        Role::Diagnoses { principal: true } => FieldKind::PrincipalDiagnosis.name().into(),
        Role::Diagnoses { principal: false } => format!("dx:{}", normalise(header)),
        _ => normalise(header),
    }
}

/// The column in words, as an HIM professional would name it.
fn column_words(header: &str) -> String {
    let key = column_key(header);
    let words = match key.as_str() {
        "mrn" => "medical record number",
        "patient_name" => "patient name",
        "given_name" => "first name",
        "family_name" => "last name",
        "birth_date" => "birth date",
        "sex" => "sex",
        "death_date" => "date of death",
        "admit_date" => "admission date",
        "discharge_date" => "discharge date",
        "discharge_status" => "discharge status",
        "attending_npi" => "attending physician's NPI",
        "principal_dx" => "principal diagnosis",
        "payer" => "payer",
        "procedures" => "procedure code",
        k if k.starts_with("dx:") => return format!("secondary diagnosis ({})", header.trim()),
        _ => return header.trim().to_string(),
    };
    words.to_string()
}

/// A value as what it means in its column.
fn meaning(key: &str, value: &str) -> String {
    let v = value.trim();
    if key.ends_with("_date") {
        if let Ok(d) = recordlint_core::parse_date(v) {
            return d.to_string();
        }
    }
    if key == "principal_dx" || key.starts_with("dx:") {
        if let Ok(c) = icd10cm::canonical(v) {
            return c;
        }
        return v.to_uppercase();
    }
    super::grade::loose(v)
}

/// A CSV text as columns (by key, with the header text) and data rows.
struct Table {
    headers: Vec<String>,
    keys: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(text: &str) -> Table {
        let mut rows = csv_rows(text);
        rows.retain(|r| !(r.len() == 1 && r[0].trim().is_empty()));
        if rows.is_empty() {
            return Table { headers: Vec::new(), keys: Vec::new(), rows };
        }
        let headers = rows.remove(0);
        let keys = headers.iter().map(|h| column_key(h)).collect();
        Table { headers, keys, rows }
    }

    fn column(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    fn cell(&self, row: usize, key: &str) -> Option<String> {
        let c = self.column(key)?;
        self.rows.get(row).and_then(|r| r.get(c)).map(|v| meaning(key, v))
    }
}

impl FixRecord {
    /// The engine's report on `text`.
    pub fn check(&self, tables: &Arc<Tables>, text: &str, today: Date) -> Result<Report, String> {
        self.record.check(tables, text, today)
    }

    /// Problems of the solution's `may_differ` list (for the pack lint).
    pub fn key_problems(&self) -> Vec<String> {
        let table = Table::read(self.solution.text());
        self.solution
            .may_differ()
            .iter()
            .filter(|c| table.column(&column_key(c)).is_none())
            .map(|c| format!("may_differ names {c:?}, which is not a column of the solution"))
            .collect()
    }

    pub fn grade(&self, tables: &Arc<Tables>, answer: &serde_json::Value, today: Date) -> Grade {
        let given: FixAnswer = match read_answer(answer, r#"{"text": "mrn,name,…"}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let after = match self.check(tables, &given.text, today) {
            Ok(a) => a,
            Err(e) => return Grade::malformed(e),
        };
        let mut feedback = Vec::new();
        let (mrns_before, mrns_after) = (mrns(&self.record.text), mrns(&given.text));
        if mrns_before != mrns_after {
            note(
                &mut feedback,
                FeedbackKind::Wrong,
                "rows",
                format!(
                    "the record must keep its {} row(s) with MRNs {}; yours has {} with {}. Deleting or renumbering a row is not a correction",
                    mrns_before.len(),
                    list(&mrns_before),
                    mrns_after.len(),
                    list(&mrns_after)
                ),
            );
            return Grade::scored(0.0, feedback);
        }
        let (record, solution, student) =
            (Table::read(&self.record.text), Table::read(self.solution.text()), Table::read(&given.text));
        let may_differ: Vec<String> = self.solution.may_differ().iter().map(|c| column_key(c)).collect();
        let place = |row: usize, header: &str| {
            let mrn = mrns_after.get(row).filter(|m| !m.is_empty());
            let mrn = mrn.map_or(String::new(), |m| format!(" (MRN {m})"));
            format!("row {}{mrn}, {}", row + 2, column_words(header))
        };
        // Engine errors, located in words; the cells they name are not repeated below.
        let errors: Vec<_> = after.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        let mut flagged: Vec<(usize, String)> = Vec::new();
        for f in &errors {
            let item = match &f.location {
                Location::Csv { row, column: Some(c), .. } if *row >= 2 => {
                    flagged.push((*row as usize - 2, column_key(c)));
                    place(*row as usize - 2, c)
                }
                Location::Csv { row, column: None, .. } if *row >= 2 => format!("row {row}"),
                Location::Csv { row: 1, .. } => "header row".to_string(),
                _ => "record".to_string(),
            };
            note(&mut feedback, FeedbackKind::Wrong, item, f.message.clone());
        }
        let (mut needed, mut right, mut wrong_changes, mut mismatches) = (0usize, 0usize, 0usize, 0usize);
        for (row, _) in solution.rows.iter().enumerate() {
            for (c, key) in solution.keys.iter().enumerate() {
                if may_differ.contains(key) {
                    continue;
                }
                let want = solution.cell(row, key);
                let was = record.cell(row, key);
                let got = student.cell(row, key);
                let must_change = was != want;
                needed += usize::from(must_change);
                if got == want {
                    right += usize::from(must_change);
                    continue;
                }
                mismatches += 1;
                if flagged.contains(&(row, key.clone())) {
                    continue;
                }
                let item = place(row, &solution.headers[c]);
                let message = if !must_change {
                    wrong_changes += 1;
                    format!(
                        "this value was right ({}); the source documents do not support changing it. Correct the value that is wrong instead",
                        was.unwrap_or_default()
                    )
                } else if got == was {
                    "still needs correcting: check it against the source document named in the task"
                        .to_string()
                } else if got.is_none() {
                    "is missing: the corrected record has this field".to_string()
                } else {
                    "does not match the source documents and coding guidelines given in the task".to_string()
                };
                note(&mut feedback, FeedbackKind::Wrong, item, message);
            }
        }
        if errors.is_empty() && mismatches == 0 {
            note(
                &mut feedback,
                FeedbackKind::Right,
                "record",
                "every correction matches the source documents and the engine finds no errors: the record is fixed",
            );
            return Grade::scored(1.0, feedback);
        }
        if right > 0 {
            note(
                &mut feedback,
                FeedbackKind::Partial,
                "record",
                format!("{right} of {needed} correction(s) made"),
            );
        }
        let score = right as f64 / (needed + wrong_changes).max(1) as f64;
        Grade::scored(score.min(0.9), feedback)
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
        FixRecord {
            record: ExerciseRecord { format: "csv".into(), text: BAD.into() },
            solution: Solution::Text(GOOD.into()),
        }
    }

    fn grade(answer: serde_json::Value) -> Grade {
        ex().grade(&Tables::builtin(), &answer, jiff::civil::date(2026, 11, 22))
    }

    #[test]
    fn fixed_half_fixed_unchanged() {
        assert!(grade(json!({"text": GOOD})).correct);
        let g = grade(json!({"text": HALF}));
        // Two of the three corrected fields (both dates of row 2), the code of row 3 still wrong.
        assert_eq!(g.score, 0.667);
        assert!(
            g.feedback
                .iter()
                .any(|f| f.kind == FeedbackKind::Wrong && f.item == "row 3 (MRN 1002), principal diagnosis"),
            "{g:?}"
        );
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

#[cfg(test)]
mod issue23 {
    use super::*;
    use serde_json::json;

    const HEAD: &str = "mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,dx2,attending_npi\n";
    const ROW1: &str = "500101,\"Alder, Simone\",1962-04-18,F,2026-01-05,2026-01-08,I50.23,I10,1048726354\n";

    fn discharge() -> FixRecord {
        serde_json::from_value(json!({
            "record": {"format": "csv", "text": format!("{HEAD}{ROW1}500102,\"Brock, Nathan\",1955-11-02,M,2026-01-06,2026-01-03,J44.1,,1193847567\n")},
            "solution": format!("{HEAD}{ROW1}500102,\"Brock, Nathan\",1955-11-02,M,2026-01-06,2026-01-09,J44.1,,1193847567\n"),
        }))
        .unwrap()
    }

    fn grade(e: &FixRecord, text: String) -> Grade {
        e.grade(&Tables::builtin(), &json!({ "text": text }), jiff::civil::date(2026, 11, 22))
    }

    #[test]
    fn changing_the_admission_date_instead_is_not_a_fix() {
        let e = discharge();
        let g = grade(
            &e,
            format!(
                "{HEAD}{ROW1}500102,\"Brock, Nathan\",1955-11-02,M,2026-01-01,2026-01-03,J44.1,,1193847567\n"
            ),
        );
        assert!(!g.correct, "{g:?}");
        assert_eq!(g.score, 0.0, "{g:?}");
        assert!(g.feedback.iter().any(|f| f.item.contains("admission date")), "{g:?}");
        assert!(grade(&e, e.solution.text().to_string()).correct);
        // The same date written another accepted way is the same value.
        assert!(grade(&e, e.solution.text().replace("2026-01-09", "1/9/2026")).correct);
    }

    #[test]
    fn a_wrong_sequence_is_not_a_fix() {
        let head = "mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,dx2,attending_npi\n";
        let row = |dx: &str, dx2: &str| {
            format!(
                "{head}501002,\"Tate, Morris\",1953-03-30,M,2026-01-20,2026-01-24,{dx},{dx2},1720394851\n"
            )
        };
        let e: FixRecord = serde_json::from_value(json!({
            "record": {"format": "csv", "text": row("I50-32", "I11.0")},
            "solution": row("I11.0", "I50.32"),
        }))
        .unwrap();
        let g = grade(&e, row("I50.32", "I11.0"));
        assert!(!g.correct && g.score < 1.0, "{g:?}");
        assert!(g.feedback.iter().any(|f| f.item.contains("principal diagnosis")), "{g:?}");
        assert!(grade(&e, row("i11.0", "I5032")).correct);
    }

    #[test]
    fn fields_that_may_differ_are_not_compared() {
        let mut e = discharge();
        e.solution = Solution::Fields { text: e.solution.text().to_string(), may_differ: vec!["dx2".into()] };
        let text = e.solution.text().replace("J44.1,,", "J44.1,I10,");
        assert!(grade(&e, text).correct);
    }

    #[test]
    fn feedback_speaks_in_words_not_rule_ids() {
        let e = discharge();
        let g = grade(&e, e.record.text.clone());
        for f in &g.feedback {
            assert!(!f.item.starts_with('D') || !f.item[1..4].bytes().all(|b| b.is_ascii_digit()), "{f:?}");
        }
    }
}
