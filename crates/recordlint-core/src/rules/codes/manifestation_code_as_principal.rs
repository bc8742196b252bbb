use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a manifestation code as the principal diagnosis: a code that describes how an
    /// underlying disease shows itself (italicised in the tabular list, "in diseases classified
    /// elsewhere"), which the Medicare Code Editor flags as `manifestation`.
    ///
    /// ## Why is this bad?
    /// Coding conventions require the underlying condition to be sequenced first; the MCE
    /// returns the claim, and the grouper would assign the wrong DRG.
    ///
    /// ## Example
    /// Principal `G63` (polyneuropathy in diseases classified elsewhere) without the diabetes
    /// code first.
    ///
    /// ## How to fix
    /// Sequence the underlying condition ("code first" note) as principal and keep the
    /// manifestation as a secondary diagnosis.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines, Section I.A.13 (etiology/manifestation convention)
    /// - CMS Medicare Code Editor, edit 5 (manifestation code as principal diagnosis)
    pub static MANIFESTATION_CODE_AS_PRINCIPAL = {
        id: "K305",
        name: "manifestation-code-as-principal",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports a principal diagnosis that is a manifestation code.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if let Some((dotted, code)) = facts.principal_with(Mark::Manifestation) {
        let msg = format!("{} is a manifestation code; code the underlying condition first", dotted);
        cx.emit_field(&MANIFESTATION_CODE_AS_PRINCIPAL, &code.field, msg);
    }
}
