//! HL7 v2 messages map into the record model: an ADT^A01 and an ORU^R01, with `PID-7.1`-style
//! locations.

use recordlint::formats::read_records;
use recordlint::{CodeSystem, Profile, Record, RecordKind};
use std::path::Path;

fn records(name: &str) -> (Vec<Record>, recordlint::Report) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hl7v2").join(name);
    read_records(&std::fs::read(path).unwrap(), None, &Profile::default())
}

fn text(f: Option<&recordlint::Field>) -> &str {
    f.map_or("", |f| f.text.as_str())
}

#[test]
fn adt_a01_maps_patient_visit_diagnoses_procedures_payer() {
    let (records, report) = records("adt-a01.hl7");
    assert_eq!(report.format, Some("hl7v2"));
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.kind, RecordKind::Encounter);
    let p = &r.patient;
    assert_eq!(text(p.mrn.as_ref()), "448210");
    assert_eq!(p.mrn.as_ref().unwrap().at.to_string(), "message 1, PID-3.1");
    assert_eq!(text(p.name.as_ref()), "Okafor, Adaeze Nkem");
    assert_eq!(p.birth_date.as_ref().unwrap().date, Some(jiff::civil::date(1958, 7, 23)));
    assert_eq!(p.birth_date.as_ref().unwrap().field.at.to_string(), "message 1, PID-7.1");
    assert_eq!(text(p.sex.as_ref()), "F");
    let e = &r.encounter;
    assert_eq!(text(e.class.as_ref()), "I");
    assert_eq!(text(e.attending_npi.as_ref()), "1847293655");
    assert_eq!(text(e.id.as_ref()), "V55623");
    assert_eq!(text(e.discharge_status.as_ref()), "01");
    assert_eq!(e.admit.as_ref().unwrap().date, Some(jiff::civil::date(2026, 3, 4)));
    assert_eq!(e.discharge.as_ref().unwrap().date, Some(jiff::civil::date(2026, 3, 9)));
    assert_eq!(text(e.payer.as_ref()), "Medicare");
    let principal = r.principal_diagnosis.as_ref().unwrap();
    assert_eq!((principal.field.text.as_str(), principal.system), ("J18.9", CodeSystem::Icd10cm));
    assert_eq!(r.secondary_diagnoses[0].field.at.to_string(), "message 1, DG1[2]-3.1");
    assert_eq!(r.procedures[0].system, CodeSystem::Icd10pcs);
    if let recordlint::Location::Hl7 { line, .. } = &principal.field.at {
        assert_eq!(*line, 6);
    }
}

#[test]
fn oru_r01_is_a_result_record_with_observations() {
    let (records, report) = records("oru-r01.hl7");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let r = &records[0];
    assert_eq!(r.kind, RecordKind::Results, "no admission or principal diagnosis is required of it");
    assert_eq!(text(r.patient.mrn.as_ref()), "448377");
    assert_eq!(r.observations.len(), 3);
    let glucose = &r.observations[0];
    assert_eq!(
        glucose.code.as_ref().map(|c| (c.field.text.as_str(), c.system)),
        Some(("2345-7", CodeSystem::Loinc))
    );
    assert_eq!(text(glucose.value.as_ref()), "104");
    assert_eq!(glucose.effective.as_ref().unwrap().date, Some(jiff::civil::date(2026, 6, 1)));
    assert_eq!(
        text(r.observations[2].value.as_ref()),
        "Fasting sample& confirmed by phlebotomy",
        "escapes decoded"
    );
    assert_eq!(r.observations[2].code.as_ref().unwrap().field.at.to_string(), "message 1, OBX[3]-3.1");
}

#[test]
fn batch_and_mllp_framing() {
    let (batch, _) = records("batch.hl7");
    assert_eq!(batch.len(), 2);
    assert_eq!(text(batch[1].patient.mrn.as_ref()), "550002");
    if let recordlint::Location::Hl7 { message, line, .. } = &batch[1].at {
        assert_eq!((*message, *line), (2, 8));
    }
    let (mllp, report) = records("mllp-framed.hl7");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(text(mllp[0].encounter.attending_npi.as_ref()), "1648392011");
}
