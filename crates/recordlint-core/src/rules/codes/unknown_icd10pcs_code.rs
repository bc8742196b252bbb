use crate::codes::code_fact::State;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every well-formed ICD-10-PCS code is a code of the release in force on the
    /// date of service (the discharge date, else the admission date, else the newest release,
    /// which the message then names).
    ///
    /// ## Why is this bad?
    /// Not every combination of seven valid characters is a code, and codes are added and
    /// deleted every October (and some April). An invalid code fails the Medicare Code Editor
    /// and drops out of the DRG assignment.
    ///
    /// ## Example
    /// `0DTJ4ZY` (no such code); a code added 2026-04-01 on a discharge of 2026-03-15.
    ///
    /// ## How to fix
    /// Rebuild the code from the ICD-10-PCS tables of the release in force on the discharge date.
    ///
    /// ## References
    /// - CMS ICD-10-PCS tables and addenda (codes added and deleted each update)
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    pub static UNKNOWN_ICD10PCS_CODE = {
        id: "K311",
        name: "unknown-icd10pcs-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports procedures that are not ICD-10-PCS codes on the date of service.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let procedures = facts.procedures();
    if !procedures.summary.any(&[State::Unknown, State::OtherDates]) {
        return;
    }
    let on = procedures.date;
    for p in &procedures.list {
        if !matches!(p.fact.state, State::Unknown | State::OtherDates) {
            continue;
        }
        let status = p.fact.status(facts.tables().icd10pcs(), on.date);
        if let Some(why) = status.invalid_because(&p.fact.text, "ICD-10-PCS", &on) {
            cx.emit_field(&UNKNOWN_ICD10PCS_CODE, &p.code(record).field, why);
        }
    }
}
