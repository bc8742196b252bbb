use crate::codes::discharge_status::{self, StatusError};
use crate::codes::service_date::ServiceDate;
use crate::codes::tables::spans_text;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that a numeric discharge status is a UB-04 patient discharge status code valid on
    /// the discharge date (the Medicare Code Editor's list: `01` home, `02` short-term hospital,
    /// `03` SNF, `06` home health, `20` expired, `30` still a patient…). Text values, such as
    /// FHIR dispositions (`home`), are another code set and are not checked here.
    ///
    /// ## Why is this bad?
    /// The discharge status decides the DRG for transfers and post-acute care and whether the
    /// patient died; an invalid code fails the MCE and the claim is returned.
    ///
    /// ## Example
    /// `discharge_status` = `09` (never a code); `08` on a 2026 discharge (valid 1994–2005 only).
    ///
    /// ## How to fix
    /// Take the disposition from the discharge summary and map it to the current UB-04 code
    /// (for a planned readmission, one of 81–95).
    ///
    /// ## References
    /// - NUBC UB-04 Data Specifications Manual, form locator 17 (patient discharge status)
    /// - CMS Medicare Code Editor, edit 12 (invalid discharge status)
    pub static INVALID_DISCHARGE_STATUS = {
        id: "K316",
        name: "invalid-discharge-status",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports a numeric discharge status that is not a UB-04 code on the discharge date.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let Some(field) = &record.encounter.discharge_status else { return };
    let date = ServiceDate::of(record, facts.tables().icd10cm());
    let Some(Err(why)) = discharge_status::check(field.value(), date.date) else { return };
    let msg = match why {
        StatusError::Unknown => {
            match field.value().trim_start_matches('0') {
                "40" | "41" | "42" => format!(
                    "discharge status {:?} (expired, hospice) is for hospice claims only, not an inpatient claim (MCE list)",
                    field.value()
                ),
                _ => format!("discharge status {:?} is not a valid inpatient discharge status (MCE list)", field.value()),
            }
        }
        StatusError::OtherDates(spans) => {
            let horizon = facts.tables().icd10cm().horizon().unwrap_or(date.date);
            format!(
                "discharge status {:?} is valid {}, not on {date}",
                field.value(),
                spans_text(&spans, horizon)
            )
        }
    };
    cx.emit_field(&INVALID_DISCHARGE_STATUS, field, msg);
}
