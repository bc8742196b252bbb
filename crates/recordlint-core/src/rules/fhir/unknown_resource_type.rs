use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that every resource names a `resourceType` that exists in FHIR R4 (spelling and case
    /// included), and that every JSON object standing where a resource belongs has one.
    ///
    /// ## Why is this bad?
    /// A receiver cannot tell what an unnamed or misnamed resource is, so it drops it or rejects
    /// the whole Bundle; the patient, visit or claim in it never arrives.
    ///
    /// ## Example
    /// `"resourceType": "patient"` (lowercase), `"resourceType": "Visit"`, or an entry whose
    /// `resource` has no `resourceType` at all.
    ///
    /// ## How to fix
    /// Use the exact R4 name (`Patient`, `Encounter`, `ExplanationOfBenefit` …). A name from an
    /// older FHIR version (`MedicationOrder`) means the export is not R4: see rule F108.
    ///
    /// ## References
    /// - HL7 FHIR R4, Resource list (http://hl7.org/fhir/R4/resourcelist.html)
    pub static UNKNOWN_RESOURCE_TYPE = {
        id: "F102",
        name: "unknown-resource-type",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
