//! HL7 v2 messages map into the record model: an ADT^A01 and an ORU^R01, with `PID-7.1`-style
//! locations.

mod common;

use recordlint_core::read_records;
use recordlint_core::{CodeSystem, FieldKind, Profile, Record, RecordKind};

fn records(name: &str) -> (Vec<Record>, recordlint_core::Report) {
    let path = common::repo_path("tests/fixtures/hl7v2").join(name);
    read_records(&std::fs::read(path).unwrap(), None, &Profile::default())
}

fn text(f: Option<&recordlint_core::Field>) -> &str {
    f.map_or("", |f| f.text.as_str())
}

#[test]
fn adt_a01_maps_patient_visit_diagnoses_procedures_payer() {
    let (records, report) = records("adt-a01.hl7");
    assert_eq!(report.format, Some("hl7v2"));
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.kind, RecordKind::Inpatient, "ADT^A01 with PV1-2 I");
    assert!(r.not_expected.contains(FieldKind::PrincipalDiagnosis), "an admission has no final coding yet");
    assert!(
        r.not_expected.contains(FieldKind::DischargeStatus) && !r.not_expected.contains(FieldKind::AdmitDate)
    );
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
    if let recordlint_core::Location::Hl7 { line, .. } = &principal.field.at {
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
    if let recordlint_core::Location::Hl7 { message, line, .. } = &batch[1].at {
        assert_eq!((*message, *line), (2, 8));
    }
    let (mllp, report) = records("mllp-framed.hl7");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(text(mllp[0].encounter.attending_npi.as_ref()), "1648392011");
}

/// The records and findings (one a line, as the CLI prints them) of an HL7 text whose segments
/// are given one a line.
fn read(text: &str) -> (Vec<Record>, Vec<String>) {
    let (records, report) = read_records(text.replace('\n', "\r").as_bytes(), None, &Profile::default());
    (records, report.findings.iter().map(ToString::to_string).collect())
}

/// `(path, code, system)` of every entry of `record.codes`.
fn codes(r: &Record) -> Vec<(String, String, CodeSystem)> {
    r.codes
        .iter()
        .map(|c| {
            let recordlint_core::Location::Hl7 { path, .. } = &c.field.at else { panic!("{:?}", c.field.at) };
            (path.clone(), c.field.text.clone(), c.system)
        })
        .collect()
}

const MSH_ORU: &str = "MSH|^~\\&|LAB|HOSP|||20260304||ORU^R01|1|P|2.5.1\n";

#[test]
fn every_coded_element_with_a_known_system_is_a_code_of_the_record() {
    let text = format!(
        "{MSH_ORU}PID|1||448377^^^HOSP^MR||Doe^Jane||19800101|F\n\
         ORC|RE|||||||||||1234567893^Welby^Marcus^^^^^^NPI\n\
         OBR|1|||80061^LIPID PROFILE^CPT-4|||20260304|||||||||1234567893^Welby^Marcus^^^^^^^^^^NPI\n\
         OBX|1|NM|0058-8^Cholesterol^BRLI^2093-3^CHOLESTEROL^LOINC||120|mg/dl|||||F\n\
         OBX|2|CWE|59783-1^Status^LN||LA13423-1^Overdue^LN||||||F\n\
         OBX|3|ST|5778-6^Color^LN||yellow^not^LN||||||F\n\
         OBX|4|CE|30979-9^Vaccine due^LN||03^MMR^CVX~E11.9^Diabetes^I10||||||F\n\
         AL1|1|DA|70618^Penicillin^RXNORM~00071015523^Lipitor^NDC\n\
         PD1|||General Hospital^L^^^^NPI^NPI^^^1234567893|1234567890^PCP^Pat^^^^^^NPI\n"
    );
    let (records, _) = read(&text);
    let found = codes(&records[0]);
    let expect = |path: &str, code: &str, system| {
        assert!(
            found.contains(&(path.to_string(), code.to_string(), system)),
            "{path} {code} {system:?} not in {found:#?}"
        );
    };
    expect("OBR-4.1", "80061", CodeSystem::Cpt);
    expect("OBX-3.4", "2093-3", CodeSystem::Loinc);
    expect("OBX[2]-5.1", "LA13423-1", CodeSystem::Loinc);
    expect("OBX[4]-5(2).1", "E11.9", CodeSystem::Icd10cm);
    expect("AL1-3.1", "70618", CodeSystem::Rxnorm);
    expect("AL1-3(2).1", "00071015523", CodeSystem::Ndc);
    expect("ORC-12.1", "1234567893", CodeSystem::Npi);
    expect("OBR-16.1", "1234567893", CodeSystem::Npi);
    expect("PD1-4.1", "1234567890", CodeSystem::Npi);
    expect("PD1-3.10", "1234567893", CodeSystem::Npi);
    assert!(!found.iter().any(|(p, ..)| p.starts_with("OBX[3]-5")), "an ST value is text: {found:?}");
    assert!(!found.iter().any(|(_, c, _)| c == "03"), "CVX is not a system recordlint checks");
    assert!(
        !found.iter().any(|(p, ..)| p == "OBX-3.1" || p == "OBX[2]-3.1"),
        "the observation's own code is not repeated: {found:?}"
    );
}

#[test]
fn an_npi_of_any_provider_field_is_checked_once() {
    let text = "MSH|^~\\&|ADT|HOSP|||20260304||ADT^A01|1|P|2.5.1\nEVN|A01|20260304\n\
        PID|1||448210^^^HOSP^MR||Doe^Jane||19800101|F\n\
        PV1|1|I|4W||||1234567893^Att^A^^^^^^NPI|1234567890^Ref^R^^^^^^^^^^NPI||||||||||||V1|||||||||||||||||||||||||20260304\n\
        ROL|1|AD|AT|1234567891^Rol^R^^^^^^&2.16.840.1.113883.4.6&ISO\n";
    let (records, findings) = read(text);
    let r = &records[0];
    assert_eq!(r.encounter.attending_npi.as_ref().unwrap().text, "1234567893");
    let npis: Vec<_> = codes(r).into_iter().filter(|c| c.2 == CodeSystem::Npi).map(|c| c.0).collect();
    assert_eq!(npis, ["PV1-8.1", "ROL-4.1"], "the attending stays in the encounter only");
    assert_eq!(findings.iter().filter(|f| f.starts_with("K302")).count(), 2, "{findings:#?}");
}

#[test]
fn record_kind_follows_the_trigger_event_and_patient_class() {
    let kind = |event: &str, class: &str| {
        let text = format!(
            "MSH|^~\\&|A|B|||20260304||{event}|1|P|2.5.1\nEVN|A01|20260304\nPID|1||1^^^H^MR||Doe^J||19800101|F\nPV1|1|{class}\n"
        );
        let (records, _) = read(&text);
        records.first().map(|r| (r.kind, r.not_expected.contains(FieldKind::PrincipalDiagnosis)))
    };
    use RecordKind::*;
    assert_eq!(kind("ADT^A04", "O"), Some((Registration, false)));
    assert_eq!(kind("ADT^A04", "I"), Some((Registration, false)));
    assert_eq!(kind("ADT^A28", ""), Some((Registration, false)));
    assert_eq!(kind("ADT^A08", "O"), Some((Registration, false)));
    assert_eq!(kind("ADT^A08", "I"), Some((Inpatient, true)), "an update of an inpatient stay");
    assert_eq!(kind("ADT^A01", "I"), Some((Inpatient, true)));
    assert_eq!(kind("ADT^A03", "E"), Some((Outpatient, true)));
    assert_eq!(kind("ADT^A06", ""), Some((Encounter, true)));
    assert_eq!(kind("DFT^P03", "I"), Some((Inpatient, false)), "a charge has its coding");
    assert_eq!(kind("BAR^P01", "O"), Some((Outpatient, false)));
    assert_eq!(kind("ORU^R01", "I"), Some((Results, false)));
    let text = "MSH|^~\\&|A|B|||20260304||ADT^A03|1|P|2.5.1\nEVN|A03|20260304\nPID|1||1^^^H^MR||Doe^J||19800101|F\nPV1|1|I\n";
    let (records, _) = read(text);
    assert!(!records[0].not_expected.contains(FieldKind::DischargeDate), "a discharge has its date");
    let text =
        "MSH|^~\\&|A|B|||20260304||ADT^A01|1|P|2.5.1\nEVN|A01|20260304\nPID|1||1^^^H^MR||Doe^J||19800101|F\n";
    assert_eq!(read(text).0[0].kind, Registration, "no PV1: H104 says so, only the patient is checked");
}

#[test]
fn an_admission_message_is_not_asked_for_a_principal_diagnosis() {
    let text = "MSH|^~\\&|A|B|||20260304||ADT^A01|1|P|2.5.1\nEVN|A01|20260304\n\
        PID|1||1^^^H^MR||Doe^J||19800101|F\nPV1|1|I|||||||||||||||||||||||||||||||||||||||||\n";
    let (_, findings) = read(text);
    assert_eq!(
        findings,
        ["C101 error message 1, MSH: admit_date is missing (an inpatient stay or claim needs it)"]
    );
    let (_, findings) = read(&text.replace("ADT^A01", "DFT^P03").replace("EVN|A01", "EVN|P03"));
    assert!(findings.iter().any(|f| f.contains("principal_dx")), "{findings:#?}");
}

#[test]
fn a_message_without_a_patient_is_no_record() {
    let ack = "MSH|^~\\&|A|B|||20171025213259||ACK^V01^ACK|5465|P|2.3.1\nMSA|AR|QS4444|Not logged in\nERR|^^^207^^HL70357\n";
    let (records, findings) = read(ack);
    assert!(records.is_empty() && findings.is_empty(), "{findings:?}");
    // Its structural findings count it as a record that could not be checked, not the next one.
    let (_, report) = read_records(
        format!(
            "{}{MSH_ORU}PID|1||1^^^H^MR||Doe^J||19800101|F\nOBR|1\nOBX|1|NM|2345-7^Glu^LN||5||||||F\n",
            ack.replace("|2.3.1", "|")
        )
        .replace('\n', "\r")
        .as_bytes(),
        None,
        &Profile::default(),
    );
    assert_eq!((report.summary.records, report.summary.clean_records), (2, 1), "{:?}", report.findings);
}

#[test]
fn pv1_36_carries_ub04_discharge_statuses() {
    let msg = |status: &str| {
        format!(
            "MSH|^~\\&|A|B|||20260304||ADT^A03|1|P|2.5.1\nEVN|A03|20260304\nPID|1||1^^^H^MR||Doe^J||19800101|F\n\
             PV1|1|I||||||||||||||||||||||||||||||||||{status}||||||||20260301|20260304\n"
        )
    };
    for status in ["01", "50", "51", "62", "65", "70"] {
        let (_, findings) = read(&msg(status));
        assert!(findings.is_empty(), "{status}: {findings:?}");
    }
    let (_, findings) = read(&msg("HOME"));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].starts_with("H106 warning message 1, PV1-36: PV1-36 \"HOME\""), "{findings:?}");
    let (_, findings) = read(&msg("99"));
    assert!(findings.iter().all(|f| f.starts_with("K316")), "K316 says it once: {findings:?}");
}

#[test]
fn a_birth_date_in_the_year_1013_is_implausible() {
    let text = "MSH|^~\\&||ABCHS||AUSDHSV|20070101112951||ADT^A04^ADT_A01|1|P|2.5\nEVN|A04|20060705000000\n\
        PID|1||0000112234^^^100^A||XXXXXXXXXX^^^^^^S||10131113|F\nPV1|1|O\n";
    let (records, findings) = read(text);
    assert_eq!(records[0].patient.birth_date.as_ref().unwrap().date, Some(jiff::civil::date(1013, 11, 13)));
    assert_eq!(findings, ["D209 warning message 1, PID-7.1: birth_date 1013-11-13 is before 1880"]);
}

#[test]
fn text_around_the_messages_is_reported_once_per_run() {
    let text = format!(
        "Sample lines example 1:\n{MSH_ORU}PID|1||1^^^H^MR||Doe^J||19800101|F\nOBR|1|||15545^GLUCOSE\n\
         OBX|1|NM|2345-7^Glu^LN||5|mg/dl\nCULTURE^L|||x\n|F\n\nSample lines example 2:\n"
    );
    let (records, findings) = read(&text);
    assert_eq!(records.len(), 1);
    assert_eq!(
        findings,
        [
            "H101 error line 1: text before the first MSH segment (\"Sample lines example 1:\") is not HL7 v2; the lines up to the next MSH are not read",
            "H104 error message 1, OBX: line 6 (\"CULTURE^L|||x\") is not an HL7 segment: a line break inside a field of the OBX segment before it, or text that is not HL7; 3 such lines of this message are not read",
            "H103 error message 1, OBX-11: OBX-11 (observation result status) is required but empty",
        ]
    );
}
