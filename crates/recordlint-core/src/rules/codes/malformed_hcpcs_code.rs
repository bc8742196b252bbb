use crate::codes::hcpcs;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every HCPCS Level II code has the shape of one: a letter from `A` to `V`
    /// followed by four digits.
    ///
    /// ## Why is this bad?
    /// A malformed code is rejected by the payer's front-end edits and the supply, drug or
    /// service is not paid.
    ///
    /// ## Example
    /// `G043` (too short), `J11OO` (letters O for zeros), `W1234` (no W codes).
    ///
    /// ## How to fix
    /// Look the item up in the current CMS HCPCS Level II file and copy the code exactly.
    ///
    /// ## References
    /// - CMS HCPCS Level II coding procedures (code structure)
    pub static MALFORMED_HCPCS_CODE = {
        id: "K314",
        name: "malformed-hcpcs-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every HCPCS Level II procedure whose text is not shaped like a code.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.has(CodeSystem::Hcpcs) {
        return;
    }
    for (code, parsed) in hcpcs::procedures(record) {
        if let Err(why) = parsed {
            let msg = format!("HCPCS code {:?} {why}", code.field.value());
            cx.emit_field(&MALFORMED_HCPCS_CODE, &code.field, msg);
        }
    }
    for code in record.codes.iter().filter(|c| c.system == CodeSystem::Hcpcs && !c.field.is_blank()) {
        if let Err(why) = hcpcs::canonical(code.field.value()) {
            let msg = format!("HCPCS code {:?} {why}", code.field.value());
            cx.emit_field(&MALFORMED_HCPCS_CODE, &code.field, msg);
        }
    }
}
