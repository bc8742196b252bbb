//! A message: its number in the file, its delimiters and its segments (MSH first).

use super::delimiters::Delimiters;
use super::segment::{Segment, View};
use crate::model::Location;

pub struct Message {
    /// 1-based position in the file.
    pub number: u32,
    pub d: Delimiters,
    pub segments: Vec<Segment>,
    /// Lines inside the message that are no segment (see [`Stray`]).
    pub stray: Option<Stray>,
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
    /// The segments with id `id`, in order.
    pub fn all<'a>(&'a self, id: &'a str) -> impl Iterator<Item = View<'a>> + 'a {
        self.segments.iter().filter(move |s| s.id == id).map(|seg| self.view(seg))
    }

    /// The first segment with id `id`.
    pub fn first<'a>(&'a self, id: &'a str) -> Option<View<'a>> {
        self.all(id).next()
    }

    pub fn view<'a>(&'a self, seg: &'a Segment) -> View<'a> {
        View { seg, d: &self.d, message: self.number }
    }

    /// Message type and trigger event from MSH-9 (`ADT`, `A01`).
    pub fn kind(&self) -> (String, String) {
        let Some(msh) = self.first("MSH") else { return (String::new(), String::new()) };
        let raw = msh.reps(9).first().copied().unwrap_or("");
        (msh.comp(raw, 1).trim().to_ascii_uppercase(), msh.comp(raw, 2).trim().to_ascii_uppercase())
    }

    /// Where the message starts (its MSH).
    pub fn at(&self) -> Location {
        let line = self.segments.first().map_or(0, |s| s.line);
        Location::Hl7 { message: self.number, path: "MSH".into(), line }
    }
}
