//! FHIR R4 JSON: a single resource, a Bundle (collection, transaction, batch, searchset,
//! document…) or NDJSON (one resource per line, as Bulk Data exports write it).
//!
//! The shape is told by the first line: when it is a complete JSON value the input is read as
//! NDJSON, line by line as the chunks arrive (a one-line document is the same thing with one
//! line); otherwise it is one JSON document, which is buffered whole and parsed at the end.
//! Streaming a huge Bundle entry by entry is left for later.
//!
//! Each resource is checked against the R4 structure (unless the content is recognised as another
//! FHIR version, which is reported once), Bundles for duplicate fullUrls and unresolved
//! references, and the resources are mapped into records for the record rules.

mod bundle;
mod coding;
pub mod json;
mod mapping;
mod primitives;
mod resources;
mod structure;
mod version;

pub use coding::code_system;

use super::text::UTF8_BOM;
use super::Parser;
use crate::model::Location;
use crate::rules::fhir::{fhir_version_not_r4::FHIR_VERSION_NOT_R4, invalid_json::INVALID_JSON};
use crate::rules::structure::empty_file::EMPTY_FILE;
use crate::rules::Checker;
use json::Node;
use std::collections::HashSet;

/// A resource in the input: its JSON, its JSON pointer, and its Bundle entry's fullUrl.
pub struct Resource<'a> {
    pub node: &'a Node,
    pub pointer: String,
    pub full_url: Option<&'a str>,
}

impl Resource<'_> {
    /// The `resourceType`, when it is a string.
    pub fn resource_type(&self) -> Option<&str> {
        self.node.get("resourceType")?.as_str()
    }
}

/// The location of `node` at `pointer`.
pub(crate) fn at(pointer: &str, node: &Node) -> Location {
    Location::Json { pointer: pointer.to_string(), line: Some(node.line) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One JSON document, buffered whole.
    Document,
    /// One resource per line.
    Ndjson,
}

/// Streaming FHIR parser.
#[derive(Default)]
pub struct FhirParser {
    shape: Option<Shape>,
    buf: Vec<u8>,
    /// NDJSON: the file line of the first byte in `buf`.
    line: u64,
    /// Set once content of another FHIR version was reported.
    not_r4: bool,
    records: mapping::Collector,
    seen_content: bool,
    /// Bytes of `buf` already searched for the end of the first line.
    scanned: usize,
}

impl FhirParser {
    pub fn new() -> FhirParser {
        FhirParser { line: 1, ..FhirParser::default() }
    }

    /// Decides the shape once the first line is complete (or the input ended).
    fn decide_shape(&mut self, at_end: bool) {
        let start = if self.buf.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        let Some(first) = self.buf[start..].iter().position(|b| !b.is_ascii_whitespace()).map(|i| i + start)
        else {
            return;
        };
        self.seen_content = true;
        if self.buf[first] != b'{' {
            self.shape = Some(Shape::Document);
            return;
        }
        let from = self.scanned.max(first);
        let Some(newline) = self.buf[from..].iter().position(|&b| b == b'\n').map(|i| i + from) else {
            self.scanned = self.buf.len();
            if at_end {
                self.shape = Some(Shape::Ndjson);
            }
            return;
        };
        let complete = json::parse(&self.buf[first..newline], 1).is_ok();
        self.shape = Some(if complete { Shape::Ndjson } else { Shape::Document });
    }

    /// Parses and checks the complete lines in `buf` (all of it at the end).
    fn ndjson_lines(&mut self, at_end: bool, cx: &mut Checker) {
        let mut start = 0;
        while let Some(len) = self.buf[start..].iter().position(|&b| b == b'\n') {
            self.ndjson_line(start, start + len, cx);
            start += len + 1;
            self.line += 1;
        }
        if at_end && start < self.buf.len() {
            self.ndjson_line(start, self.buf.len(), cx);
            start = self.buf.len();
        }
        self.buf.drain(..start);
    }

    fn ndjson_line(&mut self, start: usize, end: usize, cx: &mut Checker) {
        let mut bytes = &self.buf[start..end];
        if self.line == 1 && bytes.starts_with(UTF8_BOM) {
            bytes = &bytes[UTF8_BOM.len()..];
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        match json::parse(bytes, self.line) {
            Ok(root) => self.check_root(&root, cx),
            Err(e) => {
                report_json_error(&e, cx);
                cx.skip_record();
            }
        }
    }

    /// Checks one parsed JSON text (a document or an NDJSON line) and collects its resources.
    fn check_root(&mut self, root: &Node, cx: &mut Checker) {
        let resources = bundle::resources(root, "");
        let first_finding = cx.report().findings.len();
        if !self.not_r4 {
            if let Some(sign) = resources.iter().find_map(|r| version::detect(r.node, &r.pointer)) {
                self.not_r4 = true;
                let msg = format!(
                    "this looks like FHIR {}: {}; recordlint validates R4, so R4 structure checks are skipped and records are checked where the mapping is unambiguous",
                    sign.version.name(),
                    sign.what
                );
                cx.emit(
                    &FHIR_VERSION_NOT_R4,
                    Location::Json { pointer: sign.pointer, line: Some(sign.line) },
                    msg,
                );
            }
        }
        if !self.not_r4 {
            for r in &resources {
                structure::check(r, cx);
            }
        }
        if bundle::is_bundle(root) {
            bundle::check_full_urls(root, "", cx);
            bundle::check_references(root, &resources, cx);
        }
        let findings = cx.report().findings.get(first_finding..).unwrap_or(&[]);
        let flagged = flagged_entries(findings);
        for r in &resources {
            let dirty = flagged.contains("") || flagged.contains(entry_of(&r.pointer));
            self.records.add(r, dirty);
        }
    }
}

/// `/entry/3` for any pointer inside the third entry of a Bundle; `""` for anything else.
fn entry_of(pointer: &str) -> &str {
    let Some(rest) = pointer.strip_prefix("/entry/") else { return "" };
    let end = rest.find('/').map_or(pointer.len(), |i| "/entry/".len() + i);
    &pointer[..end]
}

/// The entries (see [`entry_of`]) that errors or warnings among `findings` are about, so that
/// their records are not counted as clean.
fn flagged_entries(findings: &[crate::report::Finding]) -> HashSet<&str> {
    findings
        .iter()
        .filter(|f| f.severity > crate::report::Severity::Info)
        .filter_map(|f| match &f.location {
            Location::Json { pointer, .. } => Some(entry_of(pointer)),
            _ => None,
        })
        .collect()
}

fn report_json_error(e: &json::JsonError, cx: &mut Checker) {
    let at = Location::File { line: Some(e.line), byte: None };
    cx.emit(&INVALID_JSON, at, format!("column {}: {}", e.column, e.message));
}

impl Parser for FhirParser {
    fn feed(&mut self, chunk: &[u8], cx: &mut Checker) {
        self.buf.extend_from_slice(chunk);
        if self.shape.is_none() {
            self.decide_shape(false);
        }
        if self.shape == Some(Shape::Ndjson) {
            self.ndjson_lines(false, cx);
        }
    }

    fn finish(&mut self, cx: &mut Checker) {
        if self.shape.is_none() {
            self.decide_shape(true);
        }
        match self.shape {
            None if !self.seen_content => cx.emit(&EMPTY_FILE, Location::FILE, "the file is empty"),
            None => {}
            Some(Shape::Ndjson) => self.ndjson_lines(true, cx),
            Some(Shape::Document) => {
                let buf = std::mem::take(&mut self.buf);
                match json::parse(&buf, 1) {
                    Ok(root) => self.check_root(&root, cx),
                    Err(e) => report_json_error(&e, cx),
                }
            }
        }
        std::mem::take(&mut self.records).check_records(cx);
    }
}
