use crate::codes::RecordFacts;
use crate::date::age_in_years;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks a diagnosis against the patient's age at admission with the Medicare Code Editor's
    /// age edits: newborn codes (age 0), pediatric (0–17), maternity (9–64 from 2019-10-01,
    /// 12–55 before) and adult (15–124).
    ///
    /// ## Why is this bad?
    /// A code outside its age range means the code, the birth date or the admission date is
    /// wrong, or the record belongs to someone else (a newborn's code on the mother's record);
    /// the MCE flags the claim.
    ///
    /// ## Example
    /// `Z38.00` (single liveborn) for a patient born 1980; `O80` (normal delivery) at age 70.
    ///
    /// ## How to fix
    /// Check the birth and admission dates; then check that the code describes this patient.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, edit 3 (age conflict)
    pub static DIAGNOSIS_AGE_CONFLICT = {
        id: "K309",
        name: "diagnosis-age-conflict",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports diagnoses whose MCE age edit excludes the patient's age at admission.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.diagnoses().summary.any_age() {
        return;
    }
    let birth = record.patient.birth_date.as_ref().and_then(|d| d.date);
    let admit = record.encounter.admit.as_ref().and_then(|d| d.date);
    let (Some(birth), Some(admit)) = (birth, admit) else { return };
    let age = age_in_years(birth, admit);
    if age < 0 {
        return; // birth-after-admission says it
    }
    let diagnoses = facts.diagnoses();
    for dx in &diagnoses.list {
        let Some(edit) = dx.fact.age else { continue };
        let Some(code) = dx.code(record) else { continue };
        let Some((min, max)) = edit.ages(diagnoses.date.date) else { continue };
        if !(min..=max).contains(&age) {
            let msg = format!(
                "{} is a {} code (ages {min}–{max}); the patient was {age} at admission",
                dx.dotted,
                edit.attribute()
            );
            cx.emit_field(&DIAGNOSIS_AGE_CONFLICT, &code.field, msg);
        }
    }
}
