use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every field the profile requires is present and not blank in each record.
    /// Encounter fields (admission, principal diagnosis…) are asked only of encounters and claims:
    /// a patient with no encounter or a lab result message is checked for patient fields only.
    ///
    /// ## Why is this bad?
    /// An incomplete record is a deficiency: a claim without a principal diagnosis is rejected, a
    /// registration without a birth date cannot be matched in the master patient index, and the
    /// record is not legally complete.
    ///
    /// ## Example
    /// Row 4 has an empty `dob` cell.
    ///
    /// ## How to fix
    /// Find the value in the source document (face sheet, registration) and fill it in; if it is
    /// truly unknown, query the provider or registration staff rather than guessing.
    ///
    /// ## References
    /// - CMS UB-04 (CMS-1450) data specifications, form locators 8–17, 67
    /// - AHIMA, Data Quality Management Model: data completeness
    pub static REQUIRED_FIELD_BLANK = {
        id: "C101",
        name: "required-field-blank",
        family: Completeness,
        severity: Error,
    }
}

/// Reports each required field that is blank or missing in `record`.
pub fn check(record: &Record, cx: &mut Checker) {
    let absent = cx.absent();
    for i in 0..cx.required().len() {
        let kind = cx.required()[i];
        if absent.contains(kind) || !record.kind.expects(kind) {
            continue;
        }
        match record.field(kind) {
            Some(field) if !field.is_blank() => {}
            Some(field) => {
                cx.emit(&REQUIRED_FIELD_BLANK, field.at.clone(), format!("{} is blank", kind.name()))
            }
            None => cx.emit(&REQUIRED_FIELD_BLANK, record.at.clone(), format!("{} is missing", kind.name())),
        }
    }
}
