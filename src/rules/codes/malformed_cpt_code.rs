use crate::codes::cpt;
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
    }
}

/// Reports every CPT procedure whose text is not shaped like a code.
pub fn check(record: &Record, cx: &mut Checker) {
    for code in record.procedures.iter().filter(|c| c.system == CodeSystem::Cpt && !c.field.is_blank()) {
        if let Err(why) = cpt::canonical(code.field.value()) {
            let msg = format!("CPT code {:?} {why}", code.field.value());
            cx.emit(&MALFORMED_CPT_CODE, code.field.at.clone(), msg);
        }
    }
}
