//! Segments: fields by number, repetitions, components, and the path of a
//! value (`PID-7.1`, `DG1[2]-3.1`, `PID-3(2).1`) for locations.
//!
//! A segment is spans into its message's text (see [`super::message::Message`]): splitting it
//! allocates nothing once the message's buffers have grown, and a value is copied (and
//! unescaped) only when the record takes it.

use super::delimiters::Delimiters;
use super::escape::{push_unescaped, unescape};
use super::parts::{first, Components, Parts};
use crate::formats::decimal;
use crate::model::{reused_text, value_of, Field, Location};
use std::ops::Range;

/// One segment of a message: where its text and field spans are in the message's buffers.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The segment id (`PID`): always three ASCII letters or digits.
    pub id: [u8; 3],
    /// The segment's text as written (escapes not yet decoded), in the message's text.
    pub(super) text: Range<usize>,
    /// The segment's field spans (relative to its text), in the message's span list: span n is
    /// field n (for MSH, field 1 is the field separator itself, so that numbering matches the
    /// standard).
    pub(super) fields: Range<usize>,
    /// The line of the file where the segment starts.
    pub line: u64,
    /// 1 for the first segment with this id in its message, 2 for the second…
    pub occurrence: u32,
    /// The next segment with this id, by its index in the message.
    pub(super) next: Option<u32>,
    /// Bit n is set when field n (below 64) has components or subcomponents.
    pub(super) structured: u64,
}

/// A segment reads as its id (see [`super::structure::check`]).
impl AsRef<[u8]> for Segment {
    fn as_ref(&self) -> &[u8] {
        &self.id
    }
}

impl Segment {
    /// The segment id as text.
    pub fn id(&self) -> &str {
        std::str::from_utf8(&self.id).unwrap_or("")
    }

    /// The segment's path without field (`OBX`, `OBX[3]`).
    pub fn name(&self) -> String {
        let mut p = String::with_capacity(8);
        self.push_name(&mut p);
        p
    }

    fn push_name(&self, p: &mut String) {
        // The id is ASCII (see `Segment::id`): its bytes are its characters.
        self.id.iter().for_each(|&b| p.push(char::from(b)));
        if self.occurrence > 1 {
            p.push('[');
            push_number(p, self.occurrence as usize);
            p.push(']');
        }
    }
}

/// Appends `n` in decimal to `p` (one- and two-digit numbers, nearly all of a path's, directly).
#[inline]
fn push_number(p: &mut String, n: usize) {
    match n {
        0..=9 => p.push(char::from(b'0' + n as u8)),
        10..=99 => {
            p.push(char::from(b'0' + (n / 10) as u8));
            p.push(char::from(b'0' + (n % 10) as u8));
        }
        _ => decimal::push(p, n),
    }
}

/// Where a field is in its segment's text, and which delimiters it holds (see [`Marks`]).
#[derive(Debug, Clone)]
pub(super) struct FieldSpan {
    pub range: Range<usize>,
    pub marks: u8,
}

/// Which delimiters a field holds, as bits of [`FieldSpan::marks`], read from a table of the
/// message's delimiters byte by byte.
pub(super) struct Marks {
    /// The bits of each byte: [`Marks::FIELD`] for the field separator, the others for the rest.
    of: [u8; 256],
}

impl Marks {
    pub const FIELD: u8 = 1;
    pub const COMPONENT: u8 = 2;
    pub const REPETITION: u8 = 4;
    pub const ESCAPE: u8 = 8;
    pub const SUBCOMPONENT: u8 = 16;
    /// A component or subcomponent delimiter.
    pub const PARTS: u8 = Marks::COMPONENT | Marks::SUBCOMPONENT;

    /// The table of `d`, `None` when a delimiter is not ASCII (then fields are split by char).
    pub fn of(d: &Delimiters) -> Option<Marks> {
        let ascii = [d.field, d.component, d.subcomponent, d.repetition].iter().all(char::is_ascii)
            && d.escape.is_none_or(|e| e.is_ascii());
        if !ascii {
            return None;
        }
        let mut of = [0u8; 256];
        if let Some(e) = d.escape {
            of[e as usize] = Marks::ESCAPE;
        }
        of[d.repetition as usize] = Marks::REPETITION;
        of[d.component as usize] = Marks::COMPONENT;
        of[d.subcomponent as usize] = Marks::SUBCOMPONENT;
        of[d.field as usize] = Marks::FIELD;
        Some(Marks { of })
    }

    /// The marks of `text` (a field) with delimiters `d`, char by char.
    fn of_text(text: &str, d: &Delimiters) -> u8 {
        let mut marks = 0;
        if text.contains(d.component) {
            marks |= Marks::COMPONENT;
        }
        if text.contains(d.subcomponent) {
            marks |= Marks::SUBCOMPONENT;
        }
        if text.contains(d.repetition) {
            marks |= Marks::REPETITION;
        }
        if d.escape.is_some_and(|e| text.contains(e)) {
            marks |= Marks::ESCAPE;
        }
        marks
    }
}

/// Splits `text` (a segment, whose id is its first three characters) with the field separator
/// of `d` (`marks`: its table, when its delimiters are ASCII), appending the field spans
/// (relative to `text`) to `spans`; returns the segment's [`Segment::structured`] bits.
pub(super) fn split_fields(
    text: &str,
    d: &Delimiters,
    marks: Option<&Marks>,
    spans: &mut Vec<FieldSpan>,
) -> u64 {
    let first = spans.len();
    let mut start = 0;
    let mut structured = 0u64;
    let mut push = |spans: &mut Vec<FieldSpan>, range: Range<usize>, marks: u8| {
        if marks & Marks::PARTS != 0 {
            structured |= 1u64.checked_shl((spans.len() - first) as u32).unwrap_or(0);
        }
        spans.push(FieldSpan { range, marks });
    };
    let last_marks = if let Some(table) = marks {
        let mut field_marks = 0u8;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            let m = table.of[usize::from(b)];
            if m == 0 {
                continue;
            }
            if m == Marks::FIELD {
                push(spans, start..i, field_marks);
                start = i + 1;
                field_marks = 0;
            } else {
                field_marks |= m;
            }
        }
        field_marks
    } else {
        for (i, sep) in text.match_indices(d.field) {
            let marks = text.get(start..i).map_or(0, |f| Marks::of_text(f, d));
            push(spans, start..i, marks);
            start = i + sep.len();
        }
        text.get(start..).map_or(0, |f| Marks::of_text(f, d))
    };
    push(spans, start..text.len(), last_marks);
    if text.get(spans[first].range.clone()) == Some("MSH") {
        // MSH-1 is the field separator itself: the fields after the id move up by one.
        spans.insert(first + 1, FieldSpan { range: 3..3 + d.field.len_utf8(), marks: 0 });
        structured = (structured & 1) | (structured >> 1 << 2);
    }
    structured
}

/// A segment of a numbered message, with the message's delimiters: the view mapping and checks use.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub seg: &'a Segment,
    pub d: &'a Delimiters,
    pub message: u32,
    /// The segment's text.
    pub(super) text: &'a str,
    /// The segment's field spans, in `text`.
    pub(super) spans: &'a [FieldSpan],
}

impl<'a> View<'a> {
    /// Field `n` as written ("" when absent).
    pub fn field(&self, n: usize) -> &'a str {
        self.spans.get(n).and_then(|s| self.text.get(s.range.clone())).unwrap_or("")
    }

    /// The delimiters field `n` holds (see [`Marks`]; 0 when absent).
    fn marks(&self, n: usize) -> u8 {
        self.spans.get(n).map_or(0, |s| s.marks)
    }

    /// True when field `n` has components or subcomponents (and so may hold a code or an
    /// identifier with its authority).
    pub fn structured(&self, n: usize) -> bool {
        self.marks(n) & Marks::PARTS != 0
    }

    /// The numbers of the fields from `from` on that have components or subcomponents, in order.
    pub fn structured_fields(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        let mut low = self.seg.structured & u64::MAX.checked_shl(from as u32).unwrap_or(0);
        let low = std::iter::from_fn(move || {
            let n = low.trailing_zeros() as usize;
            low &= low.wrapping_sub(1);
            (n < 64).then_some(n)
        });
        low.chain((from.max(64)..self.len()).filter(|&n| self.structured(n)))
    }

    /// How many fields (counting the id as field 0) the segment has.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when field `n` holds anything but blanks and `""` (the HL7 null).
    pub fn has(&self, n: usize) -> bool {
        let f = value_of(self.field(n));
        !f.is_empty() && f != "\"\""
    }

    /// The segment id (`PID`).
    pub fn id(&self) -> &'a str {
        self.seg.id()
    }

    /// True when the segment's id is `id`.
    pub fn is(&self, id: &[u8; 3]) -> bool {
        self.seg.id == *id
    }

    /// The repetitions of field `n` (one empty repetition when the field is empty).
    pub fn reps(&self, n: usize) -> Parts<'a> {
        Parts::new(self.field(n), self.d.repetition)
    }

    /// Component `comp` (0: the whole repetition) of repetition `rep` of field `n`, as written,
    /// without allocating.
    pub fn raw(&self, n: usize, rep: usize, comp: usize) -> &'a str {
        // Only the delimiters the field holds are looked for.
        let marks = self.marks(n);
        let raw = match rep {
            1 if marks & Marks::REPETITION == 0 => self.field(n),
            1 => first(self.field(n), self.d.repetition),
            _ if marks & Marks::REPETITION == 0 => return "",
            _ => self.reps(n).nth(rep - 1).unwrap_or(""),
        };
        let comp = match comp {
            0 => return raw,
            1 if marks & Marks::COMPONENT == 0 => raw,
            1 => first(raw, self.d.component),
            _ if marks & Marks::COMPONENT == 0 => return "",
            _ => Parts::new(raw, self.d.component).nth(comp - 1).unwrap_or(""),
        };
        match marks & Marks::SUBCOMPONENT {
            0 => comp,
            _ => first(comp, self.d.subcomponent),
        }
    }

    /// Component `c` (1-based) of a field repetition, first subcomponent, as written.
    pub fn comp<'b>(&self, rep: &'b str, c: usize) -> &'b str {
        let comp = match c {
            1 => first(rep, self.d.component),
            _ => Parts::new(rep, self.d.component).nth(c - 1).unwrap_or(""),
        };
        first(comp, self.d.subcomponent)
    }

    /// The components of a field repetition, split once.
    pub fn components<'b>(&self, rep: &'b str) -> Components<'b> {
        Components::new(rep, self.d)
    }

    /// The path of field `n`, repetition `rep` (1-based) and component `comp` (0: none), as in
    /// `PID-7.1`, `DG1[2]-3.1` or `PID-3(2).1`, written into a string from `spare`.
    fn path(&self, n: usize, rep: usize, comp: usize, spare: &mut Vec<String>) -> String {
        let mut p = reused_text(spare, "");
        self.seg.push_name(&mut p);
        p.push('-');
        push_number(&mut p, n);
        if rep > 1 {
            p.push('(');
            push_number(&mut p, rep);
            p.push(')');
        }
        if comp > 0 {
            p.push('.');
            push_number(&mut p, comp);
        }
        p
    }

    /// Where field `n` (repetition `rep`, component `comp`) is.
    pub fn at(&self, n: usize, rep: usize, comp: usize) -> Location {
        self.at_reusing(n, rep, comp, &mut Vec::new())
    }

    /// [`View::at`], its path written into a string from `spare`.
    pub fn at_reusing(&self, n: usize, rep: usize, comp: usize, spare: &mut Vec<String>) -> Location {
        Location::Hl7 { message: self.message, path: self.path(n, rep, comp, spare), line: self.seg.line }
    }

    /// Component `comp` of repetition `rep` of field `n`, decoded and located (`None` when the
    /// field is absent from the segment).
    pub fn value(&self, n: usize, rep: usize, comp: usize) -> Option<Field> {
        self.value_reusing(n, rep, comp, &mut Vec::new())
    }

    /// [`View::value`], its text and path written into strings from `spare`.
    pub fn value_reusing(&self, n: usize, rep: usize, comp: usize, spare: &mut Vec<String>) -> Option<Field> {
        if self.len() <= n {
            return None;
        }
        Some(self.located(self.raw(n, rep, comp), n, rep, comp, spare))
    }

    /// True when `raw` (a part of field `n`) is the HL7 null `""` or nothing but blanks once
    /// decoded.
    pub fn blank(&self, raw: &str, n: usize) -> bool {
        if raw == "\"\"" {
            return true;
        }
        if self.marks(n) & Marks::ESCAPE == 0 {
            value_of(raw).is_empty()
        } else {
            unescape(raw, self.d).trim().is_empty()
        }
    }

    /// `raw`, the text of component `comp` of repetition `rep` of field `n`, decoded and
    /// located.
    pub fn located(&self, raw: &str, n: usize, rep: usize, comp: usize, spare: &mut Vec<String>) -> Field {
        let raw = if raw == "\"\"" { "" } else { raw };
        let mut text = reused_text(spare, "");
        if self.marks(n) & Marks::ESCAPE == 0 {
            text.push_str(raw);
        } else {
            push_unescaped(&mut text, raw, self.d);
        }
        Field { text, at: self.at_reusing(n, rep, comp, spare) }
    }
}

#[cfg(test)]
mod tests {
    use super::super::message::Message;
    use super::*;

    #[test]
    fn msh_fields_are_numbered_as_in_the_standard() {
        let d = Delimiters::default();
        let mut m = Message::default();
        m.begin(1, d.clone());
        m.push("MSH|^~\\&|LAB|HOSP|||20260304||ORU^R01|42|P|2.5", 1);
        m.push("DG1|1||E10^Diabetes^I10", 6);
        m.push("DG1|2||E11.9^Diabetes^I10", 7);
        let s = m.first("MSH").unwrap();
        assert_eq!(
            (s.field(1), s.field(2), s.field(9), s.field(10), s.field(12)),
            ("|", "^~\\&", "ORU^R01", "42", "2.5")
        );
        let dg1 = m.all("DG1").nth(1).unwrap();
        assert_eq!(dg1.path(3, 1, 1, &mut Vec::new()), "DG1[2]-3.1");
        assert_eq!(dg1.path(13, 12, 0, &mut Vec::new()), "DG1[2]-13(12)");
        assert_eq!(dg1.value(3, 1, 3).unwrap().text, "I10");
        assert_eq!(dg1.value(9, 1, 1), None);
    }

    #[test]
    fn segments_of_an_id_and_their_structured_fields() {
        let mut m = Message::default();
        m.begin(1, Delimiters::default());
        m.push("MSH|^~\\&|LAB|HOSP|||20260304||ORU^R01|42|P|2.5", 1);
        let mut wide = String::from("OBX|1|CE|A^B");
        for n in 4..70 {
            wide.push_str(if n % 3 == 0 { "|x^y" } else { "|z" });
        }
        for (i, text) in ["OBX|1|NM|1^x", "NTE|1||a", &wide, "NTE|2||b&c", "OBX|3"].iter().enumerate() {
            m.push(text, 2 + i as u64);
        }
        let lines = |id| m.all(id).map(|v| (v.seg.line, v.seg.occurrence)).collect::<Vec<_>>();
        assert_eq!(lines("OBX"), [(2, 1), (4, 2), (6, 3)]);
        assert_eq!(lines("NTE"), [(3, 1), (5, 2)]);
        assert_eq!(lines("PID"), []);
        for v in m.views() {
            for from in [0, 1, 3, 64, 65] {
                let each: Vec<usize> = (from..v.len()).filter(|&n| v.structured(n)).collect();
                assert_eq!(v.structured_fields(from).collect::<Vec<_>>(), each, "{} from {from}", v.id());
            }
        }
        assert!(m.all("OBX").nth(1).unwrap().structured_fields(0).any(|n| n > 64));
    }

    #[test]
    fn values_read_as_splitting_by_every_delimiter_does() {
        let text = "PID|1|a~b|c^d~e^f&g|h&i|^|~|&j^k|x\\F\\y^z";
        let mut m = Message::default();
        m.begin(1, Delimiters::default());
        m.push(text, 1);
        let v = m.first("PID").unwrap();
        for n in 0..v.len() + 2 {
            for rep in 1..4 {
                for comp in 0..4 {
                    let field = text.split('|').nth(n).unwrap_or("");
                    let r = field.split('~').nth(rep - 1).unwrap_or("");
                    let expected = match comp {
                        0 => r,
                        _ => r.split('^').nth(comp - 1).unwrap_or("").split('&').next().unwrap_or(""),
                    };
                    assert_eq!(v.raw(n, rep, comp), expected, "{n} {rep} {comp}");
                }
            }
        }
    }

    #[test]
    fn wide_delimiters_split_as_ascii_ones_do() {
        let ascii = "PID|1||M1^^^H&x^MR~M2||Doe^Jane&X|||";
        let wide_d =
            Delimiters {
                field: '€', component: '§', repetition: '~', escape: Some('\\'), subcomponent: '¤'
            };
        let wide = ascii.replace('|', "€").replace('^', "§").replace('&', "¤");
        let narrow = |t: &str| t.replace('€', "|").replace('§', "^").replace('¤', "&");
        let mut a = Message::default();
        a.begin(1, Delimiters::default());
        a.push(ascii, 1);
        let mut w = Message::default();
        w.begin(1, wide_d);
        w.push(&wide, 1);
        let (a, w) = (a.first("PID").unwrap(), w.first("PID").unwrap());
        assert_eq!(a.len(), w.len());
        for n in 0..a.len() {
            assert_eq!(a.field(n), narrow(w.field(n)), "field {n}");
            assert_eq!(a.structured(n), w.structured(n), "field {n}");
            for rep in 1..3 {
                for comp in 0..6 {
                    assert_eq!(a.raw(n, rep, comp), narrow(w.raw(n, rep, comp)), "{n} {rep} {comp}");
                }
            }
        }
        assert!(a.structured(3) && !a.structured(1));
    }
}
