//! Whether an explanation names its source: a coding guideline, a regulation, a standard setter
//! or publisher, or an author–year citation. The list is deliberately short and documented in
//! `exercises/README.md`; it checks that a source is named, not that it is the right one.

use regex::Regex;
use std::sync::LazyLock;

/// Words that name a source, matched whole and case-sensitively (the section sign § counts too).
pub const SOURCE_MARKERS: &[&str] = &[
    // Coding guidelines and code sets.
    "Guideline",
    "Guidelines",
    "Coding Clinic",
    "Tabular List",
    "Alphabetic Index",
    "ICD-10-PCS",
    "HCPCS Level II",
    "UHDDS",
    // Law and regulation.
    "CFR",
    "U.S.C.",
    "Federal Register",
    "Federal Rule",
    "Federal Rules",
    // Standard setters, agencies and publishers.
    "AHIMA",
    "ACDIS",
    "AMA",
    "CMS",
    "CDC",
    "NHSN",
    "NCHS",
    "NUBC",
    "HHS",
    "OIG",
    "Joint Commission",
    "HFMA",
    "IHI",
    "RFC",
    "Horton",
];

static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = SOURCE_MARKERS.iter().map(|m| regex::escape(m)).collect();
    // A marker not inside a longer word, a section sign, or an author–year citation: a
    // parenthesis opening on a capital, with no digit before its closing ", 1996)".
    let markers = words.join("|");
    let edge = "[^A-Za-z0-9_]";
    Regex::new(&format!(r"(?:^|{edge})(?:{markers})(?:{edge}|$)|§|\([A-Z][^()0-9]*, (?:19|20)[0-9]{{2}}\)"))
        .expect("the source pattern compiles")
});

/// True when `text` names a source.
pub fn names_a_source(text: &str) -> bool {
    SOURCE.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::names_a_source;

    #[test]
    fn sources_are_recognised() {
        for text in [
            "E11.9 (ICD-10-CM Official Guidelines for Coding and Reporting FY2026, I.C.4.a.3).",
            "Thirty days (45 CFR 164.524(b)(2)).",
            "ADC = service days / days (Horton, Calculating and Reporting Healthcare Statistics (AHIMA)).",
            "Lewin's model (Lewin, 'Frontiers in Group Dynamics', Human Relations, 1947).",
            "Source: AMA CPT Evaluation and Management Services Guidelines.",
            "Quote fields with commas (RFC 4180).",
            "Guideline I.C.2.c.1: the anemia is sequenced first.",
            "Under the Federal Rules of Civil Procedure (Rules 26 and 34).",
            "§1320a-7b(b) bars remuneration.",
            "Kotter's eight steps (Leading Change, 1996).",
        ] {
            assert!(names_a_source(text), "{text}");
        }
    }

    #[test]
    fn unsourced_text_is_refused() {
        for text in [
            "E11.9 Type 2 diabetes mellitus without complications.",
            "Right of access: 30 days, cost-based fee only.",
            "A same-day stay counts as 1 day.",
            // Markers inside other words or years that are not citations do not count.
            "The CMSA field, a DAMAGE code, the AMAZON order and HHSX are not sources.",
            "Admitted 2026-01-05 (day 1, 2026), discharged (March 3, 2026).",
            "The guidelines say so.",
        ] {
            assert!(!names_a_source(text), "{text}");
        }
    }
}
