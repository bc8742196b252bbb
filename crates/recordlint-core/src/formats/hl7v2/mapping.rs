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

use super::escape::unescape;
use super::message::Message;
use super::parts::{Components, Parts};
use super::segment::{Segment, View};
use crate::codes::system;
use crate::model::{
    value_of, Code, CodeSystem, DateField, Field, FieldKind, FieldSet, Observation, Record, RecordKind, Text,
    TextKind,
};

/// The NPI's OID, as an assigning authority's universal id.
const NPI_OID: &str = "2.16.840.1.113883.4.6";

/// Fills `record` (emptied first, its strings handed to `spare`) with the record `msg` describes;
/// false for a message about no patient (no PID), when `record` is left as it was.
pub fn fill(msg: &Message, record: &mut Record, spare: &mut Vec<String>) -> bool {
    let Some(pid) = msg.first("PID") else { return false };
    record.recycle(msg.at_reusing(spare), spare);
    let pv1 = msg.first("PV1");
    (record.kind, record.not_expected) = kind_of(msg, pv1.as_ref());
    patient(record, &pid, spare);
    let mut attending = None;
    if let Some(pv1) = &pv1 {
        attending = visit(record, pv1, spare).map(|rep| (pv1.seg as *const Segment, rep + 1));
    }
    for dg1 in msg.all("DG1") {
        // DG1-3 names its system in component 3; blank is taken as ICD-10-CM, the field's code set.
        let Some(code) = coded(&dg1, 3, spare, |name, code| match name {
            "" => CodeSystem::Icd10cm,
            _ => system::from_hl7_name(name, code),
        }) else {
            continue;
        };
        let principal = dg1.len() > 15 && unescape(null_as_empty(dg1.raw(15, 1, 0)), dg1.d).trim() == "1";
        if principal && record.principal_diagnosis.is_none() {
            record.principal_diagnosis = Some(code);
        } else {
            record.secondary_diagnoses.push(code);
        }
    }
    for pr1 in msg.all("PR1") {
        // PR1-3 with no system is told by its shape (ICD-10-PCS, CPT, HCPCS).
        let code = coded(&pr1, 3, spare, |name, code| match name {
            "" => system::procedure_by_shape(code),
            _ => system::from_hl7_name(name, code),
        });
        record.procedures.extend(code);
    }
    if let Some(in1) = msg.first("IN1") {
        record.encounter.payer = present(&in1, 4, 1, 1, spare).or_else(|| present(&in1, 3, 1, 1, spare));
    }
    for obx in msg.all("OBX") {
        let observation = Observation {
            code: coded(&obx, 3, spare, system::from_hl7_name),
            value: present(&obx, 5, 1, 0, spare),
            effective: present(&obx, 14, 1, 1, spare).map(DateField::parse_partial),
        };
        record.observations.push(observation);
    }
    codes(msg, record, attending, spare);
    texts(msg, record, spare);
    true
}

/// The text HL7 writes as `""` (the null) read as empty.
fn null_as_empty(raw: &str) -> &str {
    if raw == "\"\"" {
        ""
    } else {
        raw
    }
}

/// OBX-2 value types whose OBX-5 is text.
const TEXT_VALUE_TYPES: [&str; 3] = ["ST", "TX", "FT"];

/// The message's free-text and descriptive fields, into `record.texts`: NTE-3 (comments), OBX-5
/// of a text value type (ST, TX, FT), DG1-4 (diagnosis description) and the street lines of
/// PID-11 (XAD components 1 and 2), every repetition.
fn texts(msg: &Message, record: &mut Record, spare: &mut Vec<String>) {
    for v in msg.views() {
        let (n, kind, comps): (usize, TextKind, &[usize]) = match &v.seg.id {
            b"NTE" => (3, TextKind::Note, &[0]),
            b"OBX" if TEXT_VALUE_TYPES.contains(&value_of(v.field(2))) => (5, TextKind::Note, &[0]),
            b"DG1" => (4, TextKind::DiagnosisText, &[0]),
            b"PID" => (11, TextKind::Address, &[1, 2]),
            _ => continue,
        };
        for (i, rep) in v.reps(n).enumerate() {
            for &c in comps {
                let raw = if c == 0 { rep } else { v.comp(rep, c) };
                if let Some(field) = present_raw(&v, raw, n, i + 1, c, spare) {
                    record.texts.push(Text { field, kind });
                }
            }
        }
    }
}

/// The record kind of a message (see the module docs) and the fields it cannot have yet.
fn kind_of(msg: &Message, pv1: Option<&View>) -> (RecordKind, FieldSet) {
    let (kind, event) = msg.kind();
    let class = pv1.map(|pv1| value_of(pv1.raw(2, 1, 1))).unwrap_or_default();
    let is_class = |c: &str| class.eq_ignore_ascii_case(c);
    let visit_event = match kind {
        "ORU" | "OUL" | "ORM" | "ORL" | "OML" | "OMG" | "ORG" | "VXU" | "RSP" | "MDM" => {
            return (RecordKind::Results, FieldSet::default());
        }
        "ADT" => match event {
            "A01" | "A02" | "A03" | "A06" | "A07" | "A11" | "A12" | "A13" | "A15" | "A16" | "A17" | "A21"
            | "A22" | "A23" | "A24" | "A25" | "A26" => true,
            "A08" if is_class("I") => true,
            _ => return (RecordKind::Registration, FieldSet::default()),
        },
        "DFT" | "BAR" => false,
        _ => return (RecordKind::Registration, FieldSet::default()),
    };
    if pv1.is_none() {
        return (RecordKind::Registration, FieldSet::default());
    }
    let record_kind = if is_class("I") {
        RecordKind::Inpatient
    } else if ["O", "E", "R", "B", "P"].iter().any(|c| is_class(c)) {
        RecordKind::Outpatient
    } else {
        RecordKind::Encounter
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

/// Component `comp` of repetition `rep` of field `n`, decoded and located, unless it is blank.
fn present(v: &View, n: usize, rep: usize, comp: usize, spare: &mut Vec<String>) -> Option<Field> {
    if v.len() <= n {
        return None;
    }
    present_raw(v, v.raw(n, rep, comp), n, rep, comp, spare)
}

/// `raw` (component `comp` of repetition `rep` of field `n`), decoded and located, unless it is
/// blank.
fn present_raw(
    v: &View,
    raw: &str,
    n: usize,
    rep: usize,
    comp: usize,
    spare: &mut Vec<String>,
) -> Option<Field> {
    (!v.blank(raw, n)).then(|| v.located(raw, n, rep, comp, spare))
}

fn patient(record: &mut Record, pid: &View, spare: &mut Vec<String>) {
    let p = &mut record.patient;
    let mr = pid.reps(3).position(|r| value_of(pid.comp(r, 5)).eq_ignore_ascii_case("MR"));
    let first = || pid.reps(3).position(|r| !value_of(pid.comp(r, 1)).is_empty());
    p.mrn = pid.value_reusing(3, mr.or_else(first).unwrap_or(0) + 1, 1, spare);
    p.name = pid.value_reusing(5, 1, 0, spare).map(|raw| {
        let c = pid.components(pid.raw(5, 1, 0));
        let family = unescape(c.get(1), pid.d);
        let names = [2, 3].map(|i| unescape(c.get(i), pid.d));
        let mut given = names.iter().filter(|s| !value_of(s).is_empty()).peekable();
        let has_given = given.peek().is_some();
        let mut text = raw.text;
        text.clear();
        if !value_of(&family).is_empty() || !has_given {
            text.push_str(&family);
        }
        if has_given {
            if !value_of(&family).is_empty() {
                text.push_str(", ");
            }
            for (i, g) in given.enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                text.push_str(g);
            }
        }
        Field { text, at: raw.at }
    });
    p.birth_date = pid.value_reusing(7, 1, 1, spare).map(DateField::parse_partial);
    p.sex = pid.value_reusing(8, 1, 0, spare);
    p.death_date = present(pid, 29, 1, 1, spare).map(DateField::parse_partial);
}

/// The encounter from PV1; the repetition (0-based) of PV1-7 the attending NPI was read from.
fn visit(record: &mut Record, pv1: &View, spare: &mut Vec<String>) -> Option<usize> {
    let e = &mut record.encounter;
    e.class = pv1.value_reusing(2, 1, 0, spare);
    e.id = present(pv1, 19, 1, 1, spare);
    e.discharge_status = present(pv1, 36, 1, 0, spare);
    e.admit = pv1.value_reusing(44, 1, 1, spare).map(DateField::parse_partial);
    e.discharge = present(pv1, 45, 1, 1, spare).map(DateField::parse_partial);
    let rep = attending_rep(pv1)?;
    e.attending_npi = present(pv1, 7, rep + 1, 1, spare);
    e.attending_npi.as_ref().map(|_| rep)
}

/// The repetition (0-based) of PV1-7 that holds the attending doctor's NPI: PV1-7 is an XCN, an
/// id, names…, assigning authority (9), identifier type (13).
fn attending_rep(pv1: &View) -> Option<usize> {
    pv1.reps(7).position(|r| {
        let c = pv1.components(r);
        let is = |text: &str, what: &str| value_of(text).eq_ignore_ascii_case(what);
        is(c.get(13), "NPI") || is(c.get(9), "NPI") || r.contains(NPI_OID)
    })
}

/// A CE/CWE field's first repetition: code (component 1) and system (component 3, by `system`
/// from the name, which `system::from_hl7_name` reads in any case).
fn coded(
    seg: &View,
    n: usize,
    spare: &mut Vec<String>,
    system: impl Fn(&str, &str) -> CodeSystem,
) -> Option<Code> {
    let field = present(seg, n, 1, 1, spare)?;
    let rep = seg.reps(n).next().unwrap_or("");
    let system = system(value_of(seg.comp(rep, 3)), field.value());
    Some(Code { field, system })
}

/// Fields whose component 3 is no coding system although it could read like one, as bits of
/// their numbers (all below 64) by segment: names (XPN: given name), addresses (XAD: city), and
/// OBX-2 (the value type, where a lost field separator leaves OBX-3's code).
fn not_coded(id: &[u8; 3]) -> u64 {
    let fields: &[u32] = match id {
        b"OBX" => &[2],
        b"PID" => &[5, 6, 9, 11],
        b"NK1" => &[2, 4],
        b"GT1" => &[3, 5],
        b"IN1" => &[5, 16, 19],
        _ => &[],
    };
    fields.iter().fold(0, |bits, &n| bits | 1 << n)
}

/// Every coded element and provider identifier of the message that the mapping above did not
/// place, into `record.codes`:
/// - a CE/CWE/CNE value (any field, any repetition) whose coding system (component 3, or 6 for
///   the alternate code in component 4) is one recordlint checks (HL7 table 0396: `I10`, `LN`,
///   `SCT`, `C4`, `HCPCS`, `NDC`…): OBR-4, RXA-5, RXE-2, AL1-3, PR1-3's and DG1-3's alternates,
///   OBX-5 when OBX-2 says CE/CWE/CNE…
/// - an XCN, XON, CX, CNN or PLN identifier an NPI authority or type names (PV1-7/8/9/17/52,
///   PD1-4, ROL-4, ORC-12, OBR-16/28/32, PRA-6, IN1…); the attending NPI stays in the encounter.
///
/// `attending`: the segment (the first PV1) and repetition of PV1-7 whose component 1 is the
/// attending NPI already.
fn codes(
    msg: &Message,
    record: &mut Record,
    attending: Option<(*const Segment, usize)>,
    spare: &mut Vec<String>,
) {
    for v in msg.views() {
        if v.is(b"NTE") {
            continue;
        }
        // MSH-1 and MSH-2 are the delimiters; OBX-5 is coded only when OBX-2 says so.
        let skip_below = if v.is(b"MSH") { 3 } else { 1 };
        let skip_value = v.is(b"OBX") && !matches!(value_of(v.field(2)), "CE" | "CWE" | "CNE" | "CF");
        let not_coded = not_coded(&v.seg.id);
        let mapped_first = matches!(&v.seg.id, b"DG1" | b"PR1" | b"OBX");
        // A field without components holds neither a coded element nor an identifier.
        for n in v.structured_fields(skip_below) {
            if skip_value && n == 5 {
                continue;
            }
            let triplets = n >= 64 || not_coded & 1 << n == 0;
            for (i, rep) in v.reps(n).enumerate() {
                if rep.is_empty() {
                    continue;
                }
                let rep_no = i + 1;
                let npi = may_name_npi(rep);
                if !triplets && !npi {
                    continue;
                }
                let c = v.components(rep);
                for (code_c, name_c) in [(1, 3), (4, 6)] {
                    // The first code of DG1-3, PR1-3 and OBX-3 is a diagnosis, procedure or
                    // observation of the record already.
                    let mapped = mapped_first && n == 3 && rep_no == 1 && code_c == 1;
                    if !triplets || mapped {
                        continue;
                    }
                    let name = value_of(c.get(name_c));
                    let raw = c.get(code_c);
                    if name.is_empty() || value_of(raw).is_empty() {
                        continue;
                    }
                    let system = system::from_hl7_name(name, value_of(&unescape(null_as_empty(raw), v.d)));
                    if !matches!(system, CodeSystem::Other | CodeSystem::Unrecognized | CodeSystem::Npi) {
                        let field = v.located(raw, n, rep_no, code_c, spare);
                        record.codes.push(Code { field, system });
                    }
                }
                if !npi {
                    continue;
                }
                if let Some(comp) = npi_component(&c, v.id(), n) {
                    let is_attending = comp == 1
                        && n == 7
                        && attending.is_some_and(|(seg, r)| std::ptr::eq(seg, v.seg) && r == rep_no);
                    if is_attending {
                        continue;
                    }
                    if let Some(field) = present_raw(&v, c.get(comp), n, rep_no, comp, spare) {
                        record.codes.push(Code { field, system: CodeSystem::Npi });
                    }
                }
            }
        }
    }
}

/// False when `rep` cannot name an NPI (see [`npi_component`]): it holds neither `NPI` (in any
/// case) nor the NPI's OID.
fn may_name_npi(rep: &str) -> bool {
    // One pass over the bytes (a repetition is short): `c | 0x20` is `n` for `N` and `n`, and
    // `2` for `2`, where the OID begins.
    let b = rep.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c | 0x20 {
        b'n' => b.get(i + 1..i + 3).is_some_and(|p| p.eq_ignore_ascii_case(b"PI")),
        b'2' => b[i..].starts_with(NPI_OID.as_bytes()),
        _ => false,
    })
}

/// The component holding an NPI in a repetition `c` of field `n`, when the repetition names its
/// identifier an NPI: an XCN (assigning authority in 9, identifier type in 13: id in 1), an XON
/// (authority 6, type 7: id in 10, or 3 before v2.5), a CX (authority 4, type 5: id in 1), a CNN
/// of OBR-32 to OBR-35 (subcomponents of 1: authority 9 or 10, type 11), a PLN of PRA-6 or a PI
/// of PRD-7 (type in 2: id in 1).
fn npi_component(c: &Components, segment: &str, n: usize) -> Option<usize> {
    let sub = c.subcomponent();
    let is_npi = |text: &str| {
        !text.is_empty()
            && Parts::new(text, sub).any(|s| {
                let s = value_of(s);
                s.eq_ignore_ascii_case("NPI") || s == NPI_OID
            })
    };
    if is_npi(c.whole(13)) || is_npi(c.whole(9)) {
        return Some(1);
    }
    if is_npi(c.whole(7)) || is_npi(c.whole(6)) {
        return Some(if value_of(c.get(10)).is_empty() { 3 } else { 10 });
    }
    if is_npi(c.whole(5)) || is_npi(c.whole(4)) {
        return Some(1);
    }
    let typed = matches!((segment, n), ("PRA", 6) | ("PRD", 7)) && is_npi(c.whole(2));
    let cnn = segment == "OBR"
        && (32..=35).contains(&n)
        && Parts::new(c.whole(1), sub).enumerate().any(|(i, s)| (8..=10).contains(&i) && is_npi(s));
    (typed || cnn).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npi_is_looked_for_only_where_it_may_be() {
        for rep in ["1^^^^^^^^NPI", "x&npi", "1^^^^^2.16.840.1.113883.4.6", "Npi"] {
            assert!(may_name_npi(rep), "{rep}");
        }
        for rep in ["M01^^^RECORDLINT^MR", "NP", "2.16.840.1.113883.4", "Z79.4^^I10", ""] {
            assert!(!may_name_npi(rep), "{rep}");
        }
    }
}
