use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::{Record, TextKind};
use crate::rules::phi::scan::report;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks street address lines (a CSV address column, PID-11, `Patient.address.line`) for a Social
/// Security number.
    ///
    /// ## Why is this bad?
    /// An SSN in an address line is a data entry error that exposes Safe Harbor identifier (G) in a
/// field every mailing, label and export prints, and leaves the address wrong.
    ///
    /// ## Example
    /// `PID|…||…|123-45-6789^^Springfield^IL^62701` (shown as `***-**-6789`).
    ///
    /// ## How to fix
    /// Correct the address; record the SSN, if it is needed at all, in PID-19 or `Patient.identifier`.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(G): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static SSN_IN_ADDRESS_LINE = {
        id: "P507",
        name: "ssn-in-address-line",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &SSN_IN_ADDRESS_LINE, &[TextKind::Address], &[Category::Ssn]);
}
