use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Checks that no encounter begins after the patient's death date: the death date on the
    /// same record, or one recorded for the same MRN on any other record of the run.
    ///
    /// ## Why is this bad?
    /// Service after death is impossible: either the death date is wrong (a living patient
    /// recorded as deceased, whose claims are then denied), the encounter belongs to another
    /// patient (an overlay), or the claim is fraudulent. Payers deny such claims outright.
    ///
    /// ## Example
    /// `death_date` 2026-03-01 on row 2; row 5, same MRN, `admit_date` 2026-04-10.
    ///
    /// ## How to fix
    /// Verify the death date (death certificate, discharge summary) and the identity of the
    /// patient on the later encounter; correct whichever is wrong.
    ///
    /// ## References
    /// - CMS Medicare Program Integrity Manual, ch. 3 (claims for services after date of death)
    /// - HHS OIG, A-01-xx reports on Medicare payments for services after beneficiaries' deaths
    pub static SERVICE_AFTER_DEATH = {
        id: "D205",
        name: "service-after-death",
        family: Dates,
        severity: Error,
        kind: RecordAndCrossRecord(check),
    }
}

/// Reports an admission (or, without one, a discharge) after the record's own death date.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let Some(death) = record.patient.death_date.as_ref().and_then(|d| d.date) else { return };
    let e = &record.encounter;
    let dated = e.admit.as_ref().filter(|d| d.date.is_some()).or(e.discharge.as_ref());
    if let Some(d) = dated {
        if let Some(on) = d.date.filter(|&on| on > death) {
            cx.emit(
                &SERVICE_AFTER_DEATH,
                d.field.at.clone(),
                format!("encounter on {on} is after death on {death}"),
            );
        }
    }
}

/// An encounter on `on` after the death date recorded at `death_at`.
pub(crate) fn after_known_death(on: Date, death: Date, death_at: &str) -> String {
    format!("encounter on {on} is after death on {death} (recorded at {death_at})")
}

/// A death date before the encounter on `later` at `later_at`.
pub(crate) fn death_before_known(death: Date, later: Date, later_at: &str) -> String {
    format!("death on {death} is before the encounter on {later} at {later_at}")
}
