//! CSV exports (comma, semicolon, tab or pipe separated), parsed in a streaming fashion with
//! `csv-core`, the push parser of the `csv` crate: one row is one encounter record.

use super::columns::{self, Role};
use super::text::{self, UTF8_BOM};
use super::Parser;
use crate::model::{
    reused_text, spare_text, Code, CodeSystem, DateField, Field, FieldKind, Location, Record,
};
use crate::profile::Profile;
use crate::rules::completeness::required_column_missing::REQUIRED_COLUMN_MISSING;
use crate::rules::structure::{
    binary_file::BINARY_FILE, duplicate_column::DUPLICATE_COLUMN, empty_file::EMPTY_FILE,
    ragged_row::RAGGED_ROW, undecodable_bytes::UNDECODABLE_BYTES, unterminated_quote::UNTERMINATED_QUOTE,
};
use crate::rules::Checker;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Bytes looked at to choose the delimiter when the first line is longer.
const SNIFF_LIMIT: usize = 64 * 1024;

/// Separators inside one cell that holds several codes.
const CODE_LIST_SEPARATORS: [char; 3] = [';', '|', ','];

/// A header column: its name as written and what it holds.
struct Column {
    name: Arc<str>,
    role: Role,
}

/// Streaming CSV parser.
pub struct CsvParser {
    overrides: BTreeMap<String, FieldKind>,
    /// Bytes held until the delimiter is known.
    head: Vec<u8>,
    reader: Option<Reader>,
    delimiter: u8,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The raw bytes of the record being read.
    raw: Vec<u8>,
    /// Newlines before `raw`.
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
    /// The last row's record, emptied and refilled for the next row, and the texts of its fields
    /// kept for reuse (see [`Record::recycle`]).
    record: Option<Box<Record>>,
    spare: Vec<String>,
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

impl CsvParser {
    /// A parser using `profile`'s column overrides.
    pub fn new(profile: &Profile) -> CsvParser {
        CsvParser {
            overrides: profile.columns.clone(),
            head: Vec::new(),
            reader: None,
            delimiter: b',',
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            raw: Vec::new(),
            lines_before: 0,
            rows: 0,
            columns: Vec::new(),
            encoding_reported: false,
            fast_path: true,
            stopped: false,
            piece: PieceRole::default(),
            record: None,
            spare: Vec::new(),
        }
    }

    /// A parser of one piece of an input: `first` when it begins the input, `last` when it ends
    /// it, and otherwise fed the input's header record before the piece, which starts after
    /// `lines_before` line ends.
    pub(crate) fn for_piece(profile: &Profile, first: bool, last: bool, lines_before: u64) -> CsvParser {
        let piece = PieceRole { header_copy: !first, resume_lines: lines_before, partial: !(first && last) };
        CsvParser { piece, ..CsvParser::new(profile) }
    }

    /// Rows read so far (the header is row 1).
    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// True when the input could not be read as CSV.
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }
    /// Chooses the delimiter from the head and starts the reader; false if the input is not text.
    fn start(&mut self, cx: &mut Checker) -> bool {
        if let Some(why) = text::not_text(&self.head).filter(|_| !self.piece.header_copy) {
            cx.emit(&BINARY_FILE, Location::FILE, why.to_string());
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
    fn parse(&mut self, mut input: &[u8], cx: &mut Checker) {
        let at_eof = input.is_empty();
        loop {
            if let Some(n) = self.plain_line(input) {
                self.raw.extend_from_slice(&input[..=n]);
                input = &input[n + 1..];
                self.on_record(false, cx);
                self.out_len = 0;
                self.ends_len = 0;
                self.raw.clear();
                continue;
            }
            let Some(reader) = self.reader.as_mut() else { return };
            let (result, nin, nout, nend) =
                reader.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            self.raw.extend_from_slice(&input[..nin]);
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => return,
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    self.on_record(at_eof, cx);
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.raw.clear();
                }
                ReadRecordResult::End => return,
            }
        }
    }

    /// The fast path for the common line without quotes, taken between records: splits the
    /// line on the delimiter into `out`/`ends` exactly as csv-core would, and returns the offset
    /// of its newline. `None` (csv-core reads it) when the line has a quote or does not end in
    /// `input`.
    fn plain_line(&mut self, input: &[u8]) -> Option<usize> {
        if !self.fast_path || self.out_len != 0 || self.ends_len != 0 || !self.raw.is_empty() {
            return None;
        }
        let n = memchr::memchr(b'\n', input)?;
        let line = input[..n].strip_suffix(b"\r").unwrap_or(&input[..n]);
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return None;
        }
        if self.out.len() < line.len() {
            self.out.resize(line.len().next_power_of_two(), 0);
        }
        let mut start = 0;
        for end in memchr::memchr_iter(self.delimiter, line).chain(std::iter::once(line.len())) {
            let len = end - start;
            self.out[self.out_len..self.out_len + len].copy_from_slice(&line[start..end]);
            self.out_len += len;
            if self.ends_len == self.ends.len() {
                self.ends.resize(self.ends.len() * 2, 0);
            }
            self.ends[self.ends_len] = self.out_len;
            self.ends_len += 1;
            start = end + 1;
        }
        Some(n)
    }

    /// Handles one complete record held in `out`/`ends`, whose bytes are `raw`.
    fn on_record(&mut self, at_eof: bool, cx: &mut Checker) {
        let leading = self.raw.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let leading_newlines = leading.filter(|&&b| b == b'\n').count() as u64;
        let line = self.lines_before + leading_newlines + 1;
        self.lines_before += count_newlines(&self.raw);
        if self.ends_len == 1 && self.out_len == 0 {
            return; // a blank line
        }
        self.rows += 1;
        let row = self.rows;
        let at = Location::Csv { row, column: None, line };
        let last_line = self.lines_before + u64::from(!self.raw.ends_with(b"\n"));
        if at_eof {
            if let Some((field, open)) = unterminated_quote(&self.raw, self.delimiter) {
                let rest = &self.raw[open..];
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
                cx.emit(&UNTERMINATED_QUOTE, at, msg);
                if row > 1 {
                    cx.skip_record();
                }
                return;
            }
        }
        if row == 1 {
            self.read_header(at, cx);
            if self.piece.header_copy {
                cx.forget_findings();
                self.lines_before = self.piece.resume_lines;
            }
        } else {
            self.read_row(at, last_line, cx);
        }
    }

    /// The text of field `i` of the current record `out`, decoded (reporting the first non-UTF-8
    /// bytes); `whole` is all of `out` as text when it is UTF-8, so that fields are not validated
    /// one by one.
    fn field_text(
        &mut self,
        out: &[u8],
        whole: Option<&str>,
        i: usize,
        at: &Location,
        cx: &mut Checker,
    ) -> String {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        if let Some(text) = whole.and_then(|w| w.get(start..end)) {
            return reused_text(&mut self.spare, text);
        }
        let decoded = text::decode(&out[start..end]);
        if let Some((offset, byte)) = decoded.first_bad_byte {
            if !self.encoding_reported {
                self.encoding_reported = true;
                let msg = format!(
                    "byte 0x{byte:02X} at position {} of this field is not UTF-8; the file was read as Windows-1252 (\"{}\"); later such bytes are read the same way without further findings",
                    offset + 1,
                    decoded.text
                );
                cx.emit_once_per_input(&UNDECODABLE_BYTES, at.clone(), msg);
            }
        }
        reused_text(&mut self.spare, &decoded.text)
    }

    /// Runs `read` on the current record's bytes and, when they are UTF-8, their text.
    fn with_record_text<T>(&mut self, read: impl FnOnce(&mut Self, &[u8], Option<&str>) -> T) -> T {
        let out = std::mem::take(&mut self.out);
        let bytes = &out[..self.out_len];
        let result = read(self, bytes, std::str::from_utf8(bytes).ok());
        self.out = out;
        result
    }

    fn read_header(&mut self, at: Location, cx: &mut Checker) {
        let names = self.with_record_text(|p, out, whole| {
            (0..p.ends_len).map(|i| p.field_text(out, whole, i, &at, cx)).collect::<Vec<_>>()
        });
        for text in names {
            let name: Arc<str> = text.trim().into();
            let mut role = columns::role_for(&name, &self.overrides);
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
                cx.emit(&DUPLICATE_COLUMN, at.with_column(name.clone()), msg);
                role = Role::Ignore;
            }
            self.columns.push(Column { name, role });
        }
        for &kind in cx.required_for(crate::model::RecordKind::Encounter).0.to_vec().iter() {
            if !self.columns.iter().any(|c| c.role.kind() == Some(kind)) {
                let names = columns::known_names(kind).join(", ");
                let msg = format!("no column holds {} (looked for {names}…)", kind.name());
                cx.emit(&REQUIRED_COLUMN_MISSING, at.clone(), msg);
                cx.mark_absent(kind);
            }
        }
    }

    /// Checks one data row spanning lines `at.line()..=last_line`.
    fn read_row(&mut self, at: Location, last_line: u64, cx: &mut Checker) {
        let n = self.ends_len;
        if n != self.columns.len() {
            let first_line = at.line().unwrap_or(0);
            let hint = if last_line > first_line {
                format!(" (it spans lines {first_line}–{last_line}: a quote is probably not closed)")
            } else {
                String::new()
            };
            let msg = format!(
                "row has {n} fields but the header has {}{hint}; values may be shifted, so other checks skip this row",
                self.columns.len()
            );
            cx.emit(&RAGGED_ROW, at, msg);
            cx.skip_record();
            return;
        }
        // Boxed, so that handing it back and forth moves a pointer, not the record.
        let mut record = self.record.take().unwrap_or_else(|| Box::new(Record::new(Location::FILE)));
        record.recycle(at.clone(), &mut self.spare);
        self.with_record_text(|p, out, whole| p.fill(&mut record, out, whole, &at, cx));
        cx.check(&record);
        self.record = Some(record);
    }

    /// Sets the fields of `record` from the current row `out` (`whole` as in [`Self::field_text`]).
    fn fill(
        &mut self,
        record: &mut Record,
        out: &[u8],
        whole: Option<&str>,
        at: &Location,
        cx: &mut Checker,
    ) {
        let (mut given, mut family) = (None, None);
        for i in 0..self.ends_len {
            let role = self.columns[i].role;
            if role == Role::Ignore {
                continue;
            }
            let field_at = at.with_column(self.columns[i].name.clone());
            let text = self.field_text(out, whole, i, &field_at, cx);
            let field = Field { text, at: field_at };
            match role {
                Role::Ignore => {}
                Role::Single(kind) => set_single(record, kind, field),
                Role::GivenName => given = Some(field),
                Role::FamilyName => family = Some(field),
                Role::Diagnoses { principal } => push_codes(record, field, principal, None, &mut self.spare),
                Role::Procedures { cpt_or_hcpcs } => {
                    push_codes(record, field, false, Some(cpt_or_hcpcs), &mut self.spare)
                }
            }
        }
        if record.patient.name.is_none() {
            record.patient.name = whole_name(family, given);
        }
    }
}

impl Parser for CsvParser {
    fn feed(&mut self, chunk: &[u8], cx: &mut Checker) {
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
            if !self.start(cx) {
                return;
            }
            let head = std::mem::take(&mut self.head);
            self.parse(&head, cx);
            return;
        }
        if !chunk.is_empty() {
            self.parse(chunk, cx);
        }
    }

    fn finish(&mut self, cx: &mut Checker) {
        if self.stopped {
            return;
        }
        if self.reader.is_none() {
            if self.head.iter().all(u8::is_ascii_whitespace) {
                cx.emit(&EMPTY_FILE, Location::FILE, "the file is empty");
                return;
            }
            if !self.start(cx) {
                return;
            }
            let head = std::mem::take(&mut self.head);
            self.parse(&head, cx);
        }
        self.parse(&[], cx);
        if self.piece.partial {
            return;
        }
        match self.rows {
            0 => cx.emit(&EMPTY_FILE, Location::FILE, "the file is empty"),
            1 => cx.emit(
                &EMPTY_FILE,
                Location::Csv { row: 1, column: None, line: 1 },
                "the file has a header row but no records",
            ),
            _ => {}
        }
    }
}

/// Sets a single-valued field (dates are parsed); the first value of a field wins.
fn set_single(record: &mut Record, kind: FieldKind, field: Field) {
    let p = &mut record.patient;
    let e = &mut record.encounter;
    let slot = match kind {
        FieldKind::BirthDate => return set_date(&mut p.birth_date, field),
        FieldKind::DeathDate => return set_date(&mut p.death_date, field),
        FieldKind::AdmitDate => return set_date(&mut e.admit, field),
        FieldKind::DischargeDate => return set_date(&mut e.discharge, field),
        FieldKind::PrincipalDiagnosis | FieldKind::SecondaryDiagnoses | FieldKind::Procedures => return,
        FieldKind::Mrn => &mut p.mrn,
        FieldKind::PatientName => &mut p.name,
        FieldKind::Sex => &mut p.sex,
        FieldKind::EncounterId => &mut e.id,
        FieldKind::PatientClass => &mut e.class,
        FieldKind::DischargeStatus => &mut e.discharge_status,
        FieldKind::AttendingNpi => &mut e.attending_npi,
        FieldKind::Payer => &mut e.payer,
    };
    slot.get_or_insert(field);
}

fn set_date(slot: &mut Option<DateField>, field: Field) {
    if slot.is_none() {
        *slot = Some(DateField::parse(field));
    }
}

/// Adds the codes of one cell. A blank principal cell is kept (so completeness sees it blank);
/// blank secondary cells are not codes.
fn push_codes(
    record: &mut Record,
    field: Field,
    principal: bool,
    procedure: Option<bool>,
    spare: &mut Vec<String>,
) {
    let mut first = principal && record.principal_diagnosis.is_none();
    if field.is_blank() {
        if first {
            record.principal_diagnosis = Some(Code { field, system: CodeSystem::Icd10cm });
        }
        return;
    }
    let mut push = |f: Field| match procedure {
        Some(cpt_or_hcpcs) => {
            let system = procedure_system(&f.text, cpt_or_hcpcs);
            record.procedures.push(Code { field: f, system });
        }
        None if first => {
            record.principal_diagnosis = Some(Code { field: f, system: CodeSystem::Icd10cm });
            first = false;
        }
        None => record.secondary_diagnoses.push(Code { field: f, system: CodeSystem::Icd10cm }),
    };
    if !field.text.contains(CODE_LIST_SEPARATORS) {
        return push(field); // one code: no copy
    }
    for part in field.text.split(CODE_LIST_SEPARATORS).map(str::trim).filter(|p| !p.is_empty()) {
        push(Field { text: reused_text(spare, part), at: field.at.clone() });
    }
    spare_text(spare, field.text);
}

/// CPT codes begin with a digit, HCPCS Level II codes with a letter.
fn procedure_system(code: &str, cpt_or_hcpcs: bool) -> CodeSystem {
    match (cpt_or_hcpcs, code.starts_with(|c: char| c.is_ascii_alphabetic())) {
        (false, _) => CodeSystem::Icd10pcs,
        (true, true) => CodeSystem::Hcpcs,
        (true, false) => CodeSystem::Cpt,
    }
}

/// `Doe` + `Jane` → `Doe, Jane`, located at the family name column.
fn whole_name(family: Option<Field>, given: Option<Field>) -> Option<Field> {
    match (family, given) {
        (Some(f), Some(g)) if !f.is_blank() && !g.is_blank() => {
            Some(Field { text: format!("{}, {}", f.value(), g.value()), at: f.at })
        }
        (Some(f), Some(g)) => Some(if f.is_blank() { f } else { g }),
        (f, g) => f.or(g),
    }
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

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
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
    /// sizes: the reports must be identical.
    #[test]
    fn fast_path_agrees_with_csv_core() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
        let today = jiff::civil::date(2026, 11, 22);
        let run = |bytes: &[u8], fast: bool, chunk: usize| {
            let profile = Profile::default();
            let mut cx = Checker::new(&profile, today);
            let mut parser = CsvParser::new(&profile);
            parser.fast_path = fast;
            for part in bytes.chunks(chunk) {
                parser.feed(part, &mut cx);
            }
            parser.finish(&mut cx);
            cx.into_report()
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

    #[test]
    fn procedure_systems() {
        assert_eq!(procedure_system("99213", true), CodeSystem::Cpt);
        assert_eq!(procedure_system("G0438", true), CodeSystem::Hcpcs);
        assert_eq!(procedure_system("0016070", false), CodeSystem::Icd10pcs);
    }
}
