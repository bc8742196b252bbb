use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::{Record, RecordKind};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a principal diagnosis that the Medicare Code Editor lists as unacceptable as
    /// principal: codes for circumstances, history or status (many Z codes) and other codes that
    /// do not explain an inpatient admission. The MCE edits inpatient claims: outpatient visits and
    /// professional claims, whose first-listed diagnosis may well be `Z23` or `Z00.00` (Official
    /// Guidelines, Section IV), are not checked; records of unknown setting are.
    ///
    /// ## Why is this bad?
    /// The principal diagnosis is "the condition established after study to be chiefly
    /// responsible for the admission". An unacceptable one fails the MCE edit and the claim is
    /// returned.
    ///
    /// ## Example
    /// Principal `Z86.73` (personal history of TIA) for an admission for pneumonia.
    ///
    /// ## How to fix
    /// Find the condition that occasioned the admission in the record and sequence it first; keep
    /// the status or history code as secondary if it is relevant.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines, Section II (selection of principal diagnosis)
    /// - CMS Medicare Code Editor, edit 10 (unacceptable principal diagnosis)
    pub static UNACCEPTABLE_PRINCIPAL_DIAGNOSIS = {
        id: "K306",
        name: "unacceptable-principal-diagnosis",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports a principal diagnosis the MCE does not accept as principal.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !matches!(record.kind, RecordKind::Encounter | RecordKind::Inpatient) {
        return;
    }
    if let Some((dotted, code)) = facts.principal_with(Mark::Unacceptable) {
        let msg = format!("{} may not be the principal diagnosis (MCE unacceptable principal list)", dotted);
        cx.emit_field(&UNACCEPTABLE_PRINCIPAL_DIAGNOSIS, &code.field, msg);
    }
}
