use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for diagnosis codes on the MCE "unspecified code" list: unspecified codes that
    /// count as a CC or MCC although codes for the specific side or site exist in the same
    /// subcategory (for example, a fracture of an unspecified femur).
    ///
    ///
    /// Off unless a profile turns it on (the inpatient preset does): it mirrors an inpatient
    /// (MCE) edit that would be noise on other records.
    ///
    /// ## Why is this bad?
    /// In the inpatient setting the side or site is almost always documented somewhere (imaging,
    /// operative reports). Since 2022-04-01 the Medicare Code Editor returns such claims unless a
    /// billing note explains why laterality could not be determined.
    ///
    /// ## Example
    /// `S72.001A` (fracture of unspecified part of neck of right femur) is specific; `S72.009A`
    /// (unspecified femur) is flagged.
    ///
    /// ## How to fix
    /// Look for the side or site in the whole record (radiology, operative and consultation
    /// reports) and assign the specific code; if it is truly undocumented, query the provider.
    ///
    /// ## References
    /// - CMS Definitions of Medicare Code Edits, edit 20 (Unspecified code), from 2022-04-01
    /// - FY 2022 IPPS/LTCH final rule, table 6P.3a
    pub static UNSPECIFIED_CODE = {
        id: "K319",
        name: "unspecified-code",
        family: Codes,
        severity: Info,
        kind: Record(check),
        enabled_by_default: false,
    }
}

/// Reports diagnoses the MCE lists as unspecified where a specific code exists.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if !diagnoses.summary.marked(Mark::Unspecified) {
        return;
    }
    for dx in &diagnoses.list {
        let (Some(_), Some(code)) = (dx.valid_row(), dx.code(record)) else { continue };
        if dx.fact.has(Mark::Unspecified) {
            let msg =
                format!("{} is unspecified where codes for the side or site exist (MCE edit 20)", dx.dotted);
            cx.emit_field(&UNSPECIFIED_CODE, &code.field, msg);
        }
    }
}
