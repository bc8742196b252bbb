//! The principal diagnosis with a given MCE attribute, for the rules about what may not be
//! principal.

use super::icd10cm::facts;
use super::tables::ICD10CM;
use crate::model::{Code, Record};
use crate::rules::Checker;

/// The principal diagnosis of `record` (canonical form and code) when it is valid on the date of
/// service and has `attribute`.
pub fn principal_with<'r>(record: &'r Record, cx: &Checker, attribute: &str) -> Option<(String, &'r Code)> {
    let facts = facts(record, cx);
    let p = facts.list.iter().find(|d| d.principal)?;
    let row = p.valid_row()?;
    if !ICD10CM.get().has(row, attribute) {
        return None;
    }
    Some((p.dotted.to_string(), p.code(record)?))
}
