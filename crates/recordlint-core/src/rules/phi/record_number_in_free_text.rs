use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::model::Record;
use crate::deid::category::mask;
use crate::deid::detect;
use crate::deid::tokens::is_token;
use crate::rules::phi::scan::{self, emit, FREE_TEXT};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes, narratives and diagnosis descriptions for identifying numbers written after their
/// label (`MRN: 00482913`, `member ID W123456789`, `acct # 55120`, `licence no. D1234567`, `VIN …`,
/// `serial no. …`) and for the record's own medical record number written in the text.
    ///
    /// ## Why is this bad?
    /// Medical record (H), health plan beneficiary (I), account (J), certificate or licence (K),
/// vehicle (L) and device (M) numbers are Safe Harbor identifiers. De-identification replaces them in
/// their fields; written again in a note, the number survives and links the copy back to the
/// patient.
    ///
    /// ## Example
    /// An HL7 `NTE|1||old chart MRN 4471902 merged` (shown as `*******`).
    ///
    /// ## How to fix
    /// Remove the number from the note; the record's identifier fields already hold it.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(H) to (M): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static RECORD_NUMBER_IN_FREE_TEXT = {
        id: "P506",
        name: "record-number-in-free-text",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// The labelled numbers of categories (H) to (M).
const NUMBERS: &[Category] =
    &[Category::Mrn, Category::HealthPlan, Category::Account, Category::Licence, Category::Vehicle, Category::Device];

/// Reports each labelled identifying number, and the record's own MRN, in free text (masked).
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    if scan::texts(record, FREE_TEXT).next().is_none() {
        return;
    }
    let mrn = record.patient.mrn.as_ref().map(|f| f.value()).filter(|m| m.len() >= 4 && !is_token(m));
    // One pass over the texts; the labelled numbers are reported first, then the record's MRN.
    let (mut labelled, mut own) = (Vec::new(), Vec::new());
    scan::each_text(record, FREE_TEXT, |text, seen, hits| {
        for hit in hits.iter().filter(|h| NUMBERS.contains(&h.category)) {
            labelled.push((text.field.at.clone(), text.kind, hit.category, mask(&seen[hit.range.clone()])));
        }
        for range in mrn.map(|mrn| detect::occurrences(seen, mrn)).unwrap_or_default() {
            if !hits.iter().any(|h| h.range.start <= range.start && range.end <= h.range.end) {
                own.push((text.field.at.clone(), text.kind));
            }
        }
    });
    for (at, kind, category, shown) in labelled {
        emit(cx, &RECORD_NUMBER_IN_FREE_TEXT, at, kind, category, shown);
    }
    if let Some(mrn) = mrn {
        for (at, kind) in own {
            emit(cx, &RECORD_NUMBER_IN_FREE_TEXT, at, kind, Category::Mrn, mask(mrn));
        }
    }
}
