//! Segments: fields by number, repetitions, components, and the path of a
//! value (`PID-7.1`, `DG1[2]-3.1`, `PID-3(2).1`) for locations.

use super::delimiters::Delimiters;
use super::escape::unescape;
use crate::model::{Field, Location};

/// One segment of a message.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The segment id (`PID`).
    pub id: String,
    /// The segment's text as written (escapes not yet decoded).
    text: String,
    /// Byte ranges of the fields in `text`: `fields[n]` is field n (for MSH, field 1 is the field
    /// separator itself, so that numbering matches the standard).
    fields: Vec<std::ops::Range<usize>>,
    /// The line of the file where the segment starts.
    pub line: u64,
    /// 1 for the first segment with this id in its message, 2 for the second…
    pub occurrence: u32,
}

impl Segment {
    /// Splits the segment text with the message's delimiters.
    pub fn parse(text: &str, d: &Delimiters, line: u64) -> Segment {
        let mut fields = Vec::with_capacity(16);
        let mut start = 0;
        for (i, c) in text.char_indices().filter(|&(_, c)| c == d.field) {
            fields.push(start..i);
            start = i + c.len_utf8();
        }
        fields.push(start..text.len());
        let id = text[fields[0].clone()].to_string();
        if id == "MSH" {
            fields.insert(1, 3..3 + d.field.len_utf8());
        }
        Segment { id, text: text.to_string(), fields, line, occurrence: 1 }
    }

    /// Field `n` as written ("" when absent).
    pub fn field(&self, n: usize) -> &str {
        self.fields.get(n).and_then(|r| self.text.get(r.clone())).unwrap_or("")
    }

    /// How many fields (counting the id as field 0) the segment has.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when field `n` holds anything but blanks and `""` (the HL7 null).
    pub fn has(&self, n: usize) -> bool {
        let f = self.field(n).trim();
        !f.is_empty() && f != "\"\""
    }

    /// The path of field `n`, repetition `rep` (1-based) and component `comp` (0: none), as in
    /// `PID-7.1`, `DG1[2]-3.1` or `PID-3(2).1`.
    pub fn path(&self, n: usize, rep: usize, comp: usize) -> String {
        let mut p = self.id.clone();
        if self.occurrence > 1 {
            p.push_str(&format!("[{}]", self.occurrence));
        }
        p.push_str(&format!("-{n}"));
        if rep > 1 {
            p.push_str(&format!("({rep})"));
        }
        if comp > 0 {
            p.push_str(&format!(".{comp}"));
        }
        p
    }
}

/// A segment of a numbered message, with the message's delimiters: the view mapping and checks use.
pub struct View<'a> {
    pub seg: &'a Segment,
    pub d: &'a Delimiters,
    pub message: u32,
}

impl<'a> View<'a> {
    /// The repetitions of field `n` (one empty repetition when the field is empty).
    pub fn reps(&self, n: usize) -> Vec<&'a str> {
        self.seg.field(n).split(self.d.repetition).collect()
    }

    /// Component `comp` (0: the whole repetition) of repetition `rep` of field `n`, as written,
    /// without allocating.
    pub fn raw(&self, n: usize, rep: usize, comp: usize) -> &'a str {
        let raw = self.seg.field(n).split(self.d.repetition).nth(rep - 1).unwrap_or("");
        if comp == 0 {
            raw
        } else {
            self.comp(raw, comp)
        }
    }

    /// Component `c` (1-based) of a field repetition, first subcomponent, as written.
    pub fn comp<'b>(&self, rep: &'b str, c: usize) -> &'b str {
        let comp = rep.split(self.d.component).nth(c - 1).unwrap_or("");
        comp.split(self.d.subcomponent).next().unwrap_or("")
    }

    /// Where field `n` (repetition `rep`, component `comp`) is.
    pub fn at(&self, n: usize, rep: usize, comp: usize) -> Location {
        Location::Hl7 { message: self.message, path: self.seg.path(n, rep, comp), line: self.seg.line }
    }

    /// Component `comp` of repetition `rep` of field `n`, decoded and located (`None` when the
    /// field is absent from the segment).
    pub fn value(&self, n: usize, rep: usize, comp: usize) -> Option<Field> {
        if self.seg.len() <= n {
            return None;
        }
        let text = self.raw(n, rep, comp);
        let text = if text == "\"\"" { "" } else { text };
        Some(Field { text: unescape(text, self.d).into_owned(), at: self.at(n, rep, comp) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msh_fields_are_numbered_as_in_the_standard() {
        let d = Delimiters::default();
        let s = Segment::parse("MSH|^~\\&|LAB|HOSP|||20260304||ORU^R01|42|P|2.5", &d, 1);
        assert_eq!(
            (s.field(1), s.field(2), s.field(9), s.field(10), s.field(12)),
            ("|", "^~\\&", "ORU^R01", "42", "2.5")
        );
        let mut dg1 = Segment::parse("DG1|2||E11.9^Diabetes^I10", &d, 7);
        dg1.occurrence = 2;
        assert_eq!(dg1.path(3, 1, 1), "DG1[2]-3.1");
        let v = View { seg: &dg1, d: &d, message: 1 };
        assert_eq!(v.value(3, 1, 3).unwrap().text, "I10");
        assert_eq!(v.value(9, 1, 1), None);
    }
}
