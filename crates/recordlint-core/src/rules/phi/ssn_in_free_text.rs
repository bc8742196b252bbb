use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::rules::phi::scan::{report, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for Social Security numbers (`123-45-6789`,
/// `123 45 6789`, or nine digits after an `SSN` label).
    ///
    /// ## Why is this bad?
    /// A Social Security number is Safe Harbor identifier (G). In a structured field it is found and
/// protected; in free text it travels with every copy of the note, to coders, registries and
/// students, and no field-level masking removes it.
    ///
    /// ## Example
    /// An HL7 `NTE|1||Pt states SSN 123-45-6789, verified` (shown as `***-**-6789`).
    ///
    /// ## How to fix
    /// Remove the number from the note; if it must be kept, record it in the patient's identifier
/// list (PID-19, `Patient.identifier` with the SSN system), where access rules apply.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(G): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static SSN_IN_FREE_TEXT = {
        id: "P501",
        name: "ssn-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &SSN_IN_FREE_TEXT, FREE_TEXT, &[Category::Ssn]);
}
