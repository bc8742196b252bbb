use crate::codes::code_fact::TextFlags;
use crate::codes::icd10pcs;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every ICD-10-PCS procedure code has the shape of one: exactly seven characters,
    /// each a digit or a letter other than `I` and `O`.
    ///
    /// ## Why is this bad?
    /// A malformed code fails the Medicare Code Editor invalid-code edit; the procedure is lost
    /// from the DRG assignment, which can change the payment for the whole stay.
    ///
    /// ## Example
    /// `0DTJ4ZO` (the letter O for zero), `0DTJ4Z` (six characters).
    ///
    /// ## How to fix
    /// Build the code again from the ICD-10-PCS tables, one character per axis; PCS uses the
    /// digits 0 and 1, never the letters O and I.
    ///
    /// ## References
    /// - ICD-10-PCS Official Guidelines for Coding and Reporting, A.1–A.3 (code structure)
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    pub static MALFORMED_ICD10PCS_CODE = {
        id: "K310",
        name: "malformed-icd10pcs-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every ICD-10-PCS procedure whose text is not shaped like a code.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let procedures = facts.procedures();
    if !procedures.summary.text.has(TextFlags::MALFORMED) {
        return;
    }
    // The well-formed ones are the record's procedure facts, in order.
    let mut well_formed = procedures.list.iter().map(|p| p.index).peekable();
    for (index, code) in record.procedures.iter().enumerate() {
        if code.system != CodeSystem::Icd10pcs || code.field.is_blank() || well_formed.next_if_eq(&index).is_some() {
            continue;
        }
        if let Err(why) = icd10pcs::canonical(code.field.value()) {
            let msg = format!("procedure {:?} {why}", code.field.value());
            cx.emit_field(&MALFORMED_ICD10PCS_CODE, &code.field, msg);
        }
    }
}
