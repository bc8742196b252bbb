//! FHIR resources map into the record model: a Synthea-style transaction Bundle and an NDJSON
//! bulk export, field by field, with their JSON pointers and lines.

mod common;

use recordlint_core::read_records;
use recordlint_core::{CodeSystem, Profile, Record, RecordKind};

fn records(name: &str) -> Vec<Record> {
    let path = common::repo_path("tests/fixtures/fhir").join(name);
    read_records(&std::fs::read(path).unwrap(), None, &Profile::default()).0
}

fn text(f: Option<&recordlint_core::Field>) -> &str {
    f.map_or("", |f| f.text.as_str())
}

#[test]
fn synthea_bundle_encounter_with_patient_codes_claim_and_observation() {
    let records = records("synthea-bundle.json");
    assert_eq!(records.len(), 3, "the practitioner, one encounter record, one patient without encounter");
    let practitioner = &records[0];
    assert_eq!(practitioner.kind, RecordKind::Directory, "the practitioner's NPI is checked with it");
    assert_eq!(practitioner.codes.len(), 1);
    assert_eq!(practitioner.codes[0].field.at.to_string(), "line 31, /entry/1/resource/identifier/0/value");
    let r = &records[1];
    assert_eq!(r.kind, RecordKind::Inpatient, "class IMP");
    assert!(r.shared.contains(recordlint_core::FieldKind::AttendingNpi), "the NPI is the practitioner's");
    assert_eq!(r.at.to_string(), "line 38, /entry/2/resource");
    let p = &r.patient;
    assert_eq!(text(p.mrn.as_ref()), "MRN-448210", "the MR identifier wins over the first one");
    assert_eq!(p.mrn.as_ref().unwrap().at.to_string(), "line 16, /entry/0/resource/identifier/1/value");
    assert_eq!(text(p.name.as_ref()), "Okafor, Adaeze Nkem");
    assert_eq!(p.birth_date.as_ref().unwrap().date, Some(jiff::civil::date(1958, 7, 23)));
    assert_eq!(text(p.sex.as_ref()), "female");
    let e = &r.encounter;
    assert_eq!(text(e.class.as_ref()), "IMP");
    assert_eq!(e.admit.as_ref().unwrap().date, Some(jiff::civil::date(2026, 3, 4)));
    assert_eq!(e.discharge.as_ref().unwrap().date, Some(jiff::civil::date(2026, 3, 9)));
    assert_eq!(e.discharge.as_ref().unwrap().field.at.to_string(), "line 51, /entry/2/resource/period/end");
    assert_eq!(text(e.discharge_status.as_ref()), "01");
    assert_eq!(text(e.attending_npi.as_ref()), "1847293655");
    assert_eq!(
        e.attending_npi.as_ref().unwrap().at.to_string(),
        "line 31, /entry/1/resource/identifier/0/value"
    );
    assert_eq!(text(e.payer.as_ref()), "Blue Harbor Health Plan", "from the claim's coverage");
    let principal = r.principal_diagnosis.as_ref().unwrap();
    assert_eq!(
        (principal.field.text.as_str(), principal.system),
        ("J18.9", CodeSystem::Icd10cm),
        "rank 1, ICD-10-CM coding preferred over SNOMED"
    );
    let secondary: Vec<_> = r.secondary_diagnoses.iter().map(|c| c.field.text.as_str()).collect();
    assert_eq!(secondary, ["E11.9", "I10"], "rank 2, then the claim's second diagnosis");
    let procedures: Vec<_> = r.procedures.iter().map(|c| (c.field.text.as_str(), c.system)).collect();
    assert_eq!(procedures, [("BW03ZZZ", CodeSystem::Icd10pcs), ("71046", CodeSystem::Cpt)]);
    assert_eq!(r.observations.len(), 1);
    let obs = &r.observations[0];
    assert_eq!(
        obs.code.as_ref().map(|c| (c.field.text.as_str(), c.system)),
        Some(("4548-4", CodeSystem::Loinc))
    );
    assert_eq!(text(obs.value.as_ref()), "7.4 %");
    assert_eq!(obs.effective.as_ref().unwrap().date, Some(jiff::civil::date(2026, 3, 4)));

    let deceased = &records[2];
    assert_eq!(deceased.kind, RecordKind::Patient);
    assert_eq!(text(deceased.patient.mrn.as_ref()), "MRN-448377", "no MR type: the first identifier");
    assert_eq!(deceased.patient.death_date.as_ref().unwrap().date, Some(jiff::civil::date(2026, 1, 15)));
}

#[test]
fn ndjson_export_resolves_type_and_id_references_across_lines() {
    let records = records("bulk-export.ndjson");
    assert_eq!(records.len(), 2);
    let (a, b) = (&records[0], &records[1]);
    assert_eq!(a.at.to_string(), "line 3");
    assert_eq!(text(a.patient.mrn.as_ref()), "E2001");
    assert_eq!(a.patient.mrn.as_ref().unwrap().at.to_string(), "line 1, /identifier/0/value");
    assert_eq!(
        text(a.encounter.attending_npi.as_ref()),
        "1648392011",
        "NPI given in the participant's identifier"
    );
    assert_eq!(text(a.principal_diagnosis.as_ref().map(|c| &c.field)), "I50.9");
    assert_eq!(a.principal_diagnosis.as_ref().unwrap().field.at.to_string(), "line 6, /code/coding/0/code");
    assert_eq!(a.secondary_diagnoses.iter().map(|c| c.field.text.as_str()).collect::<Vec<_>>(), ["N18.30"]);
    assert_eq!(a.observations.len(), 1);
    assert_eq!(text(b.patient.name.as_ref()), "Moreau, Elodie Anne");
    assert_eq!(text(b.encounter.class.as_ref()), "AMB");
    assert_eq!(b.observations.len(), 1, "an observation without encounter joins its patient's record");
}

#[test]
fn observation_only_file_needs_no_encounter_fields() {
    let records = records("observations-only.ndjson");
    assert_eq!(records.len(), 2, "one record per referenced patient");
    assert!(records.iter().all(|r| r.kind == RecordKind::Observations));
    assert_eq!(records[0].observations.len(), 2);
}

#[test]
fn stu3_content_is_still_mapped() {
    let records = records("stu3-export.ndjson");
    let r = &records[0];
    assert_eq!(text(r.patient.mrn.as_ref()), "S3-0001");
    let dx: Vec<_> = r.diagnoses().map(|c| c.field.text.as_str()).collect();
    assert_eq!(dx, ["K35.80", "E11-9"], "Condition.context read as the encounter");
}

#[test]
fn record_kinds_directory_records_and_shared_fields() {
    let records = records("record-kinds.json");
    let kinds: Vec<_> = records.iter().map(|r| (r.at.to_string(), r.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("line 7, /entry/0/resource".to_string(), RecordKind::Directory),
            ("line 27, /entry/2/resource".to_string(), RecordKind::Outpatient),
            ("line 38, /entry/3/resource".to_string(), RecordKind::Inpatient),
            ("line 50, /entry/4/resource".to_string(), RecordKind::Outpatient),
            ("line 62, /entry/5/resource".to_string(), RecordKind::Directory),
            ("line 82, /entry/7/resource".to_string(), RecordKind::Observations),
            ("line 92, /entry/8/resource".to_string(), RecordKind::Oral),
            ("line 109, /entry/9/resource".to_string(), RecordKind::Outpatient),
        ],
        "Encounter.class AMB/IMP/EMER; a Practitioner and a Medication on their own; an allergy of a patient not in the file; an oral claim; an institutional emergency claim"
    );
    let [practitioner, amb, imp, _, medication, elsewhere, oral, er] = &records[..] else { panic!() };
    let codes = |r: &Record| r.codes.iter().map(|c| (c.field.text.clone(), c.system)).collect::<Vec<_>>();
    assert_eq!(codes(practitioner), [("1234567890".to_string(), CodeSystem::Npi)]);
    assert_eq!(codes(medication), [("2501-813-16".to_string(), CodeSystem::Ndc)]);
    for visit in [amb, imp] {
        assert_eq!(text(visit.encounter.attending_npi.as_ref()), "1234567890");
        assert!(
            visit.shared.contains(recordlint_core::FieldKind::AttendingNpi),
            "checked with the practitioner"
        );
        assert!(
            !visit.expects(recordlint_core::FieldKind::PrincipalDiagnosis),
            "an Encounter is not a claim"
        );
    }
    assert!(amb.optional.contains(recordlint_core::FieldKind::AdmitDate), "Encounter.period is optional");
    assert!(!imp.expects(recordlint_core::FieldKind::DischargeDate), "still in progress");
    assert_eq!(
        codes(amb),
        [("860975".to_string(), CodeSystem::Rxnorm), ("44054007".to_string(), CodeSystem::Snomed)],
        "the patient's medication request goes to the patient's first record"
    );
    assert_eq!(
        codes(elsewhere),
        [("91936005".to_string(), CodeSystem::Snomed), ("1234567891".to_string(), CodeSystem::Npi)]
    );
    let oral_dx = oral.principal_diagnosis.as_ref().unwrap();
    assert_eq!(
        (oral_dx.field.text.as_str(), oral_dx.system),
        ("123456", CodeSystem::Other),
        "uncoded, but there"
    );
    assert_eq!(
        oral.encounter.admit.as_ref().unwrap().date,
        Some(jiff::civil::date(2026, 2, 18)),
        "item.servicedDate"
    );
    assert!(oral.shared.contains(recordlint_core::FieldKind::AttendingNpi));
    assert_eq!(text(er.principal_diagnosis.as_ref().map(|c| &c.field)), "I20.9", "the lowest sequence");
    assert_eq!(er.encounter.admit.as_ref().unwrap().date, Some(jiff::civil::date(2026, 1, 10)));
    assert_eq!(er.encounter.discharge.as_ref().unwrap().date, Some(jiff::civil::date(2026, 1, 11)));
    assert!(!er.shared.contains(recordlint_core::FieldKind::AttendingNpi), "the claim's own provider NPI");
    assert_eq!(codes(er), [("0409-4888-02".to_string(), CodeSystem::Ndc)], "an item's drug");
}
