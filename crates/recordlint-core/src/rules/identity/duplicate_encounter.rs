use crate::model::{DateField, Record};
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
/// and ids are compared without case and dots, without allocating.
pub(crate) fn keys(record: &Record, mrn: &str) -> [Option<(u64, Reason)>; 2] {
    let e = &record.encounter;
    let date = |d: &Option<DateField>| d.as_ref().and_then(|d| d.date);
    let Some(admit) = date(&e.admit) else { return [None, None] };
    let start = |tag: u8| {
        let mut h = Fnv::new();
        h.write(&[tag]);
        write_text(&mut h, mrn);
        h.write(&admit.year().to_le_bytes());
        h.write(&[admit.month() as u8, admit.day() as u8]);
        h
    };
    let by_id = e.id.as_ref().filter(|f| !f.is_blank()).map(|id| {
        let mut h = start(1);
        write_text(&mut h, id.value());
        (h.finish(), Reason::SameId)
    });
    let dx = record.principal_diagnosis.as_ref().filter(|c| !c.field.is_blank());
    let by_stay = match (date(&e.discharge), dx) {
        (Some(d), Some(dx)) => {
            let mut h = start(2);
            h.write(&d.year().to_le_bytes());
            h.write(&[d.month() as u8, d.day() as u8]);
            write_text(&mut h, dx.field.value());
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

/// Text without case or dots (`e11.9` = `E119`), then a separator.
fn write_text(h: &mut Fnv, text: &str) {
    for b in text.bytes().filter(|&b| b != b'.') {
        h.write(&[b.to_ascii_uppercase()]);
    }
    h.write(&[0xff]);
}

/// FNV-1a, fixed so that keys are equal in every run and every index (they are merged).
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}
