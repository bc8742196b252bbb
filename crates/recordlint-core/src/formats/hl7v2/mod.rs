//! HL7 v2.x (2.3 to 2.8) messages: one or many, batched (FHS/BHS … BTS/FTS) or not, segments
//! ended by CR, LF or CRLF, MLLP framing bytes tolerated. Delimiters and escapes come from each
//! message's MSH-1 and MSH-2.
//!
//! Streaming: segments are split as chunks arrive and each message is checked and mapped as soon
//! as the next MSH (or batch segment, or the end) shows it is complete, so memory holds one
//! message at a time.

mod checks;
pub(crate) mod delimiters;
pub(crate) mod escape;
mod mapping;
mod message;
mod parts;
mod segment;
mod structure;
pub mod tables;
mod types;

use super::sink::{Problem, ProblemKind, Sink};
use super::text::{self, UTF8_BOM};
use super::Parser;
use crate::model::{FieldKind, Location, Record, RecordKind};
use crate::profile::Profile;
use delimiters::Delimiters;
use message::{Message, Stray};

/// MLLP start-of-block and end-of-block bytes.
const MLLP_START: u8 = 0x0B;
const MLLP_END: u8 = 0x1C;

/// Segments that can begin a file whose MSH was lost; such a file is still HL7 (and is reported
/// as missing its MSH) rather than a pipe-separated CSV.
const HEADLESS_STARTS: &[&[u8]] = &[b"EVN|", b"PID|", b"PV1|", b"OBR|", b"OBX|", b"DG1|", b"ORC|"];

/// True when `head` (after blanks) begins like HL7 v2: `MSH`, `FHS` or `BHS` and a separator,
/// possibly after an MLLP start byte, or a common segment such as `PID|` (a message without MSH).
pub fn starts_message(head: &[u8]) -> bool {
    let head = head.strip_prefix(&[MLLP_START]).unwrap_or(head);
    match head {
        [a, b, c, sep, ..] => {
            (matches!(&[*a, *b, *c], b"MSH" | b"FHS" | b"BHS")
                && !sep.is_ascii_alphanumeric()
                && !sep.is_ascii_whitespace())
                || HEADLESS_STARTS.iter().any(|s| head.starts_with(s))
        }
        _ => false,
    }
}

/// True when `line` (after blanks and an MLLP start byte) begins with an MSH segment: `MSH`, a
/// field separator and encoding characters (none a letter, digit or blank), as in `MSH|^~\&|`.
pub fn starts_msh_line(line: &[u8]) -> bool {
    let start = line.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(line.len());
    let line = &line[start..];
    let line = line.strip_prefix(&[MLLP_START]).unwrap_or(line);
    match line {
        [b'M', b'S', b'H', rest @ ..] if rest.len() >= 4 => {
            rest[..4].iter().all(|b| b.is_ascii_punctuation()) && rest[1..4].iter().all(|&b| b != rest[0])
        }
        _ => false,
    }
}

/// True when `text` begins like a segment: an id of three capital letters or digits (the first a
/// letter) and then the field separator or nothing. A line that does not is no segment: a line
/// break inside a field, or prose pasted around the messages.
pub(crate) fn is_segment(text: &str, field: char) -> bool {
    let b = text.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1..3].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && text[3..].chars().next().is_none_or(|c| c == field)
}

/// The beginning of a line, for messages (30 characters at most).
fn snippet(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(30) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Streaming HL7 v2 parser.
pub struct Hl7Parser {
    /// Fields the profile requires of a record whose setting the input does not tell (an HL7
    /// field that fills one is left to the record rules).
    required: Vec<FieldKind>,
    /// Bytes of the segment not yet ended.
    buf: Vec<u8>,
    /// Line of the file where `buf` starts.
    line: u64,
    /// The last byte seen was a CR (a following LF ends nothing more).
    after_cr: bool,
    /// The message being read (when `reading`), its buffers kept from message to message.
    message: Message,
    reading: bool,
    /// The record of the last message, kept for its buffers (see [`Record::recycle`]).
    record: Record,
    /// Strings of earlier records' fields, for reuse.
    spare: Vec<String>,
    /// The message's MSH-2 was unusable: its segments are skipped.
    message_broken: bool,
    messages: u32,
    /// Segments outside any message were reported since the last MSH.
    orphans_reported: bool,
    encoding_reported: bool,
    segments_seen: u64,
    started: bool,
    /// The input is not text: nothing more is read.
    stopped: bool,
    /// The input continues after this piece, or began before it: no empty-file finding.
    partial: bool,
}

impl Hl7Parser {
    pub fn new(profile: &Profile) -> Hl7Parser {
        Hl7Parser {
            required: profile.required_for(RecordKind::Encounter).to_vec(),
            buf: Vec::new(),
            line: 1,
            after_cr: false,
            message: Message::default(),
            reading: false,
            record: Record::new(Location::FILE),
            spare: Vec::new(),
            message_broken: false,
            messages: 0,
            orphans_reported: false,
            encoding_reported: false,
            segments_seen: 0,
            started: false,
            stopped: false,
            partial: false,
        }
    }

    /// A parser of one piece of an input (see `crate::pieces`), starting on file line `line`:
    /// `first` when it begins the input, `last` when it ends it. A later piece begins with MSH.
    pub(crate) fn for_piece(profile: &Profile, first: bool, last: bool, line: u64) -> Hl7Parser {
        Hl7Parser { line, started: !first, partial: !(first && last), ..Hl7Parser::new(profile) }
    }

    /// Messages begun so far.
    pub(crate) fn messages(&self) -> u32 {
        self.messages
    }

    /// True when the input could not be read as HL7 v2.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }
    /// Splits off every complete segment of `chunk`.
    fn split<S: Sink + ?Sized>(&mut self, chunk: &[u8], sink: &mut S) {
        // MLLP framing bytes are looked for in each segment only when the chunk has any.
        let framed = memchr::memchr2(MLLP_START, MLLP_END, chunk).is_some();
        let mut start = 0;
        for i in memchr::memchr2_iter(b'\r', b'\n', chunk) {
            let b = chunk[i];
            if i > start {
                self.after_cr = false;
            }
            if self.buf.is_empty() {
                self.segment(&chunk[start..i], framed, sink);
            } else {
                let mut buf = std::mem::take(&mut self.buf);
                buf.extend_from_slice(&chunk[start..i]);
                self.segment(&buf, true, sink);
                buf.clear();
                self.buf = buf;
            }
            start = i + 1;
            if b == b'\r' || !self.after_cr {
                self.line += 1;
            }
            self.after_cr = b == b'\r';
        }
        if start < chunk.len() {
            self.after_cr = false;
        }
        self.buf.extend_from_slice(&chunk[start..]);
    }

    /// Handles one segment's bytes (the line it is on is `self.line`); `framed` is false when
    /// they hold no MLLP framing byte.
    fn segment<S: Sink + ?Sized>(&mut self, raw: &[u8], framed: bool, sink: &mut S) {
        let mut raw = raw;
        if self.stopped {
            return;
        }
        if !self.started {
            self.started = true;
            raw = raw.strip_prefix(UTF8_BOM).unwrap_or(raw);
            if let Some(why) = text::not_text(raw) {
                sink.problem(Problem::new(ProblemKind::BinaryFile, Location::FILE, why.to_string()));
                self.stopped = true;
                return;
            }
        }
        let framed = framed && memchr::memchr2(MLLP_START, MLLP_END, raw).is_some();
        let trimmed: std::borrow::Cow<[u8]> = if framed {
            raw.iter().copied().filter(|&b| b != MLLP_START && b != MLLP_END).collect::<Vec<u8>>().into()
        } else {
            raw.into()
        };
        if trimmed.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.segments_seen += 1;
        let decoded = text::decode(&trimmed);
        let text = decoded.text.trim_start();
        let id = text.char_indices().nth(3).map_or(text, |(i, _)| &text[..i]);
        if let Some((offset, byte)) = decoded.first_bad_byte {
            if !self.encoding_reported {
                self.encoding_reported = true;
                let msg = format!(
                    "byte 0x{byte:02X} at position {} of segment {id} is not UTF-8; it was read as Windows-1252 (check MSH-18, character set); later such bytes are read the same way without further findings",
                    offset + 1
                );
                let at =
                    Location::Hl7 { message: self.messages.max(1), path: id.to_string(), line: self.line };
                sink.problem(Problem::new(ProblemKind::UndecodableBytes, at, msg));
            }
        }
        match id {
            "MSH" => self.start_message(text, sink),
            "FHS" | "BHS" | "BTS" | "FTS" => {
                self.end_message(sink);
                self.orphans_reported = false;
            }
            _ if self.reading && self.message_broken => {}
            _ if self.reading => {
                let m = &mut self.message;
                if !is_segment(text, m.d.field) {
                    match m.stray.as_mut() {
                        Some(stray) => stray.count += 1,
                        None => {
                            let after = m.segments.last().map_or(String::from("MSH"), |s| s.name());
                            m.stray = Some(Stray { line: self.line, text: snippet(text), after, count: 1 });
                        }
                    }
                } else {
                    m.push(text, self.line);
                }
            }
            _ if !self.orphans_reported => {
                self.orphans_reported = true;
                let sep = text.chars().nth(3).filter(|c| !c.is_alphanumeric() && !c.is_whitespace());
                let msg = if is_segment(text, sep.unwrap_or('|')) {
                    format!(
                        "segment {id:?} comes before any MSH segment: an HL7 v2 message must begin with MSH, so the segments up to the next MSH are not checked"
                    )
                } else {
                    format!(
                        "text before the first MSH segment ({:?}) is not HL7 v2; the lines up to the next MSH are not read",
                        snippet(text)
                    )
                };
                let at = Location::File { line: Some(self.line), byte: None };
                sink.problem(Problem::new(ProblemKind::MissingMsh, at, msg));
            }
            _ => {}
        }
    }

    fn start_message<S: Sink + ?Sized>(&mut self, text: &str, sink: &mut S) {
        self.end_message(sink);
        self.messages += 1;
        self.orphans_reported = false;
        let number = self.messages;
        self.reading = true;
        match Delimiters::from_msh(text) {
            Ok(d) => {
                self.message.begin(number, d);
                self.message.push(text, self.line);
                self.message_broken = false;
            }
            Err(why) => {
                let at = Location::Hl7 { message: number, path: "MSH-2".into(), line: self.line };
                let msg = format!("{why}; the message is not read");
                sink.problem(Problem::new(ProblemKind::InvalidMshDelimiters, at, msg));
                sink.unreadable();
                self.message.begin(number, Delimiters::default());
                self.message_broken = true;
            }
        }
    }

    /// Checks and maps the message being read, if any.
    fn end_message<S: Sink + ?Sized>(&mut self, sink: &mut S) {
        if !std::mem::take(&mut self.reading) || self.message_broken {
            return;
        }
        self.message.close();
        let msg = &self.message;
        let mut problems = Vec::new();
        if let Some(stray) = &msg.stray {
            let more = match stray.count {
                1 => String::from("it is not read"),
                n => format!("{n} such lines of this message are not read"),
            };
            let text = format!(
                "line {} ({:?}) is not an HL7 segment: a line break inside a field of the {} segment before it, or text that is not HL7; {more}",
                stray.line, stray.text, stray.after
            );
            let at = Location::Hl7 { message: msg.number, path: stray.after.clone(), line: stray.line };
            problems.push(Problem::new(ProblemKind::InvalidSegmentSequence, at, text));
        }
        checks::check(msg, &self.required, &mut problems);
        if mapping::fill(msg, &mut self.record, &mut self.spare) {
            for p in problems {
                sink.problem(p);
            }
            sink.record(&self.record);
        } else {
            // A message about no patient (an ACK, a query) is no record: its problems must not
            // make the next message's record unclean.
            sink.recordless(problems);
        }
    }
}

impl<S: Sink + ?Sized> Parser<S> for Hl7Parser {
    fn feed(&mut self, chunk: &[u8], sink: &mut S) {
        self.split(chunk, sink);
    }

    fn finish(&mut self, sink: &mut S) {
        let rest = std::mem::take(&mut self.buf);
        if !rest.is_empty() {
            self.segment(&rest, true, sink);
        }
        if self.stopped {
            return;
        }
        self.end_message(sink);
        if self.segments_seen == 0 && !self.partial {
            sink.problem(Problem::new(ProblemKind::EmptyFile, Location::FILE, "the file is empty"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_message_starts() {
        assert!(starts_message(b"MSH|^~\\&|"));
        assert!(starts_message(b"\x0bMSH|^~\\&|"));
        assert!(starts_message(b"FHS|^~\\&|"));
        assert!(!starts_message(b"MSHX"));
        assert!(starts_message(b"PID|1||12345"));
        assert!(!starts_message(b"mrn,name"));
        assert!(!starts_message(b"MRN|NAME|DOB"));
    }
}
