use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for an external cause code (chapter 20, V00–Y99: how an injury happened, where,
    /// during what activity) as the principal diagnosis.
    ///
    /// ## Why is this bad?
    /// External cause codes describe the circumstances of an injury, never the condition treated;
    /// they may not be sequenced first, and the Medicare Code Editor rejects the claim.
    ///
    /// ## Example
    /// Principal `W19.XXXA` (unspecified fall) with the fracture `S72.001A` as secondary.
    ///
    /// ## How to fix
    /// Sequence the injury (chapter 19) as principal and report the external cause codes after
    /// it.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines, Section I.C.20 (external causes of morbidity)
    /// - CMS Medicare Code Editor, edit 4 (E-code as principal diagnosis)
    pub static EXTERNAL_CAUSE_AS_PRINCIPAL = {
        id: "K307",
        name: "external-cause-as-principal",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports an external cause code as principal diagnosis.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if let Some((dotted, code)) = facts.principal_with(Mark::ExternalCause) {
        let msg = format!("{} is an external cause code; sequence the injury or condition first", dotted);
        cx.emit_field(&EXTERNAL_CAUSE_AS_PRINCIPAL, &code.field, msg);
    }
}
