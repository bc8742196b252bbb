//! A message: its number in the file, its delimiters and its segments (MSH first).
//!
//! The segments' text and field spans live in two buffers of the message, which the parser
//! reuses from message to message: reading a message allocates nothing once they have grown.

use super::delimiters::Delimiters;
use super::segment::{split_fields, FieldSpan, Marks, Segment, View};
use crate::model::{reused_text, Location};

#[derive(Default)]
pub struct Message {
    /// 1-based position in the file.
    pub number: u32,
    pub d: Delimiters,
    /// The table of `d`'s delimiters (see [`Marks::of`]).
    marks: Option<Marks>,
    pub segments: Vec<Segment>,
    /// Lines inside the message that are no segment (see [`Stray`]).
    pub stray: Option<Stray>,
    /// The segments' text, one after another.
    text: String,
    /// The segments' field spans, one segment's after another's.
    spans: Vec<FieldSpan>,
    /// The [`id_bit`]s of the segments' ids: a segment whose id's bit is not set is absent.
    present: u64,
    /// Message type and trigger event (see [`Message::kind`]), once [`Message::close`] has read them.
    kind: (String, String),
}

/// The first line inside a message that is no segment, and how many there are.
pub struct Stray {
    pub line: u64,
    /// The line's beginning, for the message.
    pub text: String,
    /// The path of the segment before it (`OBR`, `OBX[3]`).
    pub after: String,
    pub count: u32,
}

impl Message {
    /// Empties the message for message `number` with delimiters `d`, keeping its buffers.
    pub fn begin(&mut self, number: u32, d: Delimiters) {
        self.number = number;
        self.marks = Marks::of(&d);
        self.d = d;
        self.segments.clear();
        self.stray = None;
        self.text.clear();
        self.spans.clear();
        self.present = 0;
        self.kind.0.clear();
        self.kind.1.clear();
    }

    /// Adds the segment `text` (whose id is its first three characters, ASCII), on line `line`.
    pub fn push(&mut self, text: &str, line: u64) {
        let start = self.text.len();
        self.text.push_str(text);
        let first = self.spans.len();
        let structured = split_fields(text, &self.d, self.marks.as_ref(), &mut self.spans);
        let mut id = [b' '; 3];
        for (to, from) in id.iter_mut().zip(text.bytes()) {
            *to = from;
        }
        let index = self.segments.len() as u32;
        let mut occurrence = 1;
        if self.present & id_bit(id) != 0 {
            if let Some(last) = self.segments.iter_mut().rev().find(|s| s.id == id) {
                last.next = Some(index);
                occurrence = last.occurrence + 1;
            }
        }
        self.present |= id_bit(id);
        self.segments.push(Segment {
            id,
            text: start..self.text.len(),
            fields: first..self.spans.len(),
            line,
            occurrence,
            next: None,
            structured,
        });
    }

    /// Reads what the whole message says of itself (its type and event), once it is complete.
    pub fn close(&mut self) {
        let mut read = std::mem::take(&mut self.kind);
        if let Some(msh) = self.first("MSH") {
            let raw = msh.raw(9, 1, 0);
            for (to, c) in [(&mut read.0, 1), (&mut read.1, 2)] {
                to.clear();
                to.extend(msh.comp(raw, c).trim().chars().map(|c| c.to_ascii_uppercase()));
            }
        }
        self.kind = read;
    }

    /// The segments with id `id`, in order.
    pub fn all<'a>(&'a self, id: &'a str) -> impl Iterator<Item = View<'a>> + 'a {
        // No segment's id is three NUL bytes (see `Segment::id`).
        let id: [u8; 3] = id.as_bytes().try_into().unwrap_or([0; 3]);
        self.all_of(id).map(|seg| self.view(seg))
    }

    /// The segments with id `id`: the first looked for only when a segment may have it, the
    /// others by [`Segment::next`].
    fn all_of(&self, id: [u8; 3]) -> impl Iterator<Item = &Segment> + '_ {
        let first = match self.present & id_bit(id) {
            0 => None,
            _ => self.segments.iter().find(|s| s.id == id),
        };
        std::iter::successors(first, |s| s.next.and_then(|i| self.segments.get(i as usize)))
    }

    /// The first segment with id `id`.
    pub fn first<'a>(&'a self, id: &'a str) -> Option<View<'a>> {
        self.all(id).next()
    }

    /// Every segment, in order.
    pub fn views(&self) -> impl Iterator<Item = View<'_>> + '_ {
        self.segments.iter().map(|seg| self.view(seg))
    }

    pub fn view<'a>(&'a self, seg: &'a Segment) -> View<'a> {
        View {
            seg,
            d: &self.d,
            message: self.number,
            text: self.text.get(seg.text.clone()).unwrap_or(""),
            spans: self.spans.get(seg.fields.clone()).unwrap_or(&[]),
        }
    }

    /// Message type and trigger event from MSH-9 (`ADT`, `A01`), uppercase (read by
    /// [`Message::close`]).
    pub fn kind(&self) -> (&str, &str) {
        (&self.kind.0, &self.kind.1)
    }

    /// Where the message starts (its MSH), its path written into a string from `spare`.
    pub fn at_reusing(&self, spare: &mut Vec<String>) -> Location {
        let line = self.segments.first().map_or(0, |s| s.line);
        Location::Hl7 { message: self.number, path: reused_text(spare, "MSH"), line }
    }
}

/// One of 64 bits for a segment id, so that a message can tell most ids it lacks at once.
fn id_bit(id: [u8; 3]) -> u64 {
    let [a, b, c] = id.map(u32::from);
    1 << ((a * 7 + b * 3 + c) % 64)
}
