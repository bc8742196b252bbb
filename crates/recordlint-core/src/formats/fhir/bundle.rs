//! The resources of a JSON document (one resource, a Bundle, or an array of resources), and the
//! Bundle-wide checks, entry by entry: duplicate fullUrls and references that do not resolve.

use super::json::{Node, Value};
use super::pointer;
use super::{at, Resource};
use crate::formats::sink::{Problem, ProblemKind};
use crate::model::Location;
use std::collections::HashMap;

/// The resources in `root` (pointer `base`): an array's items, a Bundle and its entries'
/// resources (nested Bundles' too), or `root`.
pub fn resources<'a>(root: &'a Node, base: &str) -> Vec<Resource<'a>> {
    let mut out = Vec::new();
    match &root.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                out.extend(resources(item, &pointer::item(base, "", i, "")));
            }
        }
        _ if is_bundle(root) => {
            out.push(Resource::new(root, base.to_string()));
            for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                entry_resources(entry, &pointer::item(base, "/entry", i, ""), &mut out);
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
    let pointer = [pointer, "/resource"].concat();
    if is_bundle(resource) {
        out.extend(resources(resource, &pointer));
    } else {
        let rest = entry.get("request").is_some() || entry.get("response").is_some();
        out.push(Resource { node: resource, pointer, full_url, rest });
    }
}

pub fn is_bundle(node: &Node) -> bool {
    node.get("resourceType").and_then(Node::as_str) == Some("Bundle")
}

/// A reference that led to no entry before it, looked up again when the Bundle ends.
struct PendingReference {
    reference: String,
    at: Location,
    /// The referring entry's fullUrl is a RESTful server's URL (`http://…/Observation/1`): a
    /// relative reference resolves against that server when the Bundle does not hold it.
    from_server: bool,
}

/// An earlier entry with a fullUrl: its index, the line of its fullUrl, its `meta.versionId`.
struct Seen {
    index: usize,
    line: u64,
    version: Option<String>,
}

/// The Bundle-wide checks, fed one entry at a time: fullUrls repeated by a later entry, and
/// references that lead to no entry.
///
/// References are resolved against the entries seen so far; those that do not resolve yet (a
/// reference to a later entry) wait for the end, so memory holds the Bundle's targets and its
/// forward references, not its entries. A Bundle held in an entry is checked on its own, by its
/// own type.
#[derive(Default)]
pub struct BundleCheck {
    /// fullUrls and `Type/id`s of the entries so far; for a fullUrl, the first entry with it.
    targets: HashMap<String, Option<Seen>>,
    /// Later entries with a fullUrl already seen (by that fullUrl).
    again: HashMap<String, Vec<Seen>>,
    /// Entries repeating an earlier entry's fullUrl and version: the message and where.
    repeated: Vec<(String, Location)>,
    pending: Vec<PendingReference>,
}

impl BundleCheck {
    /// Takes in entry `index` (at `pointer`) and the resources it holds (a Bundle held in the
    /// entry is checked here, whole).
    pub fn entry(
        &mut self,
        index: usize,
        entry: &Node,
        pointer: &str,
        resources: &[Resource],
        out: &mut Vec<Problem>,
    ) {
        let version = || {
            let meta = entry.get("resource")?.get("meta")?;
            meta.get("versionId")?.as_str().map(str::to_string)
        };
        if let Some(url_node) = entry.get("fullUrl") {
            if let Some(url) = url_node.as_str() {
                let seen = Seen { index, line: url_node.line, version: version() };
                match self.targets.get_mut(url) {
                    Some(Some(first)) => {
                        let again = self.again.entry(url.to_string()).or_default();
                        // bdl-7: the same fullUrl again is allowed for another version.
                        if let Some(same) =
                            std::iter::once(&*first).chain(again.iter()).find(|s| s.version == seen.version)
                        {
                            let msg = format!(
                                "fullUrl {url:?} is also the fullUrl of entry {} (line {}){}",
                                same.index,
                                same.line,
                                match &seen.version {
                                    Some(v) => format!(", with the same meta.versionId {v:?}"),
                                    None => String::new(),
                                }
                            );
                            self.repeated.push((msg, at(&[pointer, "/fullUrl"].concat(), url_node)));
                        }
                        again.push(seen);
                    }
                    Some(slot) => *slot = Some(seen),
                    None => {
                        self.targets.insert(url.to_string(), Some(seen));
                    }
                }
            }
        }
        for r in resources {
            for key in r.keys() {
                self.targets.entry(key).or_insert(None);
            }
        }
        let Some(resource) = resources.first() else { return };
        if is_bundle(resource.node) {
            check_nested(resource.node, &resource.pointer, out);
            return;
        }
        let from_server =
            resource.full_url.is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"));
        let mut refs = Vec::new();
        collect_references(resource.node, &resource.pointer, &mut refs);
        for (reference, node, pointer) in refs {
            if !self.resolved_already(reference) {
                self.pending.push(PendingReference {
                    reference: reference.to_string(),
                    at: at(&pointer, node),
                    from_server,
                });
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

    /// The Bundle `root` ended: reports repeated fullUrls of the same version (not in a history
    /// Bundle, where one resource appears once per version) and references that lead to no entry
    /// where FHIR R4 requires them to resolve, or a urn: reference where it need not (rule F106).
    pub fn finish(mut self, root: &Node, out: &mut Vec<Problem>) {
        let kind = root.get("type").and_then(Node::as_str);
        if kind != Some("history") {
            for (msg, at) in std::mem::take(&mut self.repeated) {
                out.push(Problem::new(ProblemKind::DuplicateFullUrl, at, msg));
            }
        }
        for p in std::mem::take(&mut self.pending) {
            let local = p.reference.starts_with("urn:");
            if (local && self.targets.contains_key(&p.reference))
                || (!local && self.leads_to_entry(&p.reference))
            {
                continue;
            }
            let required = match kind {
                // A document carries what it refers to (relative references in an entry from a
                // server may mean that server).
                Some("document") if local || !p.from_server => true,
                // A urn: reference means an entry of this transaction, batch or message.
                Some("transaction" | "batch" | "message") if local => true,
                // A collection, search result, history or response need not hold what it refers
                // to; a urn: reference to nothing in it is worth knowing.
                _ if local => false,
                _ => continue,
            };
            let msg = format!("reference {:?} matches no entry of this Bundle", p.reference);
            out.push(Problem::new(ProblemKind::UnresolvedReference { required }, p.at, msg));
        }
    }
}

/// Checks a Bundle held in an entry of another (at `pointer`) by its own type.
fn check_nested(bundle: &Node, pointer: &str, out: &mut Vec<Problem>) {
    let mut check = BundleCheck::default();
    for (i, entry) in bundle.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
        let entry_pointer = pointer::item(pointer, "/entry", i, "");
        let mut resources = Vec::new();
        entry_resources(entry, &entry_pointer, &mut resources);
        check.entry(i, entry, &entry_pointer, &resources, out);
    }
    check.finish(bundle, out);
}

/// `Patient/123` from `Patient/123`, `http://x/fhir/Patient/123` or `…/Patient/123/_history/2`.
pub fn type_and_id(reference: &str) -> Option<String> {
    let reference = reference.split("/_history/").next().unwrap_or(reference);
    let mut parts = reference.rsplit('/');
    let id = parts.next()?;
    let kind = parts.next()?;
    let looks_like_type =
        kind.starts_with(|c: char| c.is_ascii_uppercase()) && kind.bytes().all(|c| c.is_ascii_alphabetic());
    (looks_like_type && !id.is_empty()).then(|| [kind, "/", id].concat())
}

/// Every `reference` string below `node` (contained resources and nested objects included).
fn collect_references<'a>(node: &'a Node<'a>, pointer: &str, out: &mut Vec<(&'a str, &'a Node<'a>, String)>) {
    for (key, child) in node.members() {
        let key: &str = key;
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
                    collect_references(item, &pointer::item(&child_pointer, "", i, ""), out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fhir::json::{parse, Arena};

    /// The problems (`kind pointer`; an unresolved reference is `required` or `optional`) of
    /// checking `bundle` entry by entry.
    fn check(bundle: &str) -> Vec<String> {
        let arena = Arena::new();
        let root = parse(bundle.as_bytes(), 1, &arena).unwrap();
        let mut out = Vec::new();
        let mut check = BundleCheck::default();
        for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
            let pointer = format!("/entry/{i}");
            let mut resources = Vec::new();
            entry_resources(entry, &pointer, &mut resources);
            check.entry(i, entry, &pointer, &resources, &mut out);
        }
        check.finish(&root, &mut out);
        out.iter()
            .map(|p| {
                let kind = match p.kind {
                    ProblemKind::UnresolvedReference { required: true } => "required".to_string(),
                    ProblemKind::UnresolvedReference { required: false } => "optional".to_string(),
                    other => format!("{other:?}"),
                };
                match &p.at {
                    Location::Json { pointer, .. } => format!("{kind} {pointer}"),
                    other => format!("{kind} {other}"),
                }
            })
            .collect()
    }

    /// A Bundle of `kind` whose one entry (fullUrl `url`) refers to `Patient/1` and to a urn.
    fn referring(kind: &str, url: &str) -> String {
        format!(
            r#"{{"resourceType": "Bundle", "type": "{kind}", "entry": [{{"fullUrl": "{url}", "resource":
                {{"resourceType": "Observation", "subject": {{"reference": "Patient/1"}},
                  "specimen": {{"reference": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"}}}}}}]}}"#
        )
    }

    #[test]
    fn references_must_resolve_where_the_bundle_type_says_so() {
        let urn = "urn:uuid:11111111-1111-4111-8111-111111111111";
        let server = "http://example.org/fhir/Observation/1";
        assert_eq!(
            check(&referring("document", urn)),
            ["required /entry/0/resource/subject/reference", "required /entry/0/resource/specimen/reference"],
            "a document carries what it refers to"
        );
        assert_eq!(
            check(&referring("document", server)),
            ["required /entry/0/resource/specimen/reference"],
            "a relative reference from a server's entry means that server"
        );
        for kind in ["transaction", "batch", "message"] {
            assert_eq!(
                check(&referring(kind, urn)),
                ["required /entry/0/resource/specimen/reference"],
                "{kind}"
            );
        }
        for kind in ["collection", "searchset", "history", "transaction-response", "batch-response"] {
            assert_eq!(
                check(&referring(kind, urn)),
                ["optional /entry/0/resource/specimen/reference"],
                "{kind}"
            );
        }
    }

    #[test]
    fn a_nested_bundle_is_judged_by_its_own_type() {
        let nested = referring("searchset", "http://example.org/fhir/Observation/1");
        let outer = format!(
            r#"{{"resourceType": "Bundle", "type": "document", "entry": [{{"resource": {nested}}}]}}"#
        );
        assert_eq!(check(&outer), ["optional /entry/0/resource/entry/0/resource/specimen/reference"]);
    }

    #[test]
    fn the_same_full_url_is_allowed_for_another_version() {
        let entry = |v: &str| {
            format!(
                r#"{{"fullUrl": "http://example.org/fhir/Patient/45", "resource": {{"resourceType": "Patient", "id": "45"{v}}}}}"#
            )
        };
        let bundle = |kind: &str, entries: &[String]| {
            format!(r#"{{"resourceType": "Bundle", "type": "{kind}", "entry": [{}]}}"#, entries.join(","))
        };
        let v = |n: u32| format!(r#", "meta": {{"versionId": "{n}"}}"#);
        assert!(check(&bundle("collection", &[entry(&v(1)), entry(&v(2))])).is_empty(), "bdl-7");
        assert_eq!(
            check(&bundle("collection", &[entry(&v(1)), entry(&v(2)), entry(&v(1))])),
            ["DuplicateFullUrl /entry/2/fullUrl"]
        );
        assert_eq!(
            check(&bundle("collection", &[entry(""), entry("")])),
            ["DuplicateFullUrl /entry/1/fullUrl"]
        );
        assert!(check(&bundle("history", &[entry(""), entry("")])).is_empty());
    }

    #[test]
    fn type_and_id_of_references() {
        assert_eq!(type_and_id("Patient/123").as_deref(), Some("Patient/123"));
        assert_eq!(type_and_id("http://h/fhir/Patient/1/_history/2").as_deref(), Some("Patient/1"));
        assert_eq!(type_and_id("urn:uuid:1234"), None);
        assert_eq!(type_and_id("123"), None);
    }
}
