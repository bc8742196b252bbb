//! A JSON document whose root is an object, read as its bytes arrive, so that a Bundle of any
//! size is held one entry at a time instead of as a whole tree.
//!
//! The root object's members are parsed one by one. When the root is a Bundle (its
//! `resourceType` comes before its `entry`, as FHIR writers put it), each item of the `entry`
//! array is handed out as soon as it is complete and then forgotten. Every value is parsed by
//! [`json::parse_fragment`] at its place in the document, and the few errors between values use
//! the same messages, so lines, columns and messages are those of parsing the document whole.

use super::json::{self, message, Arena, JsonError, Node, Position, Value, MAX_DEPTH};

/// Bytes read at a time from a chunk.
const SLICE: usize = 1 << 16;

/// What the reader found in the bytes given so far.
#[derive(Debug)]
pub enum Event<'a> {
    /// A member of the root object, other than streamed entries.
    Member(String, Node<'a>),
    /// The root Bundle's `entry` array opens on `line`; its items follow as [`Event::Entry`].
    Entries { line: u64 },
    /// Item `index` of the root Bundle's `entry` array.
    Entry(usize, Node<'a>),
    /// The root object closed.
    End,
    /// The root object was the whole first line, and a newline follows: the input is read as
    /// NDJSON from the next line on, whose bytes [`DocumentReader::take_rest`] gives.
    FirstLine,
    /// The document is not JSON here; the rest of the input is not read.
    Error(JsonError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the root's `{`.
    Root,
    /// After `{`: a member name or `}`.
    FirstMember,
    /// After `,` between members: a member name.
    Member,
    /// After a member name: `:`.
    Colon,
    /// After `:`: the member's value.
    Value,
    /// After a member's value: `,` or `}`.
    AfterMember,
    /// After the `[` of streamed entries: an item or `]`.
    FirstEntry,
    /// After `,` between entries (`blank` once blanks followed the comma).
    Entry { blank: bool },
    /// After an entry: `,` or `]`.
    AfterEntry,
    /// After the root's `}`: blanks only (a newline on the root's own line hands over to NDJSON).
    Ended,
    /// An error was reported, or the bytes after the first line were handed over.
    Stopped,
}

/// What a value being read is, and where it is nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Key,
    MemberValue,
    Entry,
}

/// A value whose end is not found yet: where it starts, and how far the scan got.
#[derive(Debug, Clone, Copy)]
struct Capture {
    target: Target,
    /// Offset of its first byte in `buf`.
    start: usize,
    at: Position,
    /// Open objects and arrays inside it.
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// Reads one JSON document, streaming the entries of a root Bundle.
pub struct DocumentReader {
    /// Bytes not yet consumed; `pos` is the next to look at.
    buf: Vec<u8>,
    pos: usize,
    /// Where each value is parsed (reset from one to the next).
    arena: Arena,
    /// Position of `buf[pos]` in the file.
    line: u64,
    column: u64,
    state: State,
    capture: Option<Capture>,
    root_line: u64,
    entries_line: u64,
    key: String,
    /// The root's `resourceType` is "Bundle".
    bundle: bool,
    /// The entries are being (or were) streamed.
    streamed: bool,
    /// Stopped after the first line, which the lines after it follow ([`Event::FirstLine`]).
    handed_over: bool,
    entries: usize,
}

impl DocumentReader {
    /// A reader for a document whose `{` is at `at`.
    pub fn new(at: Position) -> DocumentReader {
        DocumentReader {
            buf: Vec::new(),
            pos: 0,
            arena: Arena::new(),
            line: at.line,
            column: at.column,
            state: State::Root,
            capture: None,
            root_line: at.line,
            entries_line: 0,
            key: String::new(),
            bundle: false,
            streamed: false,
            handed_over: false,
            entries: 0,
        }
    }

    /// Reads `bytes` and gives `out` what they complete, as soon as it is complete.
    pub fn feed(&mut self, bytes: &[u8], out: &mut dyn FnMut(Event)) {
        // A slice at a time, so that a large chunk is not copied whole.
        for (i, slice) in bytes.chunks(SLICE).enumerate() {
            if self.state == State::Stopped {
                if self.handed_over {
                    // The rest is NDJSON lines, for `take_rest`.
                    self.buf.extend_from_slice(&bytes[i * SLICE..]);
                }
                return;
            }
            self.buf.extend_from_slice(slice);
            self.run(false, out);
            let keep = self.capture.map_or(self.pos, |c| c.start);
            self.buf.drain(..keep);
            self.pos -= keep;
            if let Some(c) = self.capture.as_mut() {
                c.start = 0;
            }
        }
    }

    /// The input ended: reports a document left open.
    pub fn finish(&mut self, out: &mut dyn FnMut(Event)) {
        if self.state == State::Stopped {
            return;
        }
        self.run(true, out);
        let message = match self.state {
            State::Ended | State::Stopped => return,
            State::Root | State::FirstMember | State::Member | State::Colon | State::AfterMember => {
                message::unclosed("object", self.root_line)
            }
            State::Value | State::Entry { blank: true } => message::VALUE_EXPECTED_AT_END.to_string(),
            State::FirstEntry | State::Entry { blank: false } | State::AfterEntry => {
                message::unclosed("array", self.entries_line)
            }
        };
        self.fail(message, out);
    }

    /// The bytes after the first line, once [`Event::FirstLine`] was given.
    pub fn take_rest(&mut self) -> Vec<u8> {
        let rest = self.buf.split_off(self.pos);
        self.buf.clear();
        self.pos = 0;
        rest
    }

    fn run(&mut self, at_end: bool, out: &mut dyn FnMut(Event)) {
        loop {
            if self.capture.is_some() {
                if !self.scan_capture(at_end, out) {
                    return;
                }
                continue;
            }
            let Some(&c) = self.buf.get(self.pos) else { return };
            if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
                if c == b'\n' && self.state == State::Ended && self.line == self.root_line {
                    self.step(c);
                    self.state = State::Stopped;
                    self.handed_over = true;
                    out(Event::FirstLine);
                    return;
                }
                if let State::Entry { .. } = self.state {
                    self.state = State::Entry { blank: true };
                }
                self.step(c);
                continue;
            }
            if !self.punctuation(c, out) {
                return;
            }
        }
    }

    /// Handles a byte between values; false when reading stops.
    fn punctuation(&mut self, c: u8, out: &mut dyn FnMut(Event)) -> bool {
        match (self.state, c) {
            (State::Root, b'{') => self.advance(State::FirstMember),
            (State::FirstMember, b'}') | (State::AfterMember, b'}') => {
                self.advance(State::Ended);
                out(Event::End);
            }
            (State::FirstMember | State::Member, b'"') => self.begin(Target::Key),
            (State::FirstMember | State::Member, _) => {
                return self.fail(message::member_name_expected(c), out)
            }
            (State::Colon, b':') => self.advance(State::Value),
            (State::Colon, _) => return self.fail(message::colon_expected(&self.key, c), out),
            (State::Value, b'[') if self.key == "entry" && self.bundle && !self.streamed => {
                self.streamed = true;
                self.entries_line = self.line;
                self.key.clear();
                out(Event::Entries { line: self.line });
                self.advance(State::FirstEntry);
            }
            (State::Value, _) => self.begin(Target::MemberValue),
            (State::AfterMember, b',') => self.advance(State::Member),
            (State::AfterMember, _) => return self.fail(message::after_member(self.root_line, c), out),
            (State::FirstEntry | State::AfterEntry, b']') => self.advance(State::AfterMember),
            (State::FirstEntry | State::Entry { .. }, _) => self.begin(Target::Entry),
            (State::AfterEntry, b',') => self.advance(State::Entry { blank: false }),
            (State::AfterEntry, _) => return self.fail(message::after_item(self.entries_line, c), out),
            (State::Root | State::Ended, _) => return self.fail(message::trailing(Some(c)), out),
            (State::Stopped, _) => return false,
        }
        true
    }

    /// Steps over the punctuation byte at `pos` into `next`.
    fn advance(&mut self, next: State) {
        let c = self.buf[self.pos];
        self.step(c);
        self.state = next;
    }

    /// Moves past byte `c` at `pos`, keeping the line and column.
    fn step(&mut self, c: u8) {
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
            self.column = 0;
        } else if c & 0xC0 != 0x80 {
            self.column += 1;
        }
    }

    /// Starts reading a value at `pos`.
    fn begin(&mut self, target: Target) {
        let at = Position { line: self.line, column: self.column };
        self.capture =
            Some(Capture { target, start: self.pos, at, depth: 0, in_string: false, escaped: false });
    }

    /// Scans the captured value on; true when it was completed (or failed), false when more
    /// bytes are needed.
    fn scan_capture(&mut self, at_end: bool, out: &mut dyn FnMut(Event)) -> bool {
        let mut cap = self.capture.expect("a capture");
        let base = match cap.target {
            Target::Key | Target::MemberValue => 1,
            Target::Entry => 2,
        };
        let first = self.buf[cap.start];
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let mut done = false;
        while let Some(&c) = self.buf.get(self.pos) {
            if scalar {
                if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b',' | b'}' | b']') {
                    if self.pos == cap.start {
                        self.step(c); // No value at all: the parser names what stands there.
                    }
                    done = true;
                    break;
                }
            } else if cap.in_string {
                if cap.escaped {
                    cap.escaped = false;
                } else if c == b'\\' {
                    cap.escaped = true;
                } else if c == b'"' {
                    cap.in_string = false;
                    if cap.depth == 0 {
                        self.step(c);
                        done = true;
                        break;
                    }
                } else if c == b'\n' || c == b'\r' {
                    // A string left open at its line's end: the parser says so.
                    self.step(c);
                    done = true;
                    break;
                }
            } else {
                match c {
                    b'"' => cap.in_string = true,
                    b'{' | b'[' => {
                        if base + cap.depth >= MAX_DEPTH {
                            // Nested too deep: the parser reports it here, without waiting.
                            self.step(c);
                            done = true;
                            break;
                        }
                        cap.depth += 1;
                    }
                    b'}' | b']' => {
                        cap.depth = cap.depth.saturating_sub(1);
                        if cap.depth == 0 {
                            self.step(c);
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            self.step(c);
        }
        if !done && !at_end {
            self.capture = Some(cap);
            return false;
        }
        self.capture = None;
        self.arena.reset();
        let parsed = json::parse_fragment(&self.buf[cap.start..self.pos], cap.at, base, &self.arena);
        match (parsed, cap.target) {
            (Err(e), _) => {
                out(Event::Error(e));
                self.stop();
                return false;
            }
            (Ok(node), Target::Key) => {
                self.key = match node.value {
                    Value::String(s) => s.to_owned(),
                    _ => String::new(),
                };
                self.state = State::Colon;
            }
            (Ok(node), Target::MemberValue) => {
                let key = std::mem::take(&mut self.key);
                if key == "resourceType" && node.as_str() == Some("Bundle") {
                    self.bundle = true;
                }
                out(Event::Member(key, node));
                self.state = State::AfterMember;
            }
            (Ok(node), Target::Entry) => {
                out(Event::Entry(self.entries, node));
                self.entries += 1;
                self.state = State::AfterEntry;
            }
        }
        true
    }

    /// Reports a syntax error at `pos`; reading stops.
    fn fail(&mut self, message: String, out: &mut dyn FnMut(Event)) -> bool {
        out(Event::Error(JsonError { line: self.line, column: self.column + 1, message }));
        self.stop();
        false
    }

    /// Stops reading after an error, keeping nothing.
    fn stop(&mut self) {
        self.state = State::Stopped;
        self.capture = None;
        self.buf = Vec::new();
        self.pos = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8], chunk: usize) -> Vec<String> {
        let mut reader = DocumentReader::new(Position { line: 1, column: 0 });
        let mut events = Vec::new();
        let mut described = |e: Event| {
            events.push(match e {
                Event::Member(k, n) => format!("member {k} line {}", n.line),
                Event::Entries { line } => format!("entries line {line}"),
                Event::Entry(i, n) => format!("entry {i} line {}", n.line),
                Event::End => "end".into(),
                Event::FirstLine => "lines".into(),
                Event::Error(e) => format!("error {e}"),
            })
        };
        for piece in text.chunks(chunk.max(1)) {
            reader.feed(piece, &mut described);
        }
        reader.finish(&mut described);
        events
    }

    const BUNDLE: &[u8] = b"{\"resourceType\": \"Bundle\", \"type\": \"collection\",\n \"entry\": [\n  {\"resource\": {\"resourceType\": \"Patient\", \"name\": [{\"text\": \"a]}\\\"\"}]}},\n  {\"fullUrl\": \"x\"}\n ],\n \"total\": 2}\n";

    #[test]
    fn bundle_entries_stream_in_any_chunks() {
        let expected = [
            "member resourceType line 1",
            "member type line 1",
            "entries line 2",
            "entry 0 line 3",
            "entry 1 line 4",
            "member total line 6",
            "end",
        ];
        for chunk in [1, 2, 5, 64, 4096] {
            assert_eq!(read(BUNDLE, chunk), expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn errors_match_the_whole_document_parse() {
        let cases: &[&[u8]] = &[
            b"{\"resourceType\": \"Bundle\", \"entry\": [{}, {}",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{}, ",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{},",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{} {}]}",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{\"a\": tru}]}",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{\"a\": \"open\n\"}]}",
            b"{\"resourceType\": \"Bundle\" \"type\": 1}",
            b"{\"a\" 1}",
            b"{\"a\": }",
            b"{\"a\": 1,}",
            b"{\"a\": 1",
            b"{\"a\": ",
            b"{\"a\": 1} x",
            b"{\"a\":\n \"\xE9\"}",
            b"{\"resourceType\": \"Bundle\", \"entry\": [{\"a\": \"\xE9\"}]}",
        ];
        for case in cases {
            let whole = json::parse(case, 1, &Arena::new()).expect_err("not JSON");
            for chunk in [1, 3, 100] {
                let events = read(case, chunk);
                let last = events.last().cloned().unwrap_or_default();
                assert_eq!(
                    last,
                    format!("error {whole}"),
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(case)
                );
            }
        }
    }

    #[test]
    fn nesting_too_deep_is_reported_without_reading_on() {
        let mut text = b"{\"resourceType\": \"Bundle\", \"entry\": [".to_vec();
        text.extend(std::iter::repeat_n(b'[', 10_000));
        let whole = json::parse(&text, 1, &Arena::new()).expect_err("too deep");
        let mut reader = DocumentReader::new(Position { line: 1, column: 0 });
        let mut errors = Vec::new();
        reader.feed(&text, &mut |e| errors.push(matches!(e, Event::Error(e) if e == whole)));
        assert_eq!(errors.last(), Some(&true), "{errors:?}");
        assert!(reader.buf.len() < 1_000, "nothing after the error is kept");
    }

    #[test]
    fn a_one_line_object_followed_by_lines_is_ndjson() {
        assert_eq!(read(b"{\"a\": 1}  \n{\"b\": 2}\n", 3), ["member a line 1", "end", "lines"]);
        assert_eq!(read(b"{\"a\":\n 1}\n\n", 3), ["member a line 2", "end"]);
        let mut reader = DocumentReader::new(Position { line: 1, column: 0 });
        let mut text = b"{}\r\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 * SLICE));
        reader.feed(&text, &mut |_| {});
        assert_eq!(reader.take_rest(), &text[4..], "the lines after the first, whole");
    }

    #[test]
    fn entries_before_the_resource_type_are_not_streamed() {
        let events = read(b"{\"entry\": [{}], \"resourceType\": \"Bundle\"}", 2);
        assert_eq!(events, ["member entry line 1", "member resourceType line 1", "end"]);
    }
}
