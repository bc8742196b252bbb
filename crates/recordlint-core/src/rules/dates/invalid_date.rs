use crate::codes::RecordFacts;
use crate::date::parse_date;
use crate::model::{DateField, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every date field holds a real calendar date in an accepted layout:
    /// `YYYY-MM-DD`, `YYYYMMDD` or `M/D/YYYY` (a time after the date is ignored).
    ///
    /// ## Why is this bad?
    /// An impossible date (February 30, month 13) or an ambiguous one (`3/4/26`) cannot be used to
    /// compute age or length of stay, to pick the code set in effect, or to match the patient.
    ///
    /// ## Example
    /// `admit_date` = `2026-02-30`; `dob` = `3/4/26`.
    ///
    /// ## How to fix
    /// Correct the date from the source document, writing all four digits of the year.
    ///
    /// ## References
    /// - ISO 8601-1:2019, Date and time — calendar dates
    /// - CMS UB-04 data specifications: dates as MMDDYYYY on the claim
    pub static INVALID_DATE = {
        id: "D202",
        name: "invalid-date",
        family: Dates,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every non-blank date field that does not parse.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let (p, e) = (&record.patient, &record.encounter);
    let read = |d: &Option<DateField>| d.as_ref().is_none_or(|d| d.date.is_some());
    if read(&p.birth_date) && read(&p.death_date) && read(&e.admit) && read(&e.discharge) {
        return;
    }
    for (kind, d) in record.dates() {
        if d.date.is_none() && !d.partial && !d.field.is_blank() {
            if let Err(why) = parse_date(d.field.value()) {
                let msg = format!("{} {:?}: {why}", kind.name(), d.field.value());
                cx.emit_field(&INVALID_DATE, &d.field, msg);
            }
        }
    }
}
