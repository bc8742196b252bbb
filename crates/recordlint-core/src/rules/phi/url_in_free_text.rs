use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::rules::phi::scan::{report, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for web addresses (`https://…`, `www.…`).
/// The links of a FHIR narrative's markup are not read: only the text a reader sees.
    ///
    /// ## Why is this bad?
    /// A URL is Safe Harbor identifier (N): a link to a personal page, a patient portal or a shared
/// document can identify the patient or open their data.
    ///
    /// ## Example
    /// An HL7 `OBX|1|TX|…||see https://portal.example.org/p/88213` (shown masked).
    ///
    /// ## How to fix
    /// Remove the link from the note; refer to documents by their identifier in the record.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(N): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static URL_IN_FREE_TEXT = {
        id: "P504",
        name: "url-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &URL_IN_FREE_TEXT, FREE_TEXT, &[Category::Url]);
}
