use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a length of stay (discharge date minus admission date, in days) longer than the
    /// profile's `max_length_of_stay_days` (365 unless the profile says otherwise; the inpatient
    /// and outpatient presets set their own).
    ///
    /// ## Why is this bad?
    /// A stay of years is almost always a keying error in a year or month, which skews average
    /// length of stay, census days and outlier payments, and makes the claim suspect.
    ///
    /// ## Example
    /// admit 2025-03-04, discharge 2026-03-09 (370 days) with the default threshold of 365.
    ///
    /// ## How to fix
    /// Check both dates against the source documents; for a genuine long stay (long-term care,
    /// rehabilitation), raise the threshold in the profile or turn the rule off for that file.
    ///
    /// ## References
    /// - CMS Medicare Claims Processing Manual, ch. 3, §20.1.2 (cost outliers; long stays)
    /// - AHIMA, Basic Healthcare Statistics for Health Information Management (length of stay)
    pub static LENGTH_OF_STAY_TOO_LONG = {
        id: "D207",
        name: "length-of-stay-too-long",
        family: Dates,
        severity: Warning,
    }
}

/// Reports a stay longer than the profile's threshold.
pub fn check(record: &Record, cx: &mut Checker) {
    let e = &record.encounter;
    let (Some(admit), Some(discharge)) = (&e.admit, &e.discharge) else { return };
    let (Some(a), Some(d)) = (admit.date, discharge.date) else { return };
    let max = cx.max_length_of_stay_days();
    let days = i64::from(a.until(d).map_or(0, |span| span.get_days()));
    if days > i64::from(max) {
        let msg = format!("stay of {days} days (admit {a}, discharge {d}) is longer than {max} days");
        cx.emit(&LENGTH_OF_STAY_TOO_LONG, discharge.field.at.clone(), msg);
    }
}
