use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the elements that FHIR R4 makes mandatory (cardinality 1..1 or 1..*) in the
    /// resources recordlint reads: `Encounter.status` and `class`, `Observation.status` and
    /// `code`, `Condition.subject`, `Procedure.status` and `subject`, `Claim` and
    /// `ExplanationOfBenefit` `status`, `type`, `use`, `patient`, `created`, `provider`,
    /// `insurance` (and `priority`, `insurer`, `outcome` where R4 requires them), the sequence and
    /// code of each claim diagnosis, procedure and item, and `Bundle.type`.
    ///
    /// ## Why is this bad?
    /// A conformant server rejects the resource; a lenient one stores a visit with no status or a
    /// claim with no patient, which billing and reporting then cannot use.
    ///
    /// ## Example
    /// An Encounter with a `period` but no `status`; a Claim without `insurance`.
    ///
    /// ## How to fix
    /// Fill the element from the source system (the visit status, the claim's coverage) and
    /// export again; do not invent placeholder values.
    ///
    /// ## References
    /// - HL7 FHIR R4, Encounter, Observation, Condition, Procedure, Claim, ExplanationOfBenefit
    ///   (element cardinalities), http://hl7.org/fhir/R4/
    pub static REQUIRED_ELEMENT_MISSING = {
        id: "F103",
        name: "required-element-missing",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
