use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::rules::phi::scan::{report, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for telephone and fax numbers (North
/// American numbers: `(555) 123-4567`, `555.123.4567`, `+1 555 123 4567`; a fax after a `fax` label).
    ///
    /// ## Why is this bad?
    /// Telephone (D) and fax (E) numbers identify a patient or a relative directly. In a note they are
/// outside the fields a release of information or an export knows to remove.
    ///
    /// ## Example
    /// A CSV `comments` cell `daughter can be reached at 555-201-3344` (shown as `***-***-3344`).
    ///
    /// ## How to fix
    /// Move contact numbers to the patient's or contact's telecom fields (PID-13, NK1-5,
/// `Patient.telecom`) and remove them from the note.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(D) and (E): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static PHONE_IN_FREE_TEXT = {
        id: "P502",
        name: "phone-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &PHONE_IN_FREE_TEXT, FREE_TEXT, &[Category::Phone, Category::Fax]);
}
