//! The de-identified copy of HL7 v2 messages. A message is held until it ends (the next MSH or
//! the end of the input) and written segment by segment: the fields that hold identifiers are
//! replaced by field and component (see [`op`]), every other field is copied byte for byte, so
//! the delimiters, the escapes of untouched text, the segment terminators and any MLLP framing
//! stay as they were. Text written anew is escaped with the message's own delimiters.

use super::category::Category;
use super::dates;
use super::detect;
use super::scrub::{free_text, Known};
use super::session::Session;
use super::Writer;
use crate::formats::hl7v2::delimiters::Delimiters;
use crate::formats::hl7v2::escape::unescape;

/// What the copy does with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// A person's name (XPN, XCN of a relative): the token, in component 1.
    Name,
    /// An address (XAD): street, city, county and the rest emptied, state and country kept, the
    /// ZIP code cut to three digits.
    Address,
    /// Emptied (telephone numbers, county codes, birthplace).
    Remove(Category),
    /// Identifiers (CX, or a plain number): component 1 of each repetition by its token.
    Id(Category),
    /// A date or timestamp: component 1 of each repetition.
    Date,
    /// The birth date.
    BirthDate,
    /// Free text: identifiers found are redacted.
    Text,
}

/// The field `n` of segment `id`, when it holds an identifier or free text. Field numbers are
/// those of HL7 Version 2.5.1: PID, PD1, NK1, PV1 and MRG from chapter 3 (Patient
/// Administration), GT1, IN1 and IN2 from chapter 6 (Financial Management). Safe Harbor counts
/// the identifiers of the patient's relatives, employers and household members too (45 CFR
/// 164.514(b)(2)(i)), so a next of kin's, a guarantor's, an insured's and an employer's are
/// treated as the patient's.
fn op(id: &str, n: usize, value_type: &str) -> Option<Op> {
    use Category::{Account, Geographic, HealthPlan, Licence, Mrn, Name as PersonName, Other, Phone, Ssn};
    use Op::*;
    Some(match (id, n) {
        // PID-2 patient ID, PID-4 alternate patient ID, PID-21 mother's identifier; PID-3 the
        // identifier list (MRN); PID-18 patient account number; PID-19 SSN; PID-20 driver's licence.
        ("PID", 2 | 4 | 21) => Id(Other),
        ("PID", 3) => Id(Mrn),
        ("PID", 18) => Id(Account),
        ("PID", 19) => Id(Ssn),
        ("PID", 20) => Id(Licence),
        // PID-5 name, -6 mother's maiden name, -9 alias; -7 birth date; -11 address; -12 county,
        // -23 birthplace; -13/-14 home and business phones; -29 death date.
        ("PID", 5 | 6 | 9) => Name,
        ("PID", 7) => BirthDate,
        ("PID", 11) => Address,
        ("PID", 12 | 23) => Remove(Geographic),
        ("PID", 13 | 14) => Remove(Phone),
        ("PID", 29) => Date,
        // PD1-10 duplicate patient (another record's identifiers); PD1-13, -17, -18 dates.
        ("PD1", 10) => Id(Mrn),
        ("PD1", 13 | 17 | 18) => Date,
        // NK1-2 name, -26 mother's maiden name, -30 contact person's name; -4 and -32 addresses;
        // -5, -6, -31 phones; -8/-9 start and end dates; -12 employee number, -33 identifiers;
        // -16 birth date; -37 SSN; -38 birthplace.
        ("NK1", 2 | 26 | 30) => Name,
        ("NK1", 4 | 32) => Address,
        ("NK1", 5 | 6 | 31) => Remove(Phone),
        ("NK1", 8 | 9) => Date,
        ("NK1", 12 | 33) => Id(Other),
        ("NK1", 16) => BirthDate,
        ("NK1", 37) => Id(Ssn),
        ("NK1", 38) => Remove(Geographic),
        // PV1-19 visit number, PV1-50 alternate visit ID; -44/-45 admit and discharge times.
        ("PV1", 19 | 50) => Id(Account),
        ("PV1", 44 | 45) => Date,
        // GT1-2 guarantor number; -3 name, -4 spouse's name, -16 employer's name, -42 mother's
        // maiden name, -45 contact person's name; -21 and -51 organisation names (an employer);
        // -5 and -17 addresses; -6, -7, -18, -46 phones; -8 birth date; -12 SSN; -13, -14, -24,
        // -31, -32 dates; -19 employee and -29 employer ID numbers.
        ("GT1", 2) => Id(Account),
        ("GT1", 3 | 4 | 16 | 42 | 45) => Name,
        ("GT1", 21 | 51) => Remove(PersonName),
        ("GT1", 5 | 17) => Address,
        ("GT1", 6 | 7 | 18 | 46) => Remove(Phone),
        ("GT1", 8) => BirthDate,
        ("GT1", 12) => Id(Ssn),
        ("GT1", 13 | 14 | 24 | 31 | 32) => Date,
        ("GT1", 19 | 29) => Id(Other),
        // IN1-8 group number, -36 policy number, -49 insured's ID number; -10 insured's group
        // employer ID, -11 its name; -16 name of insured; -18 insured's birth date; -19 and -44
        // insured's and insured's employer's addresses; -52 insured's birthplace; -12, -13,
        // -24, -26, -29, -51 dates.
        ("IN1", 8 | 36 | 49) => Id(HealthPlan),
        ("IN1", 10) => Id(Other),
        ("IN1", 11) => Remove(PersonName),
        ("IN1", 16) => Name,
        ("IN1", 18) => BirthDate,
        ("IN1", 19 | 44) => Address,
        ("IN1", 52) => Remove(Geographic),
        ("IN1", 12 | 13 | 24 | 26 | 29 | 51) => Date,
        // IN2-1 insured's employee ID, -10 military ID; -2 insured's SSN; -6 Medicare and -8
        // Medicaid numbers, -26 payor subscriber ID, -61 patient member number; -7 Medicaid case
        // name, -9 military sponsor's name, -40 mother's maiden name, -49 employer contact's and
        // -52 insured's contact's names; -50, -53, -63, -64 phones; -17, -44, -45, -55, -56 dates.
        ("IN2", 1 | 10) => Id(Other),
        ("IN2", 2) => Id(Ssn),
        ("IN2", 6 | 8 | 26 | 61) => Id(HealthPlan),
        ("IN2", 7 | 9 | 40 | 49 | 52) => Name,
        ("IN2", 50 | 53 | 63 | 64) => Remove(Phone),
        ("IN2", 17 | 44 | 45 | 55 | 56) => Date,
        // MRG-1 prior identifier list (MRNs), -2 prior alternate ID, -4 prior patient ID; -3
        // prior account number, -5 prior visit number, -6 prior alternate visit ID; -7 prior name.
        ("MRG", 1) => Id(Mrn),
        ("MRG", 2 | 4) => Id(Other),
        ("MRG", 3 | 5 | 6) => Id(Account),
        ("MRG", 7) => Name,
        ("MSH", 7) | ("EVN", 2 | 6) | ("PV2", 8 | 9) => Date,
        ("OBR", 7 | 8 | 14 | 22) | ("OBX", 14 | 19) | ("ORC", 9 | 15) | ("DG1", 5 | 19) | ("PR1", 5) => Date,
        ("AL1", 6) | ("SPM", 17 | 18) | ("RXA", 3 | 4) | ("TQ1", 7 | 8) | ("FT1", 4 | 5) => Date,
        ("NTE", 3) | ("OBR", 13) | ("DG1", 4) | ("PR1", 4) | ("AL1", 5) => Text,
        ("OBX", 5) if matches!(value_type, "ST" | "TX" | "FT") => Text,
        _ if id.starts_with('Z') && n > 1 => Text,
        _ => return None,
    })
}

/// Categories a whole component is recognised as wherever it stands.
const STRUCTURED: &[Category] =
    &[Category::Phone, Category::Fax, Category::Email, Category::Ssn, Category::Url, Category::Ip];

/// The HL7 v2 copy being written.
#[derive(Default)]
pub struct Hl7Writer {
    /// Input not yet split into lines.
    pending: Vec<u8>,
    /// The message being held: each line with the bytes that ended it.
    message: Vec<(Vec<u8>, Vec<u8>)>,
    latin1: bool,
}

impl Hl7Writer {
    /// Takes the complete lines of `pending` (all of it at the end).
    fn lines(&mut self, at_end: bool, session: &mut Session, sink: &mut Vec<u8>) {
        let mut start = 0;
        let mut i = 0;
        let bytes = std::mem::take(&mut self.pending);
        while i < bytes.len() {
            if matches!(bytes[i], b'\r' | b'\n' | 0x1c) {
                let mut end = i + 1;
                while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n' | 0x1c) {
                    end += 1;
                }
                if end == bytes.len() && !at_end {
                    break; // a CR may be followed by an LF in the next chunk
                }
                self.line(bytes[start..i].to_vec(), bytes[i..end].to_vec(), session, sink);
                start = end;
                i = end;
            } else {
                i += 1;
            }
        }
        if at_end && start < bytes.len() {
            self.line(bytes[start..].to_vec(), Vec::new(), session, sink);
        } else {
            self.pending = bytes[start..].to_vec();
        }
    }

    fn line(&mut self, line: Vec<u8>, end: Vec<u8>, session: &mut Session, sink: &mut Vec<u8>) {
        let body = line.strip_prefix(b"\x0b").unwrap_or(&line);
        if body.starts_with(b"MSH") {
            self.flush(session, sink);
        }
        self.message.push((line, end));
    }

    /// Writes the message held.
    fn flush(&mut self, session: &mut Session, sink: &mut Vec<u8>) {
        let message = std::mem::take(&mut self.message);
        if message.is_empty() {
            return;
        }
        let texts: Vec<String> = message.iter().map(|(l, _)| self.decode(l)).collect();
        let msh = texts.iter().find(|t| t.trim_start_matches('\x0b').starts_with("MSH"));
        let d = msh.and_then(|m| Delimiters::from_msh(m.trim_start_matches('\x0b')).ok()).unwrap_or_default();
        let patient = texts
            .iter()
            .find(|t| t.starts_with("PID"))
            .and_then(|pid| pid.split(d.field).nth(3))
            .map(|f| {
                f.split(d.repetition).next().unwrap_or("").split(d.component).next().unwrap_or("").to_string()
            })
            .unwrap_or_default();
        // The patient's segments first, so that their identifiers are known wherever the
        // message repeats them (a query's QPD before PID, an order number that is the MRN).
        let mut known = Known::default();
        let is_pid = |t: &str| t.trim_start_matches(['\x0b', ' ', '\t']).starts_with("PID");
        let mut copies: Vec<Option<String>> =
            texts.iter().map(|t| is_pid(t).then(|| segment(t, &d, &patient, &mut known, session))).collect();
        for (text, copy) in texts.iter().zip(copies.iter_mut()) {
            if copy.is_none() {
                *copy = Some(segment(text, &d, &patient, &mut known, session));
            }
        }
        for (copy, (_, end)) in copies.iter().zip(&message) {
            self.encode(copy.as_deref().unwrap_or(""), sink);
            sink.extend_from_slice(end);
        }
    }

    fn decode(&mut self, line: &[u8]) -> String {
        match std::str::from_utf8(line) {
            Ok(s) => s.to_string(),
            Err(_) => {
                self.latin1 = true;
                line.iter().map(|&b| b as char).collect()
            }
        }
    }

    fn encode(&self, text: &str, sink: &mut Vec<u8>) {
        if self.latin1 {
            sink.extend(text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')));
        } else {
            sink.extend_from_slice(text.as_bytes());
        }
    }
}

/// `text` escaped for a field of a message with delimiters `d`.
fn escape(text: &str, d: &Delimiters) -> String {
    let Some(esc) = d.escape else {
        return text.replace([d.field, d.component, d.repetition, d.subcomponent], " ");
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let seq = match c {
            _ if c == esc => "E",
            _ if c == d.field => "F",
            _ if c == d.component => "S",
            _ if c == d.repetition => "R",
            _ if c == d.subcomponent => "T",
            '\n' => ".br",
            '\r' => continue,
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(esc);
        out.push_str(seq);
        out.push(esc);
    }
    out
}

/// The copy of one segment.
fn segment(text: &str, d: &Delimiters, patient: &str, known: &mut Known, session: &mut Session) -> String {
    // An MLLP start block or blanks before the segment id are kept as they are.
    let body = text.trim_start_matches(['\x0b', ' ', '\t']);
    let frame = &text[..text.len() - body.len()];
    let mut fields: Vec<String> = body.split(d.field).map(str::to_string).collect();
    let id = fields.first().cloned().unwrap_or_default();
    if id.len() != 3 {
        // Not a segment (a line broken inside a field): all of it is free text.
        return free_text(session, text, known, patient, "(line that is not a segment)");
    }
    // MSH-1 is the separator itself: MSH-n is at index n - 1.
    let shift = usize::from(id == "MSH");
    let value_type = if id == "OBX" {
        fields.get(2).map(|f| f.trim().to_string()).unwrap_or_default()
    } else {
        String::new()
    };
    let mut free = Vec::new();
    #[allow(clippy::needless_range_loop)] // fields[i] is rewritten, and i names the field
    for i in 1..fields.len() {
        let n = i + shift;
        if id == "MSH" && n <= 2 {
            continue;
        }
        let Some(op) = op(&id, n, &value_type) else {
            // Only a field with a digit can hold what [`generic`] replaces.
            if fields[i].bytes().any(|b| b.is_ascii_digit()) {
                fields[i] = generic(&fields[i], d, patient, &format!("{id}-{n}"), known, session);
            }
            continue;
        };
        let place = format!("{id}-{n}");
        if op == Op::Text {
            free.push(i);
            continue;
        }
        fields[i] = field(&fields[i], op, d, patient, &place, known, session);
    }
    for i in free {
        let place = format!("{id}-{}", i + shift);
        let reps: Vec<String> = fields[i]
            .split(d.repetition)
            .map(|rep| {
                let plain = unescape(rep, d);
                let copy = free_text(session, &plain, known, patient, &place);
                if copy == plain {
                    rep.to_string()
                } else {
                    escape(&copy, d)
                }
            })
            .collect();
        fields[i] = reps.join(&d.repetition.to_string());
    }
    format!("{frame}{}", fields.join(&d.field.to_string()))
}

/// Component `c` (1-based) of a repetition.
fn comps(rep: &str, d: &Delimiters) -> Vec<String> {
    rep.split(d.component).map(str::to_string).collect()
}

/// The copy of a field that `op` says holds identifiers.
fn field(
    raw: &str,
    op: Op,
    d: &Delimiters,
    patient: &str,
    place: &str,
    known: &mut Known,
    session: &mut Session,
) -> String {
    if raw.trim().is_empty() || raw == "\"\"" {
        return raw.to_string();
    }
    let rep_sep = d.repetition.to_string();
    let comp_sep = d.component.to_string();
    let reps = raw.split(d.repetition).map(|rep| {
        if rep.is_empty() {
            return String::new();
        }
        let mut c = comps(rep, d);
        match op {
            Op::Name => {
                let plain = unescape(&rep.replace([d.component, d.subcomponent], " "), d).trim().to_string();
                let token = session.identifier(Category::Name, &plain, place);
                for part in c.iter().take(3) {
                    let part = unescape(part.split(d.subcomponent).next().unwrap_or(""), d);
                    known.add_name(&part, &token);
                }
                let keep_type = c.get(6).cloned().unwrap_or_default();
                let mut out = vec![token];
                if !keep_type.is_empty() {
                    out.extend([
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        keep_type,
                    ]);
                }
                out.join(&comp_sep)
            }
            Op::Address => {
                for (i, part) in c.iter().enumerate().take(3) {
                    if !part.is_empty() {
                        session.removed(Category::Geographic, &unescape(part, d), place);
                        if i < 3 {
                            known.add(Category::Geographic, &unescape(part, d), "[ADDR]");
                        }
                    }
                }
                let zip = c.get(4).map(|z| session.zip(z, place)).unwrap_or_default();
                let mut out = vec![String::new(), String::new(), String::new()];
                out.push(c.get(3).cloned().unwrap_or_default());
                out.push(zip);
                out.push(c.get(5).cloned().unwrap_or_default());
                out.push(c.get(6).cloned().unwrap_or_default());
                while out.last().is_some_and(String::is_empty) {
                    out.pop();
                }
                out.join(&comp_sep)
            }
            Op::Remove(category) => {
                session.removed(category, &unescape(rep, d), place);
                String::new()
            }
            Op::Id(category) => {
                let value = unescape(c[0].split(d.subcomponent).next().unwrap_or(""), d).into_owned();
                if !value.trim().is_empty() {
                    let token = session.identifier(category, &value, place);
                    known.add(category, &value, &token);
                    c[0] = token;
                }
                c.join(&comp_sep)
            }
            Op::Date | Op::BirthDate => {
                c[0] = if op == Op::BirthDate {
                    session.birth_date(&c[0], patient, place)
                } else {
                    session.date(&c[0], patient, place)
                };
                c.join(&comp_sep)
            }
            Op::Text => rep.to_string(),
        }
    });
    reps.collect::<Vec<_>>().join(&rep_sep)
}

/// A field no rule names: any component that is a date of a day or finer (eight digits or
/// more) is treated as a date, and one that is exactly a known identifier of the message (an
/// order number that is the MRN) becomes its token.
fn generic(
    raw: &str,
    d: &Delimiters,
    patient: &str,
    place: &str,
    known: &Known,
    session: &mut Session,
) -> String {
    if !raw.bytes().any(|b| b.is_ascii_digit()) {
        return raw.to_string();
    }
    let is_day_date = |s: &str| {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        digits >= 8 && dates::is_date(s)
    };
    // A component that is wholly a telephone number, an e-mail address, an SSN… (a guarantor's
    // employer's phone in GT1-61): its category in brackets.
    let structured = |s: &str| {
        let s = s.trim();
        // What can be wholly one of them: seven digits or more (a phone, an SSN), an `@`, a
        // `:` (a URL, an IPv6 address) or three dots (an IPv4 address).
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        let dots = s.bytes().filter(|&b| b == b'.').count();
        if digits < 7 && dots < 3 && !s.contains(['@', ':']) && !s.starts_with("www.") {
            return None;
        }
        detect::find(s)
            .into_iter()
            .find(|h| h.range == (0..s.len()) && STRUCTURED.contains(&h.category))
            .map(|h| h.category)
    };
    let parts = || raw.split([d.repetition, d.component, d.subcomponent]);
    if !parts().any(|s| is_day_date(s) || known.replacement_for(s).is_some() || structured(s).is_some()) {
        return raw.to_string();
    }
    let rep_sep = d.repetition.to_string();
    raw.split(d.repetition)
        .map(|rep| {
            rep.split(d.component)
                .map(|comp| {
                    comp.split(d.subcomponent)
                        .map(|s| match (known.replacement_for(s), structured(s)) {
                            (Some(token), _) => token.to_string(),
                            (None, Some(category)) => {
                                session.removed(category, s, place);
                                format!("[{}]", category.token_prefix())
                            }
                            (None, None) if is_day_date(s) => session.date(s, patient, place),
                            (None, None) => s.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(&d.subcomponent.to_string())
                })
                .collect::<Vec<_>>()
                .join(&d.component.to_string())
        })
        .collect::<Vec<_>>()
        .join(&rep_sep)
}

impl Writer for Hl7Writer {
    fn write(&mut self, chunk: &[u8], session: &mut Session, sink: &mut Vec<u8>) {
        self.pending.extend_from_slice(chunk);
        self.lines(false, session, sink);
    }

    fn finish(&mut self, session: &mut Session, sink: &mut Vec<u8>) -> Result<(), String> {
        self.lines(true, session, sink);
        self.flush(session, sink);
        Ok(())
    }
}
