//! The principal diagnosis with a given MCE attribute, for the rules about what may not be
//! principal.

use super::icd10cm::{valid_diagnoses, ValidDiagnosis};
use super::tables::ICD10CM;
use crate::model::Record;

/// The principal diagnosis of `record` when it is valid on the date and has `attribute`.
pub fn principal_with<'r>(record: &'r Record, attribute: &str) -> Option<ValidDiagnosis<'r>> {
    let table = ICD10CM.get();
    valid_diagnoses(record).find(|v| v.dx.principal && table.has(v.row, attribute))
}
