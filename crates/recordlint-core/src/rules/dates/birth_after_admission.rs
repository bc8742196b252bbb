use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for an encounter that begins before the patient was born.
    ///
    /// ## Why is this bad?
    /// Age at admission is negative, so age edits and newborn logic fail, and the claim is
    /// rejected. Either date may be wrong, or the encounter may belong to another patient
    /// (often the mother of a newborn).
    ///
    /// ## Example
    /// `dob` 2026-05-02, `admit_date` 2026-05-01.
    ///
    /// ## How to fix
    /// Compare both dates with the registration and the admission note; for a newborn, check that
    /// the encounter is not the mother's.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, edit 3 (age conflict) relies on a valid age
    pub static BIRTH_AFTER_ADMISSION = {
        id: "D204",
        name: "birth-after-admission",
        family: Dates,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports an admission date earlier than the birth date.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let (Some(birth), Some(admit)) = (&record.patient.birth_date, &record.encounter.admit) else { return };
    if let (Some(b), Some(a)) = (birth.date, admit.date) {
        if a < b {
            cx.emit_field(&BIRTH_AFTER_ADMISSION, &admit.field, format!("admit {a} is before birth {b}"));
        }
    }
}
