//! Code tables by date of service, generated from the official files in `source/` by
//! `cargo xtask gen-tables` and committed deflate-compressed (see `PROVENANCE.md`). A check
//! is given its tables as an `Arc<`[`Tables`]`>`: the built-in ones, each inflated and decoded once,
//! on first use, or a set with a loaded release.
//!
//! Each table is a sorted list of codes; a code has one or more rows, each with the range of
//! dates it is valid and a set of attributes (`male`, `manifestation`…). The file layout is
//! compact so that the wasm module stays small:
//!
//! ```text
//! "RLCT" 1                          magic and version
//! u16 n, n × (u32 from, u32 to)     date ranges as YYYYMMDD
//! u8 n, n × (u8 len, name)          attribute names; attribute i is bit i
//! u32 rows, rows × row              sorted by code, then by date
//! row: u8 (shared << 4 | suffix_len), suffix, u8 range index, LEB128 u32 attribute bits
//! ```
//! where `shared` is the number of leading characters the code shares with the previous row's.
//! A date range may be listed that no row uses: the HCPCS table lists its release's so that its
//! newest release is the file's (2026-04-01), not the newest approval date of a code.

use jiff::civil::Date;
use std::collections::HashMap;
use std::fmt;

pub mod cover;
mod embedded;
pub mod note_table;
mod set;
mod sorted_keys;

pub use embedded::Embedded;
pub use set::Tables;
use sorted_keys::SortedKeys;

/// The magic bytes and format version at the start of every table.
pub const MAGIC: &[u8; 5] = b"RLCT\x01";

/// Characters of a code in the tables: digits and uppercase letters, at most seven.
pub const MAX_CODE_LEN: usize = 7;

/// 37⁰ to 37⁶: the place of each character of a key.
const POWERS_OF_37: [u64; MAX_CODE_LEN] = {
    let mut p = [1u64; MAX_CODE_LEN];
    let mut i = 1;
    while i < MAX_CODE_LEN {
        p[i] = p[i - 1] * 37;
        i += 1;
    }
    p
};

/// A code packed into an integer that sorts like the text (`0`–`9` before `A`–`Z`, shorter
/// before longer): base 37 with 0 meaning "no character".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(u64);

impl Key {
    /// Packs a bare code (no dot, uppercase); `None` for anything else.
    pub fn new(code: &str) -> Option<Key> {
        Key::from_bytes(code.as_bytes())
    }

    /// [`Key::new`] of a code's bytes.
    pub fn from_bytes(b: &[u8]) -> Option<Key> {
        if b.is_empty() || b.len() > MAX_CODE_LEN {
            return None;
        }
        let mut key = 0u64;
        for &c in b {
            key = key * 37 + digit37(c)?;
        }
        // Missing characters are zeros at the end.
        Some(Key(key * POWERS_OF_37[MAX_CODE_LEN - b.len()]))
    }

    /// The largest key that starts with `prefix` (for "codes under this category").
    fn last_with_prefix(prefix: &str) -> Option<Key> {
        let Key(mut key) = Key::new(prefix)?;
        let mut place = 1u64;
        for _ in prefix.len()..MAX_CODE_LEN {
            key += 36 * place;
            place *= 37;
        }
        Some(Key(key))
    }

    /// True when this code is `other` or begins it (`E11` begins `E119`).
    pub fn is_prefix_of(self, other: Key) -> bool {
        // The place of this code's last character: the codes it begins are the keys from it to
        // one place less than it plus that place.
        let mut place = 1u64;
        while place < POWERS_OF_37[MAX_CODE_LEN - 1] && self.0 % (place * 37) == 0 {
            place *= 37;
        }
        self.0 <= other.0 && other.0 - self.0 < place
    }

    /// The code as text (`E119`).
    pub fn code(self) -> String {
        self.text().as_str().to_string()
    }

    /// The code as text, without allocating.
    pub fn text(self) -> CodeText {
        let mut digits = [0u8; MAX_CODE_LEN];
        let mut k = self.0;
        for d in digits.iter_mut().rev() {
            *d = (k % 37) as u8;
            k /= 37;
        }
        let mut text = CodeText::empty();
        for &d in digits.iter().take_while(|&&d| d != 0) {
            text.push(if d <= 10 { b'0' + d - 1 } else { b'A' + d - 11 });
        }
        text
    }
}

/// The base-37 digit of a code character (0 stands for "no character").
fn digit37(c: u8) -> Option<u64> {
    match c {
        b'0'..=b'9' => Some(u64::from(c - b'0') + 1),
        b'A'..=b'Z' => Some(u64::from(c - b'A') + 11),
        _ => None,
    }
}

/// The keys of codes each written as a tail of the code before (the layout of the tables):
/// each from the sum of the characters it shares with the one before, without making its text.
#[derive(Debug, Default)]
struct Tails {
    /// `sums[i]`: the key of the first `i` characters of the last code.
    sums: [u64; MAX_CODE_LEN + 1],
    len: usize,
}

impl Tails {
    /// The key of the first `shared` characters of the last code followed by `suffix`; `None`
    /// when that is no code.
    fn next(&mut self, shared: usize, suffix: &[u8]) -> Option<Key> {
        if shared > self.len || shared + suffix.len() > MAX_CODE_LEN || shared + suffix.len() == 0 {
            return None;
        }
        self.len = shared;
        for &c in suffix {
            self.sums[self.len + 1] =
                self.sums[self.len] + digit37(c)? * POWERS_OF_37[MAX_CODE_LEN - 1 - self.len];
            self.len += 1;
        }
        Some(Key(self.sums[self.len]))
    }
}

/// A code's characters held inline: a bare code of the tables (digits and uppercase letters, at
/// most [`MAX_CODE_LEN`]) or its dotted form, one character longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeText {
    bytes: [u8; MAX_CODE_LEN + 1],
    len: u8,
}

impl CodeText {
    /// Holds `text` when it is ASCII and fits; `None` otherwise.
    pub fn new(text: &str) -> Option<CodeText> {
        let mut out = CodeText::empty();
        if !text.is_ascii() {
            return None;
        }
        out.bytes.get_mut(..text.len())?.copy_from_slice(text.as_bytes());
        out.len = text.len() as u8;
        Some(out)
    }

    /// An empty text, to push characters onto.
    pub fn empty() -> CodeText {
        CodeText { bytes: [0; MAX_CODE_LEN + 1], len: 0 }
    }

    /// `head`, then a dot and `tail` unless `tail` is empty, upper-cased (ASCII only; what does
    /// not fit is left out): a dotted code from its parts.
    pub fn dotted_upper(head: &[u8], tail: &[u8]) -> CodeText {
        let mut out = CodeText::empty();
        out.extend(head, true);
        if !tail.is_empty() {
            out.extend(b".", true);
            out.extend(tail, true);
        }
        out
    }

    /// The text without its dots (`E11.9` → `E119`).
    pub fn without_dots(&self) -> CodeText {
        let mut out = CodeText::empty();
        match self.as_bytes().split_at_checked(3) {
            // The dotted form of the tables' codes: one dot, after the third character.
            Some((head, [b'.', tail @ ..])) if !tail.contains(&b'.') => {
                out.extend(head, false);
                out.extend(tail, false);
            }
            _ => self.bytes().filter(|&c| c != b'.').for_each(|c| _ = out.push(c)),
        }
        out
    }

    /// Appends the ASCII characters of `text` that fit, upper-cased when `upper`.
    #[inline]
    fn extend(&mut self, text: &[u8], upper: bool) {
        for &c in text {
            let at = usize::from(self.len);
            if at < self.bytes.len() && c.is_ascii() {
                self.bytes[at] = if upper { c.to_ascii_uppercase() } else { c };
                self.len += 1;
            }
        }
    }

    /// Appends an ASCII character; false when it is full (or `c` is not ASCII).
    pub fn push(&mut self, c: u8) -> bool {
        let Some(slot) = self.bytes.get_mut(usize::from(self.len)).filter(|_| c.is_ascii()) else {
            return false;
        };
        *slot = c;
        self.len += 1;
        true
    }

    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        debug_assert!(bytes.is_ascii());
        // SAFETY: only ASCII is ever written (`new` and `push` refuse anything else), and ASCII
        // is UTF-8. Codes are read this way many times a record; validating each time showed.
        #[allow(unsafe_code)]
        unsafe {
            std::str::from_utf8_unchecked(bytes)
        }
    }
}

impl std::ops::Deref for CodeText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for CodeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date range, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Date,
    pub to: Date,
}

impl Span {
    /// True when `date` is in the range.
    pub fn covers(self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

impl fmt::Display for Span {
    /// `2015-10-01 to 2024-09-30`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

/// `2015-10-01 to 2016-09-30 and from 2018-10-01`: a span reaching the end of the table's data
/// (`horizon`) is open, not an end of validity.
pub fn spans_text(spans: &[Span], horizon: Date) -> String {
    let text = |s: &Span| if s.to >= horizon { format!("from {}", s.from) } else { s.to_string() };
    spans.iter().map(text).collect::<Vec<_>>().join(" and ")
}

/// One row: a code, when it is valid, and its attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub key: Key,
    span: u8,
    attrs: u32,
}

impl Row {
    /// True when the row has any of the attributes in `mask` (see [`Table::mask`]).
    pub fn has_any(&self, mask: u32) -> bool {
        self.attrs & mask != 0
    }
}

/// A decoded table.
#[derive(Debug, Default)]
pub struct Table {
    spans: Vec<Span>,
    names: Vec<String>,
    rows: Vec<Row>,
    /// The rows' keys, apart, so that a binary search touches little memory.
    keys: SortedKeys,
    /// The newest date a span starts on, and the last date any span covers.
    newest: Option<Date>,
    horizon: Option<Date>,
}

impl Table {
    /// Decodes a table; `None` when the bytes are not one.
    pub fn decode(bytes: &[u8]) -> Option<Table> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let n = r.u16()?;
        let mut spans = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            spans.push(Span { from: ymd(r.u32()?)?, to: ymd(r.u32()?)? });
        }
        let n = r.u8()?;
        let mut names = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let len = r.u8()?;
            names.push(String::from_utf8(r.take(usize::from(len))?.to_vec()).ok()?);
        }
        let n = r.u32()?;
        let mut rows = Vec::with_capacity(n as usize);
        let mut tails = Tails::default();
        for _ in 0..n {
            let head = r.u8()?;
            let key = tails.next(usize::from(head >> 4), r.take(usize::from(head & 0x0F))?)?;
            let span = r.u8()?;
            if usize::from(span) >= spans.len() {
                return None;
            }
            rows.push(Row { key, span, attrs: r.leb128()? });
        }
        let keys = SortedKeys::new(rows.iter().map(|r| r.key).collect());
        let newest = spans.iter().map(|s| s.from).max();
        let horizon = spans.iter().map(|s| s.to).max();
        (r.at == bytes.len()).then_some(Table { spans, names, rows, keys, newest, horizon })
    }

    /// The rows of one code (bare, uppercase), oldest first.
    pub fn rows(&self, code: &str) -> &[Row] {
        Key::new(code).map_or(&[], |key| self.rows_of(key))
    }

    /// The rows of the code `key`, oldest first.
    pub fn rows_of(&self, key: Key) -> &[Row] {
        self.rows_at(self.row_range(key))
    }

    /// Where the rows of the code `key` are among [`Table::all_rows`].
    pub fn row_range(&self, key: Key) -> std::ops::Range<usize> {
        let start = self.keys.count_below(key, false);
        let len = self.keys.as_slice()[start..].iter().take_while(|&&k| k == key).count();
        start..start + len
    }

    /// The rows at `range` of [`Table::all_rows`] (none when it is out of bounds).
    pub fn rows_at(&self, range: std::ops::Range<usize>) -> &[Row] {
        self.rows.get(range).unwrap_or_default()
    }

    /// The rows of the codes that start with `prefix` and are longer than it.
    pub fn rows_under(&self, prefix: &str) -> &[Row] {
        let (Some(first), Some(last)) = (Key::new(prefix), Key::last_with_prefix(prefix)) else {
            return &[];
        };
        let start = self.keys.count_below(first, true);
        let end = self.keys.count_below(last, true);
        &self.rows[start..end]
    }

    /// True when a code under `prefix` (longer, beginning with it) is valid on `date`.
    pub fn has_rows_under(&self, prefix: &str, date: Date) -> bool {
        self.rows_under(prefix).iter().any(|r| self.span(r).covers(date))
    }

    /// The dates a row is valid.
    pub fn span(&self, row: &Row) -> Span {
        self.spans[usize::from(row.span)]
    }

    /// True when the row has the attribute `name`.
    pub fn has(&self, row: &Row, name: &str) -> bool {
        // Most rows have no attribute: no name to look up.
        row.attrs != 0 && self.names.iter().position(|n| n == name).is_some_and(|i| row.attrs & (1 << i) != 0)
    }

    /// The bit of the attribute `name` in a row (0 when the table has no such attribute), to
    /// test rows with [`Row::has_any`] without comparing names.
    pub fn mask(&self, name: &str) -> u32 {
        self.names.iter().position(|n| n == name).and_then(|i| 1u32.checked_shl(i as u32)).unwrap_or(0)
    }

    /// The date ranges rows refer to.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The attribute names of a row.
    pub fn attributes<'a>(&'a self, row: &'a Row) -> impl Iterator<Item = &'a str> + 'a {
        self.names.iter().enumerate().filter(|(i, _)| row.attrs & (1 << i) != 0).map(|(_, n)| n.as_str())
    }

    /// The newest date any row starts on: the effective date of the newest release.
    pub fn newest_release(&self) -> Option<Date> {
        self.newest
    }

    /// The last date the table covers.
    pub fn horizon(&self) -> Option<Date> {
        self.horizon
    }

    /// Every row.
    pub fn all_rows(&self) -> &[Row] {
        &self.rows
    }
}

/// The state of a code on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status<'t> {
    /// Valid on the date, with its row.
    Valid(&'t Row),
    /// Not valid itself, but codes under it are: a category or subcategory header. `was` is the
    /// latest span in which the code itself was valid (a code split in a later release).
    Header { children: Vec<Key>, was: Option<Span> },
    /// A code of the set, but not on the date: valid only in `spans`; `horizon` is the last date
    /// the table covers.
    OtherDates { spans: Vec<Span>, horizon: Date },
    /// Not a code of the set at any date.
    Unknown,
}

impl Status<'_> {
    /// True for a code valid on the date.
    pub fn is_valid(&self) -> bool {
        matches!(self, Status::Valid(_))
    }

    /// Why `code` of `system` is not valid `on` a date of service; `None` when it is valid or a
    /// heading (which has its own rule).
    pub fn invalid_because(&self, code: &str, system: &str, on: &dyn fmt::Display) -> Option<String> {
        match self {
            Status::Valid(_) | Status::Header { .. } => None,
            Status::Unknown => Some(format!("{code} is not an {system} code (checked on {on})")),
            Status::OtherDates { spans, horizon } => {
                Some(format!("{code} is valid {}, not on {on}", spans_text(spans, *horizon)))
            }
        }
    }
}

impl Table {
    /// The state of `code` (bare, uppercase) on `date`.
    pub fn status(&self, code: &str, date: Date) -> Status<'_> {
        self.status_of(code, self.rows(code), date)
    }

    /// The state on `date` of `code` (bare, uppercase), whose rows are `rows`.
    pub fn status_of<'t>(&'t self, code: &str, rows: &'t [Row], date: Date) -> Status<'t> {
        if let Some(row) = rows.iter().find(|r| self.span(r).covers(date)) {
            return Status::Valid(row);
        }
        let mut children: Vec<Key> =
            self.rows_under(code).iter().filter(|r| self.span(r).covers(date)).map(|r| r.key).collect();
        children.dedup();
        if !children.is_empty() {
            return Status::Header { children, was: rows.last().map(|r| self.span(r)) };
        }
        if rows.is_empty() {
            return Status::Unknown;
        }
        let mut spans: Vec<Span> = Vec::new();
        for span in rows.iter().map(|r| self.span(r)) {
            match spans.last_mut() {
                Some(last) if last.to.tomorrow().ok() == Some(span.from) => last.to = span.to,
                _ => spans.push(span),
            }
        }
        let horizon = self.horizon().unwrap_or(date);
        Status::OtherDates { spans, horizon }
    }
}

impl Table {
    /// This table with a newer release in force from `from`: earlier validity is kept up to the
    /// day before, and from `from` to the end of that fiscal year exactly the `billable` codes
    /// (sorted) are valid, keeping the attributes of their newest bundled row.
    pub fn with_release(&self, billable: &[Key], from: Date) -> Result<Table, String> {
        let day_before = from.yesterday().map_err(|e| e.to_string())?;
        // A fiscal year later, less a day (without jiff's span arithmetic, which is large in wasm).
        let until = Date::new(from.year() + 1, from.month(), from.day().min(28))
            .and_then(|d| d.yesterday())
            .map_err(|e| e.to_string())?;
        let mut spans: Vec<Span> = Vec::new();
        let mut index: HashMap<(Date, Date), u8> = HashMap::new();
        let mut span_of = |span: Span| -> Result<u8, String> {
            if let Some(&i) = index.get(&(span.from, span.to)) {
                return Ok(i);
            }
            let i = u8::try_from(spans.len()).map_err(|_| "too many date ranges".to_string())?;
            spans.push(span);
            index.insert((span.from, span.to), i);
            Ok(i)
        };
        let mut rows = Vec::with_capacity(self.rows.len() + billable.len());
        for row in &self.rows {
            let span = self.span(row);
            if span.from < from {
                let kept = Span { from: span.from, to: span.to.min(day_before) };
                rows.push(Row { key: row.key, span: span_of(kept)?, attrs: row.attrs });
            }
        }
        let release = span_of(Span { from, to: until })?;
        for &key in billable {
            let attrs = self.rows(&key.code()).last().map_or(0, |r| r.attrs);
            rows.push(Row { key, span: release, attrs });
        }
        rows.sort_by_key(|r| (r.key, spans[usize::from(r.span)].from));
        let keys = SortedKeys::new(rows.iter().map(|r| r.key).collect());
        let newest = spans.iter().map(|s| s.from).max();
        let horizon = spans.iter().map(|s| s.to).max();
        Ok(Table { spans, names: self.names.clone(), rows, keys, newest, horizon })
    }
}

/// A table from embedded deflate-compressed bytes (empty if they were damaged, which a test rules
/// out).
pub(crate) fn decode_embedded(deflated: &[u8]) -> Table {
    embedded::inflate(deflated).and_then(|b| Table::decode(&b)).unwrap_or_default()
}

/// ICD-10-CM diagnosis codes with MCE attributes, FY2016–FY2027.
static ICD10CM: Embedded<Table> = Embedded::new(include_bytes!("icd10cm.bin.deflate"), decode_embedded);
/// ICD-10-PCS procedure codes with MCE attributes, FY2016–FY2027.
static ICD10PCS: Embedded<Table> = Embedded::new(include_bytes!("icd10pcs.bin.deflate"), decode_embedded);
/// HCPCS Level II codes of the 2026-04-01 IOCE, each valid from its approval date (else with no
/// known start) to its termination date (else the end of the IOCE data); see [`super::hcpcs`].
static HCPCS: Embedded<Table> = Embedded::new(include_bytes!("hcpcs.bin.deflate"), decode_embedded);

/// `20261001` → 2026-10-01.
pub fn ymd(n: u32) -> Option<Date> {
    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn leb128(&mut self) -> Option<u32> {
        let mut out = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            out |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(out);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn keys_sort_like_codes() {
        let codes = ["0016070", "A00", "A000", "A0000", "A01", "E11", "E119", "Z", "ZZZZZZZ"];
        for pair in codes.windows(2) {
            assert!(Key::new(pair[0]) < Key::new(pair[1]), "{pair:?}");
        }
        for c in codes {
            assert_eq!(Key::new(c).unwrap().code(), c);
        }
        assert_eq!(Key::new("e11"), None);
        assert_eq!(Key::new("E11.9"), None);
        assert_eq!(Key::new("E1190000"), None);
        assert_eq!(Key::last_with_prefix("E11").unwrap().code(), "E11ZZZZ");
    }

    #[test]
    fn embedded_tables_decode() {
        for (name, table) in [("icd10cm", &ICD10CM), ("icd10pcs", &ICD10PCS), ("hcpcs", &HCPCS)] {
            assert!(table.inflate().and_then(|b| Table::decode(&b)).is_some(), "{name} does not decode");
        }
    }

    #[test]
    fn status_by_date() {
        let cm = ICD10CM.get();
        assert!(matches!(cm.status("E119", date(2026, 3, 4)), Status::Valid(_)));
        assert_eq!(cm.status("E1199", date(2026, 3, 4)), Status::Unknown);
        let Status::Header { children, was: None } = cm.status("E11", date(2026, 3, 4)) else { panic!() };
        assert!(children.len() > 40 && children[0].code() == "E1100", "{children:?}");
        // FY2027 splits D69.1 into D69.11 and D69.19.
        assert!(matches!(cm.status("D691", date(2026, 9, 30)), Status::Valid(_)));
        let Status::Header { children, was: Some(was) } = cm.status("D691", date(2026, 10, 1)) else {
            panic!()
        };
        assert_eq!(children.iter().map(|k| k.code()).collect::<Vec<_>>(), ["D6911", "D6919"]);
        assert_eq!(was.to, date(2026, 9, 30));
        let status = cm.status("D6911", date(2026, 9, 30));
        let Status::OtherDates { spans, horizon } = &status else { panic!() };
        assert_eq!(spans, &[Span { from: date(2026, 10, 1), to: date(2027, 3, 31) }]);
        assert_eq!(*horizon, date(2027, 3, 31));
        let why = status.invalid_because("D69.11", "ICD-10-CM", &"2026-09-30").unwrap();
        assert_eq!(why, "D69.11 is valid from 2026-10-01, not on 2026-09-30");
        assert_eq!(cm.newest_release(), Some(date(2026, 10, 1)));
    }

    #[test]
    fn rows_and_attributes() {
        let cm = ICD10CM.get();
        let o80 = cm.rows("O80");
        assert_eq!(o80.len(), 2);
        assert_eq!(cm.attributes(&o80[0]).collect::<Vec<_>>(), ["female", "maternity"]);
        assert!(cm.has(&o80[1], "maternity") && !cm.has(&o80[1], "female"));
        assert!(cm.rows_under("O80").is_empty());
        // A table with a newer release answers from its own rows, not from what `cm` said.
        let newer = cm.with_release(&[Key::new("O80").unwrap()], date(2027, 10, 1)).unwrap();
        assert_eq!(newer.rows("O80").len(), 3);
        assert_eq!(cm.rows("O80").len(), 2);
    }

    #[test]
    fn damaged_bytes_are_rejected() {
        assert!(Table::decode(b"").is_none());
        assert!(Table::decode(b"RLCT\x01\x01").is_none());
        let bytes = ICD10CM.inflate().unwrap();
        assert!(Table::decode(&bytes[..bytes.len() - 1]).is_none());
    }
}
