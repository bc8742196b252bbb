//! An HL7 v2 message into a record: PID (patient), PV1 (visit), DG1 (diagnoses), PR1
//! (procedures), IN1 (payer) and OBX (observations).

use super::message::Message;
use super::segment::View;
use crate::model::{Code, CodeSystem, DateField, Field, Observation, Record, RecordKind};

/// The record a message describes.
pub fn record(msg: &Message) -> Record {
    let mut record = Record::new(msg.at());
    let (kind, _) = msg.kind();
    let pv1 = msg.first("PV1");
    record.kind = match kind.as_str() {
        "ORU" | "OUL" | "ORM" | "ORL" | "OML" => RecordKind::Results,
        _ if pv1.is_none() => RecordKind::Registration,
        _ => RecordKind::Encounter,
    };
    if let Some(pid) = msg.first("PID") {
        patient(&mut record, &pid);
    }
    if let Some(pv1) = pv1 {
        visit(&mut record, &pv1);
    }
    for dg1 in msg.all("DG1") {
        let Some(code) = coded(&dg1, 3, diagnosis_system) else { continue };
        let principal = dg1.value(15, 1, 0).is_some_and(|p| p.value() == "1");
        if principal && record.principal_diagnosis.is_none() {
            record.principal_diagnosis = Some(code);
        } else {
            record.secondary_diagnoses.push(code);
        }
    }
    for pr1 in msg.all("PR1") {
        record.procedures.extend(coded(&pr1, 3, procedure_system));
    }
    if let Some(in1) = msg.first("IN1") {
        record.encounter.payer = present(in1.value(4, 1, 1)).or_else(|| present(in1.value(3, 1, 1)));
    }
    for obx in msg.all("OBX") {
        record.observations.push(Observation {
            code: coded(&obx, 3, observation_system),
            value: present(obx.value(5, 1, 0)),
            effective: present(obx.value(14, 1, 1)).map(DateField::parse),
        });
    }
    record
}

fn present(f: Option<Field>) -> Option<Field> {
    f.filter(|f| !f.is_blank())
}

fn patient(record: &mut Record, pid: &View) {
    let p = &mut record.patient;
    let ids = pid.reps(3);
    let mr = ids.iter().position(|r| pid.comp(r, 5).trim().eq_ignore_ascii_case("MR"));
    let first = ids.iter().position(|r| !pid.comp(r, 1).trim().is_empty());
    p.mrn = pid.value(3, mr.or(first).unwrap_or(0) + 1, 1);
    p.name = pid.value(5, 1, 0).map(|raw| {
        let reps = pid.reps(5);
        let rep = reps.first().copied().unwrap_or("");
        let family = super::escape::unescape(pid.comp(rep, 1), pid.d).into_owned();
        let given: Vec<String> = [2, 3]
            .iter()
            .map(|&c| super::escape::unescape(pid.comp(rep, c), pid.d).into_owned())
            .filter(|s| !s.trim().is_empty())
            .collect();
        let text = match (family.trim().is_empty(), given.is_empty()) {
            (_, true) => family,
            (true, false) => given.join(" "),
            (false, false) => format!("{family}, {}", given.join(" ")),
        };
        Field { text, at: raw.at }
    });
    p.birth_date = pid.value(7, 1, 1).map(DateField::parse);
    p.sex = pid.value(8, 1, 0);
    p.death_date = present(pid.value(29, 1, 1)).map(DateField::parse);
}

fn visit(record: &mut Record, pv1: &View) {
    let e = &mut record.encounter;
    e.class = pv1.value(2, 1, 0);
    e.id = present(pv1.value(19, 1, 1));
    e.discharge_status = present(pv1.value(36, 1, 0));
    e.admit = pv1.value(44, 1, 1).map(DateField::parse);
    e.discharge = present(pv1.value(45, 1, 1)).map(DateField::parse);
    // PV1-7 is an XCN: an id, names…, assigning authority (9), identifier type (13).
    let reps = pv1.reps(7);
    let npi = reps.iter().position(|r| {
        let authority = pv1.comp(r, 9).trim().to_ascii_uppercase();
        let id_type = pv1.comp(r, 13).trim().to_ascii_uppercase();
        id_type == "NPI" || authority == "NPI" || r.contains("2.16.840.1.113883.4.6")
    });
    if let Some(i) = npi {
        e.attending_npi = present(pv1.value(7, i + 1, 1));
    }
}

/// A CE/CWE field's first repetition: code (component 1) and system (component 3).
fn coded(seg: &View, n: usize, system: fn(&str, &str) -> CodeSystem) -> Option<Code> {
    let field = present(seg.value(n, 1, 1))?;
    let reps = seg.reps(n);
    let named = seg.comp(reps.first().copied().unwrap_or(""), 3).trim().to_ascii_uppercase();
    let system = system(&named, field.value());
    Some(Code { field, system })
}

/// DG1-3.3 (table 0396): `I10`, `I10C`, `ICD10CM` are ICD-10-CM; blank is taken as ICD-10-CM.
fn diagnosis_system(named: &str, _code: &str) -> CodeSystem {
    match named {
        "" | "I10" | "I10C" | "ICD10CM" | "ICD-10-CM" | "ICD10" => CodeSystem::Icd10cm,
        "SCT" | "SNM" | "SNOMED" | "SNOMEDCT" => CodeSystem::Snomed,
        _ => CodeSystem::Other,
    }
}

/// PR1-3.3: `I10P`/`ICD10PCS`, `CPT`/`C4`, `HCPCS`/`C5`/`HCPT`; blank is guessed from the shape.
fn procedure_system(named: &str, code: &str) -> CodeSystem {
    match named {
        "I10P" | "ICD10PCS" | "ICD-10-PCS" => CodeSystem::Icd10pcs,
        "CPT" | "C4" | "CPT4" => CodeSystem::Cpt,
        "HCPCS" | "C5" | "HCPT" => CodeSystem::Hcpcs,
        "SCT" | "SNM" | "SNOMEDCT" => CodeSystem::Snomed,
        "" => match code.len() {
            7 => CodeSystem::Icd10pcs,
            5 if code.bytes().all(|c| c.is_ascii_digit()) => CodeSystem::Cpt,
            5 => CodeSystem::Hcpcs,
            _ => CodeSystem::Other,
        },
        _ => CodeSystem::Other,
    }
}

/// OBX-3.3: `LN` is LOINC, `SCT`/`SNM` SNOMED CT.
fn observation_system(named: &str, _code: &str) -> CodeSystem {
    match named {
        "LN" | "LOINC" => CodeSystem::Loinc,
        "SCT" | "SNM" | "SNOMEDCT" => CodeSystem::Snomed,
        _ => CodeSystem::Other,
    }
}
