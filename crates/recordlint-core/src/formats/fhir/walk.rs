//! One walk over a resource that hands on what the mapping takes from anywhere in it: every
//! Coding (`system` + `code`) whose system recordlint knows and every Identifier (`system` +
//! `value`) of an identifier system it knows (NPI, NDC), wherever it stands (extensions, contained
//! resources, backbone elements), and every free-text element ([`super::texts`]). The mapping
//! names a few coded elements (a Condition's code, a claim's diagnoses); this walk hands on all
//! the others, so that an NDC in a Medication or an NPI in a Practitioner is checked too.

use super::coding::{code_system, field};
use super::json::{Node, Value};
use super::pointer::Pointer;
use super::texts;
use crate::model::{Code, CodeSystem, Text};

/// Lists lent to [`contents`] and reused from one resource to the next.
#[derive(Default)]
pub struct Scratch {
    codes: Vec<Code>,
    texts: Vec<Text>,
}

/// The Codings and Identifiers below `node` (a resource at `pointer`) whose system is one
/// recordlint checks, and its texts, each in document order. A Bundle's entries are not walked:
/// each is a resource of its own.
pub fn contents(node: &Node, pointer: &str, scratch: &mut Scratch) -> (Vec<Code>, Vec<Text>) {
    let Scratch { codes, texts } = scratch;
    walk(node, &mut Pointer::new(pointer), codes, texts);
    texts::condition_words(node, pointer, texts);
    // Kept until the input ends: moved to lists of their exact length.
    (exact(codes), exact(texts))
}

/// The items of `scratch` moved to a list of their exact length, `scratch` left empty to reuse.
fn exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(scratch.len());
    out.append(scratch);
    out
}

fn walk<'a>(node: &'a Node, pointer: &mut Pointer<'a>, codes: &mut Vec<Code>, found: &mut Vec<Text>) {
    match &node.value {
        Value::Object(members) => {
            if let Some(code) = known_code(node, pointer) {
                codes.push(code);
            }
            for &(key, ref child) in *members {
                if key == "entry" && is_bundle(node) {
                    continue;
                }
                let text = texts::holds_text(key, child);
                let nested = child.is_nested();
                if !text && !nested {
                    continue;
                }
                pointer.member(key, |p| {
                    if text {
                        texts::push_member(key, child, p, found);
                    }
                    if nested {
                        walk(child, p, codes, found);
                    }
                });
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_nested() {
                    pointer.item(i, |p| walk(item, p, codes, found));
                }
            }
        }
        _ => {}
    }
}

fn is_bundle(node: &Node) -> bool {
    node.get("resourceType").and_then(Node::as_str) == Some("Bundle")
}

/// The code of a Coding, or the value of an Identifier, when `node` is one with a known system.
fn known_code(node: &Node, pointer: &Pointer) -> Option<Code> {
    let system = code_system(node.get("system")?.as_str()?);
    if matches!(system, CodeSystem::Other | CodeSystem::Unrecognized) {
        return None;
    }
    // An Identifier is checked when its system is an identifier system (NPI, NDC): a code
    // system's URI as an identifier's namespace (a ValueSet identified in `http://loinc.org`)
    // does not make its value a code.
    let (key, value) = match (node.get("code"), node.get("value")) {
        (Some(code), _) => ("code", code),
        (None, Some(value)) if matches!(system, CodeSystem::Npi | CodeSystem::Ndc) => ("value", value),
        _ => return None,
    };
    let field = field(value, pointer.text_of(key))?;
    Some(Code { field, system })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fhir::json::{parse, Arena};

    #[test]
    fn every_known_coding_and_identifier_with_its_place() {
        let arena = Arena::new();
        let node = parse(
            br#"{"resourceType": "Medication",
                "code": {"coding": [{"system": "http://hl7.org/fhir/sid/ndc", "code": "2501-813-16"},
                                    {"system": "http://example.org/local", "code": "X"}]},
                "contained": [{"resourceType": "Practitioner",
                    "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}]}],
                "extension": [{"url": "x", "valueCoding": {"system": "http://snomed.info/sct", "code": "22298006"}}],
                "amount": {"numerator": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mg"}}}"#,
            1,
            &arena,
        )
        .unwrap();
        let codes: Vec<_> = contents(&node, "/entry/0/resource", &mut Scratch::default())
            .0
            .into_iter()
            .map(|c| format!("{} {:?} {}", c.field.text, c.system, c.field.at))
            .collect();
        assert_eq!(
            codes,
            [
                "2501-813-16 Ndc line 2, /entry/0/resource/code/coding/0/code",
                "1234567893 Npi line 5, /entry/0/resource/contained/0/identifier/0/value",
                "22298006 Snomed line 6, /entry/0/resource/extension/0/valueCoding/code",
            ]
        );
    }

    #[test]
    fn an_identifier_in_a_code_systems_namespace_is_no_code() {
        let arena = Arena::new();
        let node = parse(
            br#"{"resourceType": "ValueSet", "identifier": [{"system": "http://loinc.org", "value": "http://loinc.org/ValueSet/LL357-5"}]}"#,
            1,
            &arena,
        )
        .unwrap();
        assert!(contents(&node, "", &mut Scratch::default()).0.is_empty());
    }

    #[test]
    fn a_bundles_entries_are_not_walked() {
        let arena = Arena::new();
        let node = parse(
            br#"{"resourceType": "Bundle", "identifier": {"system": "urn:oid:2.16.840.1.113883.4.6", "value": "1"},
                "entry": [{"resource": {"resourceType": "Practitioner",
                    "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}]}}]}"#,
            1,
            &arena,
        )
        .unwrap();
        let codes = contents(&node, "", &mut Scratch::default()).0;
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].field.at.to_string(), "line 1, /identifier/value");
    }
}
