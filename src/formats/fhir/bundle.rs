//! The resources of a JSON document (one resource, a Bundle, or an array of resources), and the
//! Bundle-wide checks, entry by entry: duplicate fullUrls and references that do not resolve.

use super::json::{Node, Value};
use super::{at, Resource};
use crate::model::Location;
use crate::rules::fhir::{
    duplicate_full_url::DUPLICATE_FULL_URL, unresolved_reference::UNRESOLVED_REFERENCE,
};
use crate::rules::Checker;
use std::collections::HashMap;

/// The resources in `root` (pointer `base`): an array's items, a Bundle and its entries'
/// resources (nested Bundles' too), or `root`.
pub fn resources<'a>(root: &'a Node, base: &str) -> Vec<Resource<'a>> {
    let mut out = Vec::new();
    match &root.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                out.extend(resources(item, &format!("{base}/{i}")));
            }
        }
        _ if is_bundle(root) => {
            out.push(Resource::new(root, base.to_string()));
            for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                entry_resources(entry, &format!("{base}/entry/{i}"), &mut out);
            }
        }
        _ => out.push(Resource::new(root, base.to_string())),
    }
    out
}

/// The resources of one Bundle entry at `pointer`: its resource, or a nested Bundle's.
pub fn entry_resources<'a>(entry: &'a Node, pointer: &str, out: &mut Vec<Resource<'a>>) {
    let Some(resource) = entry.get("resource") else { return };
    let full_url = entry.get("fullUrl").and_then(Node::as_str);
    let pointer = format!("{pointer}/resource");
    if is_bundle(resource) {
        out.extend(resources(resource, &pointer));
    } else {
        out.push(Resource { node: resource, pointer, full_url });
    }
}

pub fn is_bundle(node: &Node) -> bool {
    node.get("resourceType").and_then(Node::as_str) == Some("Bundle")
}

/// A reference that led to no entry before it, looked up again when the Bundle ends.
struct PendingReference {
    reference: String,
    at: Location,
}

/// The Bundle-wide checks, fed one entry at a time: fullUrls repeated by a later entry, and
/// references that lead to no entry.
///
/// References are resolved against the entries seen so far; those that do not resolve yet (a
/// reference to a later entry) wait for the end, so memory holds the Bundle's targets and its
/// forward references, not its entries.
#[derive(Default)]
pub struct BundleCheck {
    /// fullUrls and `Type/id`s of the entries so far; for a fullUrl, the first entry with it
    /// and the line of that fullUrl.
    targets: HashMap<String, Option<(usize, u64)>>,
    /// Entries repeating an earlier entry's fullUrl: the message and where.
    repeated: Vec<(String, Location)>,
    pending: Vec<PendingReference>,
}

impl BundleCheck {
    /// Takes in entry `index` (at `pointer`) and the resources it holds.
    pub fn entry(&mut self, index: usize, entry: &Node, pointer: &str, resources: &[Resource]) {
        if let Some(url_node) = entry.get("fullUrl") {
            if let Some(url) = url_node.as_str() {
                match self.targets.get_mut(url) {
                    Some(Some((first, line))) => {
                        let msg =
                            format!("fullUrl {url:?} is also the fullUrl of entry {first} (line {line})");
                        self.repeated.push((msg, at(&format!("{pointer}/fullUrl"), url_node)));
                    }
                    Some(slot) => *slot = Some((index, url_node.line)),
                    None => {
                        self.targets.insert(url.to_string(), Some((index, url_node.line)));
                    }
                }
            }
        }
        for r in resources {
            for key in r.keys() {
                self.targets.entry(key).or_insert(None);
            }
        }
        for r in resources.iter().filter(|r| !is_bundle(r.node)) {
            let mut refs = Vec::new();
            collect_references(r.node, &r.pointer, &mut refs);
            for (reference, node, pointer) in refs {
                if !self.resolved_already(reference) {
                    self.pending
                        .push(PendingReference { reference: reference.to_string(), at: at(&pointer, node) });
                }
            }
        }
    }

    /// True when `reference` resolves whatever follows: it is local (`#id`) or absolute, or it
    /// leads to an entry seen already.
    fn resolved_already(&self, reference: &str) -> bool {
        let local_or_absolute =
            !reference.starts_with("urn:") && (reference.starts_with('#') || reference.contains("://"));
        local_or_absolute || self.leads_to_entry(reference)
    }

    fn leads_to_entry(&self, reference: &str) -> bool {
        self.targets.contains_key(reference)
            || (!reference.starts_with("urn:")
                && type_and_id(reference).is_some_and(|k| self.targets.contains_key(&k)))
    }

    /// The Bundle `root` ended: reports repeated fullUrls (not in a history Bundle, where one
    /// resource appears once per version) and references that lead to no entry: `urn:`
    /// references always, relative `Type/id` references in collection and document Bundles
    /// (elsewhere they may mean a server).
    pub fn finish(mut self, root: &Node, cx: &mut Checker) {
        let kind = root.get("type").and_then(Node::as_str);
        if kind != Some("history") {
            for (msg, at) in std::mem::take(&mut self.repeated) {
                cx.emit(&DUPLICATE_FULL_URL, at, msg);
            }
        }
        let self_contained = matches!(kind, Some("collection" | "document"));
        for p in std::mem::take(&mut self.pending) {
            let resolves = if p.reference.starts_with("urn:") {
                self.targets.contains_key(&p.reference)
            } else {
                !self_contained || self.leads_to_entry(&p.reference)
            };
            if !resolves {
                let msg = format!("reference {:?} matches no entry of this Bundle", p.reference);
                cx.emit(&UNRESOLVED_REFERENCE, p.at, msg);
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
