use crate::codes::code_fact::State;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every well-formed ICD-10-CM diagnosis is a code of the release in force on the
    /// date of service: the discharge date (as the Medicare Code Editor uses), else the admission
    /// date, else the newest release, which the message then names.
    ///
    /// ## Why is this bad?
    /// A code that does not exist, or not on that date (deleted in an October update, or added
    /// after the service), fails the MCE invalid-code edit: the claim is returned unpaid and the
    /// diagnosis is missing from statistics and quality measures.
    ///
    /// ## Example
    /// `E11.99` (no such code); `D69.11` on a discharge of 2026-03-01 (valid from 2026-10-01);
    /// `S52.501Z` (a 7th character S52 does not define); `T36.01A` (placeholder X missing: the
    /// message says to use `T36.0X1A`).
    ///
    /// ## How to fix
    /// Code again from the index and tabular list of the release in force on the discharge date;
    /// check the date itself if a code is just outside its validity.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    /// - CDC/NCHS ICD-10-CM addenda and conversion table (codes added and deleted each October)
    pub static UNKNOWN_ICD10CM_CODE = {
        id: "K303",
        name: "unknown-icd10cm-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports diagnoses that are not ICD-10-CM codes on the date of service.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if !diagnoses.summary.any(&[State::Unknown, State::OtherDates]) {
        return;
    }
    for dx in &diagnoses.list {
        if !matches!(dx.fact.state, State::Unknown | State::OtherDates) {
            continue;
        }
        let status = dx.status(facts.tables(), diagnoses.date.date);
        let Some(mut msg) = status.invalid_because(&dx.dotted, "ICD-10-CM", &diagnoses.date) else {
            continue;
        };
        if let Some(why) = dx.seventh_character_error(facts.tables(), diagnoses.date.date) {
            msg = format!("{why} (checked on {})", diagnoses.date);
        }
        if let Some(code) = dx.code(record) {
            cx.emit_field(&UNKNOWN_ICD10CM_CODE, &code.field, msg);
        }
    }
}
