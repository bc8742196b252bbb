//! CSV exports (comma, semicolon, tab or pipe separated), parsed in a streaming fashion with
//! `csv-core`, the push parser of the `csv` crate: one row is one encounter record.
//!
//! A line without quotes (most lines) is split in place on its delimiters, and every row is
//! written over the last row's record (see `model::Refill`): reading a row copies each value once,
//! into the record, and allocates nothing once the first rows are read.

use super::columns::{self, ProcedureColumn, Role};
use super::sink::{Problem, ProblemKind, Sink};
use super::text::{self, Decoded, UTF8_BOM};
use super::Parser;
use crate::codes::text_slots::{TextKey, TextSlots};
use crate::codes::Tables;
use crate::codes::{icd10pcs, system};
use crate::model::{value_of, CellAt, CodeSystem, FieldKind, Location, Record, RecordKind, Refill, Spare};
use crate::profile::Profile;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Bytes looked at to choose the delimiter when the first line is longer.
const SNIFF_LIMIT: usize = 64 * 1024;

/// A header column: its name as written and what it holds.
struct Column {
    name: Arc<str>,
    role: Role,
}

/// Streaming CSV parser.
pub struct CsvParser {
    overrides: BTreeMap<String, FieldKind>,
    /// Fields the profile requires of a record whose setting the input does not tell: the
    /// header must have a column for each.
    required: Vec<FieldKind>,
    /// Bytes held until the delimiter is known.
    head: Vec<u8>,
    reader: Option<Reader>,
    delimiter: u8,
    /// csv-core's output for a row with quotes: the unquoted values end to end, and where each
    /// ends.
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The raw bytes of the row csv-core is reading.
    raw: Vec<u8>,
    /// The values of the current row: byte ranges of the line (a line without quotes) or of
    /// `out`.
    spans: Vec<(usize, usize)>,
    /// Newlines before the current row.
    lines_before: u64,
    /// Rows read so far; the header is row 1.
    rows: u64,
    columns: Vec<Column>,
    encoding_reported: bool,
    /// Whether lines without quotes skip csv-core (off only to test that both paths agree).
    fast_path: bool,
    /// Set when the input cannot be read as CSV at all.
    stopped: bool,
    /// How this parser reads one piece of a larger input (see `crate::pieces`).
    piece: PieceRole,
    /// The last row's record, written over by the next row, and the strings of fields it no
    /// longer has.
    record: Option<Box<Record>>,
    spare: Spare,
    /// The system of each procedure code met (see [`ProcedureSystems`]).
    procedures: ProcedureSystems,
}

/// What a parser of one piece of an input does differently from one of a whole input.
#[derive(Debug, Clone, Copy, Default)]
struct PieceRole {
    /// The header is a copy (the first piece reports its findings): read it for the columns only,
    /// then continue counting lines from `resume_lines`.
    header_copy: bool,
    resume_lines: u64,
    /// The input continues after this piece, or began before it: no empty-file findings.
    partial: bool,
}

/// One row as read: its raw bytes (with the line ends), and the bytes its values are ranges of
/// (`CsvParser::spans`).
#[derive(Clone, Copy)]
struct Row<'a> {
    raw: &'a [u8],
    values: &'a [u8],
    /// `values` as text, when known to be UTF-8 already.
    text: Option<&'a str>,
    /// The newlines in `raw`.
    newlines: u64,
}

impl CsvParser {
    /// A parser using `profile`'s column overrides and `tables`.
    pub fn new(profile: &Profile, tables: Arc<Tables>) -> CsvParser {
        CsvParser {
            overrides: profile.columns.clone(),
            required: profile.required_for(RecordKind::Encounter).to_vec(),
            head: Vec::new(),
            reader: None,
            delimiter: b',',
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            raw: Vec::new(),
            spans: Vec::new(),
            lines_before: 0,
            rows: 0,
            columns: Vec::new(),
            encoding_reported: false,
            fast_path: true,
            stopped: false,
            piece: PieceRole::default(),
            record: None,
            spare: Spare::default(),
            procedures: ProcedureSystems::new(tables),
        }
    }

    /// A parser of one piece of an input: `first` when it begins the input, `last` when it ends
    /// it, and otherwise fed the input's header record before the piece, which starts after
    /// `lines_before` line ends.
    pub(crate) fn for_piece(
        profile: &Profile,
        tables: Arc<Tables>,
        first: bool,
        last: bool,
        lines_before: u64,
    ) -> CsvParser {
        let piece = PieceRole { header_copy: !first, resume_lines: lines_before, partial: !(first && last) };
        CsvParser { piece, ..CsvParser::new(profile, tables) }
    }

    /// Rows read so far (the header is row 1).
    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// True when the input could not be read as CSV.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }
    /// Sends `problem`, unless it is about a copy of the header (in a piece after the first, whose
    /// problems the first piece reports).
    fn report<S: Sink + ?Sized>(&self, sink: &mut S, problem: Problem) {
        if !(self.piece.header_copy && self.rows == 1) {
            sink.problem(problem);
        }
    }

    /// Chooses the delimiter from the head and starts the reader; false if the input is not text.
    fn start<S: Sink + ?Sized>(&mut self, sink: &mut S) -> bool {
        if let Some(why) = text::not_text(&self.head).filter(|_| !self.piece.header_copy) {
            sink.problem(Problem::new(ProblemKind::BinaryFile, Location::FILE, why.to_string()));
            self.stopped = true;
            return false;
        }
        if self.head.starts_with(UTF8_BOM) {
            self.head.drain(..UTF8_BOM.len());
        }
        self.delimiter = sniff_delimiter(&self.head);
        self.reader = Some(ReaderBuilder::new().delimiter(self.delimiter).build());
        true
    }

    /// Runs the reader over `input` (empty input: end of file).
    fn parse<S: Sink + ?Sized>(&mut self, mut input: &[u8], sink: &mut S) {
        let at_eof = input.is_empty();
        // The input's UTF-8 part, validated once: a line within it is text without a check of
        // its own.
        let text = utf8_prefix(input);
        let mut offset = 0;
        loop {
            if let Some(n) = self.plain_line(input) {
                let (line, rest) = input.split_at(n + 1);
                input = rest;
                let line_text = text.get(offset..offset + line.len());
                offset += line.len();
                self.on_record(Row { raw: line, values: line, text: line_text, newlines: 1 }, false, sink);
                continue;
            }
            let Some(reader) = self.reader.as_mut() else { return };
            let (result, nin, nout, nend) =
                reader.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            self.raw.extend_from_slice(&input[..nin]);
            input = &input[nin..];
            offset += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => return,
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    self.spans.clear();
                    let mut start = 0;
                    for &end in &self.ends[..self.ends_len] {
                        self.spans.push((start, end));
                        start = end;
                    }
                    let (raw, out) = (std::mem::take(&mut self.raw), std::mem::take(&mut self.out));
                    let values = &out[..self.out_len];
                    let row = Row { raw: &raw, values, text: None, newlines: count_newlines(&raw) };
                    self.on_record(row, at_eof, sink);
                    (self.raw, self.out) = (raw, out);
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.raw.clear();
                }
                ReadRecordResult::End => return,
            }
        }
    }

    /// The fast path for the common line without quotes, taken between records: splits the
    /// line on the delimiter into `spans` exactly as csv-core would split it, and returns the
    /// offset of its newline. `None` (csv-core reads it) when the line has a quote or does not
    /// end in `input`.
    fn plain_line(&mut self, input: &[u8]) -> Option<usize> {
        if !self.fast_path || self.out_len != 0 || self.ends_len != 0 || !self.raw.is_empty() {
            return None;
        }
        // One search for the line's end, a quote and a carriage return, whichever comes first.
        let stop = memchr::memchr3(b'\n', b'"', b'\r', input)?;
        let n = match input[stop] {
            b'\n' => stop,
            b'\r' if input.get(stop + 1) == Some(&b'\n') => stop + 1,
            _ => return None, // a quote or a lone carriage return
        };
        split_line(&input[..stop], self.delimiter, &mut self.spans);
        Some(n)
    }

    /// Handles one complete row.
    fn on_record<S: Sink + ?Sized>(&mut self, row_bytes: Row, at_eof: bool, sink: &mut S) {
        let raw = row_bytes.raw;
        let leading = raw.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let leading_newlines = leading.filter(|&&b| b == b'\n').count() as u64;
        let line = self.lines_before + leading_newlines + 1;
        self.lines_before += row_bytes.newlines;
        if self.spans.len() == 1 && self.spans[0].0 == self.spans[0].1 {
            return; // a blank line
        }
        self.rows += 1;
        let row = self.rows;
        let last_line = self.lines_before + u64::from(!raw.ends_with(b"\n"));
        if at_eof {
            if let Some((field, open)) = unterminated_quote(raw, self.delimiter) {
                let rest = &raw[open..];
                let open_line = self.lines_before - count_newlines(rest) + 1;
                let spanned = count_newlines(rest) + u64::from(!rest.ends_with(b"\n"));
                let at = match self.columns.get(field) {
                    Some(c) => Location::Csv { row, column: Some(c.name.clone()), line: open_line },
                    None => Location::Csv { row, column: None, line: open_line },
                };
                let msg = format!(
                    "quote opened on line {open_line} is never closed; the rest of the file ({spanned} line{}) was read as one field",
                    if spanned == 1 { "" } else { "s" }
                );
                sink.problem(Problem::new(ProblemKind::UnterminatedQuote, at, msg));
                if row > 1 {
                    sink.unreadable();
                }
                return;
            }
        }
        if row == 1 {
            self.read_header(row_bytes.values, Location::Csv { row, column: None, line }, sink);
            if self.piece.header_copy {
                self.lines_before = self.piece.resume_lines;
            }
        } else {
            self.read_row(row_bytes, (row, line), last_line, sink);
        }
    }

    /// The text of the value at `span` of the current row (a range of `values`); `whole` is all of `values`
    /// as text when it is UTF-8, so that values are not validated one by one. A value that is not
    /// UTF-8 is read as Windows-1252, and the first such byte of the file is reported (at `at`).
    fn value<'v, S: Sink + ?Sized>(
        &mut self,
        values: &'v [u8],
        whole: Option<&'v str>,
        (start, end): (usize, usize),
        at: impl FnOnce(&Self) -> Location,
        sink: &mut S,
    ) -> Decoded<'v> {
        if let Some(text) = whole.and_then(|w| w.get(start..end)) {
            return Decoded { text: text.into(), first_bad_byte: None };
        }
        let decoded = text::decode(&values[start..end]);
        if let Some((offset, byte)) = decoded.first_bad_byte {
            if !self.encoding_reported {
                self.encoding_reported = true;
                let msg = format!(
                    "byte 0x{byte:02X} at position {} of this field is not UTF-8; the file was read as Windows-1252 (\"{}\"); later such bytes are read the same way without further findings",
                    offset + 1,
                    decoded.text
                );
                let at = at(self);
                self.report(sink, Problem::new(ProblemKind::UndecodableBytes, at, msg));
            }
        }
        decoded
    }

    fn read_header<S: Sink + ?Sized>(&mut self, values: &[u8], at: Location, sink: &mut S) {
        let whole = std::str::from_utf8(values).ok();
        let names: Vec<Arc<str>> = (0..self.spans.len())
            .map(|i| self.value(values, whole, self.spans[i], |_| at.clone(), sink).text.trim().into())
            .collect();
        let mut roles: Vec<Role> = names.iter().map(|n| columns::role_for(n, &self.overrides)).collect();
        choose_attending_npi(&names, &mut roles);
        for (name, mut role) in names.into_iter().zip(roles) {
            // Only single-valued roles can repeat wrongly; asking first keeps a header of 100,000
            // unknown columns linear.
            let single = !role.repeats() && role != Role::Ignore;
            let first = if single { self.columns.iter().find(|c| c.role == role) } else { None };
            if let (Some(first), Some(kind)) = (first, role.kind()) {
                let msg = format!(
                    "column {name:?} holds {} like column {:?}; the first is used",
                    kind.name(),
                    first.name
                );
                let at = at.with_column(name.clone());
                self.report(sink, Problem::new(ProblemKind::DuplicateColumn, at, msg));
                role = Role::Ignore;
            }
            self.columns.push(Column { name, role });
        }
        for i in 0..self.required.len() {
            let kind = self.required[i];
            if !self.columns.iter().any(|c| c.role.kind() == Some(kind)) {
                let names = columns::known_names(kind).join(", ");
                let msg = format!("no column holds {} (looked for {names}…)", kind.name());
                self.report(sink, Problem::new(ProblemKind::RequiredColumnMissing, at.clone(), msg));
                sink.no_place_for(kind);
            }
        }
    }

    /// Checks data row `row` spanning lines `first_line..=last_line`.
    fn read_row<S: Sink + ?Sized>(
        &mut self,
        row_bytes: Row,
        (row, first_line): (u64, u64),
        last_line: u64,
        sink: &mut S,
    ) {
        let at = Location::Csv { row, column: None, line: first_line };
        let n = self.spans.len();
        if n != self.columns.len() {
            let hint = if last_line > first_line {
                format!(" (it spans lines {first_line}–{last_line}: a quote is probably not closed)")
            } else {
                String::new()
            };
            let msg = format!(
                "row has {n} fields but the header has {}{hint}; values may be shifted, so other checks skip this row",
                self.columns.len()
            );
            sink.problem(Problem::new(ProblemKind::RaggedRow, at, msg));
            sink.unreadable();
            return;
        }
        // Boxed, so that handing it back and forth moves a pointer, not the record.
        let mut record = self.record.take().unwrap_or_else(|| Box::new(Record::new(Location::FILE)));
        let mut spare = std::mem::take(&mut self.spare);
        self.fill(Refill::new(&mut record, at, &mut spare), row_bytes, (row, first_line), sink);
        self.spare = spare;
        sink.record(&record);
        self.record = Some(record);
    }

    /// Writes the values of the current row (ranges of `row.values`) over the last row's record.
    fn fill<S: Sink + ?Sized>(
        &mut self,
        mut record: Refill,
        row_bytes: Row,
        (row, line): (u64, u64),
        sink: &mut S,
    ) {
        let values = row_bytes.values;
        let whole = row_bytes.text.or_else(|| std::str::from_utf8(values).ok());
        let (mut given, mut family) = (None, None);
        let (mut bill, mut claim, mut place) = (None, None, None);
        // Lent out of the parser for the loop, so that it reads them without going through `self`.
        let (columns, spans) = (std::mem::take(&mut self.columns), std::mem::take(&mut self.spans));
        for (i, (column, &span)) in columns.iter().zip(&spans).enumerate() {
            let role = column.role;
            if matches!(role, Role::Ignore) {
                continue;
            }
            let plain = whole.and_then(|w| w.get(span.0..span.1));
            let decoded;
            let text: &str = match plain {
                Some(text) => text, // the usual case, without building a `Decoded`
                None => {
                    let at = |_: &Self| Location::Csv { row, column: Some(column.name.clone()), line };
                    decoded = self.value(values, whole, span, at, sink).text;
                    &decoded
                }
            };
            // A name part is used after the loop: borrowed from the row, or a copy of its decoding.
            let kept = || plain.map_or_else(|| Cow::Owned(text.to_owned()), Cow::Borrowed);
            let at = CellAt { row, line, column: &column.name };
            match role {
                Role::Ignore => {}
                Role::Single(kind) => record.single(kind, &[text], at),
                Role::GivenName => given = Some((kept(), i)),
                Role::FamilyName => family = Some((kept(), i)),
                Role::Diagnoses { principal } => {
                    push_codes(&mut record, text, at, Cell::Diagnoses { principal }, &mut self.procedures)
                }
                Role::Procedures(column) => {
                    push_codes(&mut record, text, at, Cell::Procedures(column), &mut self.procedures)
                }
                Role::Codes(system) => {
                    push_codes(&mut record, text, at, Cell::Codes(system), &mut self.procedures)
                }
                Role::BillType => bill = bill.or_else(|| kind_of_bill(value_of(text))),
                Role::ClaimType => claim = claim.or_else(|| kind_of_claim(value_of(text))),
                Role::PlaceOfService if !value_of(text).is_empty() => place = Some(RecordKind::Professional),
                Role::PlaceOfService => {}
                Role::Text(kind) if !value_of(text).is_empty() => record.text(text, at, kind),
                Role::Text(_) => {}
            }
        }
        if !record.has(FieldKind::PatientName) {
            let at = |i: usize| CellAt { row, line, column: &columns[i].name };
            let family = family.as_ref().map(|(text, i)| (&**text, at(*i)));
            whole_name(&mut record, family, given.as_ref().map(|(text, i)| (&**text, at(*i))));
        }
        (self.columns, self.spans) = (columns, spans);
        let class = || record.record.encounter.class.as_ref().and_then(|f| kind_of_class(f.value()));
        // The most specific first: the claim's type, an institutional claim's type of bill, a
        // place of service (professional claims only), the patient class.
        let kind = claim.or(bill).or(place).or_else(class).unwrap_or(RecordKind::Encounter);
        record.record.kind = kind;
        record.finish();
    }
}

impl<S: Sink + ?Sized> Parser<S> for CsvParser {
    fn feed(&mut self, chunk: &[u8], sink: &mut S) {
        if self.stopped {
            return;
        }
        if self.reader.is_none() {
            self.head.extend_from_slice(chunk);
            // Start once the text check and the header line are both complete, so that where a
            // chunk ends never changes what is found.
            let header_seen = self.head.len() >= text::TEXT_CHECK_BYTES && self.head.contains(&b'\n');
            if !header_seen && self.head.len() < SNIFF_LIMIT {
                return;
            }
            if !self.start(sink) {
                return;
            }
            let head = std::mem::take(&mut self.head);
            self.parse(&head, sink);
            return;
        }
        if !chunk.is_empty() {
            self.parse(chunk, sink);
        }
    }

    fn finish(&mut self, sink: &mut S) {
        if self.stopped {
            return;
        }
        if self.reader.is_none() {
            if self.head.iter().all(u8::is_ascii_whitespace) {
                sink.problem(Problem::new(ProblemKind::EmptyFile, Location::FILE, "the file is empty"));
                return;
            }
            if !self.start(sink) {
                return;
            }
            let head = std::mem::take(&mut self.head);
            self.parse(&head, sink);
        }
        self.parse(&[], sink);
        if self.piece.partial {
            return;
        }
        match self.rows {
            0 => sink.problem(Problem::new(ProblemKind::EmptyFile, Location::FILE, "the file is empty")),
            1 => sink.problem(Problem::new(
                ProblemKind::EmptyFile,
                Location::Csv { row: 1, column: None, line: 1 },
                "the file has a header row but no records",
            )),
            _ => {}
        }
    }
}

/// What the codes of a cell are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// ICD-10-CM diagnoses; the first code of the principal column is the principal diagnosis.
    Diagnoses { principal: bool },
    /// Procedures, each of the system its shape says (see [`procedure_system`]).
    Procedures(ProcedureColumn),
    /// Other codes of one system, kept in [`Record::codes`].
    Codes(CodeSystem),
}

/// Adds the codes of one cell, each its own field (so that a finding about one code of
/// `E11.9;I10X` is about `I10X`). A blank principal cell is kept (so completeness sees it blank);
/// other blank cells are not codes.
fn push_codes(record: &mut Refill, text: &str, at: CellAt, cell: Cell, procedures: &mut ProcedureSystems) {
    let principal = cell == Cell::Diagnoses { principal: true };
    if value_of(text).is_empty() {
        if principal && !record.has(FieldKind::PrincipalDiagnosis) {
            record.principal(text, at);
        }
        return;
    }
    let mut push = |code: &str| match cell {
        Cell::Procedures(column) => record.procedure(code, at, procedures.of(value_of(code), column)),
        Cell::Codes(system) => record.code(code, at, system),
        Cell::Diagnoses { .. } if principal && !record.has(FieldKind::PrincipalDiagnosis) => {
            record.principal(code, at)
        }
        Cell::Diagnoses { .. } => record.secondary(code, at),
    };
    if !lists_codes(text.as_bytes()) {
        return push(text); // one code, as written
    }
    split_codes(text, push);
}

/// Calls `each` with every code of a cell that lists several, trimmed. `;` and `|` always
/// separate codes. A comma separates them too, except where it stands for the dot of an
/// ICD-10-CM code (see [`comma_is_dot`]): `Z79,899` and `A41,9` are one code each (which rule
/// K326 then asks to write with a dot), `Z79,899,I10` is two, `E11.9,I10` and `99213,36415` are
/// two.
fn split_codes<'a>(cell: &'a str, mut each: impl FnMut(&'a str)) {
    let mut part = |text: &'a str| {
        let part = value_of(text);
        if !part.is_empty() {
            each(part);
        }
    };
    if !cell.as_bytes().contains(&b',') {
        // The usual list, without commas: one pass over its bytes. The separators are ASCII, so
        // every offset found is a character boundary.
        let mut start = 0;
        for (i, &b) in cell.as_bytes().iter().enumerate() {
            if b == b';' || b == b'|' {
                part(cell.get(start..i).unwrap_or(""));
                start = i + 1;
            }
        }
        return part(cell.get(start..).unwrap_or(""));
    }
    let mut pieces = cell;
    loop {
        // `;`, `|` and `,` are ASCII, so every offset found is a character boundary. Cells are
        // short: a loop over their bytes costs less than setting memchr up.
        let piece_end = pieces.bytes().position(|b| b == b';' || b == b'|').unwrap_or(pieces.len());
        let mut rest = &pieces[..piece_end];
        while !rest.is_empty() {
            let mut end = rest.bytes().position(|b| b == b',').unwrap_or(rest.len());
            if end < rest.len() && comma_is_dot(&rest[..end], &rest[end + 1..]) {
                let next = rest.as_bytes()[end + 1..].iter().position(|&b| b == b',');
                end = next.map_or(rest.len(), |i| end + 1 + i);
            }
            part(&rest[..end]);
            rest = rest.get(end + 1..).unwrap_or("");
        }
        match pieces.get(piece_end + 1..) {
            Some(more) => pieces = more,
            None => return,
        }
    }
}

/// True when the comma between `before` (the code so far) and `after` (the rest of the cell)
/// joins an ICD-10-CM category to its subcategory characters rather than separating two codes:
/// `before` is exactly a three-character category (a letter, a digit, a letter or digit) and
/// the text up to the next comma is one to four letters and digits that cannot be a code of its
/// own, since it begins with a digit (`899`, `0X1A`) or has at most two characters (`A`, `A1`,
/// as in F32.A, H54.A1). Blanks on either side of the comma make it a separator (`I10, 899`).
fn comma_is_dot(before: &str, after: &str) -> bool {
    let head = before.trim_start().as_bytes();
    let tail = after.split(',').next().unwrap_or("").trim_end().as_bytes();
    head.len() == 3
        && head[0].is_ascii_alphabetic()
        && head[1].is_ascii_digit()
        && head[2].is_ascii_alphanumeric()
        && (1..=4).contains(&tail.len())
        && tail.iter().all(u8::is_ascii_alphanumeric)
        && (tail[0].is_ascii_digit() || tail.len() <= 2)
}

/// The system of a procedure code: the one its shape says (after undoing a slip of spelling
/// such as lowercase, which rule K326 reports), so that `99213` is CPT, `L6272` HCPCS and
/// `0DTJ4ZZ` ICD-10-PCS whatever column they are in. The column's header breaks ties only where
/// the shape does not decide: a code shaped like nothing is read as the system the header names
/// (so that its format rule says what is wrong: `9921` in a CPT column "has 4 characters"), and a
/// generic procedure column leaves it unrecognized (K325) unless a look-alike character is all
/// that keeps it from a shape (`٠DTJ4ZZ` with an Arabic zero); in a CPT/HCPCS column a seven-character
/// code that is no ICD-10-PCS code (`99213RT`) is read as CPT or HCPCS.
fn procedure_system(code: &str, column: ProcedureColumn, tables: &Tables) -> CodeSystem {
    let repaired = system::respelled(code).map(|(fixed, _)| fixed);
    let text = repaired.as_deref().unwrap_or(code).trim();
    let shape = system::procedure_by_shape(text);
    let letter_first = text.starts_with(|c: char| c.is_alphabetic());
    // A look-alike character (`٠DTJ4ZZ`, `G０438`): the system of the code's length, whose format
    // rule names the character.
    let by_length = match text.chars().count() {
        _ if text.is_ascii() => None,
        7 => Some(CodeSystem::Icd10pcs),
        5 if letter_first => Some(CodeSystem::Hcpcs),
        5 => Some(CodeSystem::Cpt),
        _ => None,
    };
    let by_header = match column {
        ProcedureColumn::Any => CodeSystem::Unrecognized,
        ProcedureColumn::Pcs => CodeSystem::Icd10pcs,
        ProcedureColumn::CptHcpcs if letter_first => CodeSystem::Hcpcs,
        ProcedureColumn::CptHcpcs => CodeSystem::Cpt,
    };
    match shape {
        CodeSystem::Unrecognized => by_length.unwrap_or(by_header),
        CodeSystem::Icd10pcs if column == ProcedureColumn::CptHcpcs && !known_pcs(text, tables) => by_header,
        shape => shape,
    }
}

/// The system of each distinct procedure code (with its column's kind) met so far, as
/// [`procedure_system`] says: it depends on nothing else, and a file repeats few codes many times.
struct ProcedureSystems {
    tables: Arc<Tables>,
    /// Where each code's system is in `systems`, by its text packed with the column's kind
    /// (codes of more than eight bytes are worked out each time).
    known: TextSlots,
    systems: Vec<CodeSystem>,
}

/// Codes remembered at most; the memory starts over when full.
const KNOWN_CODES: usize = 1 << 16;

impl ProcedureSystems {
    fn new(tables: Arc<Tables>) -> ProcedureSystems {
        ProcedureSystems { tables, known: TextSlots::default(), systems: Vec::new() }
    }

    /// The system of procedure `code` (trimmed) in a column of `column`'s kind.
    fn of(&mut self, code: &str, column: ProcedureColumn) -> CodeSystem {
        let Some(key) = TextKey::new(code, column as u32) else {
            return procedure_system(code, column, &self.tables);
        };
        if let Some(&system) = self.known.get(key).and_then(|at| self.systems.get(at as usize)) {
            return system;
        }
        let system = procedure_system(code, column, &self.tables);
        if self.systems.len() >= KNOWN_CODES {
            (self.known, self.systems) = (TextSlots::default(), Vec::new());
        }
        self.known.put(key, self.systems.len() as u32); // below KNOWN_CODES
        self.systems.push(system);
        system
    }
}

/// True when `text` is an ICD-10-PCS code of any release.
fn known_pcs(text: &str, tables: &Tables) -> bool {
    icd10pcs::canonical(text).is_ok_and(|c| !tables.icd10pcs().rows(c.as_str()).is_empty())
}

/// Of several columns the dictionary reads as the attending NPI (`npi`, `rendering_npi`,
/// `attending_npi`), the one whose header says "attending" (else the first) is the attending's;
/// the others are NPIs of other providers, checked like it (not duplicate columns).
fn choose_attending_npi(names: &[Arc<str>], roles: &mut [Role]) {
    let attending = Role::Single(FieldKind::AttendingNpi);
    let candidates: Vec<usize> = (0..roles.len()).filter(|&i| roles[i] == attending).collect();
    let Some(&first) = candidates.first() else { return };
    let chosen = candidates.iter().copied().find(|&i| columns::names_attending(&names[i])).unwrap_or(first);
    for i in candidates.into_iter().filter(|&i| i != chosen) {
        roles[i] = Role::Codes(CodeSystem::Npi);
    }
}

/// Characters [`compact`] keeps: more than any word a setting is compared with.
const COMPACT: usize = 32;

/// The ASCII letters and digits of `text`, lowercased (the first [`COMPACT`] of them), in `buf`.
fn compact<'b>(text: &str, buf: &'b mut [u8; COMPACT]) -> &'b str {
    let mut n = 0;
    for (slot, b) in buf.iter_mut().zip(text.bytes().filter(u8::is_ascii_alphanumeric)) {
        *slot = b.to_ascii_lowercase();
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// The kind of record a patient class says (HL7 PV1-2 `I`/`O`/`E`/`R`/`B`, FHIR `IMP`/`AMB`/
/// `EMER`, or words such as `Inpatient`, `Emergency Room`, `Observation`, `Office Visit`); `None`
/// for values that do not tell (`P` preadmit, `U` unknown, anything else).
fn kind_of_class(text: &str) -> Option<RecordKind> {
    let mut buf = [0; COMPACT];
    let c = compact(text, &mut buf);
    const INPATIENT: &[&str] = &["i", "ip", "inp", "inpt", "imp", "acute"];
    const OUTPATIENT: &[&str] = &[
        "o", "e", "r", "b", "op", "opt", "outpt", "er", "ed", "emer", "amb", "obs", "obsenc", "vr",
        "ervisit", "edvisit",
    ];
    const OUTPATIENT_WORDS: &[&str] = &[
        "outpatient",
        "emergency",
        "observation",
        "ambulatory",
        "office",
        "clinic",
        "telehealth",
        "telemedicine",
        "virtual",
        "urgentcare",
        "sameday",
        "daysurgery",
        "recurring",
    ];
    if INPATIENT.contains(&c) || c.starts_with("inpatient") {
        Some(RecordKind::Inpatient)
    } else if OUTPATIENT.contains(&c) || OUTPATIENT_WORDS.iter().any(|w| c.starts_with(w)) {
        Some(RecordKind::Outpatient)
    } else {
        None
    }
}

/// The kind of record a UB-04 type of bill says (`0111`, `131`, `13X`): the second and third
/// digits of the four are the facility type and bill classification. Hospital and SNF inpatient
/// (11x, 12x, 18x, 21x, 22x, 28x) are inpatient stays; hospital and SNF outpatient (13x, 14x,
/// 23x), clinics (71x–79x), ambulatory surgery centers (83x) and critical access hospitals (85x)
/// are outpatient. Other bill types (home health, hospice…) do not tell.
fn kind_of_bill(text: &str) -> Option<RecordKind> {
    let t = text.trim();
    let t = if t.len() == 4 { t.strip_prefix('0')? } else { t };
    let b = t.as_bytes();
    if b.len() != 3 || !b[..2].iter().all(u8::is_ascii_digit) || !b[2].is_ascii_alphanumeric() {
        return None;
    }
    match &t[..2] {
        "11" | "12" | "18" | "21" | "22" | "28" => Some(RecordKind::Inpatient),
        "13" | "14" | "23" | "83" | "85" => Some(RecordKind::Outpatient),
        c if c.starts_with('7') && c != "70" => Some(RecordKind::Outpatient),
        _ => None,
    }
}

/// The kind of record a claim type or form says (`Professional`, `837P`, `CMS-1500`,
/// `Pharmacy`, `NCPDP`, `Vision`, `Dental`, `837D`, or a patient class such as `Inpatient`);
/// `None` for an institutional claim (`837I`, `UB-04`), whose setting its type of bill or patient
/// class tells.
fn kind_of_claim(text: &str) -> Option<RecordKind> {
    let mut buf = [0; COMPACT];
    let compact = compact(text, &mut buf);
    let starts = |words: &[&str]| words.iter().any(|w| compact.starts_with(w));
    if starts(&["professional", "prof", "837p", "cms1500", "hcfa", "1500", "physician"]) {
        Some(RecordKind::Professional)
    } else if starts(&["pharmacy", "ncpdp", "rx", "drug"]) {
        Some(RecordKind::Pharmacy)
    } else if starts(&["vision"]) {
        Some(RecordKind::Vision)
    } else if starts(&["dental", "oral", "837d", "ada"]) {
        Some(RecordKind::Oral)
    } else if starts(&["institutional", "837i", "ub04", "ub92", "cms1450"]) {
        None
    } else {
        kind_of_class(text)
    }
}

/// The patient's name from family and given name columns: `Doe` + `Jane` → `Doe, Jane` at the
/// family name's cell, or the one of the two written when the other is blank or missing.
fn whole_name(record: &mut Refill, family: Option<(&str, CellAt)>, given: Option<(&str, CellAt)>) {
    let blank = |t: &str| value_of(t).is_empty();
    let (text, at) = match (family, given) {
        (Some((f, at)), Some((g, _))) if !blank(f) && !blank(g) => {
            return record.single(FieldKind::PatientName, &[value_of(f), ", ", value_of(g)], at);
        }
        (Some((f, at)), Some(_)) if blank(f) => (f, at),
        (_, Some(g)) | (Some(g), None) => g,
        (None, None) => return,
    };
    record.single(FieldKind::PatientName, &[text], at);
}

/// Splits `line` (no quotes) on `delimiter` into `spans`, eight bytes at a time.
fn split_line(line: &[u8], delimiter: u8, spans: &mut Vec<(usize, usize)>) {
    spans.clear();
    let mut start = 0;
    let mut words = line.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut found = bytes_equal(word, delimiter);
        while found != 0 {
            let end = base + (found.trailing_zeros() / 8) as usize;
            spans.push((start, end));
            start = end + 1;
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            spans.push((start, base + i));
            start = base + i + 1;
        }
    }
    spans.push((start, line.len()));
}

/// True when `cell` holds a `;`, `|` or `,` (a cell that may list several codes), looked for
/// eight bytes at a time.
fn lists_codes(cell: &[u8]) -> bool {
    let any = |word: u64| (word_equal(word, b';') | word_equal(word, b'|') | word_equal(word, b',')) != 0;
    let four = |at: usize| cell.get(at..at + 4).and_then(|w| w.try_into().ok()).map_or(0, u32::from_le_bytes);
    match cell.len() {
        0..=3 => cell.iter().any(|b| matches!(b, b';' | b'|' | b',')),
        // The first four bytes and the last four (overlapping when fewer than eight).
        n @ 4..=8 => any(u64::from(four(0)) | u64::from(four(n - 4)) << 32),
        n => cell.chunks_exact(8).any(|w| any(word_of(w))) || any(word_of(&cell[n - 8..])),
    }
}

/// Eight bytes as a word (little-endian).
fn word_of(eight: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(eight);
    u64::from_le_bytes(bytes)
}

/// The bytes of `word` (eight of them) equal to `byte`, each marked by its high bit.
fn bytes_equal(word: &[u8], byte: u8) -> u64 {
    word_equal(word_of(word), byte)
}

/// The bytes of `word` equal to `byte`, each marked by its high bit.
#[inline]
fn word_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte of `x` is zero exactly when adding 0x7F to its low seven bits leaves its high bit
    // clear and its own high bit is clear; no carry crosses bytes.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The delimiter that splits the first line into the most fields (outside quotes).
pub(crate) fn sniff_delimiter(head: &[u8]) -> u8 {
    let head = &head[..head.len().min(SNIFF_LIMIT)];
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// The longest start of `bytes` that is UTF-8, as text.
fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// For the last record of a file: the field index and byte offset of a quote that opens a field
/// and is never closed.
fn unterminated_quote(raw: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let (mut field, mut at_start, mut quoted, mut open) = (0, true, false, 0);
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if quoted {
            if c == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if c == delimiter {
            field += 1;
            at_start = true;
            i += 1;
            continue;
        } else if c == b'\n' || c == b'\r' {
            field = 0;
            at_start = true;
            i += 1;
            continue;
        } else if c == b'"' && at_start {
            quoted = true;
            open = i;
        }
        at_start = false;
        i += 1;
    }
    quoted.then_some((field, open))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The system as [`super::procedure_system`] says, and as the memory of systems says the
    /// first and second time the code is met.
    fn procedure_system(code: &str, column: ProcedureColumn) -> CodeSystem {
        let system = super::procedure_system(code, column, &Tables::builtin());
        let mut known = ProcedureSystems::new(Tables::builtin());
        assert_eq!(known.of(code, column), system, "{code}");
        assert_eq!(known.of(code, column), system, "{code} again");
        system
    }

    #[test]
    fn delimiter_by_first_line() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x;y\",b\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn finds_unterminated_quote() {
        assert_eq!(unterminated_quote(b"1,\"a\"\"b\",c", b','), None);
        assert_eq!(unterminated_quote(b"1,\"Smith, J,1975\n2,x", b','), Some((1, 2)));
        assert_eq!(unterminated_quote(b"1,5\" tall,c", b','), None);
    }

    /// Every CSV fixture, parsed with and without the plain-line fast path, in chunks of several
    /// sizes: the records and problems sent must be identical.
    #[test]
    fn fast_path_agrees_with_csv_core() {
        let dir = crate::test_data::repo_path("tests/fixtures/csv");
        let run = |bytes: &[u8], fast: bool, chunk: usize| {
            let profile = Profile::default();
            let mut sink = crate::formats::sink::Recorder::default();
            let mut parser = CsvParser::new(&profile, Tables::builtin());
            parser.fast_path = fast;
            for part in bytes.chunks(chunk) {
                parser.feed(part, &mut sink);
            }
            parser.finish(&mut sink);
            sink
        };
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                let bytes = std::fs::read(&path).unwrap();
                for chunk in [1, 5, 1 << 16] {
                    assert_eq!(run(&bytes, true, chunk), run(&bytes, false, chunk), "{}", path.display());
                }
                files += 1;
            }
        }
        assert!(files >= 10);
    }

    /// Each row read after others (its record written over theirs) is the record read alone.
    #[test]
    fn a_record_written_over_the_last_is_the_record_read_alone() {
        let head = "mrn,last_name,first_name,dob,principal_dx,dx2,px1,ndc,note,claim_type\n";
        let rows = [
            "M1,Doe,Jane,1970-01-01,I10,E11.9;I10X;Z79.4,0DTJ4ZZ,0409-4888-20,call 555-0142,837P\n",
            "M2,Roe,,1971-13-01,;;,E78.5,,,,\n",
            "M3,,Jim,,\"Z79,899\",,99213;J9998,1234-567-8901;0409-4888-20,,\n",
            "M4,Poe,Ann,1957,E11.9,E11.9 ;;;|I10,,,\"a, b\",Pharmacy\n",
            "M5,Loe,Bo,2001-02-03,,,,,,\n",
        ];
        let read = |csv: &str| {
            let mut sink = crate::formats::sink::Recorder::default();
            let mut parser = CsvParser::new(&Profile::default(), Tables::builtin());
            parser.feed(csv.as_bytes(), &mut sink);
            parser.finish(&mut sink);
            sink.events.into_iter().filter(|e| e.starts_with("record ")).collect::<Vec<_>>()
        };
        let together = read(&format!("{head}{}", rows.concat()));
        assert_eq!(together.len(), rows.len());
        for (i, row) in rows.iter().enumerate() {
            // Alone after `i` blank lines, the row is row 2 on the same line.
            let alone = read(&format!("{head}{}{row}", "\n".repeat(i)));
            assert_eq!(alone.len(), 1);
            let alone = alone[0].replace("row: 2,", &format!("row: {},", i + 2));
            assert_eq!(together[i], alone, "row {}", i + 2);
        }
    }

    #[test]
    fn lines_split_eight_bytes_at_a_time_as_byte_by_byte() {
        for line in ["", ",", "a", "a,b", ",,,,,,,,,", "0123456,89abcdef,", "x,y;z|w\tv,,,,1234567,12345678,"]
        {
            for delimiter in [b',', b';', b'|', b'\t'] {
                let mut spans = Vec::new();
                split_line(line.as_bytes(), delimiter, &mut spans);
                let mut start = 0;
                let expected: Vec<(usize, usize)> = line
                    .split(char::from(delimiter))
                    .map(|part| {
                        let span = (start, start + part.len());
                        start += part.len() + 1;
                        span
                    })
                    .collect();
                assert_eq!(spans, expected, "{line:?} {delimiter}");
            }
        }
    }

    #[test]
    fn procedure_systems_by_shape() {
        use ProcedureColumn::*;
        for column in [Any, Pcs, CptHcpcs] {
            assert_eq!(procedure_system("99213", column), CodeSystem::Cpt);
            assert_eq!(procedure_system("99221", column), CodeSystem::Cpt);
            assert_eq!(procedure_system("99213-25", column), CodeSystem::Cpt);
            assert_eq!(procedure_system("0001F", column), CodeSystem::Cpt);
            assert_eq!(procedure_system("G0438", column), CodeSystem::Hcpcs);
            assert_eq!(procedure_system("L6272", column), CodeSystem::Hcpcs);
            assert_eq!(procedure_system("l6272", column), CodeSystem::Hcpcs);
            assert_eq!(procedure_system("0016070", column), CodeSystem::Icd10pcs);
            assert_eq!(procedure_system("0dtj4zz", column), CodeSystem::Icd10pcs);
            assert_eq!(procedure_system("99213.", column), CodeSystem::Cpt);
        }
        // Shaped like nothing: the header's system, or unrecognized in a generic column.
        assert_eq!(procedure_system("9921", Any), CodeSystem::Unrecognized);
        assert_eq!(procedure_system("9921", Pcs), CodeSystem::Icd10pcs);
        assert_eq!(procedure_system("9921", CptHcpcs), CodeSystem::Cpt);
        assert_eq!(procedure_system("G043", CptHcpcs), CodeSystem::Hcpcs);
        assert_eq!(procedure_system("E11.9", Any), CodeSystem::Unrecognized);
        assert_eq!(procedure_system("0DTJ4ZZ0DTJ4ZZ", Any), CodeSystem::Unrecognized);
        assert_eq!(procedure_system("\u{660}DTJ4ZZ", Any), CodeSystem::Icd10pcs);
        assert_eq!(procedure_system("G\u{ff10}438", Any), CodeSystem::Hcpcs);
        // Seven characters that are no ICD-10-PCS code, in a CPT/HCPCS column.
        assert_eq!(procedure_system("99213RT", CptHcpcs), CodeSystem::Cpt);
        assert_eq!(procedure_system("J1100JZ", CptHcpcs), CodeSystem::Hcpcs);
        assert_eq!(procedure_system("0DTJ4ZZ", CptHcpcs), CodeSystem::Icd10pcs);
        assert_eq!(procedure_system("99213RT", Any), CodeSystem::Icd10pcs);
    }

    fn split(cell: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        split_codes(cell, |p| parts.push(p));
        parts
    }

    #[test]
    fn cells_listing_codes_found_eight_bytes_at_a_time_as_byte_by_byte() {
        let cells =
            ["", "I", "I1,", "I10", "E11.9", "E11.9;I10", "0DTJ4ZZ", "0DTJ4ZZ|", "12345678", "1234567,"];
        let longer =
            ["E11.9 I10 Z79.4 K21.9", "E11.9 I10 Z79.4 K21.9|", "E11.9 I10 Z79.4,K21.9", "é,", "éé;"];
        for cell in cells.iter().chain(&longer) {
            for cut in 0..=cell.len() {
                let Some(part) = cell.get(..cut) else { continue };
                let expected = part.bytes().any(|b| matches!(b, b';' | b'|' | b','));
                assert_eq!(lists_codes(part.as_bytes()), expected, "{part:?}");
            }
        }
    }

    #[test]
    fn comma_for_dot_is_one_code() {
        assert_eq!(split("Z79,899"), ["Z79,899"]);
        assert_eq!(split("A41,9"), ["A41,9"]);
        assert_eq!(split("T36,0X1A"), ["T36,0X1A"]);
        assert_eq!(split("F32,A"), ["F32,A"]);
        assert_eq!(split("Z79,899,I10"), ["Z79,899", "I10"]);
        assert_eq!(split("I10,Z79,899"), ["I10", "Z79,899"]);
        assert_eq!(split("Z79,899;E11,9"), ["Z79,899", "E11,9"]);
    }

    #[test]
    fn commas_between_codes_separate() {
        assert_eq!(split("E11.9,I10"), ["E11.9", "I10"]);
        assert_eq!(split("I10,E78.5"), ["I10", "E78.5"]);
        assert_eq!(split("I10,E785"), ["I10", "E785"]);
        assert_eq!(split("I10, 899"), ["I10", "899"]);
        assert_eq!(split("99213,36415"), ["99213", "36415"]);
        assert_eq!(split("Z79,89999"), ["Z79", "89999"]);
        assert_eq!(split("E11.9;I10X"), ["E11.9", "I10X"]);
        assert_eq!(split("E11.9 ;;;|I10,"), ["E11.9", "I10"]);
        // Without a comma: split in one pass, the same way.
        assert_eq!(split("E11.9 ;;;| I10 "), ["E11.9", "I10"]);
        assert_eq!(split(" ; |"), [""; 0]);
        assert_eq!(split("é;E11.9|"), ["é", "E11.9"]);
    }

    /// (rule, column, value) of every finding of checking `csv` with `profile`.
    fn findings(csv: &str, profile: Profile) -> Vec<(&'static str, String, String)> {
        let report = crate::validate(csv.as_bytes(), profile, jiff::civil::date(2026, 11, 22));
        report
            .findings
            .iter()
            .map(|f| {
                let column = match &f.location {
                    Location::Csv { column: Some(c), .. } => c.to_string(),
                    _ => String::new(),
                };
                (f.rule, column, f.value.clone().unwrap_or_default())
            })
            .collect()
    }

    const HEAD: &str = "mrn,name,dob,sex,service_date,principal_dx,dx2,procedures,cpt\n";

    #[test]
    fn a_finding_about_one_code_of_a_cell_carries_that_code() {
        let csv = format!("{HEAD}M1,\"Doe, Jane\",1970-01-01,F,2026-03-04,I10,E11.9;I10X,,99213;J9998\n");
        let found = findings(&csv, Profile::default());
        assert!(found.contains(&("K303", "dx2".into(), "I10X".into())), "{found:?}");
        assert!(found.contains(&("K315", "cpt".into(), "J9998".into())), "{found:?}");
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn cpt_and_hcpcs_in_a_generic_procedure_column_are_not_pcs() {
        let csv = format!(
            "{HEAD}M1,\"Doe, Jane\",1970-01-01,F,2026-03-04,I10,,99221;L3000-RT;0001F;0DTJ4ZZ;G0438-25,\n\
             M2,\"Roe, Jim\",1971-01-01,M,2026-03-04,I10,,9921,\n"
        );
        let found = findings(&csv, Profile::default());
        assert!(found.iter().all(|(rule, ..)| !rule.starts_with("K31")), "{found:?}");
        assert!(found.contains(&("K325", "procedures".into(), "9921".into())), "{found:?}");
    }

    #[test]
    fn comma_for_dot_is_one_non_canonical_code() {
        let csv = format!("{HEAD}M1,\"Doe, Jane\",1970-01-01,F,2026-03-04,I10,\"Z79,899,E11.9\",,\n");
        let found = findings(&csv, Profile::default());
        assert_eq!(found, [("K326", "dx2".into(), "Z79,899".into())]);
    }

    #[test]
    fn other_coded_columns_are_checked() {
        let csv = "mrn,name,dob,sex,service_date,principal_dx,billing_npi,referring_npi,ndc,loinc,snomed_ct\n\
                   M1,\"Doe, Jane\",1970-01-01,F,2026-03-04,I10,1234567890,1245319599,1234-567-8901;0409-4888-20,2345-8,44054007\n";
        let found = findings(csv, Profile::default());
        let rules: Vec<_> = found.iter().map(|(r, c, v)| format!("{r} {c} {v}")).collect();
        assert_eq!(
            rules,
            [
                "K302 billing_npi 1234567890",
                "K322 loinc 2345-8",
                "K323 snomed_ct 44054007",
                "K324 ndc 1234-567-8901"
            ],
            "{found:?}"
        );
    }

    #[test]
    fn an_outpatient_row_needs_no_discharge_fields() {
        let csv = "mrn,name,dob,sex,patient_class,type_of_bill,claim_type,admit_date,discharge_date,discharge_status,attending_npi,principal_dx\n\
                   M1,\"Doe, Jane\",1970-01-01,F,O,,,2026-03-04,,,1234567893,Z23\n\
                   M2,\"Roe, Jim\",1971-01-01,M,,0131,,2026-03-04,,,1234567893,Z00.00\n\
                   M3,\"Poe, Ann\",1972-01-01,F,I,,Professional,2026-03-04,,,1234567893,I10\n\
                   M4,\"Loe, Bo\",1973-01-01,M,I,,,2026-03-04,,,1234567893,J18.9\n\
                   M5,\"Moe, Cy\",1974-01-01,F,,,,2026-03-04,,,1234567893,J18.9\n";
        let rows = |csv: &str| -> Vec<String> {
            let report = crate::validate(
                csv.as_bytes(),
                Profile::preset("inpatient").unwrap(),
                jiff::civil::date(2026, 11, 22),
            );
            report.findings.iter().map(|f| format!("{} {}", f.rule, f.location)).collect()
        };
        // Rows 2–4 (outpatient, type of bill 13x, a professional claim) are not asked for the
        // discharge; the inpatient row 5 and the row of unknown setting 6 are.
        assert_eq!(
            rows(csv),
            [
                "C101 row 5, discharge_date",
                "C101 row 5, discharge_status",
                "C101 row 6, discharge_date",
                "C101 row 6, discharge_status"
            ]
        );
        // A place of service makes a professional claim.
        let with_place = "mrn,name,dob,sex,patient_class,place_of_service,admit_date,discharge_date,discharge_status,attending_npi,principal_dx\n\
                          M6,\"Doe, Jane\",1970-01-01,F,I,21,2026-03-04,,,1234567893,I10\n";
        assert_eq!(rows(with_place), Vec::<String>::new());
    }

    #[test]
    fn record_kinds_from_setting_columns() {
        use RecordKind::*;
        for (text, kind) in [
            ("I", Some(Inpatient)),
            ("Inpatient", Some(Inpatient)),
            ("IMP", Some(Inpatient)),
            ("O", Some(Outpatient)),
            ("E", Some(Outpatient)),
            ("R", Some(Outpatient)),
            ("B", Some(Outpatient)),
            ("outpatient", Some(Outpatient)),
            ("Emergency Room", Some(Outpatient)),
            ("Observation", Some(Outpatient)),
            ("AMB", Some(Outpatient)),
            ("Office Visit", Some(Outpatient)),
            ("P", None),
            ("", None),
            ("Newborn", None),
        ] {
            assert_eq!(kind_of_class(text), kind, "{text}");
        }
        for (text, kind) in [
            ("0111", Some(Inpatient)),
            ("111", Some(Inpatient)),
            ("0121", Some(Inpatient)),
            ("0131", Some(Outpatient)),
            ("13X", Some(Outpatient)),
            ("0141", Some(Outpatient)),
            ("0731", Some(Outpatient)),
            ("0831", Some(Outpatient)),
            ("0321", None),
            ("0811", None),
            ("1", None),
            ("01311", None),
        ] {
            assert_eq!(kind_of_bill(text), kind, "{text}");
        }
        for (text, kind) in [
            ("Professional", Some(Professional)),
            ("837P", Some(Professional)),
            ("CMS-1500", Some(Professional)),
            ("Pharmacy", Some(Pharmacy)),
            ("NCPDP", Some(Pharmacy)),
            ("Vision", Some(Vision)),
            ("Dental", Some(Oral)),
            ("837D", Some(Oral)),
            ("Institutional", None),
            ("837I", None),
            ("Outpatient", Some(Outpatient)),
        ] {
            assert_eq!(kind_of_claim(text), kind, "{text}");
        }
    }
}
