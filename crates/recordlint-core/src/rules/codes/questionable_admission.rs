use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::{Record, RecordKind};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a principal diagnosis on the MCE "questionable admission" list: conditions that
    /// are not usually a sufficient reason to admit a patient (for example, hypertension without
    /// complications of another kind), as in force on the date of service.
    ///
    ///
    /// Off unless a profile turns it on (the inpatient preset does): it mirrors an inpatient
    /// (MCE) edit that would be noise on other records.
    ///
    /// ## Why is this bad?
    /// The Medicare Code Editor flags the claim for review; unless the record documents why an
    /// inpatient stay was needed, the admission may be denied as not medically necessary.
    ///
    /// ## Example
    /// Principal diagnosis `I10` (essential hypertension) on an inpatient stay.
    ///
    /// ## How to fix
    /// Review the record: if another condition prompted the admission, sequence it first; if
    /// not, make sure the documentation supports the need for inpatient care, or query the provider.
    ///
    /// ## References
    /// - CMS Definitions of Medicare Code Edits, edit 8 (Questionable admission)
    /// - ICD-10-CM Official Guidelines, Section II (selection of principal diagnosis)
    pub static QUESTIONABLE_ADMISSION = {
        id: "K318",
        name: "questionable-admission",
        family: Codes,
        severity: Warning,
        kind: Record(check),
        enabled_by_default: false,
    }
}

/// Reports a principal diagnosis the MCE marks as a questionable admission.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !matches!(record.kind, RecordKind::Encounter | RecordKind::Inpatient) {
        return; // an inpatient (MCE) edit: no admission elsewhere
    }
    if let Some((dotted, code)) = facts.principal_with(Mark::QuestionableAdmission) {
        let msg =
            format!("{dotted} as principal diagnosis is a questionable reason for admission (MCE edit 8)");
        cx.emit_field(&QUESTIONABLE_ADMISSION, &code.field, msg);
    }
}
