use crate::codes::RecordFacts;
use crate::model::{DateField, Record};
use jiff::civil::Date;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for encounters whose discharge date is earlier than their admission date.
    ///
    /// ## Why is this bad?
    /// Length of stay becomes negative; the claim is rejected and census statistics (inpatient
    /// service days, average length of stay) are wrong.
    ///
    /// ## Example
    /// admit 2026-03-04, discharge 2026-03-01
    ///
    /// ## How to fix
    /// Check both dates against the source document; correct the one that was keyed wrong.
    ///
    /// ## References
    /// - CMS UB-04 data specifications, FL 6 (statement covers period)
    pub static DISCHARGE_BEFORE_ADMISSION = {
        id: "D201",
        name: "discharge-before-admission",
        family: Dates,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports a discharge date earlier than the admission date.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    let (Some(admit), Some(discharge)) = (&record.encounter.admit, &record.encounter.discharge) else {
        return;
    };
    if let (Some(a), Some(d)) = (admit.date, discharge.date) {
        if d < a {
            report(cx, discharge, a, d);
        }
    }
}

/// The finding, apart from the check every record runs.
#[cold]
fn report(cx: &mut Checker, discharge: &DateField, a: Date, d: Date) {
    let msg = format!("discharge {d} is before admit {a}");
    cx.emit(&DISCHARGE_BEFORE_ADMISSION, discharge.field.at.clone(), msg);
}
