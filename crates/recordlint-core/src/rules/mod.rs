//! Rules: one file per bad pattern, in one folder per family, all listed once in the registry
//! below (`registry!`), which declares their modules and makes [`ALL`], the record rules the
//! checker runs and the cross-record rules.

mod checker;
mod meta;
mod needs;
mod problems;
#[macro_use]
mod registry;

pub use checker::Checker;

/// A rule that looks at one record: the record, the facts the code tables give about it
/// (computed once per record, when a rule first asks) and the checker it reports to.
pub type RecordCheck = fn(&crate::model::Record, &crate::codes::RecordFacts, &mut Checker);
pub use identity::index::CrossRecordIndex;
pub(crate) use meta::declare_rule;
pub use meta::{Family, RuleKind, RuleMeta, DOC_SECTIONS};

registry! {
    // One folder per family (`Family`); the modules in a folder that are not rules.
    folders {
        /// Something required is missing or blank.
        completeness,
        /// Dates that are invalid or impossible together.
        dates,
        /// Codes in the wrong format, failing a check digit, or unknown.
        codes,
        /// Problems of the file's own format (CSV, or any file), reported by the parsers.
        structure,
        /// Problems of FHIR JSON files, reported by the FHIR parser.
        fhir,
        /// Problems of HL7 v2 messages, reported by the HL7 parser.
        hl7v2,
        /// Records that contradict each other about one patient, or one patient under two MRNs:
        /// the cross-record (master patient index) rules.
        identity {
            mod candidates;
            mod days;
            mod fingerprint;
            pub mod index;
            mod memory;
            mod mrns;
            mod names;
            pub mod nicknames;
            mod patients;
            mod records;
            mod store;
        },
        /// Identifiers of the HIPAA Safe Harbor list in fields that should not hold them.
        phi {
            mod scan;
        },
    }
    // Every rule once, as `folder::module`, in the order `recordlint rules` lists them ([`ALL`]).
    // A record rule (`kind: Record(check)` in its file) also has `run N`: the checker runs the
    // record rules on each record by ascending N, which is the order of a record's findings. A
    // new record rule takes a number after the last (or between two, to run between them).
    rules {
        completeness::required_field_blank       run 10,
        completeness::required_column_missing,
        dates::discharge_before_admission        run 50,
        dates::invalid_date                      run 20,
        dates::birth_date_in_future              run 30,
        dates::birth_after_admission             run 40,
        dates::service_after_death               run 80,
        dates::encounter_after_expired_discharge,
        dates::length_of_stay_too_long           run 90,
        codes::malformed_icd10cm_code            run 60,
        codes::invalid_npi                       run 70,
        codes::duplicate_diagnosis               run 100,
        codes::unknown_icd10cm_code              run 110,
        codes::non_billable_icd10cm_code         run 120,
        codes::manifestation_code_as_principal   run 130,
        codes::unacceptable_principal_diagnosis  run 140,
        codes::external_cause_as_principal       run 150,
        codes::diagnosis_sex_conflict            run 160,
        codes::diagnosis_age_conflict            run 170,
        codes::excludes1_conflict                run 180,
        codes::code_first_missing                run 190,
        codes::malformed_icd10pcs_code           run 200,
        codes::unknown_icd10pcs_code             run 210,
        codes::procedure_sex_conflict            run 220,
        codes::malformed_cpt_code                run 230,
        codes::malformed_hcpcs_code              run 240,
        codes::unknown_hcpcs_code                run 250,
        codes::invalid_discharge_status          run 260,
        codes::questionable_admission            run 270,
        codes::unspecified_code                  run 280,
        codes::non_covered_procedure             run 290,
        codes::limited_coverage_procedure        run 300,
        codes::invalid_loinc_code                run 330,
        codes::invalid_snomed_ct_id              run 340,
        codes::malformed_ndc                     run 350,
        codes::unrecognized_code                 run 360,
        codes::non_canonical_code                run 370,
        dates::invalid_age                       run 310,
        dates::implausible_date                  run 320,
        structure::ragged_row,
        structure::unterminated_quote,
        structure::empty_file,
        structure::undecodable_bytes,
        structure::duplicate_column,
        structure::binary_file,
        fhir::invalid_json,
        fhir::unknown_resource_type,
        fhir::required_element_missing,
        fhir::invalid_primitive_value,
        fhir::code_not_in_required_binding,
        fhir::unresolved_reference,
        fhir::duplicate_full_url,
        fhir::fhir_version_not_r4,
        hl7v2::missing_msh_segment,
        hl7v2::invalid_msh_delimiters,
        hl7v2::required_hl7_field_missing,
        hl7v2::invalid_segment_sequence,
        hl7v2::malformed_hl7_value,
        hl7v2::code_not_in_hl7_table,
        identity::mrn_birth_date_conflict,
        identity::mrn_sex_conflict,
        identity::mrn_name_conflict,
        identity::probable_duplicate_patient,
        identity::duplicate_encounter,
        phi::ssn_in_free_text                    run 500,
        phi::phone_in_free_text                  run 510,
        phi::email_in_free_text                  run 520,
        phi::url_in_free_text                    run 530,
        phi::ip_address_in_free_text             run 540,
        phi::record_number_in_free_text          run 550,
        phi::ssn_in_address_line                 run 560,
        phi::birth_date_in_note                  run 570,
        phi::name_in_diagnosis_description       run 580,
        phi::name_in_free_text                   run 590,
    }
}

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

    /// A rule file the registry does not list is not even compiled: find it by reading the folders.
    #[test]
    fn every_rule_file_is_in_the_registry_and_every_folder_is_a_family() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files = 0;
        for dir in std::fs::read_dir(&root).unwrap() {
            let dir = dir.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
            let family = Family::ALL.into_iter().find(|f| f.name() == folder);
            assert!(family.is_some(), "src/rules/{folder}/ is not the folder of a family (`Family`)");
            // A rule's helper module may have its own folder.
            for path in crate::test_data::files_under(&dir) {
                let text = std::fs::read_to_string(&path).unwrap();
                if !text.contains("declare_rule! {") {
                    continue;
                }
                files += 1;
                let id = text.split("id: \"").nth(1).and_then(|t| t.split('"').next()).unwrap();
                let rule = find(id).unwrap_or_else(|| {
                    panic!(
                        "{} declares {id}, but the registry (src/rules/mod.rs) does not list it",
                        path.display()
                    )
                });
                assert_eq!(Some(rule.family), family, "{id}");
            }
        }
        assert_eq!(files, ALL.len(), "rule files and registry entries");
    }

    #[test]
    fn one_letter_and_one_folder_per_family() {
        let letters: HashSet<u8> = Family::ALL.iter().map(|f| f.letter()).collect();
        let names: HashSet<&str> = Family::ALL.iter().map(|f| f.name()).collect();
        assert_eq!((letters.len(), names.len()), (Family::ALL.len(), Family::ALL.len()));
        for family in Family::ALL {
            let serialized = serde_json::to_value(family).unwrap();
            assert_eq!(
                serialized.as_str(),
                Some(family.name()),
                "{family:?} serializes to its folder's name"
            );
            assert!(ALL.iter().any(|r| r.family == family), "{family:?} has no rule");
        }
        for rule in ALL {
            assert_eq!(rule.id.as_bytes()[0], rule.family.letter(), "{}", rule.id);
        }
    }

    #[test]
    fn the_checker_runs_every_record_rule_and_the_index_every_cross_record_rule() {
        for rule in ALL {
            let runs = RECORD_RULES.iter().filter(|(r, _)| std::ptr::eq(*r, *rule)).count();
            assert_eq!(runs, usize::from(rule.kind.record_check().is_some()), "{} in RECORD_RULES", rule.id);
            let indexed = CROSS_RECORD_RULES.iter().filter(|r| std::ptr::eq(**r, *rule)).count();
            assert_eq!(
                indexed,
                usize::from(rule.kind.is_cross_record()),
                "{} in CROSS_RECORD_RULES",
                rule.id
            );
        }
    }

    #[test]
    fn find_by_id_or_name() {
        assert_eq!(find("d201").unwrap().name, "discharge-before-admission");
        assert_eq!(find("invalid-npi").unwrap().id, "K302");
        assert!(find("nope").is_none());
    }
}
