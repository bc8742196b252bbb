//! What every rule declares: id, name, default severity, family and its documentation.

use crate::report::Severity;
use serde::Serialize;

/// The sections every rule's documentation has, in this order.
pub const DOC_SECTIONS: [&str; 5] =
    ["What it does", "Why is this bad?", "Example", "How to fix", "References"];

/// Groups of rules, as the rule list shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// The file's own format is broken (ragged CSV row, bad JSON, HL7 without MSH).
    Structure,
    /// Something required is missing or blank.
    Completeness,
    /// Dates that are invalid or impossible together.
    Dates,
    /// Codes in the wrong format, failing a check digit, or unknown.
    Codes,
    /// Records that contradict each other about one patient (master patient index).
    Identity,
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
/// does, so that the documentation cannot drift from the code.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            id: $id:literal,
            name: $name:literal,
            family: $family:ident,
            severity: $severity:ident
            $(, enabled_by_default: $enabled:literal)? $(,)?
        }
    ) => {
        $vis static $ident: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            name: $name,
            family: $crate::rules::Family::$family,
            default_severity: $crate::report::Severity::$severity,
            enabled_by_default: true $(&& $enabled)?,
            doc_comment: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;
