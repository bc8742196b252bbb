use crate::codes::mce::Sex;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::report::Severity;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a diagnosis that applies to one sex only (prostate, pregnancy, ovary) in the
    /// record of a patient of the other sex. The limits are the Medicare Code Editor's. CMS
    /// dropped this edit from 2024-10-01, so from that date a conflict is reported as a warning
    /// (using the limit in force until 2024-09-30), before it as an error.
    ///
    /// ## Why is this bad?
    /// Either the code, the patient's sex or the patient is wrong: a keying error, a record
    /// merged with another patient's, or a newborn coded on the mother's record. Until FY2025 the
    /// claim was returned; now it is a discrepancy a reviewer should look at.
    ///
    /// ## Example
    /// `sex` = `F` with `N40.0` (benign prostatic hyperplasia).
    ///
    /// ## How to fix
    /// Check the patient's sex in registration and the diagnosis in the provider's documentation;
    /// if both are right (e.g. a transgender patient), document it and leave the code.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, edit 4 (sex conflict), removed from FY2025
    /// - CMS MS-DRG Definitions Manual v42, Medicare Code Editor changes
    pub static DIAGNOSIS_SEX_CONFLICT = {
        id: "K308",
        name: "diagnosis-sex-conflict",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports diagnoses limited to the other sex.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if !diagnoses.summary.any_sex() {
        return;
    }
    let Some(sex) = record.patient.sex.as_ref().and_then(|f| Sex::parse(f.value())) else { return };
    for dx in &diagnoses.list {
        let Some(limit) = dx.fact.sex else { continue };
        let Some(code) = dx.code(record) else { continue };
        if let Some(msg) = limit.conflict(&dx.dotted, sex) {
            let severity = if limit.in_force() { Severity::Error } else { Severity::Warning };
            cx.emit_field_as(&DIAGNOSIS_SEX_CONFLICT, severity, &code.field, msg);
        }
    }
}
