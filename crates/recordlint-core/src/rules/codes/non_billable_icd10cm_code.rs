use crate::codes::icd10cm;
use crate::codes::code_fact::State;
use crate::codes::tables::Status;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a category or subcategory used as a diagnosis code: a heading of the tabular
    /// list that has more specific codes under it on the date of service (`E11`, `S52.5`). This
    /// includes a code that was split into more specific codes in a later release.
    ///
    /// ## Why is this bad?
    /// Only complete codes are billable. A heading fails the Medicare Code Editor invalid-code
    /// edit and hides the detail (type, site, episode) the more specific codes record.
    ///
    /// ## Example
    /// `E11` (choose one of E11.00 … E11.9); `D69.1` after 2026-10-01 (now D69.11 or D69.19);
    /// `S52.501` without its 7th character (the message lists A, B, C … with their meanings).
    ///
    /// ## How to fix
    /// Read the documentation again and pick the code under the heading that matches it, down to
    /// the last character, with `X` placeholders where the tabular list requires them.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.2 (level of detail)
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    pub static NON_BILLABLE_ICD10CM_CODE = {
        id: "K304",
        name: "non-billable-icd10cm-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports diagnoses that are headings with codes under them on the date of service.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if !diagnoses.summary.any(&[State::Header]) {
        return;
    }
    let date = diagnoses.date;
    for dx in &diagnoses.list {
        if dx.fact.state != State::Header {
            continue;
        }
        let (Status::Header { children, was }, Some(code)) = (dx.status(facts.tables(), date.date), dx.code(record))
        else {
            continue;
        };
        if let Some(why) = dx.seventh_character_error(facts.tables(), date.date) {
            cx.emit_field(&NON_BILLABLE_ICD10CM_CODE, &code.field, format!("{why} (on {date})"));
            continue;
        }
        let kind = if dx.fact.bare.len() == 3 { "category" } else { "subcategory" };
        let since = match was {
            Some(span) => {
                format!(" since {} (it was a code until {})", span.to.tomorrow().unwrap_or(span.to), span.to)
            }
            None => String::new(),
        };
        let (first, last) = (children.first(), children.last());
        let range = match (first, last) {
            (Some(f), Some(l)) if children.len() > 1 => {
                format!(
                    "one of its {} codes, {} … {}",
                    children.len(),
                    icd10cm::dotted(&f.code()),
                    icd10cm::dotted(&l.code())
                )
            }
            (Some(f), _) => format!("its code {}", icd10cm::dotted(&f.code())),
            _ => "a code under it".to_string(),
        };
        let msg = format!("{} is a {kind}{since}, not a billable code on {date}: choose {range}", dx.dotted);
        cx.emit_field(&NON_BILLABLE_ICD10CM_CODE, &code.field, msg);
    }
}
