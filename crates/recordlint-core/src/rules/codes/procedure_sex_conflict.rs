use crate::codes::mce::Sex;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::report::Severity;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for an ICD-10-PCS procedure on an organ of one sex (prostate, uterus) in the record
    /// of a patient of the other sex. The limits are the Medicare Code Editor's; CMS dropped the
    /// edit from 2024-10-01, so from that date a conflict is a warning, before it an error.
    ///
    /// ## Why is this bad?
    /// The code, the patient's sex or the patient is wrong (a record merged with another
    /// patient's, a code picked from the wrong body-part row). Until FY2025 the claim was
    /// returned; now it is a discrepancy a reviewer should look at.
    ///
    /// ## Example
    /// `sex` = `M` with `0UT90ZZ` (resection of uterus).
    ///
    /// ## How to fix
    /// Check the patient's sex in registration and the operative report; if both are right,
    /// document it and leave the code.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, edit 11 (sex conflict, procedure), removed from FY2025
    pub static PROCEDURE_SEX_CONFLICT = {
        id: "K312",
        name: "procedure-sex-conflict",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports procedures limited to the other sex.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.procedures().summary.any_sex() {
        return;
    }
    let Some(sex) = record.patient.sex.as_ref().and_then(|f| Sex::parse(f.value())) else { return };
    for v in facts.valid_procedures() {
        let Some(limit) = v.fact.sex else { continue };
        if let Some(msg) = limit.conflict(&v.fact.text, sex) {
            let severity = if limit.in_force() { Severity::Error } else { Severity::Warning };
            cx.emit_field_as(&PROCEDURE_SEX_CONFLICT, severity, &v.code(record).field, msg);
        }
    }
}
