//! A small JSON parser that remembers the line of every value, so that findings can point at the
//! line as well as the JSON pointer (serde_json keeps no positions). Errors carry line and column
//! and say what was expected; nesting is limited so hostile input cannot overflow the stack.
//!
//! The tree borrows from the text and from an [`Arena`]: strings and member names are spans of the
//! text (copied, decoded, into the arena only when they hold an escape), and each object's
//! members and each array's items are one slice in the arena. Reading a resource allocates
//! nothing per element, and the arena is reused from one resource to the next.

pub mod owned;

use std::fmt;

/// Deepest nesting accepted (FHIR resources rarely go beyond 10).
pub(super) const MAX_DEPTH: usize = 128;

/// Members (and items) of the objects (and arrays) being read at once that fit before the
/// parser's lists grow: a resource's root and the objects it is reading.
const SCRATCH: usize = 64;

/// A JSON value and the line (1-based, in the whole file) where it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub line: u64,
}

/// JSON values; numbers keep their text (FHIR decimals keep their precision).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    String(&'a str),
    Array(&'a [Node<'a>]),
    /// Members in the order written.
    Object(&'a [(&'a str, Node<'a>)]),
}

/// Where the values of parsed texts are kept: reset (its memory kept) before the next text.
#[derive(Default)]
pub struct Arena(bumpalo::Bump);

impl Arena {
    pub fn new() -> Arena {
        Arena::default()
    }

    /// Forgets every value parsed into the arena, keeping its memory for the next ones.
    pub fn reset(&mut self) {
        self.0.reset();
    }

    /// A copy of `items` in the arena.
    pub fn slice<'a, T: Copy>(&'a self, items: &[T]) -> &'a [T] {
        self.0.alloc_slice_copy(items)
    }

    /// A copy of `text` in the arena.
    pub fn text<'a>(&'a self, text: &str) -> &'a str {
        self.0.alloc_str(text)
    }
}

impl<'a> Node<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&'a Node<'a>> {
        match self.value {
            // Names of the same length mostly differ in their first byte: compared before the rest.
            Value::Object(members) => members
                .iter()
                .find(|(k, _)| {
                    k.len() == key.len() && k.as_bytes().first() == key.as_bytes().first() && *k == key
                })
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array (an empty slice for anything else).
    pub fn items(&self) -> &'a [Node<'a>] {
        match self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// The members of an object (an empty slice for anything else).
    pub fn members(&self) -> &'a [(&'a str, Node<'a>)] {
        match self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// True for an object or an array.
    pub fn is_nested(&self) -> bool {
        matches!(self.value, Value::Object(_) | Value::Array(_))
    }

    /// What kind of JSON value this is, for messages (`a string`, `an array`).
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why the text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Parses `bytes` (one JSON text) whose first line is line `first_line` of the file, into
/// `arena`.
pub fn parse<'a>(bytes: &'a [u8], first_line: u64, arena: &'a Arena) -> Result<Node<'a>, JsonError> {
    parse_fragment(bytes, Position { line: first_line, column: 0 }, 0, arena)
}

/// Where a piece of a JSON text starts: its line in the file, and how many characters of that
/// line come before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// Parses `bytes`, one JSON value that starts at `at` inside a larger text and is nested
/// `depth` levels deep there, so that lines, columns and the nesting limit are those of the
/// whole text.
pub fn parse_fragment<'a>(
    bytes: &'a [u8],
    at: Position,
    depth: usize,
    arena: &'a Arena,
) -> Result<Node<'a>, JsonError> {
    let mut p = JsonParser {
        b: bytes,
        text: "",
        arena,
        items: bumpalo::collections::Vec::with_capacity_in(SCRATCH, &arena.0),
        members: bumpalo::collections::Vec::with_capacity_in(SCRATCH, &arena.0),
        pos: 0,
        line: at.line,
        line_start: 0,
        first_column: at.column,
        depth,
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => p.text = text,
        Err(e) => {
            let at = e.valid_up_to();
            p.advance_lines_to(at);
            let byte = bytes.get(at).copied().unwrap_or(0);
            return Err(p.error_at(
                at,
                format!(
                "byte 0x{byte:02X} is not UTF-8; FHIR JSON must be UTF-8 encoded (save the file as UTF-8)"
            ),
            ));
        }
    }
    if bytes.starts_with(crate::formats::text::UTF8_BOM) {
        p.pos = 3;
        p.line_start = 3;
    }
    let node = p.value(p.depth)?;
    p.skip_ws();
    if p.pos < p.b.len() {
        return Err(p.error(message::trailing(p.b.get(p.pos).copied())));
    }
    Ok(node)
}

/// Escapes a key for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    super::pointer::push_escaped(&mut out, key);
    out
}

struct JsonParser<'a> {
    b: &'a [u8],
    /// `b` as text (checked to be UTF-8 before parsing starts).
    text: &'a str,
    arena: &'a Arena,
    /// The items of the arrays being read, innermost last (kept in the arena, as they grow).
    items: bumpalo::collections::Vec<'a, Node<'a>>,
    /// The members of the objects being read, innermost last.
    members: bumpalo::collections::Vec<'a, (&'a str, Node<'a>)>,
    pos: usize,
    line: u64,
    /// Byte offset where the current line starts (for columns).
    line_start: usize,
    /// Characters before `b` on its first line (0 once past it).
    first_column: u64,
    /// Nesting of the value `b` holds.
    depth: usize,
}

impl<'a> JsonParser<'a> {
    fn error(&self, message: String) -> JsonError {
        self.error_at(self.pos, message)
    }

    /// An error at byte `at` on the current line.
    fn error_at(&self, at: usize, message: String) -> JsonError {
        let start = self.line_start.min(at);
        let column = self.first_column
            + String::from_utf8_lossy(&self.b[start..at.min(self.b.len())]).chars().count() as u64
            + 1;
        JsonError { line: self.line, column, message }
    }

    /// Counts the lines up to byte `at` (used only for the UTF-8 error).
    fn advance_lines_to(&mut self, at: usize) {
        for (i, &c) in self.b.iter().enumerate().take(at) {
            if c == b'\n' {
                self.line += 1;
                self.line_start = i + 1;
                self.first_column = 0;
            }
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                    self.line_start = self.pos;
                    self.first_column = 0;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, JsonError> {
        self.skip_ws();
        let line = self.line;
        let Some(&c) = self.b.get(self.pos) else {
            return Err(self.error(message::VALUE_EXPECTED_AT_END.into()));
        };
        let value = match c {
            b'{' | b'[' if depth >= MAX_DEPTH => {
                return Err(self.error(format!("values are nested more than {MAX_DEPTH} levels deep")))
            }
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            other => {
                return Err(
                    self.error(format!("unexpected {} where a value was expected", describe(Some(other))))
                )
            }
        };
        Ok(Node { value, line })
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let open_line = self.line;
        self.pos += 1;
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(&[]));
        }
        let mark = self.members.len();
        loop {
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b'"') => {}
                None => return Err(self.unclosed("object", open_line)),
                Some(&c) => return Err(self.error(message::member_name_expected(c))),
            }
            let key = self.string()?;
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b':') => self.pos += 1,
                None => return Err(self.unclosed("object", open_line)),
                Some(&c) => return Err(self.error(message::colon_expected(key, c))),
            }
            let value = self.value(depth + 1)?;
            self.members.push((key, value));
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    let members = self.arena.slice(&self.members[mark..]);
                    self.members.truncate(mark);
                    return Ok(Value::Object(members));
                }
                None => return Err(self.unclosed("object", open_line)),
                Some(&c) => return Err(self.error(message::after_member(open_line, c))),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, JsonError> {
        let open_line = self.line;
        self.pos += 1;
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(&[]));
        }
        let mark = self.items.len();
        loop {
            if self.pos >= self.b.len() {
                return Err(self.unclosed("array", open_line));
            }
            let item = self.value(depth + 1)?;
            self.items.push(item);
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    let items = self.arena.slice(&self.items[mark..]);
                    self.items.truncate(mark);
                    return Ok(Value::Array(items));
                }
                None => return Err(self.unclosed("array", open_line)),
                Some(&c) => return Err(self.error(message::after_item(open_line, c))),
            }
        }
    }

    fn unclosed(&self, what: &str, open_line: u64) -> JsonError {
        self.error(message::unclosed(what, open_line))
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("unexpected text where a value was expected (not {word})")))
        }
    }

    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        self.digits();
        let int_len = self.pos - int_start;
        if int_len == 0 || (int_len > 1 && self.b[int_start] == b'0') {
            return Err(self.error_at(start, "malformed number".into()));
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error_at(start, "malformed number: no digit after the decimal point".into()));
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error_at(start, "malformed number: no digit in the exponent".into()));
            }
        }
        // Digits, signs, points and exponents: ASCII, so on character boundaries.
        Ok(self.text.get(start..self.pos).unwrap_or_default())
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A string at `pos` (which is a quote); returns its decoded text: a span of the text, or a
    /// copy in the arena when it holds an escape.
    #[inline]
    fn string(&mut self) -> Result<&'a str, JsonError> {
        // Most strings hold no escape: a span of the text.
        let start = self.pos + 1;
        let rest = self.b.get(start..).unwrap_or(&[]);
        let run = plain_run(rest);
        if rest.get(run) == Some(&b'"') {
            // Both ends are next to a quote, so on character boundaries.
            self.pos = start + run + 1;
            return Ok(self.text.get(start..start + run).unwrap_or_default());
        }
        self.escaped_string(run)
    }

    /// The string at `pos` (a quote) whose first `run` bytes are plain and then holds an escape,
    /// a control byte or no closing quote: decoded into the arena, or the error.
    #[cold]
    fn escaped_string(&mut self, run: usize) -> Result<&'a str, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = Vec::with_capacity(run + 16);
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(self.error_at(
                    open,
                    "the string that starts here is never closed (is the file truncated?)".into(),
                ));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(self.arena.text(&String::from_utf8_lossy(&out)));
                }
                b'\\' => {
                    let esc = self.b.get(self.pos + 1).copied();
                    self.pos += 2;
                    match esc {
                        Some(b'"') => out.push(b'"'),
                        Some(b'\\') => out.push(b'\\'),
                        Some(b'/') => out.push(b'/'),
                        Some(b'b') => out.push(8),
                        Some(b'f') => out.push(12),
                        Some(b'n') => out.push(b'\n'),
                        Some(b'r') => out.push(b'\r'),
                        Some(b't') => out.push(b'\t'),
                        Some(b'u') => {
                            let ch = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        other => {
                            return Err(self.error_at(
                                self.pos - 2,
                                format!("invalid escape \\{}", describe_char(other)),
                            ))
                        }
                    }
                }
                b'\n' | b'\r' => {
                    return Err(
                        self.error_at(open, "the string that starts here is not closed on its line".into())
                    )
                }
                c if c < 0x20 => {
                    return Err(self.error(format!("control character 0x{c:02X} inside a string")))
                }
                _ => {
                    // The plain run up to the next quote, escape or control byte, copied at once.
                    let rest = self.b.get(self.pos..).unwrap_or(&[]);
                    let run = plain_run(rest);
                    out.extend_from_slice(&rest[..run]);
                    self.pos += run;
                }
            }
        }
    }

    /// The character of `\uXXXX` (with `pos` after the `u`), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let high = self.hex4()?;
        if (0xD800..0xDC00).contains(&high) && self.b[self.pos..].starts_with(b"\\u") {
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
        }
        Ok(char::from_u32(high).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.b.get(self.pos..self.pos + 4).and_then(|d| std::str::from_utf8(d).ok());
        match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.error("\\u must be followed by four hex digits".into())),
        }
    }
}

/// The length of the run of `bytes` before the first quote, backslash or control byte (all of
/// them when there is none): eight bytes at a time.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // The high bit of each byte that is zero (in `quote`, `backslash`) or below 0x20 (in
        // `w`); a borrow can mark a byte above the first one marked, never below it.
        let marked = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | w.wrapping_sub(ONES * 0x20) & !w)
            & HIGHS;
        if marked != 0 {
            return i + (marked.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let tail = &bytes[i..];
    i + tail.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(tail.len())
}

/// The messages of syntax errors, shared with the streaming reader of documents.
pub(super) mod message {
    use super::describe;

    pub const VALUE_EXPECTED_AT_END: &str = "the file ends where a value was expected (is it truncated?)";

    pub fn trailing(found: Option<u8>) -> String {
        format!("unexpected {} after the end of the JSON value", describe(found))
    }

    pub fn member_name_expected(found: u8) -> String {
        format!("expected a member name in quotes, found {}", describe(Some(found)))
    }

    pub fn colon_expected(key: &str, found: u8) -> String {
        format!("expected ':' after member \"{key}\", found {}", describe(Some(found)))
    }

    pub fn after_member(open_line: u64, found: u8) -> String {
        format!(
            "expected ',' or '}}' after a member (of the object opened on line {open_line}), found {}",
            describe(Some(found))
        )
    }

    pub fn after_item(open_line: u64, found: u8) -> String {
        format!(
            "expected ',' or ']' after an item (of the array opened on line {open_line}), found {}",
            describe(Some(found))
        )
    }

    pub fn unclosed(what: &str, open_line: u64) -> String {
        let close = if what == "object" { '}' } else { ']' };
        format!("the file ends inside the {what} opened on line {open_line} (no closing '{close}'): is it truncated?")
    }
}

fn describe(byte: Option<u8>) -> String {
    match byte {
        None => "end of file".into(),
        Some(c) if c.is_ascii_graphic() => format!("'{}'", c as char),
        Some(c) => format!("byte 0x{c:02X}"),
    }
}

fn describe_char(byte: Option<u8>) -> String {
    match byte {
        Some(c) if c.is_ascii_graphic() => (c as char).to_string(),
        Some(c) => format!("0x{c:02X}"),
        None => "at end of file".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_know_their_lines() {
        let arena = Arena::new();
        let n = parse(b"{\n  \"a\": [1,\n  \"x\\u00e9\"],\n  \"b\": {\"c\": null}\n}", 1, &arena).unwrap();
        assert_eq!(n.line, 1);
        let a = n.get("a").unwrap();
        assert_eq!(a.line, 2);
        assert_eq!(a.items()[1].line, 3);
        assert_eq!(a.items()[1].as_str(), Some("xé"));
        assert_eq!(n.get("b").unwrap().get("c").unwrap().line, 4);
    }

    #[test]
    fn errors_are_located_and_explained() {
        let arena = Arena::new();
        let e = parse(b"{\n  \"a\": 1,\n  \"b\": [1, 2", 1, &arena).unwrap_err();
        assert_eq!((e.line, e.message.contains("array opened on line 3")), (3, true), "{e}");
        let e = parse(b"{\"a\" 1}", 5, &arena).unwrap_err();
        assert_eq!(e.to_string(), "line 5, column 6: expected ':' after member \"a\", found '1'");
        let e = parse(b"{\"a\":\n \"\xE9\"}", 1, &arena).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(parse(b"{} x", 1, &arena).is_err());
        assert!(parse(b"01", 1, &arena).is_err());
        assert!(parse(&[b'['; 1000], 1, &arena).unwrap_err().message.contains("nested"));
        assert_eq!(parse(b"\"\\ud83d\\ude00\"", 1, &arena).unwrap().as_str(), Some("😀"));
    }

    #[test]
    fn plain_runs_end_at_the_first_quote_backslash_or_control_byte() {
        let scalar =
            |b: &[u8]| b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(b.len());
        let mut texts: Vec<Vec<u8>> = vec![b"".to_vec(), b"abc".to_vec(), "é日本語 text \u{7f}".into()];
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\', 0, 0x1F, b'\n', 0x20, 0x7F, 0x80, 0xFF] {
                    let mut t = vec![b'a'; len];
                    t[at] = special;
                    if at + 1 < len {
                        t[at + 1] = b'"';
                    }
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            assert_eq!(plain_run(t), scalar(t), "{t:?}");
        }
    }

    #[test]
    fn pointer_escapes() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
