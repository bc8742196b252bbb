use crate::codes::loinc;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks every code given as LOINC (FHIR system `http://loinc.org`, HL7 coding system `LN`):
    /// one to seven digits, a hyphen and the mod-10 check digit of the digits (`2160-0`). LOINC
    /// answer, part, group and answer-list codes (`LA6576-8`, `LP14082-9`, `LG…`, `LL…`) are
    /// accepted by their shape.
    ///
    /// ## Why is this bad?
    /// A mistyped LOINC code names another test or none: results are filed under the wrong test,
    /// reportable-lab and quality measures miss them, and the receiving system rejects the message.
    ///
    /// ## Example
    /// `Observation.code` = `2160-1` (creatinine is `2160-0`).
    ///
    /// ## How to fix
    /// Look the test up in the LOINC database (loinc.org search) or the lab's compendium and copy
    /// the code with its check digit.
    ///
    /// ## References
    /// - Regenstrief Institute, LOINC Users' Guide, section 12 (check digit calculation)
    /// - HL7 FHIR R4, Using LOINC with HL7 Standards (`http://loinc.org`)
    pub static INVALID_LOINC_CODE = {
        id: "K322",
        name: "invalid-loinc-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every LOINC code with a wrong shape or check digit.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Loinc) {
        if let Err(why) = loinc::validate(field.value()) {
            cx.emit_field(&INVALID_LOINC_CODE, field, format!("LOINC code {:?} {why}", field.value()));
        }
    }
}
