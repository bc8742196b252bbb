use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::rules::phi::scan::{report, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for IP addresses (IPv4 `192.168.10.4`,
/// IPv6).
    ///
    /// ## Why is this bad?
    /// An IP address is Safe Harbor identifier (O): it can lead back to the patient's home connection
/// or device (a remote-monitoring note, a portal log pasted into a comment).
    ///
    /// ## Example
    /// A CSV `notes` cell `home monitor at 10.0.4.27 offline` (shown masked).
    ///
    /// ## How to fix
    /// Remove the address from the note; device connection details belong in device records, not
/// in clinical text.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(O): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static IP_ADDRESS_IN_FREE_TEXT = {
        id: "P505",
        name: "ip-address-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each such identifier, masked.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    report(record, cx, &IP_ADDRESS_IN_FREE_TEXT, FREE_TEXT, &[Category::Ip]);
}
