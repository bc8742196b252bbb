use crate::codes::icd10cm;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every ICD-10-CM diagnosis code has the shape of one: a three-character category
    /// (a letter; a digit, or `A` as in `QA0`; a letter or digit), then an optional dot and up to
    /// four more letters or digits, with `X` as the placeholder. `E11.9`, `e119` and `T36.0X1A` are
    /// accepted; findings show the canonical dotted form.
    ///
    /// ## Why is this bad?
    /// A malformed code is rejected by every payer edit, so the claim is denied or suspended, and
    /// the diagnosis is lost from quality measures and statistics. ICD-9-CM codes after 2015-10-01
    /// are a frequent cause.
    ///
    /// ## Example
    /// `E11-9` (a hyphen), `250.00` (ICD-9-CM), `E1.19` (dot in the wrong place).
    ///
    /// ## How to fix
    /// Look the condition up in the ICD-10-CM index and tabular list and enter the complete code;
    /// never shorten or pad a code to make it fit.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A (conventions)
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    pub static MALFORMED_ICD10CM_CODE = {
        id: "K301",
        name: "malformed-icd10cm-code",
        family: Codes,
        severity: Error,
    }
}

/// Reports every ICD-10-CM diagnosis whose text is not shaped like a code.
pub fn check(record: &Record, cx: &mut Checker) {
    for code in record.diagnoses() {
        if code.system != CodeSystem::Icd10cm
            || code.field.is_blank()
            || icd10cm::is_well_formed(code.field.value())
        {
            continue;
        }
        if let Err(why) = icd10cm::canonical(code.field.value()) {
            let msg = format!("diagnosis {:?} {why}", code.field.value());
            cx.emit(&MALFORMED_ICD10CM_CODE, code.field.at.clone(), msg);
        }
    }
}
