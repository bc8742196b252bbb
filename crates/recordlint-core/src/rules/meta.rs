//! What every rule declares: id, name, default severity, family and its documentation.

use super::RecordCheck;
use crate::report::Severity;
use serde::Serialize;

/// The sections every rule's documentation has, in this order.
pub const DOC_SECTIONS: [&str; 5] =
    ["What it does", "Why is this bad?", "Example", "How to fix", "References"];

/// Groups of rules, as the rule list shows them: one family per folder of `src/rules/`, one id
/// letter per family (checked when a rule is compiled, see `declare_rule!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// The file's own format is broken: a ragged CSV row, an unterminated quote, bytes that are
    /// not text (`structure/`, `S1xx`).
    Structure,
    /// FHIR JSON that is not valid FHIR R4: bad JSON, unknown resources, missing elements
    /// (`fhir/`, `F1xx`).
    Fhir,
    /// HL7 v2 messages that break the standard: no MSH, segments out of order, bad values
    /// (`hl7v2/`, `H1xx`).
    Hl7v2,
    /// Something required is missing or blank (`completeness/`, `C1xx`).
    Completeness,
    /// Dates that are invalid or impossible together (`dates/`, `D2xx`).
    Dates,
    /// Codes in the wrong format, failing a check digit, or unknown (`codes/`, `K3xx`).
    Codes,
    /// Records that contradict each other about one patient (master patient index)
    /// (`identity/`, `X4xx`).
    Identity,
    /// Protected health information where it does not belong: an identifier of the HIPAA Safe
    /// Harbor list in a note, a narrative, an address line or a diagnosis's words (`phi/`, `P5xx`).
    Phi,
}

impl Family {
    /// Every family, in the order the rule table shows them.
    pub const ALL: [Family; 8] = [
        Family::Structure,
        Family::Fhir,
        Family::Hl7v2,
        Family::Completeness,
        Family::Dates,
        Family::Codes,
        Family::Identity,
        Family::Phi,
    ];

    /// The name it serializes to, which is also its folder under `src/rules/`.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Structure => "structure",
            Family::Fhir => "fhir",
            Family::Hl7v2 => "hl7v2",
            Family::Completeness => "completeness",
            Family::Dates => "dates",
            Family::Codes => "codes",
            Family::Identity => "identity",
            Family::Phi => "phi",
        }
    }

    /// The first letter of its rules' ids.
    pub const fn letter(self) -> u8 {
        match self {
            Family::Structure => b'S',
            Family::Fhir => b'F',
            Family::Hl7v2 => b'H',
            Family::Completeness => b'C',
            Family::Dates => b'D',
            Family::Codes => b'K',
            Family::Identity => b'X',
            Family::Phi => b'P',
        }
    }

    /// True when a rule with `id`, declared in the module at `module_path`
    /// (`recordlint_core::rules::dates::invalid_date`), belongs to this family: its id starts with the
    /// family's letter and its file is in the family's folder.
    pub(crate) const fn owns(self, id: &str, module_path: &str) -> bool {
        let (id, path, folder) = (id.as_bytes(), module_path.as_bytes(), self.name().as_bytes());
        if id.is_empty() || id[0] != self.letter() {
            return false;
        }
        // The segment after `::rules::` must be the folder, followed by `::`.
        const RULES: &[u8] = b"::rules::";
        let mut start = 0;
        while start + RULES.len() <= path.len() {
            let mut k = 0;
            while k < RULES.len() && path[start + k] == RULES[k] {
                k += 1;
            }
            if k == RULES.len() {
                let at = start + RULES.len();
                if at + folder.len() + 2 > path.len() {
                    return false;
                }
                let mut j = 0;
                while j < folder.len() {
                    if path[at + j] != folder[j] {
                        return false;
                    }
                    j += 1;
                }
                return path[at + j] == b':' && path[at + j + 1] == b':';
            }
            start += 1;
        }
        false
    }
}

/// How a rule finds what it reports, declared with the rule (`kind:` in [`declare_rule!`]).
#[derive(Debug, Clone, Copy)]
pub enum RuleKind {
    /// The checker runs its check on each record.
    Record(RecordCheck),
    /// The checker runs its check on each record, and the cross-record index also compares
    /// records with each other for it (a death date in one record, a later visit in another).
    RecordAndCrossRecord(RecordCheck),
    /// The cross-record index reports it, comparing records with each other.
    CrossRecord,
    /// A format reader (parser) reports it, about the input's own structure.
    Parser,
}

impl RuleKind {
    /// The check the checker runs on each record, for a record rule.
    pub const fn record_check(self) -> Option<RecordCheck> {
        match self {
            RuleKind::Record(check) | RuleKind::RecordAndCrossRecord(check) => Some(check),
            RuleKind::CrossRecord | RuleKind::Parser => None,
        }
    }

    /// True when the cross-record index reports the rule.
    pub const fn is_cross_record(self) -> bool {
        matches!(self, RuleKind::RecordAndCrossRecord(_) | RuleKind::CrossRecord)
    }
}

/// A rule's identity and documentation, declared with [`declare_rule!`].
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable id: a family letter and three digits (`D201`).
    pub id: &'static str,
    /// kebab-case name of the pattern it finds (`discharge-before-admission`).
    pub name: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    /// False for rules a profile must turn on (edits that only make sense for some claims).
    pub enabled_by_default: bool,
    /// Who reports it: the record checks, the cross-record index or a parser.
    #[serde(skip)]
    pub kind: RuleKind,
    /// The rule's doc comment as written (each line keeps the space after `///`).
    #[serde(skip)]
    pub doc_comment: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown, with the sections of [`DOC_SECTIONS`].
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.doc_comment.len());
        for line in self.doc_comment.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The text of one documentation section (without its heading), if present.
    pub fn section(&self, heading: &str) -> Option<String> {
        let doc = self.doc();
        let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
        let body = &doc[start..];
        let end = body.find("\n## ").map_or(body.len(), |i| i + 1);
        Some(body[..end].trim().to_string())
    }

    /// The first sentence of "What it does", for lists.
    pub fn summary(&self) -> String {
        let what = self.section("What it does").unwrap_or_default();
        let para = what.split("\n\n").next().unwrap_or("").replace('\n', " ");
        match para.find(". ") {
            Some(end) => para[..=end].to_string(),
            None => para,
        }
    }
}

/// Declares a rule's [`RuleMeta`] from its doc comment, the way clippy's `declare_clippy_lint!`
/// does, so that the documentation cannot drift from the code; `kind:` says who reports it
/// (`Record(check)`, `RecordAndCrossRecord(check)`, `CrossRecord` or `Parser`, see [`RuleKind`]).
/// It fails to compile when the id's letter or the file's folder is not the family's. The rule
/// is then listed once in the registry (`registry!` in `src/rules/mod.rs`), as `RULE` of its module.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            id: $id:literal,
            name: $name:literal,
            family: $family:ident,
            severity: $severity:ident,
            kind: $kind:ident $(($check:path))?
            $(, enabled_by_default: $enabled:literal)? $(,)?
        }
    ) => {
        $vis static $ident: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            name: $name,
            family: $crate::rules::Family::$family,
            default_severity: $crate::report::Severity::$severity,
            enabled_by_default: true $(&& $enabled)?,
            kind: $crate::rules::RuleKind::$kind $(($check))?,
            doc_comment: concat!($($doc, "\n"),*),
        };
        /// This module's rule, under the name the registry (`src/rules/mod.rs`) uses.
        #[allow(unused_imports)]
        pub(crate) use self::$ident as RULE;
        const _: () = assert!(
            $crate::rules::Family::$family.owns($id, module_path!()),
            concat!($id, ": a rule's id starts with its family's letter and its file is in its family's folder (see `Family`)")
        );
    };
}
pub(crate) use declare_rule;
