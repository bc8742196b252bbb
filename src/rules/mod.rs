//! Rules: one file per bad pattern, grouped by family, all listed in one registry.

mod checker;
mod meta;

pub mod codes {
    //! Codes in the wrong format or failing a check digit.
    pub mod code_first_missing;
    pub mod diagnosis_age_conflict;
    pub mod diagnosis_sex_conflict;
    pub mod excludes1_conflict;
    pub mod external_cause_as_principal;
    pub mod invalid_npi;
    pub mod malformed_cpt_code;
    pub mod malformed_hcpcs_code;
    pub mod malformed_icd10cm_code;
    pub mod malformed_icd10pcs_code;
    pub mod manifestation_code_as_principal;
    pub mod non_billable_icd10cm_code;
    pub mod procedure_sex_conflict;
    pub mod unacceptable_principal_diagnosis;
    pub mod unknown_hcpcs_code;
    pub mod unknown_icd10cm_code;
    pub mod unknown_icd10pcs_code;
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
    pub mod invalid_date;
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

pub use checker::{Checker, RecordCheck};
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
    &codes::malformed_icd10cm_code::MALFORMED_ICD10CM_CODE,
    &codes::invalid_npi::INVALID_NPI,
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
    &structure::ragged_row::RAGGED_ROW,
    &structure::unterminated_quote::UNTERMINATED_QUOTE,
    &structure::empty_file::EMPTY_FILE,
    &structure::undecodable_bytes::UNDECODABLE_BYTES,
    &structure::duplicate_column::DUPLICATE_COLUMN,
    &structure::binary_file::BINARY_FILE,
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
