use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for ICD-10-PCS procedures that Medicare does not cover in any circumstance (MCE
    /// non-covered list), as in force on the date of service.
    ///
    /// ## Why is this bad?
    /// The stay is paid without the procedure, or not at all; the patient may be liable when an
    /// advance beneficiary notice was obtained. Reporting it is right — knowing beforehand lets
    /// the billing office handle the claim correctly.
    ///
    /// ## Example
    /// A procedure on the MCE non-covered list on a Medicare inpatient claim.
    ///
    /// ## How to fix
    /// Confirm the code matches the documentation; if it does, route the claim for non-covered
    /// handling (condition codes, notices) rather than changing the code.
    ///
    /// ## References
    /// - CMS Definitions of Medicare Code Edits, edit 11 (Non-covered procedure)
    pub static NON_COVERED_PROCEDURE = {
        id: "K320",
        name: "non-covered-procedure",
        family: Codes,
        severity: Info,
        kind: Record(check),
    }
}

/// Reports procedures on the MCE non-covered list.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.procedures().summary.marked(Mark::NonCovered) {
        return;
    }
    for v in facts.valid_procedures() {
        if v.fact.has(Mark::NonCovered) {
            let msg = format!("{} is a non-covered procedure for Medicare (MCE edit 11)", v.fact.text);
            cx.emit_field(&NON_COVERED_PROCEDURE, &v.code(record).field, msg);
        }
    }
}
