//! Where an input may be cut into pieces, found while it streams by: a browser reads a 1 GB file
//! once, in chunks, and hands each piece to a worker as soon as its end is known. [`super::split`]
//! runs the same splitter over an input held whole.
//!
//! - **CSV** is cut after a line end that ends a record (outside quoted fields, read as csv-core
//!   reads them), once the first piece holds the header and a record; every later piece gets
//!   the header record in its context.
//! - **HL7 v2** is cut before a line that begins with `MSH` (or an MLLP start byte and `MSH`)
//!   and is UTF-8 (the parser locates an undecodable MSH byte at the message before).
//! - **FHIR JSON** and inputs that are not text stay whole.

use super::{Piece, PieceContext};
use crate::formats::csv::sniff_delimiter;
use crate::formats::text::{not_text, UTF8_BOM};
use crate::formats::Format;

/// Bytes looked at before deciding the format and whether the input is text, as [`not_text`].
const HEAD_BYTES: usize = 8192;
/// An MSH segment longer than this is not cut before (no cut is ever needed for correctness).
const MAX_SEGMENT: usize = 1 << 20;

/// Finds the piece starts of one input fed in chunks of any size.
#[derive(Debug)]
pub struct Splitter {
    format: Option<Format>,
    total: u64,
    count: usize,
    step: u64,
    /// The head is read: the format, the delimiter and `whole` are decided.
    started: bool,
    /// Bytes held until the head is read.
    head: Vec<u8>,
    /// Bytes scanned so far.
    offset: u64,
    /// Piece starts found: (byte, line).
    cuts: Vec<(u64, u64)>,
    /// Pieces already handed out by [`Splitter::ready`].
    handed: usize,
    /// The input is not cut (not text, FHIR, or one piece asked for).
    whole: bool,
    csv: CsvScan,
    hl7: Hl7Scan,
}

/// What csv-core is in the middle of (the states that matter for where records end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum CsvState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

#[derive(Debug, Default)]
struct CsvScan {
    delimiter: u8,
    state: CsvState,
    /// The record so far has a delimiter or a field byte (a record without is a blank line).
    content: bool,
    /// Records with content ended so far, the header included.
    records: u64,
    newlines: u64,
    /// The header record as written (with its byte order mark), complete once `header_done`.
    header: Vec<u8>,
    header_done: bool,
}

#[derive(Debug)]
struct Hl7Scan {
    /// The line being read (CR, LF and CRLF each end one).
    line: u64,
    previous: u8,
    /// A line that may become a piece start, by its (byte, line), and its bytes so far.
    candidate: Option<(u64, u64)>,
    segment: Vec<u8>,
}

impl Splitter {
    /// A splitter for an input of `total` bytes (of `format`, sniffed from its head when `None`)
    /// to be cut into at most `count` pieces of about equal size.
    pub fn new(format: Option<Format>, total: u64, count: usize) -> Splitter {
        let count = count.max(1);
        Splitter {
            format,
            total,
            count,
            step: total.div_ceil(count as u64).max(1),
            started: false,
            head: Vec::new(),
            offset: 0,
            cuts: vec![(0, 1)],
            handed: 0,
            whole: count < 2,
            csv: CsvScan::default(),
            hl7: Hl7Scan { line: 1, previous: 0, candidate: None, segment: Vec::new() },
        }
    }

    /// Scans the next chunk of the input.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.started {
            self.scan(chunk);
            return;
        }
        self.head.extend_from_slice(chunk);
        // A CSV delimiter is sniffed from the whole first line: wait for its end.
        let csv = || self.format.unwrap_or_else(|| Format::sniff(&self.head)) == Format::Csv;
        if self.head.len() >= HEAD_BYTES && (!csv() || memchr::memchr(b'\n', &self.head).is_some()) {
            self.start();
        }
    }

    /// The input's format, once its head has been read.
    pub fn format(&self) -> Option<Format> {
        self.format.filter(|_| self.started)
    }

    /// Whether the input will be cut, once its head has been read: `Some(false)` for an input
    /// that stays one piece (FHIR, not text).
    pub fn splittable(&self) -> Option<bool> {
        self.started.then_some(!self.whole)
    }

    /// The pieces whose end is known and that were not handed out before, in input order.
    pub fn ready(&mut self) -> Vec<Piece> {
        let complete = self.cuts.len() - 1;
        let pieces = (self.handed..complete).map(|n| self.piece(n)).collect();
        self.handed = complete;
        pieces
    }

    /// Ends the input: the pieces not handed out yet, the last one marked as the last.
    pub fn finish(mut self) -> Vec<Piece> {
        if !self.started {
            self.start();
        }
        // A last line without a line end may begin a message too.
        if let Some(cut) = self.hl7.candidate.take().filter(|_| self.hl7.cuttable()) {
            self.cuts.push(cut);
        }
        let mut pieces = self.ready();
        pieces.push(self.piece(self.cuts.len() - 1));
        pieces
    }

    fn start(&mut self) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        let format = *self.format.get_or_insert_with(|| Format::sniff(&head));
        self.whole |= format == Format::Fhir || not_text(&head).is_some();
        self.csv.delimiter = sniff_delimiter(head.strip_prefix(UTF8_BOM).unwrap_or(&head));
        self.scan(&head);
    }

    fn scan(&mut self, chunk: &[u8]) {
        if self.whole {
            self.offset += chunk.len() as u64;
            return;
        }
        match self.format {
            Some(Format::Csv) => self.scan_csv(chunk),
            Some(Format::Hl7v2) => self.scan_hl7(chunk),
            _ => {}
        }
        self.offset += chunk.len() as u64;
    }

    fn scan_csv(&mut self, chunk: &[u8]) {
        let mut skip = 0;
        if self.offset == 0 && chunk.starts_with(UTF8_BOM) {
            skip = UTF8_BOM.len();
        }
        let header_from = if self.csv.header_done { None } else { Some(0) };
        let mut header_end = chunk.len();
        let c = &mut self.csv;
        // Bytes other than these only make the field hold content: runs of them are skipped.
        let mut special = [false; 256];
        for b in [b'\n', b'\r', b'"', c.delimiter] {
            special[usize::from(b)] = true;
        }
        let mut i = skip;
        while i < chunk.len() {
            if matches!(c.state, CsvState::FieldStart | CsvState::Unquoted) {
                // Outside quotes, delimiters and field bytes only make the record hold content:
                // skip to the next quote or line end; the last byte skipped gives the state.
                let run = memchr::memchr3(b'\n', b'\r', b'"', &chunk[i..]).unwrap_or(chunk.len() - i);
                if run > 0 {
                    c.content = true;
                    let last = chunk[i + run - 1];
                    c.state = if last == c.delimiter { CsvState::FieldStart } else { CsvState::Unquoted };
                    i += run;
                    continue;
                }
            }
            let b = chunk[i];
            if !special[usize::from(b)] {
                while i < chunk.len() && !special[usize::from(chunk[i])] {
                    i += 1;
                }
                c.content = true;
                if c.state != CsvState::Quoted {
                    c.state = CsvState::Unquoted;
                }
                continue;
            }
            let terminator = b == b'\n' || b == b'\r';
            if b == b'\n' {
                c.newlines += 1;
            }
            c.state = match c.state {
                CsvState::Quoted => {
                    if b == b'"' {
                        CsvState::QuoteInQuoted
                    } else {
                        c.content = true;
                        CsvState::Quoted
                    }
                }
                CsvState::FieldStart | CsvState::Unquoted | CsvState::QuoteInQuoted if terminator => {
                    if c.content {
                        c.records += 1;
                        if !c.header_done {
                            c.header_done = true;
                            header_end = i + 1;
                        }
                    }
                    c.content = false;
                    let at = self.offset + i as u64 + 1;
                    let cut = self.cuts.len() < self.count && at >= self.cuts.len() as u64 * self.step;
                    if b == b'\n' && c.records >= 2 && at < self.total && cut {
                        self.cuts.push((at, c.newlines + 1));
                    }
                    CsvState::FieldStart
                }
                _ if b == c.delimiter => {
                    c.content = true;
                    CsvState::FieldStart
                }
                CsvState::FieldStart if b == b'"' => CsvState::Quoted,
                CsvState::QuoteInQuoted if b == b'"' => {
                    c.content = true;
                    CsvState::Quoted
                }
                _ => {
                    c.content = true;
                    CsvState::Unquoted
                }
            };
            i += 1;
        }
        if let Some(from) = header_from {
            self.csv.header.extend_from_slice(&chunk[from..header_end]);
        }
    }

    fn scan_hl7(&mut self, chunk: &[u8]) {
        for (i, &b) in chunk.iter().enumerate() {
            let at = self.offset + i as u64;
            let h = &mut self.hl7;
            if b == b'\r' || b == b'\n' {
                if let Some(cut) = h.candidate.take().filter(|_| h.cuttable()) {
                    self.cuts.push(cut);
                }
                if b == b'\r' || h.previous != b'\r' {
                    h.line += 1;
                }
                h.previous = b;
                h.segment.clear();
                let next = self.cuts.len() as u64 * self.step;
                if self.cuts.len() < self.count && at + 1 >= next {
                    h.candidate = Some((at + 1, h.line));
                }
                continue;
            }
            h.previous = b;
            if h.candidate.is_some() {
                if h.segment.len() < 4 || h.cuttable_prefix() {
                    h.segment.push(b);
                    if h.segment.len() > MAX_SEGMENT {
                        h.candidate = None;
                    }
                } else {
                    h.candidate = None;
                }
            }
        }
    }

    fn piece(&self, number: usize) -> Piece {
        let (start, line) = self.cuts[number];
        let last = number + 1 == self.cuts.len();
        let end = if last { self.offset } else { self.cuts[number + 1].0 };
        let header =
            if number > 0 && self.format == Some(Format::Csv) { self.csv.header.clone() } else { Vec::new() };
        let context = PieceContext {
            format: self.format.unwrap_or(Format::Csv),
            number,
            last,
            byte: start,
            line,
            header,
        };
        Piece { range: start as usize..end as usize, context }
    }
}

impl Hl7Scan {
    /// True when the candidate line can still be an MSH segment.
    fn cuttable_prefix(&self) -> bool {
        self.segment.starts_with(b"MSH") || self.segment.starts_with(b"\x0bMSH")
    }

    /// True when the candidate line read so far is a UTF-8 MSH segment.
    fn cuttable(&self) -> bool {
        self.cuttable_prefix() && std::str::from_utf8(&self.segment).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Splitter;

    /// A quote inside an unquoted field is a field byte; one after a delimiter opens a quoted
    /// field, whose line ends and doubled quotes do not end the record; CRLF ends one.
    #[test]
    fn csv_cuts_only_where_records_end() {
        let csv = b"h1,h2\na\"b,c\n\"x\ny\",z\np,\"q\"\"\n\",r\n\"\",s\r\nt,u";
        for chunk in [1, 3, 5, csv.len()] {
            let mut splitter = Splitter::new(None, csv.len() as u64, 100);
            let mut pieces = Vec::new();
            for part in csv.chunks(chunk) {
                splitter.feed(part);
                pieces.extend(splitter.ready());
            }
            pieces.extend(splitter.finish());
            let starts: Vec<usize> = pieces.iter().map(|p| p.range.start).collect();
            let lines: Vec<u64> = pieces.iter().map(|p| p.context.line).collect();
            assert_eq!(starts, [0, 12, 20, 31, 37], "chunks of {chunk}");
            assert_eq!(lines, [1, 3, 5, 7, 8], "chunks of {chunk}");
        }
    }
}
