use crate::codes::RecordFacts;
use crate::codes::{cpt, system};
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every CPT code has the shape of one: five digits (Category I), or four digits
    /// and `F` (Category II), `T` (Category III), `U` (PLA) or `M` (MAAA); a two-character
    /// modifier after a hyphen is allowed. Only the format is checked: the CPT code set is
    /// copyrighted by the AMA and not bundled.
    ///
    /// ## Why is this bad?
    /// A malformed code is rejected by the payer's front-end edits, so the service line is not
    /// paid and the claim must be corrected and resubmitted.
    ///
    /// ## Example
    /// `9921` (four digits), `99213-2` (one-character modifier), `9921X`.
    ///
    /// ## How to fix
    /// Look the service up in the current CPT codebook and copy the five characters exactly;
    /// put modifiers in their own field when the export has one.
    ///
    /// ## References
    /// - AMA CPT Professional Edition, Introduction (code categories and format)
    /// - CMS Claims Processing Manual, Chapter 23 (HCPCS Level I and II)
    pub static MALFORMED_CPT_CODE = {
        id: "K313",
        name: "malformed-cpt-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every CPT code whose text is not shaped like a code (a slip of spelling that
/// `non-canonical-code` reports is left to it).
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Cpt) {
        let text = field.value();
        if let Err(why) = cpt::canonical(text) {
            if system::respelled(text).is_none_or(|(fixed, _)| cpt::canonical(&fixed).is_err()) {
                cx.emit_field(&MALFORMED_CPT_CODE, field, format!("CPT code {text:?} {why}"));
            }
        }
    }
}
