use crate::codes::RecordFacts;
use crate::model::{DateField, Record};
use crate::rules::{declare_rule, Checker};
use jiff::civil::Date;

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
        kind: Record(check),
    }
}

/// Reports a stay longer than the profile's threshold.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let e = &record.encounter;
    let (Some(admit), Some(discharge)) = (&e.admit, &e.discharge) else { return };
    let (Some(a), Some(d)) = (admit.date, discharge.date) else { return };
    let max = cx.max_length_of_stay_days();
    // A stay from one month to the next or within one is shorter than 62 days.
    let months = (i32::from(d.year()) - i32::from(a.year())) * 12 + i32::from(d.month()) - i32::from(a.month());
    if (months + 1) * 31 <= i32::try_from(max).unwrap_or(i32::MAX) {
        return;
    }
    report(cx, discharge, a, d, max);
}

/// Reports a stay from `a` to `d` longer than `max` days (the rare stay that may be).
#[cold]
fn report(cx: &mut Checker, discharge: &DateField, a: Date, d: Date, max: u32) {
    let days = day_number(d) - day_number(a);
    if days > i64::from(max) {
        let msg = format!("stay of {days} days (admit {a}, discharge {d}) is longer than {max} days");
        cx.emit_field(&LENGTH_OF_STAY_TOO_LONG, &discharge.field, msg);
    }
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`); plain arithmetic keeps jiff's span
/// machinery out of the wasm module.
fn day_number(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::day_number;
    use jiff::civil::date;

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(2026, 1, 10)) - day_number(date(2025, 1, 1)), 374);
        assert_eq!(day_number(date(2025, 1, 10)) - day_number(date(2024, 1, 10)), 366);
        assert_eq!(day_number(date(2000, 3, 1)) - day_number(date(2000, 2, 28)), 2);
        assert_eq!(day_number(date(1900, 3, 1)) - day_number(date(1900, 2, 28)), 1);
        let (a, b) = (date(1899, 12, 31), date(2030, 6, 15));
        assert_eq!(day_number(b) - day_number(a), i64::from(a.until(b).unwrap().get_days()));
    }
}
