use crate::codes::mce::AgeEdit;
use crate::codes::RecordFacts;
use crate::date::age_in_years;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

/// The oldest age the MCE accepts.
const MAX_AGE: i32 = 124;

declare_rule! {
    /// ## What it does
    /// Checks that the patient's age at admission can be known and is 0–124 years, as the code
    /// editors require. A missing or invalid age is reported only where it matters: when the age
    /// is over 124, or when a diagnosis carries an age edit (newborn, pediatric, maternity,
    /// adult) that cannot be checked because the birth or admission date is missing (a date that
    /// is written but impossible is reported by `invalid-date`).
    ///
    /// ## Why is this bad?
    /// Without a valid age the age-conflict edits cannot run, so a newborn code on an adult (or
    /// the reverse) goes unnoticed; the Medicare Code Editor rejects the claim.
    ///
    /// ## Example
    /// Birth date 1890-01-01 with admission on 2026-03-04 (age 136); or `O80` with no birth date.
    ///
    /// ## How to fix
    /// Correct the birth date (or admission date) from the registration record or an ID.
    ///
    /// ## References
    /// - CMS Definitions of Medicare Code Edits, edit 14 (Invalid age)
    pub static INVALID_AGE = {
        id: "D208",
        name: "invalid-age",
        family: Dates,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports an age over 124, or an unknown age (no birth or admission date) when a diagnosis has an
/// age edit.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let birth = record.patient.birth_date.as_ref().and_then(|d| d.date);
    let admit = record.encounter.admit.as_ref().and_then(|d| d.date);
    if let (Some(b), Some(a)) = (birth, admit) {
        if b < super::implausible_date::EARLIEST {
            return; // implausible-date reports the year
        }
        let age = age_in_years(b, a);
        if age > MAX_AGE {
            let at = record.patient.birth_date.as_ref().map_or(record.at.clone(), |d| d.field.at.clone());
            cx.emit(&INVALID_AGE, at, format!("age {age} at admission {a} is over {MAX_AGE} (MCE edit 14)"));
        }
        return;
    }
    let written = |d: Option<&crate::model::DateField>| d.is_some_and(|d| !d.field.is_blank());
    if written(record.patient.birth_date.as_ref()) && written(record.encounter.admit.as_ref()) {
        return; // a date that is written but not a date: invalid-date says it
    }
    let table = facts.tables().icd10cm();
    let diagnoses = facts.diagnoses();
    let edited = diagnoses.list.iter().find_map(|dx| Some((dx, AgeEdit::of(table, dx.valid_row()?)?)));
    if let Some((dx, edit)) = edited {
        let missing = if birth.is_none() { "birth date" } else { "admission date" };
        let at = dx.code(record).map_or(record.at.clone(), |c| c.field.at.clone());
        let msg = format!(
            "{} is a {} code, but the age is unknown without a valid {missing} (MCE edit 14)",
            dx.dotted,
            edit.attribute()
        );
        cx.emit(&INVALID_AGE, at, msg);
    }
}
