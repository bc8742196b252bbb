//! Resource type names: those of FHIR R4, and those that exist only in older versions.

/// Every resource type of FHIR R4 (4.0.1), sorted (146, Bundle, Binary and Parameters included).
const R4: &[&str] = &[
    "Account", "ActivityDefinition", "AdverseEvent", "AllergyIntolerance", "Appointment",
    "AppointmentResponse", "AuditEvent", "Basic", "Binary", "BiologicallyDerivedProduct", "BodyStructure",
    "Bundle", "CapabilityStatement", "CarePlan", "CareTeam", "CatalogEntry", "ChargeItem",
    "ChargeItemDefinition", "Claim", "ClaimResponse", "ClinicalImpression", "CodeSystem", "Communication",
    "CommunicationRequest", "CompartmentDefinition", "Composition", "ConceptMap", "Condition", "Consent",
    "Contract", "Coverage", "CoverageEligibilityRequest", "CoverageEligibilityResponse", "DetectedIssue",
    "Device", "DeviceDefinition", "DeviceMetric", "DeviceRequest", "DeviceUseStatement", "DiagnosticReport",
    "DocumentManifest", "DocumentReference", "EffectEvidenceSynthesis", "Encounter", "Endpoint",
    "EnrollmentRequest", "EnrollmentResponse", "EpisodeOfCare", "EventDefinition", "Evidence",
    "EvidenceVariable", "ExampleScenario", "ExplanationOfBenefit", "FamilyMemberHistory", "Flag", "Goal",
    "GraphDefinition", "Group", "GuidanceResponse", "HealthcareService", "ImagingStudy", "Immunization",
    "ImmunizationEvaluation", "ImmunizationRecommendation", "ImplementationGuide", "InsurancePlan", "Invoice",
    "Library", "Linkage", "List", "Location", "Measure", "MeasureReport", "Media", "Medication",
    "MedicationAdministration", "MedicationDispense", "MedicationKnowledge", "MedicationRequest",
    "MedicationStatement", "MedicinalProduct", "MedicinalProductAuthorization",
    "MedicinalProductContraindication", "MedicinalProductIndication", "MedicinalProductIngredient",
    "MedicinalProductInteraction", "MedicinalProductManufactured", "MedicinalProductPackaged",
    "MedicinalProductPharmaceutical", "MedicinalProductUndesirableEffect", "MessageDefinition",
    "MessageHeader", "MolecularSequence", "NamingSystem", "NutritionOrder", "Observation",
    "ObservationDefinition", "OperationDefinition", "OperationOutcome", "Organization",
    "OrganizationAffiliation", "Parameters", "Patient", "PaymentNotice", "PaymentReconciliation", "Person",
    "PlanDefinition", "Practitioner", "PractitionerRole", "Procedure", "Provenance", "Questionnaire",
    "QuestionnaireResponse", "RelatedPerson", "RequestGroup", "ResearchDefinition",
    "ResearchElementDefinition", "ResearchStudy", "ResearchSubject", "RiskAssessment",
    "RiskEvidenceSynthesis", "Schedule", "SearchParameter", "ServiceRequest", "Slot", "Specimen",
    "SpecimenDefinition", "StructureDefinition", "StructureMap", "Subscription", "Substance",
    "SubstanceNucleicAcid", "SubstancePolymer", "SubstanceProtein", "SubstanceReferenceInformation",
    "SubstanceSourceMaterial", "SubstanceSpecification", "SupplyDelivery", "SupplyRequest", "Task",
    "TerminologyCapabilities", "TestReport", "TestScript", "ValueSet", "VerificationResult",
    "VisionPrescription",
];

/// Resource types of DSTU2 that R4 renamed or removed.
pub const DSTU2_ONLY: &[&str] = &[
    "Conformance", "DeviceUseRequest", "DiagnosticOrder", "ImagingObjectSelection", "MedicationOrder", "Order",
    "OrderResponse",
];

/// Resource types of STU3 that R4 renamed or removed.
pub const STU3_ONLY: &[&str] = &[
    "BodySite", "DataElement", "DeviceComponent", "EligibilityRequest", "EligibilityResponse", "ImagingManifest",
    "ProcedureRequest", "ProcessRequest", "ProcessResponse", "ReferralRequest", "Sequence", "ServiceDefinition",
];

/// True when `name` is a resource type of FHIR R4.
pub fn is_r4(name: &str) -> bool {
    R4.binary_search(&name).is_ok()
}

/// An R4 resource type spelled `name` apart from case (`patient` → `Patient`).
pub fn r4_ignoring_case(name: &str) -> Option<&'static str> {
    R4.iter().copied().find(|t| t.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r4_list_is_sorted_and_complete_enough() {
        assert!(R4.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(R4.len(), 146);
        assert!(is_r4("ExplanationOfBenefit") && !is_r4("MedicationOrder"));
        assert_eq!(r4_ignoring_case("patient"), Some("Patient"));
    }
}
