//! An HL7 v2 message into a record: PID (patient), PV1 (visit), DG1 (diagnoses), PR1
//! (procedures), IN1 (payer), OBX (observations), and every other coded element and provider
//! identifier of every segment (`Record::codes`).
//!
//! What the record stands for comes from the trigger event and PV1-2 (patient class):
//! - ORU, OUL, ORM, ORL, OML, OMG, ORG, VXU, RSP, MDM: results ([`RecordKind::Results`]);
//! - ADT^A04, A05, A28, A31 and every other ADT event that is not a visit event: a
//!   registration (patient fields only); an A08 is a registration too unless its PV1 says an
//!   inpatient stay, which the update then describes;
//! - visit events (ADT^A01, A02, A03, A06, A07, A11–A13, A15–A17, A21–A26), A08 of an
//!   inpatient, DFT and BAR: by PV1-2, `I` inpatient, `O`, `E`, `R`, `B`, `P` outpatient,
//!   anything else an encounter of unknown setting. An ADT message carries no final coding
//!   (the principal diagnosis is established after study), so its diagnoses and procedures are
//!   [`Record::not_expected`], and so are the discharge date and status before the discharge (A03);
//! - a message without PV1 is a registration (the missing PV1 is reported by H104 where the
//!   structure requires it), and a message without PID (ACK, QRY…) is no patient record at all.

use super::message::Message;
use super::segment::View;
use crate::codes::system;
use crate::model::{
    Code, CodeSystem, DateField, Field, FieldKind, FieldSet, Observation, Record, RecordKind, Text, TextKind,
};

/// The NPI's OID, as an assigning authority's universal id.
const NPI_OID: &str = "2.16.840.1.113883.4.6";

/// The record a message describes; `None` for a message about no patient (no PID).
pub fn record(msg: &Message) -> Option<Record> {
    let pid = msg.first("PID")?;
    let mut record = Record::new(msg.at());
    let pv1 = msg.first("PV1");
    (record.kind, record.not_expected) = kind_of(msg, pv1.as_ref());
    patient(&mut record, &pid);
    if let Some(pv1) = &pv1 {
        visit(&mut record, pv1);
    }
    for dg1 in msg.all("DG1") {
        // DG1-3 names its system in component 3; blank is taken as ICD-10-CM, the field's code set.
        let Some(code) = coded(&dg1, 3, |name, code| match name {
            "" => CodeSystem::Icd10cm,
            _ => system::from_hl7_name(name, code),
        }) else {
            continue;
        };
        let principal = dg1.value(15, 1, 0).is_some_and(|p| p.value() == "1");
        if principal && record.principal_diagnosis.is_none() {
            record.principal_diagnosis = Some(code);
        } else {
            record.secondary_diagnoses.push(code);
        }
    }
    for pr1 in msg.all("PR1") {
        // PR1-3 with no system is told by its shape (ICD-10-PCS, CPT, HCPCS).
        record.procedures.extend(coded(&pr1, 3, |name, code| match name {
            "" => system::procedure_by_shape(code),
            _ => system::from_hl7_name(name, code),
        }));
    }
    if let Some(in1) = msg.first("IN1") {
        record.encounter.payer = present(in1.value(4, 1, 1)).or_else(|| present(in1.value(3, 1, 1)));
    }
    for obx in msg.all("OBX") {
        record.observations.push(Observation {
            code: coded(&obx, 3, system::from_hl7_name),
            value: present(obx.value(5, 1, 0)),
            effective: present(obx.value(14, 1, 1)).map(DateField::parse_partial),
        });
    }
    codes(msg, &mut record);
    texts(msg, &mut record);
    Some(record)
}

/// OBX-2 value types whose OBX-5 is text.
const TEXT_VALUE_TYPES: [&str; 3] = ["ST", "TX", "FT"];

/// The message's free-text and descriptive fields, into `record.texts`: NTE-3 (comments), OBX-5
/// of a text value type (ST, TX, FT), DG1-4 (diagnosis description) and the street lines of
/// PID-11 (XAD components 1 and 2), every repetition.
fn texts(msg: &Message, record: &mut Record) {
    for seg in &msg.segments {
        let v = msg.view(seg);
        let (n, kind, comps): (usize, TextKind, &[usize]) = match seg.id.as_str() {
            "NTE" => (3, TextKind::Note, &[0]),
            "OBX" if TEXT_VALUE_TYPES.contains(&seg.field(2).trim()) => (5, TextKind::Note, &[0]),
            "DG1" => (4, TextKind::DiagnosisText, &[0]),
            "PID" => (11, TextKind::Address, &[1, 2]),
            _ => continue,
        };
        for rep in 1..=v.reps(n).len() {
            for &c in comps {
                if let Some(field) = present(v.value(n, rep, c)) {
                    record.texts.push(Text { field, kind });
                }
            }
        }
    }
}

/// The record kind of a message (see the module docs) and the fields it cannot have yet.
fn kind_of(msg: &Message, pv1: Option<&View>) -> (RecordKind, FieldSet) {
    let (kind, event) = msg.kind();
    let class = pv1.map(|pv1| pv1.raw(2, 1, 1).trim().to_ascii_uppercase()).unwrap_or_default();
    let visit_event = match kind.as_str() {
        "ORU" | "OUL" | "ORM" | "ORL" | "OML" | "OMG" | "ORG" | "VXU" | "RSP" | "MDM" => {
            return (RecordKind::Results, FieldSet::default());
        }
        "ADT" => match event.as_str() {
            "A01" | "A02" | "A03" | "A06" | "A07" | "A11" | "A12" | "A13" | "A15" | "A16" | "A17" | "A21"
            | "A22" | "A23" | "A24" | "A25" | "A26" => true,
            "A08" if class == "I" => true,
            _ => return (RecordKind::Registration, FieldSet::default()),
        },
        "DFT" | "BAR" => false,
        _ => return (RecordKind::Registration, FieldSet::default()),
    };
    if pv1.is_none() {
        return (RecordKind::Registration, FieldSet::default());
    }
    let record_kind = match class.as_str() {
        "I" => RecordKind::Inpatient,
        "O" | "E" | "R" | "B" | "P" => RecordKind::Outpatient,
        _ => RecordKind::Encounter,
    };
    let mut pending = FieldSet::default();
    if visit_event {
        for field in [FieldKind::PrincipalDiagnosis, FieldKind::SecondaryDiagnoses, FieldKind::Procedures] {
            pending.insert(field);
        }
        if event != "A03" {
            pending.insert(FieldKind::DischargeDate);
            pending.insert(FieldKind::DischargeStatus);
        }
    }
    (record_kind, pending)
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
    p.birth_date = pid.value(7, 1, 1).map(DateField::parse_partial);
    p.sex = pid.value(8, 1, 0);
    p.death_date = present(pid.value(29, 1, 1)).map(DateField::parse_partial);
}

fn visit(record: &mut Record, pv1: &View) {
    let e = &mut record.encounter;
    e.class = pv1.value(2, 1, 0);
    e.id = present(pv1.value(19, 1, 1));
    e.discharge_status = present(pv1.value(36, 1, 0));
    e.admit = pv1.value(44, 1, 1).map(DateField::parse_partial);
    e.discharge = present(pv1.value(45, 1, 1)).map(DateField::parse_partial);
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

/// A CE/CWE field's first repetition: code (component 1) and system (component 3, by `system`
/// from the uppercase name).
fn coded(seg: &View, n: usize, system: impl Fn(&str, &str) -> CodeSystem) -> Option<Code> {
    let field = present(seg.value(n, 1, 1))?;
    let reps = seg.reps(n);
    let named = seg.comp(reps.first().copied().unwrap_or(""), 3).trim().to_ascii_uppercase();
    let system = system(&named, field.value());
    Some(Code { field, system })
}

/// Fields whose component 3 is no coding system although it could read like one: names
/// (XPN: given name), addresses (XAD: city), and OBX-2 (the value type, where a lost field
/// separator leaves OBX-3's code).
const NOT_CODED: &[(&str, usize)] = &[
    ("OBX", 2),
    ("PID", 5),
    ("PID", 6),
    ("PID", 9),
    ("PID", 11),
    ("NK1", 2),
    ("NK1", 4),
    ("GT1", 3),
    ("GT1", 5),
    ("IN1", 5),
    ("IN1", 16),
    ("IN1", 19),
];

/// Every coded element and provider identifier of the message that the mapping above did not
/// place, into `record.codes`:
/// - a CE/CWE/CNE value (any field, any repetition) whose coding system (component 3, or 6 for
///   the alternate code in component 4) is one recordlint checks (HL7 table 0396: `I10`, `LN`,
///   `SCT`, `C4`, `HCPCS`, `NDC`…): OBR-4, RXA-5, RXE-2, AL1-3, PR1-3's and DG1-3's alternates,
///   OBX-5 when OBX-2 says CE/CWE/CNE…
/// - an XCN, XON, CX, CNN or PLN identifier an NPI authority or type names (PV1-7/8/9/17/52,
///   PD1-4, ROL-4, ORC-12, OBR-16/28/32, PRA-6, IN1…); the attending NPI stays in the encounter.
fn codes(msg: &Message, record: &mut Record) {
    let attending = record.encounter.attending_npi.as_ref().map(|f| f.at.clone());
    for seg in &msg.segments {
        let v = msg.view(seg);
        let id = seg.id.as_str();
        if id == "NTE" {
            continue;
        }
        let obx_coded = id == "OBX" && matches!(seg.field(2).trim(), "CE" | "CWE" | "CNE" | "CF");
        for n in 1..seg.len() {
            if (id == "MSH" && n <= 2) || (id == "OBX" && n == 5 && !obx_coded) {
                continue;
            }
            let triplets = !NOT_CODED.contains(&(id, n));
            for (i, rep) in v.reps(n).into_iter().enumerate() {
                if rep.is_empty() {
                    continue;
                }
                let rep_no = i + 1;
                for (code_c, name_c) in [(1, 3), (4, 6)] {
                    // The first code of DG1-3, PR1-3 and OBX-3 is a diagnosis, procedure or
                    // observation of the record already.
                    let mapped = matches!(id, "DG1" | "PR1" | "OBX") && n == 3 && rep_no == 1 && code_c == 1;
                    if !triplets || mapped {
                        continue;
                    }
                    let name = v.comp(rep, name_c).trim();
                    if name.is_empty() || v.comp(rep, code_c).trim().is_empty() {
                        continue;
                    }
                    let Some(field) = v.value(n, rep_no, code_c) else { continue };
                    let system = system::from_hl7_name(name, field.value());
                    if !matches!(system, CodeSystem::Other | CodeSystem::Unrecognized | CodeSystem::Npi) {
                        record.codes.push(Code { field, system });
                    }
                }
                if let Some(comp) = npi_component(&v, id, n, rep) {
                    match present(v.value(n, rep_no, comp)) {
                        Some(field) if Some(&field.at) != attending.as_ref() => {
                            record.codes.push(Code { field, system: CodeSystem::Npi });
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The component holding an NPI in repetition `rep` of field `n`, when the repetition names its
/// identifier an NPI: an XCN (assigning authority in 9, identifier type in 13: id in 1), an XON
/// (authority 6, type 7: id in 10, or 3 before v2.5), a CX (authority 4, type 5: id in 1), a CNN
/// of OBR-32 to OBR-35 (subcomponents of 1: authority 9 or 10, type 11), a PLN of PRA-6 or a PI
/// of PRD-7 (type in 2: id in 1).
fn npi_component(v: &View, segment: &str, n: usize, rep: &str) -> Option<usize> {
    let comp = |c: usize| rep.split(v.d.component).nth(c - 1).unwrap_or("");
    let is_npi = |text: &str| {
        text.split(v.d.subcomponent).any(|s| {
            let s = s.trim();
            s.eq_ignore_ascii_case("NPI") || s == NPI_OID
        })
    };
    if is_npi(comp(13)) || is_npi(comp(9)) {
        return Some(1);
    }
    if is_npi(comp(7)) || is_npi(comp(6)) {
        return Some(if v.comp(rep, 10).trim().is_empty() { 3 } else { 10 });
    }
    if is_npi(comp(5)) || is_npi(comp(4)) {
        return Some(1);
    }
    let typed = matches!((segment, n), ("PRA", 6) | ("PRD", 7)) && is_npi(comp(2));
    let cnn = segment == "OBR" && (32..=35).contains(&n) && {
        let subs: Vec<&str> = comp(1).split(v.d.subcomponent).collect();
        [8, 9, 10].iter().any(|&i| subs.get(i).is_some_and(|s| is_npi(s)))
    };
    (typed || cnn).then_some(1)
}
