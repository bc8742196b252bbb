//! Input formats: each parses bytes, fed in chunks of any size, into records and reports its own
//! structural problems, both to a [`Sink`] (the checker). No format knows rules or reports.

pub mod columns;
pub mod csv;
pub(crate) mod decimal;
pub mod fhir;
pub mod hl7v2;
pub mod sink;
pub mod text;

pub use sink::{Problem, ProblemKind, Sink};

use crate::codes::Tables;
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A parser fed with chunks of any size (a chunk may end mid-row), sending what it reads to a
/// sink of type `S` (generic, so that sending a record is a direct call).
pub trait Parser<S: Sink + ?Sized = dyn Sink> {
    /// Parses as much of `chunk` as completes records, keeping the rest for the next call.
    fn feed(&mut self, chunk: &[u8], sink: &mut S);
    /// Parses what is left at the end of the input.
    fn finish(&mut self, sink: &mut S);
}

/// The bytes [`Format::sniff`] looks at, at most.
pub const SNIFF_BYTES: usize = 512;

/// The lines after the first in which [`Format::sniff`] looks for an MSH segment.
pub const SNIFF_LINES: usize = 5;

/// The lines of `text` that are not blank.
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n' || b == b'\r').filter(|l| !l.iter().all(u8::is_ascii_whitespace))
}

/// Input formats recordlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    /// FHIR R4 JSON: a resource, a Bundle or NDJSON.
    Fhir,
    /// HL7 v2.x messages (pipe-delimited), single or batched.
    Hl7v2,
}

impl Format {
    /// The lowercase name (`csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Fhir => "fhir",
            Format::Hl7v2 => "hl7v2",
        }
    }

    /// The format called `name` (`csv`, `fhir`, `hl7v2`; also `json`, `ndjson`, `hl7`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "fhir" | "json" | "ndjson" => Some(Format::Fhir),
            "hl7v2" | "hl7" => Some(Format::Hl7v2),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of the input (at most [`SNIFF_BYTES`]), by
    /// content: after a byte order mark and blanks, `{` or `[` is FHIR JSON (NDJSON included),
    /// `MSH|`, `FHS|` or `BHS|` (or an MLLP start block before MSH, or a common segment such as
    /// `PID|` when MSH was lost) is HL7 v2, and so is text whose next lines (up to
    /// [`SNIFF_LINES`]) have one that begins with an MSH segment (a line of prose before the
    /// messages, reported by the HL7 parser); anything else is CSV.
    pub fn sniff(head: &[u8]) -> Format {
        let head = &head[..head.len().min(SNIFF_BYTES)];
        let head = head.strip_prefix(text::UTF8_BOM).unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
        let head = &head[start..];
        match head.first() {
            Some(b'{' | b'[') => Format::Fhir,
            Some(_) if hl7v2::starts_message(head) => Format::Hl7v2,
            Some(_) if lines(head).skip(1).take(SNIFF_LINES).any(hl7v2::starts_msh_line) => Format::Hl7v2,
            _ => Format::Csv,
        }
    }

    /// True when more bytes cannot change [`Format::sniff`] of `head`: its first line (after
    /// blanks) is complete and already tells JSON or HL7, or [`SNIFF_LINES`] more lines are
    /// complete after it, or [`SNIFF_BYTES`] are there; so where a chunk ends never matters.
    pub fn sniff_decided(head: &[u8]) -> bool {
        if head.len() >= SNIFF_BYTES {
            return true;
        }
        let head = head.strip_prefix(text::UTF8_BOM).unwrap_or(head);
        let Some(start) = head.iter().position(|b| !b.is_ascii_whitespace()) else { return false };
        let head = &head[start..];
        let Some(first_end) = head.iter().position(|&b| b == b'\n' || b == b'\r') else { return false };
        if matches!(head[0], b'{' | b'[') || hl7v2::starts_message(head) {
            return true;
        }
        let rest = &head[first_end..];
        let complete =
            rest.iter().rposition(|&b| b == b'\n' || b == b'\r').map_or(&rest[..0], |end| &rest[..end]);
        lines(complete).count() >= SNIFF_LINES
    }

    /// A parser of this format for `profile`, sending to sinks of type `S`.
    pub fn parser<S: Sink + ?Sized>(self, profile: &Profile, tables: &Arc<Tables>) -> Box<dyn Parser<S>> {
        match self {
            Format::Csv => Box::new(csv::CsvParser::new(profile, Arc::clone(tables))),
            Format::Fhir => Box::new(fhir::FhirParser::new()),
            Format::Hl7v2 => Box::new(hl7v2::Hl7Parser::new(profile)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    /// Imports run one way: formats → model → rules → report. A parser sends what it reads to a
    /// `Sink` and knows nothing of rules or reports.
    #[test]
    fn no_format_imports_rules_or_report() {
        fn visit(dir: &std::path::Path, bad: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, bad);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let layers = ["rules", "report"].map(|m| format!("crate::{m}"));
                    for (n, line) in text.lines().enumerate() {
                        if layers.iter().any(|m| line.contains(m.as_str())) {
                            bad.push(format!("{}:{}: {line}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        let mut bad = Vec::new();
        visit(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/formats"), &mut bad);
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF \n{\"resourceType\":\"Patient\"}"), Format::Fhir);
        assert_eq!(Format::sniff(b"[{}]"), Format::Fhir);
        assert_eq!(Format::sniff(b"{\"a\":1}\n{\"b\":2}\n"), Format::Fhir);
        assert_eq!(Format::sniff(b"MSH|^~\\&|A"), Format::Hl7v2);
        assert_eq!(Format::sniff(b"\x0bMSH|^~\\&|A"), Format::Hl7v2);
        assert_eq!(Format::sniff(b"\r\nBHS|^~\\&|A"), Format::Hl7v2);
        assert_eq!(Format::sniff(b"mrn,name\n"), Format::Csv);
        assert_eq!(Format::sniff(b"MRN|NAME\n"), Format::Csv);
        assert_eq!(Format::sniff(b""), Format::Csv);
        assert_eq!(Format::from_name("HL7"), Some(Format::Hl7v2));
    }

    #[test]
    fn sniffs_hl7_after_a_line_of_prose() {
        let prose = b"Sample lines example 1:\nMSH|^~\\&|CERNER||PriorityHealth|\nPID|||1\n";
        assert_eq!(Format::sniff(prose), Format::Hl7v2);
        assert_eq!(Format::sniff(b"\r\nNotes\r\n\r\n\x0bMSH|^~\\&|A\r"), Format::Hl7v2);
        // Not beyond the lines sniffing looks at, and not a CSV column named MSH.
        assert_eq!(Format::sniff(b"a\nb\nc\nd\ne\nf\nMSH|^~\\&|A\n"), Format::Csv);
        assert_eq!(Format::sniff(b"id,kind\nMSH,x\n"), Format::Csv);
        assert_eq!(Format::sniff(b"mrn|segment\nMSH|ADT|A04\n"), Format::Csv);
    }

    #[test]
    fn sniffing_waits_for_the_lines_it_looks_at() {
        assert!(Format::sniff_decided(b"MSH|^~\\&|A\n"));
        assert!(Format::sniff_decided(b"{\"a\":\n"));
        assert!(!Format::sniff_decided(b"MSH|^~\\&|A"), "the first line is not complete");
        assert!(!Format::sniff_decided(b"Sample lines example 1:\n"));
        assert!(!Format::sniff_decided(b"mrn,name\n1,a\n2,b\n3,c\n4,d\n5,e"));
        assert!(Format::sniff_decided(b"mrn,name\n1,a\n2,b\n3,c\n4,d\n5,e\n"));
        assert!(Format::sniff_decided(&[b'a'; super::SNIFF_BYTES]));
    }
}
