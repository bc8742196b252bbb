use crate::codes::ndc;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::report::Severity;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks every National Drug Code (FHIR system `http://hl7.org/fhir/sid/ndc`, HL7 `NDC`):
    /// ten digits in a 4-4-2, 5-3-2 or 5-4-1 layout, or eleven digits (5-4-2). Ten digits without
    /// hyphens are a warning: which segment is short cannot be told, so the 11-digit form that
    /// claims need cannot be made.
    ///
    /// ## Why is this bad?
    /// Pharmacy and drug claim lines (NCPDP, 837 `N4`) need the 11-digit NDC; a wrong layout
    /// pads the wrong segment, names another package or no drug, and the line is denied.
    ///
    /// ## Example
    /// `0002-14338-0` (segments 4-5-1), `0002143380` (ten digits, no hyphens).
    ///
    /// ## How to fix
    /// Copy the NDC from the package label with its hyphens, or convert it to the 11-digit 5-4-2
    /// form by a leading zero on the short segment.
    ///
    /// ## References
    /// - FDA, National Drug Code Directory (NDC format)
    /// - CMS, Medicare Part B drug claims: NDC 11-digit 5-4-2 format
    pub static MALFORMED_NDC = {
        id: "K324",
        name: "malformed-ndc",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every NDC that is in no label layout.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Ndc) {
        if let Err(why) = ndc::eleven_digit(field.value()) {
            let severity = if why == ndc::NdcError::Ambiguous { Severity::Warning } else { Severity::Error };
            cx.emit_field_as(&MALFORMED_NDC, severity, field, format!("NDC {:?} {why}", field.value()));
        }
    }
}
