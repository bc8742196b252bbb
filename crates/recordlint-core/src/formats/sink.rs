//! Where a parser sends what it reads: records, the structural problems of its format, records it
//! could not read and fields the input has no place for.
//!
//! Imports run one way, formats → model → rules → report: a parser knows nothing of rules,
//! severities, findings or clean records. It names each problem by its [`ProblemKind`] and says
//! which record (or which resources) it is about; the sink (the checker) alone decides which rule
//! reports it, at what severity, and which records it makes not clean.

use crate::model::{FieldKind, Location, Record};
use std::ops::Range;

/// A structural problem of the input's format, as the parser found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub at: Location,
    pub message: String,
    /// The value the problem is about, as written (a code not in its HL7 table), when it has one.
    pub value: Option<String>,
}

impl Problem {
    pub fn new(kind: ProblemKind, at: Location, message: impl Into<String>) -> Problem {
        Problem { kind, at, message: message.into(), value: None }
    }

    /// The same problem about `value`.
    pub fn about(mut self, value: impl Into<String>) -> Problem {
        self.value = Some(value.into());
        self
    }
}

/// Every structural problem a parser can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    // Any format.
    /// The input is no text (NUL bytes, an image, an archive).
    BinaryFile,
    /// The input holds nothing, or a CSV header without rows.
    EmptyFile,
    /// Bytes that are not UTF-8 (read as Windows-1252); the first of the input only.
    UndecodableBytes,

    // CSV.
    /// A row with more or fewer fields than the header.
    RaggedRow,
    /// A quote that is never closed.
    UnterminatedQuote,
    /// Two header columns hold the same field.
    DuplicateColumn,
    /// No header column holds a field the profile requires.
    RequiredColumnMissing,

    // FHIR.
    /// Text that is not JSON.
    InvalidJson,
    /// Content of another FHIR version than R4.
    VersionNotR4,
    /// An object where a resource belongs without an R4 resource type.
    UnknownResourceType,
    /// An element R4 requires is missing.
    RequiredElementMissing,
    /// A primitive value of the wrong format.
    InvalidPrimitive,
    /// A code outside a required value set.
    CodeNotInRequiredBinding,
    /// A reference that leads to no entry of its Bundle; `required` when the Bundle's type says
    /// it must resolve (a document, a urn: reference in a transaction), otherwise it is only
    /// worth knowing (a urn: reference in a collection).
    UnresolvedReference { required: bool },
    /// A fullUrl (and version) that another entry of the Bundle has.
    DuplicateFullUrl,

    // HL7 v2.
    /// Segments or text before any MSH.
    MissingMsh,
    /// MSH-1/MSH-2 that cannot be delimiters.
    InvalidMshDelimiters,
    /// A field HL7 requires is empty.
    RequiredHl7FieldMissing,
    /// Segments out of the order the message structure allows (or a line that is no segment).
    InvalidSegmentSequence,
    /// A value not of its HL7 data type.
    MalformedHl7Value,
    /// A coded value not in its HL7 table.
    CodeNotInHl7Table,
}

/// Where a parser sends what it reads (the checker implements it).
///
/// A problem sent with [`Sink::problem`] is about the record the parser is reading: the next one
/// it sends with [`Sink::record`] or [`Sink::unreadable`] (a CSV header's problems go with the
/// first row). A parser that assembles records from several resources at the end of the input
/// (FHIR) numbers the resources it keeps (from 0, in the order it meets them), sends each problem
/// with the resources it is about ([`Sink::problem_about`]) and each record with the resources
/// it is made of ([`Sink::assembled`]).
pub trait Sink {
    /// A problem of the record being read.
    fn problem(&mut self, problem: Problem);
    /// A problem about the resources numbered `parts` (none: about no record).
    fn problem_about(&mut self, problem: Problem, parts: Range<u32>);
    /// A record read from the input.
    fn record(&mut self, record: &Record);
    /// A record assembled from the resources numbered `parts`.
    fn assembled(&mut self, record: &Record, parts: &[u32]);
    /// A record that could not be read (its problem was sent already).
    fn unreadable(&mut self);
    /// The problems of a part of the input that makes no record (an HL7 acknowledgement): they
    /// are about nothing that follows.
    fn recordless(&mut self, problems: Vec<Problem>);
    /// The input has no place at all for `field` (a CSV without that column): records do not
    /// lack it one by one.
    fn no_place_for(&mut self, field: FieldKind);
}

/// A sink that writes down what it is sent, for the parsers' tests.
#[cfg(test)]
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Recorder {
    pub events: Vec<String>,
    pub records: usize,
}

#[cfg(test)]
impl Recorder {
    /// The problems sent, as `kind location`.
    pub fn problems(&self) -> Vec<&str> {
        self.events.iter().filter_map(|e| e.strip_prefix("problem ")).collect()
    }
}

#[cfg(test)]
impl Sink for Recorder {
    fn problem(&mut self, p: Problem) {
        self.events.push(format!("problem {:?} {} {}", p.kind, p.at, p.message));
    }
    fn problem_about(&mut self, p: Problem, parts: Range<u32>) {
        self.events.push(format!("problem {:?} {} {} about {parts:?}", p.kind, p.at, p.message));
    }
    fn record(&mut self, record: &Record) {
        self.records += 1;
        self.events.push(format!("record {record:?}"));
    }
    fn assembled(&mut self, record: &Record, parts: &[u32]) {
        self.records += 1;
        self.events.push(format!("record {record:?} of {parts:?}"));
    }
    fn unreadable(&mut self) {
        self.events.push("unreadable".into());
    }
    fn recordless(&mut self, problems: Vec<Problem>) {
        for p in problems {
            self.problem(p);
        }
        self.events.push("recordless".into());
    }
    fn no_place_for(&mut self, field: FieldKind) {
        self.events.push(format!("no place for {field:?}"));
    }
}
