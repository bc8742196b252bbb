//! Pieces: one large input split where its format allows independent pieces, each piece checked
//! apart (on another core, in another Web Worker), and the pieces' reports merged into exactly
//! the report of checking the input whole — the same findings in the same order, the same
//! summary, the same truncation at `max_findings`, cross-record findings between pieces included.
//!
//! ```
//! use recordlint::{pieces, validate, Profile};
//! let csv = b"mrn,dob,admit_date,discharge_date\n1,1980-01-02,2026-03-04,2026-03-01\n\
//!             1,1981-01-02,2026-04-04,2026-04-05\n";
//! let today = jiff::civil::date(2026, 11, 22);
//! let mut merger = pieces::Merger::new(&Profile::default(), today);
//! for piece in pieces::split(csv, None, 2) {
//!     let bytes = &csv[piece.range.clone()];
//!     merger.push(pieces::check_piece(bytes, &piece.context, &Profile::default(), today));
//! }
//! assert_eq!(merger.finish(), validate(csv, Profile::default(), today));
//! ```
//!
//! Where inputs split:
//! - **CSV** at the end of a row (a line end outside quoted fields, read as csv-core reads
//!   them); every piece after the first is given the header record in its context.
//! - **HL7 v2** before each MSH segment (at the start of a line).
//! - **FHIR JSON** stays one piece: NDJSON resources refer to each other across lines (an
//!   Encounter to its Patient) and are mapped into records at the end of the input, and a Bundle
//!   is one JSON document.
//!
//! How the merge stays exact: a piece runs every record rule, but keeps each record's
//! cross-record observation (MRN, birth date, name, dates, encounter keys) instead of checking
//! it; the [`Merger`] replays the observations in input order into one index, putting each
//! cross-record finding where the whole-input check puts it, and renumbers rows (CSV) and
//! messages (HL7) by the pieces before. Line numbers are known when splitting and given in the
//! [`PieceContext`]. Findings a rule reports once per input (the first undecodable byte) are
//! reported by the first piece that has one.
//!
//! No threads here (the core also runs in wasm): callers bring the parallelism — rayon in the
//! CLI, a pool of Web Workers in the page. A piece's memory is bounded by its size.

use crate::formats::csv::{sniff_delimiter, CsvParser};
use crate::formats::hl7v2::Hl7Parser;
use crate::formats::text::{not_text, UTF8_BOM};
use crate::formats::{Format, Parser};
use crate::model::Location;
use crate::profile::Profile;
use crate::report::{Report, Severity};
use crate::rules::{Checker, CrossRecordIndex, PieceLog};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Where a piece sits in its input, and what of the input before it the piece needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceContext {
    pub format: Format,
    /// The piece's number, from 0.
    pub number: usize,
    /// True for the piece that ends the input.
    pub last: bool,
    /// Bytes of the input before the piece.
    pub byte: u64,
    /// The file line the piece starts on (1-based).
    pub line: u64,
    /// CSV: the input's header record as written (with its byte order mark, if any), which every
    /// piece after the first reads first. Empty for other formats and for the first piece.
    pub header: Vec<u8>,
}

/// A piece of an input: its bytes and its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub context: PieceContext,
}

/// Splits `bytes` (one whole input, of `format`, sniffed when `None`) into at most `count`
/// pieces (about; one more at most) of about equal size, cut where the format allows (see the module documentation). An
/// input that is not text, or that cannot be cut, is one piece.
pub fn split(bytes: &[u8], format: Option<Format>, count: usize) -> Vec<Piece> {
    let format = format.unwrap_or_else(|| Format::sniff(bytes));
    let mut splitter = Splitter::new(format, bytes);
    if count < 2 {
        splitter.cuttable = false;
    }
    splitter.cut(bytes, bytes.len().div_ceil(count.max(1)).max(1), true)
}

/// Cuts an input that arrives in parts into pieces, in bounded memory: each call gets the input
/// from where the pieces so far end.
#[derive(Debug, Clone)]
pub struct Splitter {
    format: Format,
    /// False when the input is not text or its format does not split.
    cuttable: bool,
    /// CSV: the header record and the delimiter.
    header: Vec<u8>,
    delimiter: u8,
    /// Records with content seen before the next piece (CSV; the header counts).
    records: u64,
    /// The next piece's number, first byte and line.
    number: usize,
    byte: u64,
    line: u64,
}

impl Splitter {
    /// A splitter for an input of `format` that begins with `head` (the first bytes, at least
    /// its first line when it has one).
    pub fn new(format: Format, head: &[u8]) -> Splitter {
        let csv = format == Format::Csv;
        Splitter {
            format,
            cuttable: format != Format::Fhir && not_text(head).is_none(),
            header: if csv { csv_header(head) } else { Vec::new() },
            delimiter: sniff_delimiter(head.strip_prefix(UTF8_BOM).unwrap_or(head)),
            records: 0,
            number: 0,
            byte: 0,
            line: 1,
        }
    }

    /// Cuts `bytes`, the input after the pieces returned so far, into pieces of at least `size`
    /// bytes where the format allows; piece ranges are offsets into `bytes`. Unless `at_end`
    /// (the input ends with `bytes`), the bytes after the last piece are not yet cut: pass them
    /// again, followed by more. At the end, the last piece reaches the end of `bytes`.
    pub fn cut(&mut self, bytes: &[u8], size: usize, at_end: bool) -> Vec<Piece> {
        let first_byte = self.byte == 0;
        let records_before = self.records;
        let mut starts = vec![(0, self.line)];
        if self.cuttable {
            match self.format {
                Format::Csv => self.csv_cuts(bytes, size, first_byte, &mut starts),
                Format::Hl7v2 => hl7_cuts(bytes, size, self.line, &mut starts),
                Format::Fhir => {}
            }
        }
        if !at_end {
            // The bytes after the last cut may not be a complete piece yet.
            if starts.len() == 1 {
                self.records = records_before;
                return Vec::new();
            }
        } else if bytes.is_empty() && self.number > 0 {
            return Vec::new();
        }
        let end_of = |i: usize| starts.get(i + 1).map_or(bytes.len(), |&(next, _)| next);
        let ready = if at_end { starts.len() } else { starts.len() - 1 };
        let mut pieces = Vec::with_capacity(ready);
        for (i, &(start, line)) in starts.iter().take(ready).enumerate() {
            let context = PieceContext {
                format: self.format,
                number: self.number,
                last: at_end && i + 1 == ready,
                byte: self.byte + start as u64,
                line,
                header: if self.number == 0 { Vec::new() } else { self.header.clone() },
            };
            pieces.push(Piece { range: start..end_of(i), context });
            self.number += 1;
        }
        let consumed = end_of(ready - 1);
        self.byte += consumed as u64;
        self.line = starts.get(ready).map_or(self.line, |&(_, line)| line);
        pieces
    }

    /// Piece starts `(offset, line)` in CSV `bytes`: after a line end that ends a record, at
    /// least `size` bytes after the previous start, once the first piece holds the header and a
    /// record.
    fn csv_cuts(&mut self, bytes: &[u8], size: usize, at_bom: bool, starts: &mut Vec<(usize, u64)>) {
        let first_line = self.line;
        let (mut lines, mut newlines_seen) = (0u64, 0usize);
        let records = &mut self.records;
        csv_records(bytes, self.delimiter, at_bom, |at, terminator, content| {
            *records += u64::from(content);
            if terminator != b'\n' {
                return true;
            }
            let last_start = starts.last().map_or(0, |&(s, _)| s);
            if *records >= 2 && at - last_start >= size && at < bytes.len() {
                // Line ends inside quoted fields count too: catch up with memchr.
                lines += memchr::memchr_iter(b'\n', &bytes[newlines_seen..at]).count() as u64;
                newlines_seen = at;
                starts.push((at, first_line + lines));
            }
            true
        });
    }
}

/// What csv-core is in the middle of (the states that matter for where records end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

/// Follows csv-core over `bytes`, calling `record_end(offset after the terminator, terminator,
/// whether the record had content)` at each record terminator outside quotes. A record without
/// content (no delimiter, no field byte) is a blank line, which the CSV parser skips.
fn csv_records(
    bytes: &[u8],
    delimiter: u8,
    at_bom: bool,
    mut record_end: impl FnMut(usize, u8, bool) -> bool,
) {
    let start = if at_bom && bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
    let (mut state, mut content) = (CsvState::FieldStart, false);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        let terminator = b == b'\n' || b == b'\r';
        state = match state {
            CsvState::Quoted => {
                if b == b'"' {
                    CsvState::QuoteInQuoted
                } else {
                    content = true;
                    CsvState::Quoted
                }
            }
            CsvState::FieldStart | CsvState::Unquoted | CsvState::QuoteInQuoted if terminator => {
                if !record_end(i + 1, b, content) {
                    return;
                }
                content = false;
                CsvState::FieldStart
            }
            _ if b == delimiter => {
                content = true;
                CsvState::FieldStart
            }
            CsvState::FieldStart if b == b'"' => CsvState::Quoted,
            CsvState::QuoteInQuoted if b == b'"' => {
                content = true;
                CsvState::Quoted
            }
            _ => {
                content = true;
                CsvState::Unquoted
            }
        };
    }
}

/// The CSV header record: the input up to the end of its first record with content.
fn csv_header(bytes: &[u8]) -> Vec<u8> {
    let delimiter = sniff_delimiter(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes));
    let mut end = bytes.len();
    csv_records(bytes, delimiter, true, |at, _, content| {
        if content {
            end = at;
        }
        !content
    });
    bytes[..end].to_vec()
}

/// Piece starts `(offset, line)` in HL7 v2 `bytes` (beginning on `line`): at lines that begin
/// with `MSH` (or an MLLP start byte and `MSH`), at least `size` bytes after the previous start.
/// Lines are counted as the HL7 parser counts them (CR, LF and CRLF each end one line).
fn hl7_cuts(bytes: &[u8], size: usize, mut line: u64, starts: &mut Vec<(usize, u64)>) {
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        if bytes[i] == b'\r' || i == 0 || bytes[i - 1] != b'\r' {
            line += 1;
        }
        let start = i + 1;
        let rest = &bytes[start..];
        let msh = rest.starts_with(b"MSH") || rest.starts_with(b"\x0bMSH");
        let last_start = starts.last().map_or(0, |&(s, _)| s);
        if msh && start - last_start >= size && utf8_segment(rest) {
            starts.push((start, line));
        }
    }
}

/// True when the segment starting `rest` is UTF-8. The HL7 parser locates an undecodable byte of
/// an MSH segment at the message before it, so such a segment is not cut before.
fn utf8_segment(rest: &[u8]) -> bool {
    let end = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end]).is_ok()
}

/// A checked piece, to be merged with the others by a [`Merger`].
#[derive(Debug)]
pub struct PieceReport {
    format: Format,
    report: Report,
    log: PieceLog,
    /// CSV rows read (the header copy included), HL7 messages begun.
    units: u64,
    /// The input is not what its format needs (binary): the pieces after this one are ignored.
    stopped: bool,
}

impl PieceReport {
    /// The piece's own report: its findings (rows and messages numbered within the piece,
    /// cross-record findings not yet checked) and counts.
    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// Checks one piece: `bytes` are the piece's (`&input[piece.range]`).
pub fn check_piece(bytes: &[u8], context: &PieceContext, profile: &Profile, today: Date) -> PieceReport {
    let mut cx = Checker::for_piece(profile, today);
    cx.set_format(context.format.name());
    let first = context.number == 0;
    let (units, stopped) = match context.format {
        Format::Csv => {
            let mut parser = CsvParser::for_piece(profile, first, context.last, context.line - 1);
            if !first {
                parser.feed(&context.header, &mut cx);
            }
            parser.feed(bytes, &mut cx);
            parser.finish(&mut cx);
            (parser.rows(), parser.stopped())
        }
        Format::Hl7v2 => {
            let mut parser = Hl7Parser::for_piece(profile, first, context.last, context.line);
            parser.feed(bytes, &mut cx);
            parser.finish(&mut cx);
            (u64::from(parser.messages()), parser.stopped())
        }
        Format::Fhir => {
            let mut parser = context.format.parser(profile);
            parser.feed(bytes, &mut cx);
            parser.finish(&mut cx);
            (0, false)
        }
    };
    let (report, log) = cx.into_piece();
    PieceReport { format: context.format, report, log, units, stopped }
}

/// Merges the reports of one input's pieces, pushed in input order, into the report of the
/// whole input.
pub struct Merger {
    checker: Checker,
    /// Rows (CSV) and messages (HL7) of the pieces merged so far.
    rows: u64,
    messages: u32,
    once_reported: bool,
    /// Findings after the last record of the previous piece make the next record not clean.
    carry_dirty: bool,
    stopped: bool,
}

impl Merger {
    pub fn new(profile: &Profile, today: Date) -> Merger {
        Merger {
            checker: Checker::new(profile, today),
            rows: 0,
            messages: 0,
            once_reported: false,
            carry_dirty: false,
            stopped: false,
        }
    }

    /// Continues a run of several inputs, like [`crate::Validator::set_index`].
    pub fn set_index(&mut self, index: CrossRecordIndex) {
        self.checker.set_index(index);
    }

    /// Names the input, like [`crate::Validator::set_source`].
    pub fn set_source(&mut self, name: &str) {
        self.checker.set_source(name);
    }

    /// Adds the next piece's report.
    pub fn push(&mut self, piece: PieceReport) {
        if self.stopped {
            return;
        }
        let PieceReport { format, report, log, units, stopped } = piece;
        self.checker.set_format(format.name());
        let (rows, messages) = (self.rows, self.messages);
        let shift = move |at: &mut Location| match at {
            Location::Csv { row, .. } => *row += rows,
            Location::Hl7 { message, .. } => *message += messages,
            _ => {}
        };
        let mut uncounted = report.summary.clone();
        for f in &report.findings {
            match f.severity {
                Severity::Error => uncounted.errors -= 1,
                Severity::Warning => uncounted.warnings -= 1,
                Severity::Info => uncounted.infos -= 1,
            }
            if let Some(n) = uncounted.by_rule.get_mut(f.rule) {
                *n -= 1;
            }
        }
        uncounted.by_rule.retain(|_, n| *n > 0);
        let mut dirty = log.dirty;
        if self.carry_dirty {
            if let Some(d) = dirty.first_mut() {
                *d = true;
                self.carry_dirty = false;
            }
        }
        let mut findings: Vec<_> = log.stamps.into_iter().zip(report.findings).collect();
        if let Some(once) = log.once.filter(|_| !self.once_reported) {
            self.once_reported = true;
            if once.finding.severity > Severity::Info {
                match dirty.get_mut(once.stamp as usize) {
                    Some(d) => *d = true,
                    None => self.carry_dirty = true,
                }
            }
            findings.insert(once.position.min(findings.len()), (once.stamp, once.finding));
        }
        let mut findings = findings.into_iter().peekable();
        for (k, mut deferred) in log.deferred {
            while let Some((_, mut f)) = findings.next_if(|(stamp, _)| *stamp <= k) {
                shift(&mut f.location);
                self.checker.push_finding(f);
            }
            deferred.relocate(shift);
            if self.checker.replay(&deferred) {
                if let Some(d) = dirty.get_mut(k as usize) {
                    *d = true;
                }
            }
        }
        for (_, mut f) in findings {
            shift(&mut f.location);
            self.checker.push_finding(f);
        }
        let clean = dirty.iter().filter(|d| !**d).count() as u64;
        uncounted.records = dirty.len() as u64;
        uncounted.clean_records = clean;
        self.checker.add_counts(&uncounted);
        self.carry_dirty |= log.trailing_dirty;
        match format {
            Format::Csv => self.rows += units.saturating_sub(1),
            Format::Hl7v2 => {
                self.messages = self.messages.saturating_add(u32::try_from(units).unwrap_or(u32::MAX))
            }
            Format::Fhir => {}
        }
        self.stopped = stopped;
    }

    /// The report of the whole input.
    pub fn finish(self) -> Report {
        self.finish_with_index().0
    }

    /// The report and the cross-record index, like [`crate::Validator::finish_with_index`].
    pub fn finish_with_index(mut self) -> (Report, Option<CrossRecordIndex>) {
        let index = self.checker.take_index();
        (self.checker.into_report(), index)
    }
}

/// Splits `bytes` into `count` pieces, checks them one after the other and merges them: what a
/// caller with threads does in parallel (for tests and as the reference).
pub fn validate_in_pieces(
    bytes: &[u8],
    format: Option<Format>,
    count: usize,
    profile: &Profile,
    today: Date,
) -> Report {
    let mut merger = Merger::new(profile, today);
    for piece in split(bytes, format, count) {
        merger.push(check_piece(&bytes[piece.range.clone()], &piece.context, profile, today));
    }
    merger.finish()
}
