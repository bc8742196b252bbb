use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Recognises FHIR content written in another version than R4 (DSTU2, STU3, R5) by elements
    /// and resource types that only exist there (`Encounter.patient`, `Patient.careProvider`,
    /// `MedicationOrder`, `Condition.context`, `Claim.item.service`, a string `clinicalStatus`,
    /// `Encounter.class` as a list …) and reports it once, at the first such place. R4 structure
    /// checks are then skipped; the records are still mapped where the meaning is the same and
    /// every record rule (dates, codes, completeness) still runs.
    ///
    /// ## Why is this bad?
    /// An R4 receiver misreads or rejects older content: in STU3 a diagnosis points at its visit
    /// through `context`, which R4 does not know, so the diagnosis is silently lost.
    ///
    /// ## Example
    /// An older Synthea or Blue Button v1 export: `"context": {"reference": "Encounter/…"}` in a
    /// Condition, `"service"` in a claim item.
    ///
    /// ## How to fix
    /// Export as FHIR R4 (most systems offer a version choice), or convert the file with a
    /// version converter before sending it to an R4 system.
    ///
    /// ## References
    /// - HL7 FHIR R4, Version History and Differences from STU3
    ///   (http://hl7.org/fhir/R4/diff.html)
    pub static FHIR_VERSION_NOT_R4 = {
        id: "F108",
        name: "fhir-version-not-r4",
        family: Fhir,
        severity: Warning,
        kind: Parser,
    }
}
