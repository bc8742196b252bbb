//! The structural checks of one message: required fields, segment sequence, data types and
//! table values.

use super::message::Message;
use super::structure::{self, Mismatch};
use super::tables::TABLES;
use super::types::{DataType, TYPED_FIELDS};
use crate::formats::sink::{Problem, ProblemKind};
use crate::model::{value_of, FieldKind, Location};

/// Fields HL7 requires: segment, field, what it is, and the record field it fills (when the
/// profile requires that field, rule C101 reports it instead).
const REQUIRED: &[(&str, usize, &str, Option<FieldKind>)] = &[
    ("MSH", 9, "message type", None),
    ("MSH", 10, "message control id", None),
    ("MSH", 12, "version id", None),
    ("PID", 3, "patient identifier list", Some(FieldKind::Mrn)),
    ("PID", 5, "patient name", Some(FieldKind::PatientName)),
    ("PV1", 2, "patient class", Some(FieldKind::PatientClass)),
    ("OBX", 11, "observation result status", None),
];

/// Adds the problems of `msg` to `out`; `required` are the record fields the profile requires.
pub fn check(msg: &Message, required: &[FieldKind], out: &mut Vec<Problem>) {
    required_fields(msg, required, out);
    segment_sequence(msg, out);
    data_types(msg, out);
    table_values(msg, out);
}

fn required_fields(msg: &Message, required: &[FieldKind], out: &mut Vec<Problem>) {
    for &(segment, n, what, kind) in REQUIRED {
        if kind.is_some_and(|k| required.contains(&k)) {
            continue;
        }
        for seg in msg.all(segment) {
            if !seg.has(n) {
                let msg = format!("{segment}-{n} ({what}) is required but empty");
                out.push(Problem::new(ProblemKind::RequiredHl7FieldMissing, seg.at(n, 1, 0), msg));
            }
        }
    }
}

fn segment_sequence(msg: &Message, out: &mut Vec<Problem>) {
    let (kind, event) = msg.kind();
    let Some((name, items)) = structure::structure_of(kind, event) else { return };
    // Z-segments are local extensions, allowed anywhere.
    if msg.segments.iter().all(|s| s.id[0] != b'Z') && structure::check(&msg.segments, items).is_ok() {
        return;
    }
    let segments: Vec<_> = msg.segments.iter().filter(|s| s.id[0] != b'Z').collect();
    let ids: Vec<&str> = segments.iter().map(|s| s.id()).collect();
    let (at, text) = match structure::check(&ids, items) {
        Ok(()) => return,
        Err(Mismatch::Missing { segment, at }) => {
            let place = match segments.get(at) {
                Some(s) => format!("before {}", s.id()),
                None => "at the end".to_string(),
            };
            (at, format!("{kind}^{event} ({name}) requires segment {segment} {place}"))
        }
        Err(Mismatch::Unexpected { at }) => {
            let id = ids.get(at).copied().unwrap_or("");
            let after = at.checked_sub(1).and_then(|i| ids.get(i)).copied().unwrap_or("");
            let why = if !structure::mentions(items, id) {
                format!("{id} is not part of {kind}^{event} ({name})")
            } else if ids[..at].contains(&id) {
                format!("{id} after {after} is out of order or repeated where {name} allows it once")
            } else {
                format!("{id} after {after} is out of order for {kind}^{event} ({name})")
            };
            (at, why)
        }
    };
    let line = segments.get(at).or(segments.last()).map_or(0, |s| s.line);
    let path = segments.get(at).map_or("MSH".to_string(), |s| s.name());
    let at = Location::Hl7 { message: msg.number, path, line };
    out.push(Problem::new(ProblemKind::InvalidSegmentSequence, at, text));
}

fn data_types(msg: &Message, out: &mut Vec<Problem>) {
    for &(segment, n, ty, record_date) in TYPED_FIELDS {
        for seg in msg.all(segment) {
            let component = usize::from(ty == DataType::Dtm);
            let raw = value_of(seg.raw(n, 1, component));
            if raw.is_empty() || ty.accepts(raw) {
                continue;
            }
            if let Some(f) = seg.value(n, 1, component) {
                check_value(ty, record_date, f, out);
            }
        }
    }
    for obx in msg.all("OBX") {
        if value_of(obx.field(2)) == "NM" {
            if let Some(f) = obx.value(5, 1, 0) {
                check_value(DataType::Nm, false, f, out);
            }
        }
    }
}

fn check_value(ty: DataType, record_date: bool, f: crate::model::Field, out: &mut Vec<Problem>) {
    let v = f.value();
    if v.is_empty() || ty.accepts(v) {
        return;
    }
    // A record date that is no date at all is rule D202's finding.
    if record_date && crate::date::parse_date(v).is_err() {
        return;
    }
    let msg = format!("{v:?} is not a valid {} ({})", ty.name(), ty.shape());
    out.push(Problem::new(ProblemKind::MalformedHl7Value, f.at, msg));
}

fn table_values(msg: &Message, out: &mut Vec<Problem>) {
    for t in TABLES {
        for seg in msg.all(t.segment) {
            let raw = value_of(seg.raw(t.field, 1, 1));
            if raw.is_empty() || t.values.contains(&raw) {
                continue;
            }
            let Some(mut f) = seg.value(t.field, 1, 1) else { continue };
            f.at = seg.at(t.field, 1, 0);
            let v = f.value();
            // In the US, PV1-36 carries the UB-04 patient discharge status (01–95), which rule
            // K316 checks by date; only values that are no such number are this rule's.
            let ub04 = (t.segment, t.field) == ("PV1", 36) && is_discharge_status_number(v);
            if !v.is_empty() && !t.values.contains(&v) && !ub04 {
                let values = match t.values {
                    [first, .., last] if t.values.len() > 10 => format!("{first}–{last}"),
                    all => all.join(", "),
                };
                let msg = format!(
                    "{}-{} {v:?} is not in HL7 table {} ({}: {values})",
                    t.segment, t.field, t.number, t.title
                );
                let value = v.to_owned();
                out.push(Problem::new(ProblemKind::CodeNotInHl7Table, f.at, msg).about(value));
            }
        }
    }
}

/// True when `v` is written like a UB-04 discharge status, one or two digits (whether it is one
/// on the date of service is rule K316's).
fn is_discharge_status_number(v: &str) -> bool {
    let v = value_of(v);
    !v.is_empty() && v.len() <= 2 && v.bytes().all(|b| b.is_ascii_digit())
}
