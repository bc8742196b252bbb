//! FHIR R4 JSON: a single resource, a Bundle (collection, transaction, batch, searchset,
//! document…) or NDJSON (one resource per line, as Bulk Data exports write it).
//!
//! Input is read as it arrives. A document whose root is an object is read member by member
//! ([`document`]), and a root Bundle entry by entry, so memory holds one entry, not the tree of
//! the whole Bundle. When that object is the whole first line, the lines after it are read as
//! NDJSON, one resource (or Bundle) per line. Anything else (an array of resources) is buffered
//! and parsed whole at the end.
//!
//! Each resource is checked against the R4 structure (unless the content is recognised as another
//! FHIR version, which is reported once, where first seen), Bundles for duplicate fullUrls and
//! unresolved references, and the resources are mapped into records for the record rules.

mod bundle;
mod coding;
mod document;
pub mod json;
mod keys;
mod mapping;
mod pointer;
mod primitives;
mod refs;
mod resources;
mod structure;
mod texts;
mod version;
mod walk;

pub use coding::code_system;

use super::sink::{Problem, ProblemKind, Sink};
use super::text::UTF8_BOM;
use super::Parser;
use crate::model::Location;
use bundle::BundleCheck;
use document::{DocumentReader, Event};
use json::{owned, Arena, Node, Position};
use std::ops::Range;

/// A resource in the input: its JSON, its JSON pointer, and its Bundle entry's fullUrl.
pub struct Resource<'a> {
    pub node: &'a Node<'a>,
    pub pointer: String,
    pub full_url: Option<&'a str>,
    /// Its entry is a REST interaction (it has a `request` or a `response`: a transaction, batch
    /// or their responses), not a record as kept.
    pub rest: bool,
}

impl<'a> Resource<'a> {
    /// A resource outside any Bundle entry.
    pub fn new(node: &'a Node<'a>, pointer: String) -> Resource<'a> {
        Resource { node, pointer, full_url: None, rest: false }
    }

    /// The `resourceType`, when it is a string.
    pub fn resource_type(&self) -> Option<&'a str> {
        self.node.get("resourceType")?.as_str()
    }

    /// What other resources may use to refer to this one: its fullUrl (also as `Type/id`) and
    /// its `Type/id`.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        self.each_key(&mut String::new(), |key| keys.push(key.to_string()));
        keys
    }

    /// `f` of each of its [keys](Resource::keys), its own `Type/id` written in `buf`.
    pub fn each_key(&self, buf: &mut String, mut f: impl FnMut(&str)) {
        if let Some(url) = self.full_url {
            f(url);
            if let Some(key) = bundle::type_and_id(url) {
                f(&key);
            }
        }
        if let (Some(t), Some(id)) = (self.resource_type(), self.node.get("id").and_then(Node::as_str)) {
            buf.clear();
            buf.push_str(t);
            buf.push('/');
            buf.push_str(id);
            f(buf);
        }
    }
}

/// The location of `node` at `pointer`.
pub(crate) fn at(pointer: &str, node: &Node) -> Location {
    Location::Json { pointer: pointer.to_string(), line: Some(node.line) }
}

/// How the input is being read.
enum Mode {
    /// Nothing but blanks (and a byte-order mark) so far; `buf` holds them.
    Start,
    /// A document whose root is an object.
    Document(Box<DocumentReader>),
    /// Buffered in `buf`, parsed whole at the end.
    Whole,
    /// One JSON text per line; `buf` holds the line not yet complete.
    Ndjson,
    /// The document ended or could not be read further.
    Done,
}

/// The root members read so far and the checks of its entries, while a root Bundle streams.
#[derive(Default)]
struct StreamedRoot {
    members: Vec<(owned::Key, owned::Node)>,
    bundle: Option<OpenBundle>,
}

/// A root Bundle being read: its Bundle-wide checks, and the resources kept for records (see
/// [`Sink::assembled`]) from it and from each of its entries.
#[derive(Default)]
struct OpenBundle {
    check: BundleCheck,
    /// The number of its first resource kept.
    first: u32,
    /// Entry by entry, the resources kept from it.
    entries: Vec<Range<u32>>,
}

/// Streaming FHIR parser.
pub struct FhirParser {
    mode: Mode,
    buf: Vec<u8>,
    /// NDJSON: where each line is parsed (reset from one line to the next).
    arena: Arena,
    /// NDJSON: the file line of the first byte in `buf`.
    line: u64,
    /// The line where the document starts.
    first_line: u64,
    root: StreamedRoot,
    /// Set once content of another FHIR version was reported.
    not_r4: bool,
    records: mapping::Collector,
}

impl Default for FhirParser {
    fn default() -> FhirParser {
        FhirParser::new()
    }
}

impl FhirParser {
    pub fn new() -> FhirParser {
        FhirParser {
            mode: Mode::Start,
            buf: Vec::new(),
            arena: Arena::new(),
            line: 1,
            first_line: 1,
            root: StreamedRoot::default(),
            not_r4: false,
            records: mapping::Collector::default(),
        }
    }

    /// In [`Mode::Start`]: chooses how to read once the first value's first byte is in `buf`.
    fn start<S: Sink + ?Sized>(&mut self, sink: &mut S) {
        let bom = if self.buf.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
        if bom == 0 && UTF8_BOM.starts_with(&self.buf) {
            return; // Nothing yet, or perhaps a byte-order mark cut by the chunk.
        }
        let Some(first) = self.buf[bom..].iter().position(|b| !b.is_ascii_whitespace()).map(|i| i + bom)
        else {
            return;
        };
        if self.buf[first] != b'{' {
            self.mode = Mode::Whole;
            return;
        }
        let blank = &self.buf[bom..first];
        let newlines = blank.iter().filter(|&&b| b == b'\n').count() as u64;
        let column = blank.iter().rev().take_while(|&&b| b != b'\n').count() as u64;
        let rest = self.buf.split_off(first);
        self.buf = Vec::new();
        self.first_line = 1 + newlines;
        self.mode = Mode::Document(Box::new(DocumentReader::new(Position { line: self.first_line, column })));
        self.read_document(Some(&rest), sink);
    }

    /// Feeds the document reader (`None`: the input ended) and checks what it completes as it
    /// completes it.
    fn read_document<S: Sink + ?Sized>(&mut self, bytes: Option<&[u8]>, sink: &mut S) {
        let Mode::Document(mut reader) = std::mem::replace(&mut self.mode, Mode::Done) else { return };
        let (mut first_line, mut failed) = (false, false);
        let mut on_event = |event: Event| match event {
            Event::Member(key, node) => self.root.members.push((keys::key(&key), owned::Node::from(&node))),
            Event::Entries { line } => {
                let placeholder = owned::Node { value: owned::Value::Array(Vec::new()), line };
                self.root.members.push(("entry".into(), placeholder));
                self.root.bundle = Some(OpenBundle { first: self.records.len(), ..OpenBundle::default() });
            }
            Event::Entry(index, entry) => self.streamed_entry(index, &entry, sink),
            Event::End => self.end_of_document(sink),
            Event::FirstLine => first_line = true,
            Event::Error(e) => {
                report_json_error(&e, sink);
                failed = true;
            }
        };
        match bytes {
            Some(bytes) => reader.feed(bytes, &mut on_event),
            None => reader.finish(&mut on_event),
        }
        if first_line {
            self.buf = reader.take_rest();
            self.line = self.first_line + 1;
            self.mode = Mode::Ndjson;
            self.ndjson_lines(false, sink);
        } else if !failed {
            self.mode = Mode::Document(reader);
        }
    }

    /// One entry of the streamed root Bundle.
    fn streamed_entry<S: Sink + ?Sized>(&mut self, index: usize, entry: &Node, sink: &mut S) {
        let mut open = self.root.bundle.take().unwrap_or_default();
        self.entry(&mut open, index, entry, sink);
        self.root.bundle = Some(open);
    }

    /// The root object closed: checks it (a streamed Bundle's entries were checked already).
    fn end_of_document<S: Sink + ?Sized>(&mut self, sink: &mut S) {
        let root = std::mem::take(&mut self.root);
        let node = owned::Node { value: owned::Value::Object(root.members), line: self.first_line };
        let arena = Arena::new();
        let node = node.lend(&arena);
        match root.bundle {
            Some(open) => self.close_bundle(open, &node, sink),
            None => self.check_root(&node, sink),
        }
    }

    /// Parses and checks the complete lines in `buf` (all of it at the end).
    fn ndjson_lines<S: Sink + ?Sized>(&mut self, at_end: bool, sink: &mut S) {
        let mut buf = std::mem::take(&mut self.buf);
        let mut start = self.whole_lines(&buf, sink);
        if at_end && start < buf.len() {
            let mut arena = std::mem::take(&mut self.arena);
            self.ndjson_line(&buf[start..], &mut arena, sink);
            self.arena = arena;
            start = buf.len();
        }
        buf.drain(..start);
        self.buf = buf;
    }

    /// Reads the lines `chunk` completes: the one begun in `buf`, then those whole in `chunk`
    /// where they stand, without copying them; the last one, unfinished, waits in `buf`.
    fn ndjson_chunk<S: Sink + ?Sized>(&mut self, chunk: &[u8], sink: &mut S) {
        let mut rest = chunk;
        if !self.buf.is_empty() {
            let Some(end) = memchr::memchr(b'\n', chunk) else {
                self.buf.extend_from_slice(chunk);
                return;
            };
            self.buf.extend_from_slice(&chunk[..=end]);
            self.ndjson_lines(false, sink);
            rest = &chunk[end + 1..];
        }
        let read = self.whole_lines(rest, sink);
        self.buf.extend_from_slice(&rest[read..]);
    }

    /// Parses and checks each line of `bytes` that a newline ends; the bytes read.
    fn whole_lines<S: Sink + ?Sized>(&mut self, bytes: &[u8], sink: &mut S) -> usize {
        let mut arena = std::mem::take(&mut self.arena);
        let mut start = 0;
        while let Some(len) = memchr::memchr(b'\n', &bytes[start..]) {
            self.ndjson_line(&bytes[start..start + len], &mut arena, sink);
            start += len + 1;
            self.line += 1;
        }
        self.arena = arena;
        start
    }

    fn ndjson_line<S: Sink + ?Sized>(&mut self, bytes: &[u8], arena: &mut Arena, sink: &mut S) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        arena.reset();
        match json::parse(bytes, self.line, arena) {
            Ok(root) => self.check_root(&root, sink),
            Err(e) => {
                report_json_error(&e, sink);
                sink.unreadable();
            }
        }
    }

    /// Checks one parsed JSON text (a document or an NDJSON line) and collects its resources.
    fn check_root<S: Sink + ?Sized>(&mut self, root: &Node, sink: &mut S) {
        if bundle::is_bundle(root) {
            let mut open = OpenBundle { first: self.records.len(), ..OpenBundle::default() };
            for (i, entry) in root.get("entry").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                self.entry(&mut open, i, entry, sink);
            }
            self.close_bundle(open, root, sink);
        } else {
            // The resources of a root that is no Bundle are in no entry: a problem outside any
            // entry is about all of them.
            let mut problems = Vec::new();
            let kept = if matches!(root.value, json::Value::Array(_)) {
                self.check_resources(&bundle::resources(root, ""), &mut problems)
            } else {
                self.check_resources(&[Resource::new(root, String::new())], &mut problems)
            };
            send(sink, problems, |entry| if entry.is_empty() { kept.clone() } else { 0..0 });
        }
    }

    /// Checks entry `index` of the root Bundle and collects its resources.
    fn entry<S: Sink + ?Sized>(&mut self, open: &mut OpenBundle, index: usize, entry: &Node, sink: &mut S) {
        let pointer = format!("/entry/{index}");
        let mut resources = Vec::new();
        bundle::entry_resources(entry, &pointer, &mut resources);
        let mut problems = Vec::new();
        if !self.not_r4 {
            structure::check_entry(entry, &pointer, &mut problems);
        }
        let kept = self.check_resources(&resources, &mut problems);
        send(sink, problems, |e| if e.is_empty() || e == pointer { kept.clone() } else { 0..0 });
        if open.entries.len() <= index {
            open.entries.resize(index + 1, 0..0);
        }
        open.entries[index] = kept;
        // A Bundle in the entry is checked whole, by its own type. Its problems are about no
        // record (as before the Sink: they never made the entry's records unclean; whether they
        // should is an open question).
        let mut nested = Vec::new();
        open.check.entry(index, entry, &pointer, &resources, &mut nested);
        send(sink, nested, |_| 0..0);
    }

    /// The root Bundle ended: checks the Bundle itself and what spans its entries. A problem in
    /// an entry is about the entry's resources; one outside the entries about all of them.
    fn close_bundle<S: Sink + ?Sized>(&mut self, open: OpenBundle, root: &Node, sink: &mut S) {
        let mut problems = Vec::new();
        self.check_resources(&[Resource::new(root, String::new())], &mut problems);
        open.check.finish(root, &mut problems);
        let all = open.first..self.records.len();
        send(sink, problems, |entry| match entry.strip_prefix("/entry/") {
            None => all.clone(),
            Some(i) => i.parse().ok().and_then(|i: usize| open.entries.get(i)).cloned().unwrap_or(0..0),
        });
    }

    /// Checks resources that stand together (a resource, an array's items, one Bundle entry's):
    /// the version once and each one's structure, adding the problems to `problems`, and keeps
    /// them for the records; the numbers of those kept.
    fn check_resources(&mut self, resources: &[Resource], problems: &mut Vec<Problem>) -> Range<u32> {
        if !self.not_r4 {
            if let Some(sign) = resources.iter().find_map(|r| version::detect(r.node, &r.pointer)) {
                self.not_r4 = true;
                let msg = format!(
                    "this looks like FHIR {}: {}; recordlint validates R4, so R4 structure checks are skipped and records are checked where the mapping is unambiguous",
                    sign.version.name(),
                    sign.what
                );
                let at = Location::Json { pointer: sign.pointer, line: Some(sign.line) };
                problems.push(Problem::new(ProblemKind::VersionNotR4, at, msg));
            }
        }
        if !self.not_r4 {
            for r in resources {
                structure::check(r, problems);
            }
        }
        let first = self.records.len();
        for r in resources {
            self.records.add(r);
        }
        first..self.records.len()
    }
}

/// `/entry/3` for any pointer inside the third entry of a Bundle; `""` for anything else.
fn entry_of(pointer: &str) -> &str {
    let Some(rest) = pointer.strip_prefix("/entry/") else { return "" };
    let end = rest.find('/').map_or(pointer.len(), |i| "/entry/".len() + i);
    &pointer[..end]
}

/// Sends `problems`, each about the resources `about` gives for the Bundle entry it is in (see
/// [`entry_of`]); a problem not located in the JSON is about none.
fn send<S: Sink + ?Sized>(sink: &mut S, problems: Vec<Problem>, about: impl Fn(&str) -> Range<u32>) {
    for p in problems {
        let parts = match &p.at {
            Location::Json { pointer, .. } => about(entry_of(pointer)),
            _ => 0..0,
        };
        sink.problem_about(p, parts);
    }
}

fn report_json_error<S: Sink + ?Sized>(e: &json::JsonError, sink: &mut S) {
    let at = Location::File { line: Some(e.line), byte: None };
    sink.problem(Problem::new(ProblemKind::InvalidJson, at, format!("column {}: {}", e.column, e.message)));
}

impl<S: Sink + ?Sized> Parser<S> for FhirParser {
    fn feed(&mut self, chunk: &[u8], sink: &mut S) {
        match self.mode {
            Mode::Start => {
                self.buf.extend_from_slice(chunk);
                self.start(sink);
            }
            Mode::Document(_) => self.read_document(Some(chunk), sink),
            Mode::Whole => self.buf.extend_from_slice(chunk),
            Mode::Ndjson => self.ndjson_chunk(chunk, sink),
            Mode::Done => {}
        }
    }

    fn finish(&mut self, sink: &mut S) {
        match self.mode {
            Mode::Start
                if self
                    .buf
                    .strip_prefix(UTF8_BOM)
                    .unwrap_or(&self.buf)
                    .iter()
                    .all(u8::is_ascii_whitespace) =>
            {
                sink.problem(Problem::new(ProblemKind::EmptyFile, Location::FILE, "the file is empty"))
            }
            Mode::Start | Mode::Whole => {
                let buf = std::mem::take(&mut self.buf);
                let arena = Arena::new();
                match json::parse(&buf, 1, &arena) {
                    Ok(root) => self.check_root(&root, sink),
                    Err(e) => report_json_error(&e, sink),
                }
            }
            Mode::Document(_) => self.read_document(None, sink),
            Mode::Ndjson | Mode::Done => {}
        }
        if let Mode::Ndjson = self.mode {
            self.ndjson_lines(true, sink);
        }
        self.mode = Mode::Done;
        std::mem::take(&mut self.records).send_records(sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::sink::Recorder;
    use crate::synth::{generate, Kind};

    /// What the parser sends for `input` fed in `chunk`-byte pieces; `whole` parses it as one
    /// tree instead.
    fn check(input: &[u8], chunk: usize, whole: bool) -> Recorder {
        let mut sink = Recorder::default();
        let mut parser = FhirParser::new();
        if whole {
            parser.mode = Mode::Whole;
        }
        for piece in input.chunks(chunk) {
            parser.feed(piece, &mut sink);
        }
        parser.finish(&mut sink);
        sink
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = crate::test_data::repo_path("tests/fixtures/fhir");
        std::fs::read(dir.join(name)).unwrap()
    }

    #[test]
    fn a_streamed_bundle_is_checked_as_the_whole_tree_is() {
        let mut inputs = vec![generate(Kind::Bundle, 400, 5), generate(Kind::Bundle, 30, 6)];
        for name in
            ["synthea-bundle.json", "semantic-rules.json", "structure-errors.json", "dstu2-bundle.json"]
        {
            inputs.push(fixture(name));
        }
        for input in &inputs {
            let whole = check(input, input.len(), true);
            assert!(whole.records > 0);
            for chunk in [input.len(), 1 << 17, 4093, 100, 7] {
                assert_eq!(check(input, chunk, false), whole, "{} bytes in chunks of {chunk}", input.len());
            }
        }
    }

    #[test]
    fn ndjson_after_the_first_line_is_read_whatever_the_chunks() {
        let input = generate(Kind::Ndjson, 600, 7);
        assert!(input.len() > 3 << 16, "longer than the reader's slices");
        let whole = check(&input, input.len(), false);
        assert_eq!(whole.records, 600, "every record read");
        for chunk in [1 << 17, 65_537, 999, 13] {
            assert_eq!(check(&input, chunk, false), whole, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_truncated_bundle_keeps_the_entries_before_the_cut() {
        let input = generate(Kind::Bundle, 50, 8);
        let cut = &input[..input.len() * 2 / 3];
        let report = check(cut, 4096, false);
        let errors: Vec<_> = report.problems().into_iter().filter(|p| p.starts_with("InvalidJson")).collect();
        assert_eq!(errors.len(), 1, "one syntax error, where the file ends");
        assert!(report.records > 20, "the records of the complete entries are checked");
    }
}
