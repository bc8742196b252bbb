use crate::codes::snomed;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks every code given as SNOMED CT (FHIR system `http://snomed.info/sct`, HL7 coding
    /// system `SCT`): 6 to 18 digits without a leading zero, a partition identifier that names a
    /// concept, and the Verhoeff check digit. Post-coordinated expressions (`…:{…=…}`) are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// A mistyped SCTID names no concept (or another one), so the problem, finding or procedure
    /// is lost to decision support and registries; a description or relationship id in place of
    /// a concept id is a copying error from a browser.
    ///
    /// ## Example
    /// `44054007` (the check digit of 4405400 is 6: `44054006`, diabetes mellitus type 2).
    ///
    /// ## How to fix
    /// Look the concept up in a SNOMED CT browser and copy its concept id (not a description id).
    ///
    /// ## References
    /// - SNOMED International, Technical Implementation Guide, 6.3 (SCTID check digit, partition)
    /// - HL7 FHIR R4, Using SNOMED CT with HL7 Standards
    pub static INVALID_SNOMED_CT_ID = {
        id: "K323",
        name: "invalid-snomed-ct-id",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every SNOMED CT code that is not a well-formed concept id.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Snomed) {
        let text = field.value();
        if text.contains([':', '|', '+', '=', '{', '(']) {
            continue; // a post-coordinated expression
        }
        let why = match snomed::validate(text) {
            Ok(snomed::Kind::Concept) => continue,
            Ok(kind) => format!("is a {} id, not a concept id", kind.name()),
            Err(e) => e.to_string(),
        };
        cx.emit_field(&INVALID_SNOMED_CT_ID, field, format!("SNOMED CT code {text:?} {why}"));
    }
}
