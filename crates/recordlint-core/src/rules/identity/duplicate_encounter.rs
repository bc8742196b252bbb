use crate::model::{DateField, Record};
use super::fingerprint::WordHash;
use super::patients::day;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for an encounter recorded twice: the same MRN with the same admission date and
    /// encounter id, or the same MRN with the same admission and discharge dates and principal
    /// diagnosis. Checked across all records of the file (and all files of one run).
    ///
    /// ## Why is this bad?
    /// A duplicate encounter is billed twice (a duplicate claim is denied, and repeated ones
    /// draw audits) and inflates census, length-of-stay and case-mix statistics.
    ///
    /// ## Example
    /// Row 2 and row 8: MRN 1001, encounter V100, admitted 2026-03-04.
    ///
    /// ## How to fix
    /// Compare the two records. If they are the same stay, delete or void the copy; if two
    /// stays on one day, give each its own encounter id.
    ///
    /// ## References
    /// - CMS Medicare Claims Processing Manual, ch. 1, §120 (duplicate claims)
    /// - AHIMA, Data Quality Management Model: data accuracy and consistency
    pub static DUPLICATE_ENCOUNTER = {
        id: "X405",
        name: "duplicate-encounter",
        family: Identity,
        severity: Warning,
        kind: CrossRecord,
    }
}

/// Why two encounters are taken for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Reason {
    SameId,
    SameStay,
}

/// The record's duplicate keys: a hash over MRN, admit date and encounter id, and one over MRN,
/// admit and discharge dates and principal diagnosis (each when all its parts are there). Codes
/// and ids are compared without case and dots, hashed from the fields' bytes without allocating.
pub(crate) fn keys(record: &Record, mrn: &str) -> [Option<(u64, Reason)>; 2] {
    let e = &record.encounter;
    let date = |d: &Option<DateField>| d.as_ref().and_then(|d| d.date);
    let Some(admit) = date(&e.admit) else { return [None, None] };
    let mut patient = WordHash::new(0);
    patient.bytes(mrn.as_bytes());
    let by_id = e.id.as_ref().filter(|f| !f.is_blank()).map(|id| {
        let mut h = patient;
        h.number(u64::from(day(admit)) | 1 << 62);
        h.text(id.value());
        (h.finish(), Reason::SameId)
    });
    let dx = record.principal_diagnosis.as_ref().filter(|c| !c.field.is_blank());
    let by_stay = match (date(&e.discharge), dx) {
        (Some(d), Some(dx)) => {
            let mut h = patient;
            h.number(u64::from(day(admit)) | u64::from(day(d)) << 32 | 1 << 63);
            h.text(dx.field.value());
            Some((h.finish(), Reason::SameStay))
        }
        _ => None,
    };
    [by_id, by_stay]
}

/// The message for a duplicate of the encounter at `first`.
pub(crate) fn message(mrn: &str, reason: Reason, first: &str) -> String {
    match reason {
        Reason::SameId => format!("MRN {mrn}: same admit date and encounter id as {first}"),
        Reason::SameStay => {
            format!("MRN {mrn}: same admit and discharge dates and principal diagnosis as {first}")
        }
    }
}

/// The message for a duplicate found when merging two indexes.
pub(crate) fn message_merged(first: &str) -> String {
    format!("same patient and encounter as {first}")
}
