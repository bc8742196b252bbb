use crate::codes::RecordFacts;
use crate::date::age_in_years;
use crate::model::{DateField, Record};
use crate::rules::{declare_rule, Checker};
use jiff::civil::{date, Date};

declare_rule! {
    /// ## What it does
    /// Checks for dates that are valid calendar dates but implausible in a health record: any
    /// date before 1880, and a birth date more than 124 years before the service (the oldest age
    /// the CMS code editors accept).
    ///
    /// ## Why is this bad?
    /// A year keyed wrong (`1013` for `2013`, `1896` for `1996`) makes the age wrong, so age edits,
    /// the master patient index match and every age-based statistic are wrong too.
    ///
    /// ## Example
    /// `PID-7` = `10131113` (13 November 1013); birth 1890-05-01 for an admission in 2026.
    ///
    /// ## How to fix
    /// Check the date against the source document or the patient and correct the year.
    ///
    /// ## References
    /// - CMS Medicare Code Editor, age edits (ages 0 to 124)
    /// - AHIMA, Data Quality Management Model: data accuracy
    pub static IMPLAUSIBLE_DATE = {
        id: "D209",
        name: "implausible-date",
        family: Dates,
        severity: Warning,
        kind: Record(check),
    }
}

/// The earliest plausible date in a record (`invalid-age` leaves earlier birth dates to this rule).
pub const EARLIEST: Date = date(1880, 1, 1);
/// The oldest plausible age at a service, in years.
const OLDEST: i32 = 124;

/// Reports dates before 1880, and births more than 124 years before a service that has no
/// admission date (with one, `invalid-age` reports the age).
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let (p, e) = (&record.patient, &record.encounter);
    let early = |d: &Option<DateField>| d.as_ref().is_some_and(|d| d.year().is_some_and(|y| y < EARLIEST.year()));
    let any_early = early(&p.birth_date) || early(&p.death_date) || early(&e.admit) || early(&e.discharge);
    // The usual record, with every date after 1880, an admission date and no observations: quiet.
    let admitted = e.admit.as_ref().is_some_and(|a| a.date.is_some());
    if !any_early && admitted && record.observations.is_empty() {
        return;
    }
    let observed =
        record.observations.iter().filter_map(|o| o.effective.as_ref().map(|d| ("observation date", d)));
    for (name, d) in record.dates().map(|(k, d)| (k.name(), d)).chain(observed) {
        if d.year().is_some_and(|y| y < EARLIEST.year()) {
            let when = d.date.map_or_else(|| d.field.value().to_owned(), |d| d.to_string());
            cx.emit_field(&IMPLAUSIBLE_DATE, &d.field, format!("{name} {when} is before 1880"));
        }
    }
    let Some(birth) = record.patient.birth_date.as_ref().filter(|b| b.date.is_some_and(|b| b >= EARLIEST))
    else {
        return;
    };
    if record.encounter.admit.as_ref().is_some_and(|a| a.date.is_some()) {
        return;
    }
    let observed = record.observations.iter().filter_map(|o| o.effective.as_ref());
    let Some(service) = record.encounter.discharge.iter().chain(observed).find_map(|d| d.date) else {
        return;
    };
    let born = birth.date.unwrap_or(EARLIEST);
    let years = age_in_years(born, service);
    if years > OLDEST {
        let msg = format!("birth_date {born} is {years} years before the service on {service}; ages over {OLDEST} are implausible");
        cx.emit_field(&IMPLAUSIBLE_DATE, &birth.field, msg);
    }
}
