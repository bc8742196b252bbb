use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks coded elements whose value set R4 binds as *required* against that value set:
    /// `Patient.gender` (male, female, other, unknown), `Encounter.status`, `Observation.status`,
    /// `Procedure.status`, `Claim.status` and `use`, `ExplanationOfBenefit.status`, `use` and
    /// `outcome`, and `Bundle.type`.
    ///
    /// ## Why is this bad?
    /// A required binding allows no other value: the resource is rejected, or a receiver that
    /// maps `F` or `Male` guesses, and statistics by sex or by visit status are wrong.
    ///
    /// ## Example
    /// `"gender": "F"`, `"status": "completed"` on an Encounter (R4 says `finished`).
    ///
    /// ## How to fix
    /// Map the source system's local values to the R4 codes in the export (`F` → `female`,
    /// `completed` → `finished`).
    ///
    /// ## References
    /// - HL7 FHIR R4, AdministrativeGender, EncounterStatus, ObservationStatus value sets
    ///   (http://hl7.org/fhir/R4/terminologies.html#required)
    pub static CODE_NOT_IN_REQUIRED_BINDING = {
        id: "F105",
        name: "code-not-in-required-binding",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
