use crate::codes::RecordFacts;
use crate::deid::category::{mask, Category};
use crate::deid::names;
use crate::model::{Record, TextKind};
use crate::rules::phi::scan::{self, emit};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes and narratives for the patient's own name, which the record's name field
    /// gives, written without a title: the family or a given name as a whole word, capitalized
    /// (`Nguyen tolerated the dose`), or the given and family names side by side in any case
    /// (`maria nguyen`, `Nguyen, Maria`). A name that is also a common word (`May`, `Will`,
    /// `Grant`) is reported only beside another word of the name, and a name before an eponym's
    /// noun (`Parkinson disease`) not at all. A name after a title (`Mrs. Alvarez`) or a label
    /// (`daughter: Ana Ruiz`) is reported too.
    ///
    /// ## Why is this bad?
    /// A name is a Safe Harbor identifier (A). De-identification replaces it in the name fields;
    /// a copy in a note survives and names the patient in a record meant to be anonymous. Names
    /// in clinical notes are common and often meant, so the finding is information: it matters
    /// when the record is to be shared.
    ///
    /// ## Example
    /// An HL7 `NTE|1||Nguyen tolerated insulin well` for patient `NGUYEN^MARIA` (shown as `******`).
    ///
    /// ## How to fix
    /// Write "the patient" in the note; the name belongs in the patient's name field.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(A): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static NAME_IN_FREE_TEXT = {
        id: "P510",
        name: "name-in-free-text",
        family: Phi,
        severity: Info,
        kind: Record(check),
    }
}

/// The texts looked at: a diagnosis's words have their own rule (P509).
const KINDS: &[TextKind] = &[TextKind::Note, TextKind::Narrative];

/// Reports each name of a person in a note or narrative (masked).
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    if scan::texts(record, KINDS).next().is_none() {
        return;
    }
    let words = record.patient.name.as_ref().map(|n| names::words(n.value())).unwrap_or_default();
    let mut found = Vec::new();
    scan::each_text(record, KINDS, |text, seen, hits| {
        let mut ranges: Vec<_> = hits.iter().filter(|h| h.category == Category::Name).map(|h| h.range.clone()).collect();
        let mentions = names::mentions(seen, &words);
        for range in names::joined(seen, &mentions) {
            // Inside another identifier (an e-mail address, a titled name) it is reported there.
            if !hits.iter().any(|h| h.range.start < range.end && range.start < h.range.end) {
                ranges.push(range);
            }
        }
        ranges.sort_by_key(|r| r.start);
        for range in ranges {
            found.push((text.field.at.clone(), text.kind, mask(&seen[range])));
        }
    });
    for (at, kind, shown) in found {
        emit(cx, &NAME_IN_FREE_TEXT, at, kind, Category::Name, shown);
    }
}
