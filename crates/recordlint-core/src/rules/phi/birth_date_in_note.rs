use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::deid::category::mask;
use crate::model::{Record, TextKind};
use crate::rules::phi::scan::each_hit;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks notes and narratives for a full date of birth: a date written after a birth label
/// (`DOB 03/14/1962`, `born on March 14, 1962`, `date of birth: 1962-03-14`), or the record's own
/// birth date written in the text.
    ///
    /// ## Why is this bad?
    /// A birth date is Safe Harbor identifier (C): only its year may stay. De-identification reduces
/// the birth date field to its year, but a copy in a note keeps the day and month.
    ///
    /// ## Example
    /// A FHIR `Condition.note[0].text` `Pt (DOB 1962-03-14) reports …` (shown as `****-**-**`).
    ///
    /// ## How to fix
    /// Remove the date of birth from the note: it is already in the patient's birth date field.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(C): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static BIRTH_DATE_IN_NOTE = {
        id: "P508",
        name: "birth-date-in-note",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each date of birth written in a note or narrative (masked).
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let birth = record.patient.birth_date.as_ref().and_then(|d| d.date);
    let mut found = Vec::new();
    each_hit(record, &[TextKind::Note, TextKind::Narrative], |text, seen, hit| {
        let written = &seen[hit.range.clone()];
        let own = birth.is_some() && crate::parse_date(written).ok() == birth;
        if hit.category == Category::Date && (hit.birth || own) {
            found.push((text.field.at.clone(), text.kind, mask(written)));
        }
    });
    for (at, kind, shown) in found {
        let message = format!("date of birth (Safe Harbor category {}) in {}: {shown}", Category::Date.letter(), kind.noun());
        cx.emit_shown(&BIRTH_DATE_IN_NOTE, at, shown, message);
    }
}
