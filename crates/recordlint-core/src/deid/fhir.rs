//! The de-identified copy of FHIR JSON: one resource, a Bundle, or NDJSON (written line by line
//! as it is read). A resource about a person (Patient, RelatedPerson, Person) loses its names
//! (a token instead), contact points, photos and address details; identifiers of resources about
//! a patient become tokens (an NPI stays: it names the provider); every address keeps only its
//! state, country and three ZIP digits; dates become their year, or
//! are shifted; instants, which cannot hold a year alone, are removed under Safe Harbor;
//! references follow the tokens of the ids they point at; narratives are replaced, and other
//! free text is kept with the identifiers found in it redacted (and listed in the report).
//! Members keep their order; numbers keep their text.

use super::category::Category;
use super::dates;
use super::report::Method;
use super::scrub::{self, Known};
use super::session::Session;
use super::Writer;
use crate::formats::fhir::json::owned::{self as json, Node, Value};

/// The narrative every resource gets instead of its own.
const NARRATIVE: &str =
    "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Narrative removed by de-identification.</p></div>";

/// Resources about a person whose names, contact points and addresses are identifiers.
const PERSONS: &[&str] = &["Patient", "RelatedPerson", "Person"];

/// Resources about no patient: their identifiers (an NPI, an organisation's id) are kept.
const DIRECTORY: &[&str] = &[
    "Practitioner",
    "PractitionerRole",
    "Organization",
    "Location",
    "Medication",
    "Substance",
    "HealthcareService",
    "Endpoint",
    "CodeSystem",
    "ValueSet",
    "ConceptMap",
    "StructureDefinition",
    "Questionnaire",
    "Measure",
    "Library",
    "ActivityDefinition",
    "PlanDefinition",
    "CapabilityStatement",
    "SearchParameter",
    "OperationDefinition",
    "ImplementationGuide",
    "NamingSystem",
    "MedicationKnowledge",
    "InsurancePlan",
];

/// Elements of type instant: a year alone is not a valid instant.
const INSTANTS: &[&str] = &["lastUpdated", "issued", "timestamp", "recorded", "when", "valueInstant"];

/// Elements of free text kept (with identifiers redacted).
const FREE_TEXT: &[&str] = &[
    "text",
    "comment",
    "description",
    "valueString",
    "conclusion",
    "summary",
    "patientInstruction",
    "authorString",
    "title",
    "reason",
    "statusReason",
];

/// The FHIR copy being written.
#[derive(Default)]
pub struct FhirWriter {
    buf: Vec<u8>,
    /// Undecided, NDJSON (one resource a line) or one document.
    ndjson: Option<bool>,
    line: u64,
    error: Option<String>,
}

/// What a member's treatment depends on.
#[derive(Clone, Copy)]
struct Context<'a> {
    resource: &'a str,
    person: bool,
    patient: &'a str,
}

impl FhirWriter {
    fn decide(&mut self) {
        if self.ndjson.is_some() {
            return;
        }
        let text = String::from_utf8_lossy(&self.buf);
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if let (Some(first), Some(_)) = (lines.next(), lines.next()) {
            if first.starts_with('{') && json::parse(first.as_bytes(), 1).is_ok() {
                self.ndjson = Some(true);
                return;
            }
        }
        if text.contains('\n') && text.trim_start().starts_with('{') {
            // A first line that is no whole object: one document over several lines.
            let first = text.lines().next().unwrap_or("");
            if json::parse(first.trim().as_bytes(), 1).is_err() {
                self.ndjson = Some(false);
            }
        }
    }

    /// Copies the complete lines of `buf` (all of it at the end), then drops them from `buf`.
    fn ndjson_lines(&mut self, at_end: bool, session: &mut Session, sink: &mut Vec<u8>) {
        let buf = std::mem::take(&mut self.buf);
        let mut start = 0;
        while start < buf.len() {
            let end = match buf[start..].iter().position(|&b| b == b'\n') {
                Some(i) => start + i,
                None if at_end => buf.len(),
                None => break,
            };
            self.ndjson_line(&buf[start..end], session, sink);
            start = (end + 1).min(buf.len());
        }
        self.buf = buf;
        self.buf.drain(..start);
    }

    fn ndjson_line(&mut self, line: &[u8], session: &mut Session, sink: &mut Vec<u8>) {
        self.line += 1;
        let trimmed = line.strip_suffix(b"\r").unwrap_or(line);
        if trimmed.iter().all(u8::is_ascii_whitespace) {
            sink.extend_from_slice(line);
            sink.push(b'\n');
            return;
        }
        match json::parse(trimmed, self.line) {
            Ok(mut node) => {
                let mut known = Known::default();
                resource(&mut node, session, &mut known, "");
                write_node(&node, None, 0, sink);
                sink.push(b'\n');
            }
            Err(e) => {
                self.error.get_or_insert_with(|| {
                    format!("line {} is not JSON ({e}); it was left out of the copy", self.line)
                });
            }
        }
    }
}

impl Writer for FhirWriter {
    fn write(&mut self, chunk: &[u8], session: &mut Session, sink: &mut Vec<u8>) {
        self.buf.extend_from_slice(chunk);
        self.decide();
        if self.ndjson == Some(true) {
            self.ndjson_lines(false, session, sink);
        }
    }

    fn finish(&mut self, session: &mut Session, sink: &mut Vec<u8>) -> Result<(), String> {
        if self.ndjson == Some(true) {
            self.ndjson_lines(true, session, sink);
            return self.error.take().map_or(Ok(()), Err);
        }
        let bytes = std::mem::take(&mut self.buf);
        let mut node = json::parse(&bytes, 1).map_err(|e| format!("not JSON ({e}): nothing was written"))?;
        let mut known = Known::default();
        resource(&mut node, session, &mut known, "");
        write_node(&node, Some(2), 0, sink);
        sink.push(b'\n');
        Ok(())
    }
}

/// True for a resource type whose logical ids the copy replaces: one about a patient.
fn tokenised(kind: &str) -> bool {
    kind.starts_with(|c: char| c.is_ascii_uppercase())
        && kind.bytes().all(|b| b.is_ascii_alphabetic())
        && !DIRECTORY.contains(&kind)
        && kind != "Bundle"
}

/// The type and id a reference (`Patient/123`, `http://x/fhir/Encounter/123/_history/2` is not
/// one) points at, when its ids are replaced (see [`tokenised`]).
fn resource_id(reference: &str) -> Option<(&str, &str)> {
    if let Some(uuid) = reference.strip_prefix("urn:uuid:") {
        return Some(("", uuid));
    }
    let mut parts = reference.rsplitn(3, '/');
    let id = parts.next()?;
    let kind = parts.next()?;
    (tokenised(kind) && !id.is_empty()).then_some((kind, id))
}

/// The key of the patient a reference points at, for date offsets: its last segment
/// (`Patient/123` and `urn:uuid:123` are both `123`).
fn patient_key(reference: &str) -> &str {
    reference.rsplit(['/', ':']).next().unwrap_or(reference)
}

/// De-identifies one resource (and what it contains) in place.
fn resource(node: &mut Node, session: &mut Session, known: &mut Known, patient: &str) {
    let kind = node.get("resourceType").and_then(Node::as_str).unwrap_or("").to_string();
    let person = PERSONS.contains(&kind.as_str());
    let own_id = node.get("id").and_then(Node::as_str).map(str::to_string);
    let subject = ["subject", "patient", "beneficiary"]
        .iter()
        .find_map(|k| node.get(k).and_then(|r| r.get("reference")).and_then(Node::as_str))
        .map(|r| patient_key(r).to_string());
    let patient = match (&own_id, person, subject) {
        (Some(id), true, _) => id.clone(),
        (_, _, Some(id)) => id,
        _ => patient.to_string(),
    };
    if let Some(id) = own_id.as_ref().filter(|_| tokenised(&kind)) {
        let token = session.identifier(Category::Other, id, &format!("{kind}.id"));
        set_member(node, "id", Value::String(token.clone()));
        if person {
            known.add(Category::Other, id, &token);
        }
    }
    let cx = Context { resource: &kind, person, patient: &patient };
    members(node, &kind.clone(), cx, session, known);
}

fn set_member(node: &mut Node, key: &str, value: Value) {
    if let Value::Object(members) = &mut node.value {
        if let Some((_, v)) = members.iter_mut().find(|(k, _)| k == key) {
            v.value = value;
        }
    }
}

/// The category of an identifier of a resource of kind `resource`.
fn identifier_category(resource: &str, identifier: &Node) -> Category {
    let system = identifier.get("system").and_then(Node::as_str).unwrap_or("");
    let type_code = identifier
        .get("type")
        .and_then(|t| t.get("coding"))
        .and_then(|c| c.items().first())
        .and_then(|c| c.get("code"))
        .and_then(Node::as_str)
        .unwrap_or("");
    match (type_code, resource) {
        _ if system.contains("us-ssn") || type_code == "SS" => Category::Ssn,
        ("DL", _) => Category::Licence,
        ("MB" | "SN" | "MC" | "MA", _) | (_, "Coverage") => Category::HealthPlan,
        ("AN" | "VN", _) | (_, "Encounter" | "Account" | "Claim" | "ExplanationOfBenefit" | "ChargeItem") => {
            Category::Account
        }
        (_, "Device") => Category::Device,
        ("MR", _) | (_, "Patient") => Category::Mrn,
        _ => Category::Other,
    }
}

/// De-identifies the members of an object at `path` (element names joined by `.`).
fn members(node: &mut Node, path: &str, cx: Context, session: &mut Session, known: &mut Known) {
    let Value::Object(items) = &mut node.value else { return };
    let about_patient = !DIRECTORY.contains(&cx.resource);
    let mut keep = Vec::with_capacity(items.len());
    for (key, mut child) in std::mem::take(items) {
        let at = format!("{path}.{key}");
        let drop = match key.as_ref() {
            // A transaction's search strings may name an identifier (`identifier=…|234234`).
            "ifNoneExist" | "ifNoneMatch" => {
                free_text(&mut child, &at, cx, session, known);
                false
            }
            "url" if path.ends_with(".request") => {
                free_text(&mut child, &at, cx, session, known);
                false
            }
            "resourceType" | "system" | "code" | "url" | "profile" | "versionId" => false,
            "text" if child.get("div").is_some() => {
                set_member(&mut child, "div", Value::String(NARRATIVE.into()));
                false
            }
            "resource" if child.get("resourceType").is_some() => {
                resource(&mut child, session, known, cx.patient);
                false
            }
            "contained" => {
                for item in items_mut(&mut child) {
                    resource(item, session, known, cx.patient);
                }
                false
            }
            "name" | "valueHumanName" if cx.person || key == "valueHumanName" => {
                for name in one_or_many(&mut child) {
                    human_name(name, &at, session, known);
                }
                false
            }
            "telecom" | "valueContactPoint" if cx.person || key == "valueContactPoint" => {
                for point in one_or_many(&mut child) {
                    let value = point.get("value").and_then(Node::as_str).unwrap_or("").to_string();
                    let category = match point.get("system").and_then(Node::as_str) {
                        Some("email") => Category::Email,
                        Some("fax") => Category::Fax,
                        Some("url") => Category::Url,
                        _ => Category::Phone,
                    };
                    session.removed(category, &value, &at);
                }
                true
            }
            // Every address, a provider's too: a clinic's street and city place its patients.
            "address" | "valueAddress" => {
                for address in one_or_many(&mut child) {
                    generalise_address(address, &at, session, known);
                }
                false
            }
            "photo" if cx.person => {
                session.removed(Category::Photo, "photo", &at);
                true
            }
            "identifier" if about_patient => {
                for id in one_or_many(&mut child) {
                    let npi = id.get("system").and_then(Node::as_str).is_some_and(|s| s.contains("us-npi"));
                    if npi {
                        continue;
                    }
                    let category = identifier_category(cx.resource, id);
                    if let Some(value) = id.get("value").and_then(Node::as_str).map(str::to_string) {
                        let token = session.identifier(category, &value, &at);
                        known.add(category, &value, &token);
                        set_member(id, "value", Value::String(token));
                    }
                }
                false
            }
            "subscriberId" | "serialNumber" | "lotNumber" | "deviceIdentifier" if about_patient => {
                let category = if key == "subscriberId" { Category::HealthPlan } else { Category::Device };
                if let Some(value) = child.as_str().map(str::to_string) {
                    let token = session.identifier(category, &value, &at);
                    known.add(category, &value, &token);
                    child.value = Value::String(token);
                }
                false
            }
            "carrierHRF" | "carrierAIDC" | "data" => {
                session.removed(if key == "data" { Category::Photo } else { Category::Device }, "data", &at);
                true
            }
            "birthDate" => {
                if let Some(text) = child.as_str().map(str::to_string) {
                    child.value = Value::String(session.birth_date(&text, cx.patient, &at));
                }
                false
            }
            k if INSTANTS.contains(&k) && child.as_str().is_some_and(dates::is_iso_date) => {
                match session.method() {
                    Method::SafeHarbor => {
                        session.removed(Category::Date, child.as_str().unwrap_or(""), &at);
                        true
                    }
                    Method::DateShift => {
                        let text = child.as_str().unwrap_or("").to_string();
                        child.value = Value::String(session.date(&text, cx.patient, &at));
                        false
                    }
                }
            }
            "reference" | "fullUrl" => {
                if let Some(text) = child.as_str().map(str::to_string) {
                    if let Some((_, id)) = resource_id(&text) {
                        let token = session.tokens.token(Category::Other, id);
                        let prefix = &text[..text.len() - id.len()];
                        child.value = Value::String(format!("{prefix}{token}"));
                    }
                }
                false
            }
            k if about_patient
                && (FREE_TEXT.contains(&k) || (k == "display" && node_has_reference(&keep))) =>
            {
                free_text(&mut child, &at, cx, session, known);
                false
            }
            _ => false,
        };
        if drop {
            continue;
        }
        match &mut child.value {
            Value::String(s) if about_patient && dates::is_iso_date(s) => {
                let text = s.clone();
                child.value = Value::String(session.date(&text, cx.patient, &at));
            }
            Value::Object(_) if key != "resource" => members(&mut child, &at, cx, session, known),
            Value::Array(_) if key != "contained" => {
                for item in items_mut(&mut child) {
                    match &item.value {
                        Value::Object(_) => members(item, &at, cx, session, known),
                        Value::String(s) if about_patient && dates::is_iso_date(s) => {
                            let text = s.clone();
                            item.value = Value::String(session.date(&text, cx.patient, &at));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        keep.push((key, child));
    }
    *items = keep;
}

/// True when the members kept so far include a `reference` (a Reference's `display` follows it).
fn node_has_reference(kept: &[(json::Key, Node)]) -> bool {
    kept.iter().any(|(k, _)| k == "reference")
}

fn items_mut(node: &mut Node) -> Vec<&mut Node> {
    match &mut node.value {
        Value::Array(items) => items.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// The items of an array, or the object itself.
fn one_or_many(node: &mut Node) -> Vec<&mut Node> {
    if node.is_object() {
        return vec![node];
    }
    items_mut(node)
}

/// A HumanName: its family becomes the name's token; given names, prefixes, suffixes and the
/// text are removed.
fn human_name(name: &mut Node, at: &str, session: &mut Session, known: &mut Known) {
    let mut words = Vec::new();
    if let Some(t) = name.get("text").and_then(Node::as_str) {
        words.push(t.to_string());
    }
    for key in ["given", "family"] {
        match name.get(key).map(|n| &n.value) {
            Some(Value::String(s)) => words.push(s.clone()),
            Some(Value::Array(items)) => {
                words.extend(items.iter().filter_map(Node::as_str).map(str::to_string))
            }
            _ => {}
        }
    }
    let whole = words.join(" ");
    if whole.trim().is_empty() {
        return;
    }
    let token = session.identifier(Category::Name, &whole, at);
    for w in &words {
        known.add_name(w, &token);
    }
    if let Value::Object(members) = &mut name.value {
        members.retain(|(k, _)| matches!(k.as_ref(), "use" | "period" | "family" | "extension"));
        match members.iter_mut().find(|(k, _)| k == "family") {
            Some((_, v)) => v.value = Value::String(token),
            None => members.push(("family".into(), Node { value: Value::String(token), line: name.line })),
        }
    }
}

/// An Address: lines, city, district and text removed, the ZIP code cut to three digits.
fn generalise_address(address: &mut Node, at: &str, session: &mut Session, known: &mut Known) {
    let line = address.line;
    let Value::Object(members) = &mut address.value else { return };
    let mut kept = Vec::new();
    for (k, mut v) in std::mem::take(members) {
        match k.as_ref() {
            "line" | "city" | "district" | "text" => {
                let texts: Vec<String> = match &v.value {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(items) => {
                        items.iter().filter_map(Node::as_str).map(str::to_string).collect()
                    }
                    _ => Vec::new(),
                };
                for t in texts {
                    session.removed(Category::Geographic, &t, at);
                    known.add(Category::Geographic, &t, "[ADDR]");
                }
            }
            "postalCode" => {
                if let Some(zip) = v.as_str().map(str::to_string) {
                    let short = session.zip(&zip, at);
                    if !short.is_empty() {
                        v.value = Value::String(short);
                        kept.push((k, v));
                    }
                }
            }
            _ => kept.push((k, v)),
        }
    }
    let _ = line;
    *members = kept;
}

/// Free text: a string, or the strings of an array or of a CodeableConcept's `text`.
fn free_text(node: &mut Node, at: &str, cx: Context, session: &mut Session, known: &Known) {
    let place = at.to_string();
    match &mut node.value {
        Value::String(s) => {
            let text = s.clone();
            *s = scrub::free_text(session, &text, known, cx.patient, &place);
        }
        Value::Array(items) => {
            for item in items {
                if let Value::String(s) = &mut item.value {
                    let text = s.clone();
                    *s = scrub::free_text(session, &text, known, cx.patient, &place);
                }
            }
        }
        _ => {}
    }
}

/// Writes `node` as JSON: pretty with `indent` spaces, or compact.
pub fn write_node(node: &Node, indent: Option<usize>, depth: usize, out: &mut Vec<u8>) {
    let newline = |out: &mut Vec<u8>, depth: usize| {
        if let Some(n) = indent {
            out.push(b'\n');
            out.extend(std::iter::repeat_n(b' ', n * depth));
        }
    };
    match &node.value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, depth + 1);
                write_node(item, indent, depth + 1, out);
            }
            if !items.is_empty() {
                newline(out, depth);
            }
            out.push(b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, depth + 1);
                write_string(k, out);
                out.push(b':');
                if indent.is_some() {
                    out.push(b' ');
                }
                write_node(v, indent, depth + 1, out);
            }
            if !members.is_empty() {
                newline(out, depth);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}
