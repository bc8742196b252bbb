//! The free-text and descriptive elements of a resource, wherever the walk ([`super::walk`])
//! finds them: its narrative
//! (`text.div`) unless the narrative says it is generated from the resource's own elements
//! (`text.status` `generated`, `extensions` or `empty`: a rendering, not text of its own), annotations (`note[].text`), address lines (`address[].line[]`) and a
//! Condition's words (`code.text`).

use super::coding::field;
use super::json::Node;
use super::pointer::{self, Pointer};
use crate::model::{Text, TextKind};

/// A Condition's words (`code.text`), after the texts of the walk.
pub fn condition_words(node: &Node, pointer: &str, out: &mut Vec<Text>) {
    if node.get("resourceType").and_then(Node::as_str) == Some("Condition") {
        if let Some(text) = node.get("code").and_then(|c| c.get("text")) {
            push(Some(text), || [pointer, "/code/text"].concat(), TextKind::DiagnosisText, out);
        }
    }
}

/// The text of `node`, unless blank, at the pointer `pointer` writes out.
fn push(node: Option<&Node>, pointer: impl FnOnce() -> String, kind: TextKind, out: &mut Vec<Text>) {
    if let Some(field) = node.and_then(|n| field(n, pointer())).filter(|f| !f.is_blank()) {
        out.push(Text { field, kind });
    }
}

/// True for a narrative whose status says it shows only the resource's own elements.
fn rendering(narrative: &Node) -> bool {
    matches!(narrative.get("status").and_then(Node::as_str), Some("generated" | "extensions" | "empty"))
}

/// True when member `key` of an object may hold texts: a narrative of its own, notes, addresses.
pub fn holds_text(key: &str, child: &Node) -> bool {
    match key {
        "text" => child.get("div").is_some() && !rendering(child),
        "note" | "address" => true,
        _ => false,
    }
}

/// The texts of member `key` (one [`holds_text`] accepts), at `p`.
pub fn push_member(key: &str, child: &Node, p: &Pointer, out: &mut Vec<Text>) {
    match key {
        "text" => push(child.get("div"), || p.text_of("div"), TextKind::Narrative, out),
        "note" => {
            for (i, n) in child.items().iter().enumerate() {
                push(n.get("text"), || pointer::item(&p.text(), "", i, "/text"), TextKind::Note, out);
            }
        }
        "address" => {
            let one = std::slice::from_ref(child);
            let items = if child.is_object() { one } else { child.items() };
            for (i, a) in items.iter().enumerate() {
                let lines = a.get("line").map(Node::items).unwrap_or(&[]);
                if lines.is_empty() {
                    continue;
                }
                let base = if child.is_object() { p.text() } else { pointer::item(&p.text(), "", i, "") };
                for (j, line) in lines.iter().enumerate() {
                    push(Some(line), || pointer::item(&base, "/line", j, ""), TextKind::Address, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fhir::json::{parse, Arena};

    #[test]
    fn narrative_notes_addresses_and_condition_words() {
        let arena = Arena::new();
        let json = r#"{"resourceType":"Condition","text":{"status":"additional","div":"<div>x</div>"},
            "code":{"text":"Diabetes"},"note":[{"text":"call 555-123-4567"}],
            "contained":[{"resourceType":"Patient","text":{"status":"generated","div":"<div>y</div>"},
            "address":[{"line":["1 Main St"]}]}]}"#;
        let node = parse(json.as_bytes(), 1, &arena).unwrap();
        let found: Vec<_> = super::super::walk::contents(&node, "", &mut Default::default())
            .1
            .into_iter()
            .map(|t| (t.kind, t.field.text, t.field.at.to_string()))
            .collect();
        assert_eq!(
            found,
            vec![
                (TextKind::Narrative, "<div>x</div>".to_string(), "line 1, /text/div".to_string()),
                (TextKind::Note, "call 555-123-4567".into(), "line 2, /note/0/text".into()),
                (TextKind::Address, "1 Main St".into(), "line 4, /contained/0/address/0/line/0".into()),
                (TextKind::DiagnosisText, "Diabetes".into(), "line 2, /code/text".into()),
            ]
        );
    }
}
