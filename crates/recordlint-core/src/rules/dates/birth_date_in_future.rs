use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a birth date later than today.
    ///
    /// ## Why is this bad?
    /// The patient's age is negative: age edits, newborn and pediatric logic and patient matching
    /// all go wrong. It is usually a keying error in the year.
    ///
    /// ## Example
    /// `dob` = `2062-05-14` (meant: 1962).
    ///
    /// ## How to fix
    /// Check the birth date against the registration or ID and correct the year.
    ///
    /// ## References
    /// - CMS Medicare Code Editor: age conflict edits depend on a valid age
    pub static BIRTH_DATE_IN_FUTURE = {
        id: "D203",
        name: "birth-date-in-future",
        family: Dates,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports a birth date after today.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    if let Some(birth) = &record.patient.birth_date {
        if let Some(date) = birth.date.filter(|d| *d > cx.today()) {
            let msg = format!("birth date {date} is after today ({})", cx.today());
            cx.emit_field(&BIRTH_DATE_IN_FUTURE, &birth.field, msg);
        }
    }
}
