//! The resources of a JSON document (one resource, a Bundle, or an array of resources), and the
//! Bundle-wide checks: duplicate fullUrls and references that do not resolve.

use super::json::{Node, Value};
use super::{at, Resource};
use crate::rules::fhir::{
    duplicate_full_url::DUPLICATE_FULL_URL, unresolved_reference::UNRESOLVED_REFERENCE,
};
use crate::rules::Checker;
use std::collections::{HashMap, HashSet};

/// The resources in `root` (pointer `base`): a Bundle's entries, an array's items, or `root`.
pub fn resources<'a>(root: &'a Node, base: &str) -> Vec<Resource<'a>> {
    let mut out = Vec::new();
    match &root.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                out.extend(resources(item, &format!("{base}/{i}")));
            }
        }
        _ if is_bundle(root) => {
            out.push(Resource { node: root, pointer: base.to_string(), full_url: None });
            for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                let Some(resource) = entry.get("resource") else { continue };
                let full_url = entry.get("fullUrl").and_then(Node::as_str);
                let pointer = format!("{base}/entry/{i}/resource");
                if is_bundle(resource) {
                    out.extend(resources(resource, &pointer));
                } else {
                    out.push(Resource { node: resource, pointer, full_url });
                }
            }
        }
        _ => out.push(Resource { node: root, pointer: base.to_string(), full_url: None }),
    }
    out
}

pub fn is_bundle(node: &Node) -> bool {
    node.get("resourceType").and_then(Node::as_str) == Some("Bundle")
}

/// Reports entries of the Bundle `root` that repeat an earlier entry's fullUrl.
pub fn check_full_urls(root: &Node, base: &str, cx: &mut Checker) {
    if root.get("type").and_then(Node::as_str) == Some("history") {
        return;
    }
    let mut seen: HashMap<&str, (usize, u64)> = HashMap::new();
    for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
        let Some(url_node) = entry.get("fullUrl") else { continue };
        let Some(url) = url_node.as_str() else { continue };
        if let Some(&(first, line)) = seen.get(url) {
            let msg = format!("fullUrl {url:?} is also the fullUrl of entry {first} (line {line})");
            cx.emit(&DUPLICATE_FULL_URL, at(&format!("{base}/entry/{i}/fullUrl"), url_node), msg);
        } else {
            seen.insert(url, (i, url_node.line));
        }
    }
}

/// Reports references in the Bundle `root` that lead to no entry: `urn:` references always,
/// relative `Type/id` references in collection and document Bundles (elsewhere, and absolute
/// URLs anywhere, may mean a server).
pub fn check_references(root: &Node, entries: &[Resource], cx: &mut Checker) {
    let self_contained = matches!(root.get("type").and_then(Node::as_str), Some("collection" | "document"));
    let mut targets: HashSet<String> = HashSet::new();
    for r in entries {
        if let Some(url) = r.full_url {
            targets.insert(url.to_string());
            targets.extend(type_and_id(url));
        }
        if let (Some(t), Some(id)) = (r.resource_type(), r.node.get("id").and_then(Node::as_str)) {
            targets.insert(format!("{t}/{id}"));
        }
    }
    for r in entries.iter().filter(|r| !super::bundle::is_bundle(r.node)) {
        let mut refs = Vec::new();
        collect_references(r.node, &r.pointer, &mut refs);
        for (reference, node, pointer) in refs {
            let resolves = if reference.starts_with("urn:") {
                targets.contains(reference)
            } else if reference.starts_with('#') || reference.contains("://") || !self_contained {
                true
            } else {
                targets.contains(reference) || type_and_id(reference).is_some_and(|k| targets.contains(&k))
            };
            if !resolves {
                let msg = format!("reference {reference:?} matches no entry of this Bundle");
                cx.emit(&UNRESOLVED_REFERENCE, at(&pointer, node), msg);
            }
        }
    }
}

/// `Patient/123` from `Patient/123`, `http://x/fhir/Patient/123` or `…/Patient/123/_history/2`.
pub fn type_and_id(reference: &str) -> Option<String> {
    let reference = reference.split("/_history/").next().unwrap_or(reference);
    let mut parts = reference.rsplit('/');
    let id = parts.next()?;
    let kind = parts.next()?;
    let looks_like_type =
        kind.starts_with(|c: char| c.is_ascii_uppercase()) && kind.bytes().all(|c| c.is_ascii_alphabetic());
    (looks_like_type && !id.is_empty()).then(|| format!("{kind}/{id}"))
}

/// Every `reference` string below `node` (contained resources and nested objects included).
fn collect_references<'a>(node: &'a Node, pointer: &str, out: &mut Vec<(&'a str, &'a Node, String)>) {
    for (key, child) in node.members() {
        let is_reference = key == "reference" && matches!(child.value, Value::String(_));
        if !is_reference && !matches!(child.value, Value::Object(_) | Value::Array(_)) {
            continue;
        }
        let child_pointer = format!("{pointer}/{}", super::json::escape_pointer(key));
        match &child.value {
            Value::String(s) if key == "reference" => out.push((s, child, child_pointer)),
            Value::Object(_) => collect_references(child, &child_pointer, out),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    collect_references(item, &format!("{child_pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_and_id_of_references() {
        assert_eq!(type_and_id("Patient/123").as_deref(), Some("Patient/123"));
        assert_eq!(type_and_id("http://h/fhir/Patient/1/_history/2").as_deref(), Some("Patient/1"));
        assert_eq!(type_and_id("urn:uuid:1234"), None);
        assert_eq!(type_and_id("123"), None);
    }
}
