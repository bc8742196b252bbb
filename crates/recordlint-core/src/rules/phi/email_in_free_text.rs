use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::rules::phi::scan::{report, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for e-mail addresses.
    ///
    /// ## Why is this bad?
    /// An e-mail address is Safe Harbor identifier (F): it names a person more surely than most
/// fields, and in free text nothing marks it for removal.
    ///
    /// ## Example
    /// A FHIR `Observation.note[0].text` `results sent to jdoe@example.com` (shown masked).
    ///
    /// ## How to fix
    /// Keep e-mail addresses in `telecom` (or PID-13 with use code NET) and out of notes.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(F): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static EMAIL_IN_FREE_TEXT = {
        id: "P503",
        name: "email-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &EMAIL_IN_FREE_TEXT, FREE_TEXT, &[Category::Email]);
}
