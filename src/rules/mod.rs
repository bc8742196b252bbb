//! Rules: one file per bad pattern, grouped by family, all listed in one registry.

mod checker;
mod meta;

pub mod codes {
    //! Codes in the wrong format or failing a check digit.
    pub mod code_first_missing;
    pub mod diagnosis_age_conflict;
    pub mod diagnosis_sex_conflict;
    pub mod duplicate_diagnosis;
    pub mod excludes1_conflict;
    pub mod external_cause_as_principal;
    pub mod invalid_discharge_status;
    pub mod invalid_loinc_code;
    pub mod invalid_npi;
    pub mod invalid_snomed_ct_id;
    pub mod limited_coverage_procedure;
    pub mod malformed_cpt_code;
    pub mod malformed_hcpcs_code;
    pub mod malformed_icd10cm_code;
    pub mod malformed_icd10pcs_code;
    pub mod malformed_ndc;
    pub mod manifestation_code_as_principal;
    pub mod non_billable_icd10cm_code;
    pub mod non_canonical_code;
    pub mod non_covered_procedure;
    pub mod procedure_sex_conflict;
    pub mod questionable_admission;
    pub mod unacceptable_principal_diagnosis;
    pub mod unknown_hcpcs_code;
    pub mod unknown_icd10cm_code;
    pub mod unknown_icd10pcs_code;
    pub mod unrecognized_code;
    pub mod unspecified_code;
}
pub mod completeness {
    //! Required things that are missing or blank.
    pub mod required_column_missing;
    pub mod required_field_blank;
}
pub mod dates {
    //! Dates that are invalid or impossible together.
    pub mod birth_after_admission;
    pub mod birth_date_in_future;
    pub mod discharge_before_admission;
    pub mod encounter_after_expired_discharge;
    pub mod implausible_date;
    pub mod invalid_age;
    pub mod invalid_date;
    pub mod length_of_stay_too_long;
    pub mod service_after_death;
}
pub mod identity {
    //! Records that contradict each other about one patient, or one patient under two MRNs:
    //! the cross-record (master patient index) rules.
    pub mod duplicate_encounter;
    pub mod index;
    pub mod mrn_birth_date_conflict;
    pub mod mrn_name_conflict;
    pub mod mrn_sex_conflict;
    mod names;
    pub mod nicknames;
    pub mod probable_duplicate_patient;
}
pub mod fhir {
    //! Problems of FHIR JSON files, reported by the FHIR parser.
    pub mod code_not_in_required_binding;
    pub mod duplicate_full_url;
    pub mod fhir_version_not_r4;
    pub mod invalid_json;
    pub mod invalid_primitive_value;
    pub mod required_element_missing;
    pub mod unknown_resource_type;
    pub mod unresolved_reference;
}
pub mod hl7v2 {
    //! Problems of HL7 v2 messages, reported by the HL7 parser.
    pub mod code_not_in_hl7_table;
    pub mod invalid_msh_delimiters;
    pub mod invalid_segment_sequence;
    pub mod malformed_hl7_value;
    pub mod missing_msh_segment;
    pub mod required_hl7_field_missing;
}
pub mod structure {
    //! Problems of the file's own format, reported by the parsers.
    pub mod binary_file;
    pub mod duplicate_column;
    pub mod empty_file;
    pub mod ragged_row;
    pub mod undecodable_bytes;
    pub mod unterminated_quote;
}

pub(crate) use checker::PieceLog;
pub use checker::{Checker, RecordCheck};
pub use identity::index::CrossRecordIndex;
pub(crate) use meta::declare_rule;
pub use meta::{Family, RuleMeta, DOC_SECTIONS};

/// Every rule, in id order.
pub static ALL: &[&RuleMeta] = &[
    &completeness::required_field_blank::REQUIRED_FIELD_BLANK,
    &completeness::required_column_missing::REQUIRED_COLUMN_MISSING,
    &dates::discharge_before_admission::DISCHARGE_BEFORE_ADMISSION,
    &dates::invalid_date::INVALID_DATE,
    &dates::birth_date_in_future::BIRTH_DATE_IN_FUTURE,
    &dates::birth_after_admission::BIRTH_AFTER_ADMISSION,
    &dates::service_after_death::SERVICE_AFTER_DEATH,
    &dates::encounter_after_expired_discharge::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
    &dates::length_of_stay_too_long::LENGTH_OF_STAY_TOO_LONG,
    &codes::malformed_icd10cm_code::MALFORMED_ICD10CM_CODE,
    &codes::invalid_npi::INVALID_NPI,
    &codes::duplicate_diagnosis::DUPLICATE_DIAGNOSIS,
    &codes::unknown_icd10cm_code::UNKNOWN_ICD10CM_CODE,
    &codes::non_billable_icd10cm_code::NON_BILLABLE_ICD10CM_CODE,
    &codes::manifestation_code_as_principal::MANIFESTATION_CODE_AS_PRINCIPAL,
    &codes::unacceptable_principal_diagnosis::UNACCEPTABLE_PRINCIPAL_DIAGNOSIS,
    &codes::external_cause_as_principal::EXTERNAL_CAUSE_AS_PRINCIPAL,
    &codes::diagnosis_sex_conflict::DIAGNOSIS_SEX_CONFLICT,
    &codes::diagnosis_age_conflict::DIAGNOSIS_AGE_CONFLICT,
    &codes::excludes1_conflict::EXCLUDES1_CONFLICT,
    &codes::code_first_missing::CODE_FIRST_MISSING,
    &codes::malformed_icd10pcs_code::MALFORMED_ICD10PCS_CODE,
    &codes::unknown_icd10pcs_code::UNKNOWN_ICD10PCS_CODE,
    &codes::procedure_sex_conflict::PROCEDURE_SEX_CONFLICT,
    &codes::malformed_cpt_code::MALFORMED_CPT_CODE,
    &codes::malformed_hcpcs_code::MALFORMED_HCPCS_CODE,
    &codes::unknown_hcpcs_code::UNKNOWN_HCPCS_CODE,
    &codes::invalid_discharge_status::INVALID_DISCHARGE_STATUS,
    &codes::questionable_admission::QUESTIONABLE_ADMISSION,
    &codes::unspecified_code::UNSPECIFIED_CODE,
    &codes::non_covered_procedure::NON_COVERED_PROCEDURE,
    &codes::limited_coverage_procedure::LIMITED_COVERAGE_PROCEDURE,
    &codes::invalid_loinc_code::INVALID_LOINC_CODE,
    &codes::invalid_snomed_ct_id::INVALID_SNOMED_CT_ID,
    &codes::malformed_ndc::MALFORMED_NDC,
    &codes::unrecognized_code::UNRECOGNIZED_CODE,
    &codes::non_canonical_code::NON_CANONICAL_CODE,
    &dates::invalid_age::INVALID_AGE,
    &dates::implausible_date::IMPLAUSIBLE_DATE,
    &structure::ragged_row::RAGGED_ROW,
    &structure::unterminated_quote::UNTERMINATED_QUOTE,
    &structure::empty_file::EMPTY_FILE,
    &structure::undecodable_bytes::UNDECODABLE_BYTES,
    &structure::duplicate_column::DUPLICATE_COLUMN,
    &structure::binary_file::BINARY_FILE,
    &fhir::invalid_json::INVALID_JSON,
    &fhir::unknown_resource_type::UNKNOWN_RESOURCE_TYPE,
    &fhir::required_element_missing::REQUIRED_ELEMENT_MISSING,
    &fhir::invalid_primitive_value::INVALID_PRIMITIVE_VALUE,
    &fhir::code_not_in_required_binding::CODE_NOT_IN_REQUIRED_BINDING,
    &fhir::unresolved_reference::UNRESOLVED_REFERENCE,
    &fhir::duplicate_full_url::DUPLICATE_FULL_URL,
    &fhir::fhir_version_not_r4::FHIR_VERSION_NOT_R4,
    &hl7v2::missing_msh_segment::MISSING_MSH_SEGMENT,
    &hl7v2::invalid_msh_delimiters::INVALID_MSH_DELIMITERS,
    &hl7v2::required_hl7_field_missing::REQUIRED_HL7_FIELD_MISSING,
    &hl7v2::invalid_segment_sequence::INVALID_SEGMENT_SEQUENCE,
    &hl7v2::malformed_hl7_value::MALFORMED_HL7_VALUE,
    &hl7v2::code_not_in_hl7_table::CODE_NOT_IN_HL7_TABLE,
    &identity::mrn_birth_date_conflict::MRN_BIRTH_DATE_CONFLICT,
    &identity::mrn_sex_conflict::MRN_SEX_CONFLICT,
    &identity::mrn_name_conflict::MRN_NAME_CONFLICT,
    &identity::probable_duplicate_patient::PROBABLE_DUPLICATE_PATIENT,
    &identity::duplicate_encounter::DUPLICATE_ENCOUNTER,
];

/// The rules that look at records, with their check; the others are reported by parsers.
pub(crate) static RECORD_RULES: &[(&RuleMeta, RecordCheck)] = &[
    (&completeness::required_field_blank::REQUIRED_FIELD_BLANK, completeness::required_field_blank::check),
    (&dates::invalid_date::INVALID_DATE, dates::invalid_date::check),
    (&dates::birth_date_in_future::BIRTH_DATE_IN_FUTURE, dates::birth_date_in_future::check),
    (&dates::birth_after_admission::BIRTH_AFTER_ADMISSION, dates::birth_after_admission::check),
    (
        &dates::discharge_before_admission::DISCHARGE_BEFORE_ADMISSION,
        dates::discharge_before_admission::check,
    ),
    (&codes::malformed_icd10cm_code::MALFORMED_ICD10CM_CODE, codes::malformed_icd10cm_code::check),
    (&codes::invalid_npi::INVALID_NPI, codes::invalid_npi::check),
    (&dates::service_after_death::SERVICE_AFTER_DEATH, dates::service_after_death::check),
    (&dates::length_of_stay_too_long::LENGTH_OF_STAY_TOO_LONG, dates::length_of_stay_too_long::check),
    (&codes::duplicate_diagnosis::DUPLICATE_DIAGNOSIS, codes::duplicate_diagnosis::check),
    (&codes::unknown_icd10cm_code::UNKNOWN_ICD10CM_CODE, codes::unknown_icd10cm_code::check),
    (&codes::non_billable_icd10cm_code::NON_BILLABLE_ICD10CM_CODE, codes::non_billable_icd10cm_code::check),
    (
        &codes::manifestation_code_as_principal::MANIFESTATION_CODE_AS_PRINCIPAL,
        codes::manifestation_code_as_principal::check,
    ),
    (
        &codes::unacceptable_principal_diagnosis::UNACCEPTABLE_PRINCIPAL_DIAGNOSIS,
        codes::unacceptable_principal_diagnosis::check,
    ),
    (
        &codes::external_cause_as_principal::EXTERNAL_CAUSE_AS_PRINCIPAL,
        codes::external_cause_as_principal::check,
    ),
    (&codes::diagnosis_sex_conflict::DIAGNOSIS_SEX_CONFLICT, codes::diagnosis_sex_conflict::check),
    (&codes::diagnosis_age_conflict::DIAGNOSIS_AGE_CONFLICT, codes::diagnosis_age_conflict::check),
    (&codes::excludes1_conflict::EXCLUDES1_CONFLICT, codes::excludes1_conflict::check),
    (&codes::code_first_missing::CODE_FIRST_MISSING, codes::code_first_missing::check),
    (&codes::malformed_icd10pcs_code::MALFORMED_ICD10PCS_CODE, codes::malformed_icd10pcs_code::check),
    (&codes::unknown_icd10pcs_code::UNKNOWN_ICD10PCS_CODE, codes::unknown_icd10pcs_code::check),
    (&codes::procedure_sex_conflict::PROCEDURE_SEX_CONFLICT, codes::procedure_sex_conflict::check),
    (&codes::malformed_cpt_code::MALFORMED_CPT_CODE, codes::malformed_cpt_code::check),
    (&codes::malformed_hcpcs_code::MALFORMED_HCPCS_CODE, codes::malformed_hcpcs_code::check),
    (&codes::unknown_hcpcs_code::UNKNOWN_HCPCS_CODE, codes::unknown_hcpcs_code::check),
    (&codes::invalid_discharge_status::INVALID_DISCHARGE_STATUS, codes::invalid_discharge_status::check),
    (&codes::questionable_admission::QUESTIONABLE_ADMISSION, codes::questionable_admission::check),
    (&codes::unspecified_code::UNSPECIFIED_CODE, codes::unspecified_code::check),
    (&codes::non_covered_procedure::NON_COVERED_PROCEDURE, codes::non_covered_procedure::check),
    (
        &codes::limited_coverage_procedure::LIMITED_COVERAGE_PROCEDURE,
        codes::limited_coverage_procedure::check,
    ),
    (&dates::invalid_age::INVALID_AGE, dates::invalid_age::check),
    (&dates::implausible_date::IMPLAUSIBLE_DATE, dates::implausible_date::check),
    (&codes::invalid_loinc_code::INVALID_LOINC_CODE, codes::invalid_loinc_code::check),
    (&codes::invalid_snomed_ct_id::INVALID_SNOMED_CT_ID, codes::invalid_snomed_ct_id::check),
    (&codes::malformed_ndc::MALFORMED_NDC, codes::malformed_ndc::check),
    (&codes::unrecognized_code::UNRECOGNIZED_CODE, codes::unrecognized_code::check),
    (&codes::non_canonical_code::NON_CANONICAL_CODE, codes::non_canonical_code::check),
];

/// The cross-record rules: they run on the checker's [`CrossRecordIndex`], not per record.
pub(crate) static CROSS_RECORD_RULES: &[&RuleMeta] = &[
    &identity::mrn_birth_date_conflict::MRN_BIRTH_DATE_CONFLICT,
    &identity::mrn_sex_conflict::MRN_SEX_CONFLICT,
    &identity::mrn_name_conflict::MRN_NAME_CONFLICT,
    &identity::probable_duplicate_patient::PROBABLE_DUPLICATE_PATIENT,
    &identity::duplicate_encounter::DUPLICATE_ENCOUNTER,
    &dates::service_after_death::SERVICE_AFTER_DEATH,
    &dates::encounter_after_expired_discharge::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
];

/// A rule by id (`D201`, any case) or name (`discharge-before-admission`).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.id.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_rule_has_every_doc_section_in_order() {
        for rule in ALL {
            let doc = rule.doc();
            let mut last = 0;
            for heading in DOC_SECTIONS {
                let at = doc.find(&format!("## {heading}\n"));
                assert!(at.is_some_and(|i| i >= last), "{} lacks or misorders section {heading:?}", rule.id);
                assert!(!rule.section(heading).unwrap().is_empty(), "{}: empty section {heading:?}", rule.id);
                last = at.unwrap();
            }
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for rule in ALL {
            assert!(ids.insert(rule.id), "duplicate id {}", rule.id);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            let b = rule.id.as_bytes();
            assert!(
                b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit),
                "{}",
                rule.id
            );
            assert!(
                rule.name.split('-').all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{} is not kebab-case",
                rule.name
            );
        }
    }

    #[test]
    fn every_record_rule_is_registered() {
        for (meta, _) in RECORD_RULES {
            assert!(ALL.iter().any(|r| std::ptr::eq(*r, *meta)), "{} missing from ALL", meta.id);
        }
    }

    #[test]
    fn find_by_id_or_name() {
        assert_eq!(find("d201").unwrap().name, "discharge-before-admission");
        assert_eq!(find("invalid-npi").unwrap().id, "K302");
        assert!(find("nope").is_none());
    }
}
