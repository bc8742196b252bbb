//! Code systems by their FHIR system URI, and picking the coding recordlint checks.

use super::json::Node;
use super::pointer;
use crate::model::{Code, CodeSystem, Field};
use std::cell::RefCell;

/// The code system a FHIR `system` URI names (`Other` for any system recordlint does not check).
/// An input names a handful of systems thousands of times: the last few URIs resolved are
/// remembered, so that most look-ups are one comparison.
pub fn code_system(uri: &str) -> CodeSystem {
    /// URIs remembered per thread.
    const KEPT: usize = 8;
    thread_local! {
        static RECENT: RefCell<(Vec<(String, CodeSystem)>, usize)> = const { RefCell::new((Vec::new(), 0)) };
    }
    RECENT.with(|recent| {
        let (kept, next) = &mut *recent.borrow_mut();
        if let Some((_, system)) = kept.iter().find(|(u, _)| u == uri) {
            return *system;
        }
        let system = crate::codes::system::from_fhir_uri(uri);
        if uri.len() <= 128 {
            if kept.len() < KEPT {
                kept.push((uri.to_owned(), system));
            } else {
                kept[*next] = (uri.to_owned(), system);
                *next = (*next + 1) % KEPT;
            }
        }
        system
    })
}

/// The NPI system URI.
pub const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";

/// Which system wins when a CodeableConcept has several codings (lower is preferred).
fn preference(system: CodeSystem) -> u8 {
    match system {
        CodeSystem::Icd10cm => 0,
        CodeSystem::Icd10pcs => 1,
        CodeSystem::Cpt | CodeSystem::Hcpcs => 2,
        CodeSystem::Icd10 => 3,
        CodeSystem::Loinc => 4,
        CodeSystem::Ndc | CodeSystem::Npi | CodeSystem::Rxnorm => 5,
        CodeSystem::Snomed => 6,
        CodeSystem::Other | CodeSystem::Unrecognized => 7,
    }
}

/// The text of a string or number value, located.
pub fn field(node: &Node, pointer: String) -> Option<Field> {
    let text = match &node.value {
        super::json::Value::String(s) => s.to_string(),
        super::json::Value::Number(n) => n.to_string(),
        super::json::Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some(Field { text, at: crate::model::Location::Json { pointer, line: Some(node.line) } })
}

/// The code of one Coding object at `pointer`.
pub fn coding(c: &Node, pointer: &str) -> Option<Code> {
    let system = c.get("system").and_then(Node::as_str).map_or(CodeSystem::Other, code_system);
    let code = field(c.get("code")?, [pointer, "/code"].concat())?;
    Some(Code { field: code, system })
}

/// The code of a CodeableConcept at `pointer`: the coding of the most useful system (ICD-10
/// before CPT/HCPCS before LOINC before SNOMED; the first of equals), else its text as a code of
/// no known system. The coding is chosen before anything is written, so only its code is copied.
pub fn codeable(cc: &Node, pointer: &str) -> Option<Code> {
    let codings = cc.get("coding").map(Node::items).unwrap_or(&[]);
    let mut best: Option<(usize, CodeSystem, &Node)> = None;
    for (i, c) in codings.iter().enumerate() {
        let Some(code) = c.get("code").filter(|code| has_text(code)) else { continue };
        let system = c.get("system").and_then(Node::as_str).map_or(CodeSystem::Other, code_system);
        if best.is_none_or(|(_, b, _)| preference(system) < preference(b)) {
            best = Some((i, system, code));
        }
    }
    if let Some((i, system, code)) = best {
        return Some(Code { field: field(code, pointer::item(pointer, "/coding", i, "/code"))?, system });
    }
    let text = field(cc.get("text")?, [pointer, "/text"].concat())?;
    Some(Code { field: text, system: CodeSystem::Other })
}

/// True when [`field`] takes `node`'s text (a string, number or boolean).
fn has_text(node: &Node) -> bool {
    matches!(
        node.value,
        super::json::Value::String(_) | super::json::Value::Number(_) | super::json::Value::Bool(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fhir::json::{parse, Arena};

    #[test]
    fn prefers_icd10_over_snomed() {
        let arena = Arena::new();
        let cc = parse(
            br#"{"coding":[{"system":"http://snomed.info/sct","code":"44054006"},
                {"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]}"#,
            1,
            &arena,
        )
        .unwrap();
        let code = codeable(&cc, "/code").unwrap();
        assert_eq!((code.field.text.as_str(), code.system), ("E11.9", CodeSystem::Icd10cm));
        assert_eq!(code.field.at.to_string(), "line 2, /code/coding/1/code");
        assert_eq!(code_system("http://example.org/local"), CodeSystem::Other);
    }
}
