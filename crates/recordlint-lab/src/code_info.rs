//! What the coding grader and the pack lint know about one code: the same code tables the
//! validator uses (validity and billable status on the exercise's date, descriptions, notes) via
//! [`recordlint_core::codes::lookup`].

use jiff::civil::Date;
use recordlint_core::codes::lookup::{lookup, Lookup, Verdict};
use recordlint_core::codes::{hcpcs, icd10cm, icd10pcs};
use recordlint_core::CodeSystem;
use recordlint_core::Tables;
use serde::Deserialize;

/// The code system of a coding exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodingSystem {
    Icd10cm,
    Icd10pcs,
    Hcpcs,
}

fn system_of(system: CodingSystem) -> CodeSystem {
    match system {
        CodingSystem::Icd10cm => CodeSystem::Icd10cm,
        CodingSystem::Icd10pcs => CodeSystem::Icd10pcs,
        CodingSystem::Hcpcs => CodeSystem::Hcpcs,
    }
}

/// The canonical form of `text` in `system` (`e119` → `E11.9`), or why it is not a code.
pub fn canonical(system: CodingSystem, text: &str) -> Result<String, String> {
    let shown = text.trim();
    match system {
        CodingSystem::Icd10cm => icd10cm::canonical(text).map_err(|e| format!("{shown:?} {e}")),
        CodingSystem::Icd10pcs => {
            icd10pcs::canonical(text).map(|c| c.to_string()).map_err(|e| format!("{shown:?} {e}"))
        }
        CodingSystem::Hcpcs => hcpcs::canonical(text).map_err(|e| format!("{shown:?} {e}")),
    }
}

/// The look-up answer for `text` in `system` on `date`, by `tables`.
fn answer(tables: &Tables, system: CodingSystem, text: &str, date: Date) -> Option<Lookup> {
    let wanted = system_of(system);
    lookup(tables, text, Some(date)).into_iter().find(|l| l.system == wanted)
}

/// Checks that a key's code can be assigned on `date`: well-formed, valid on that date in the
/// tables and billable (not a category or subcategory heading).
pub fn check_code(tables: &Tables, system: CodingSystem, text: &str, date: Date) -> Result<String, String> {
    let code = canonical(system, text)?;
    match answer(tables, system, &code, date) {
        Some(a) if a.verdict == Verdict::Valid => Ok(code),
        Some(a) => Err(a.answer_spelled_out()),
        None => Err(format!("{code} could not be looked up")),
    }
}

/// A plain-words description of `code` on `date` for feedback: what the tables say and, where
/// loaded, its description and notes.
pub fn describe_code(tables: &Tables, system: CodingSystem, code: &str, date: Date) -> String {
    let Some(a) = answer(tables, system, code, date) else { return code.to_string() };
    let mut text = match &a.description {
        Some(d) => format!("{} ({d})", a.code),
        None => a.answer_spelled_out(),
    };
    if a.verdict != Verdict::Valid && a.description.is_some() {
        text = format!("{text}: {}", a.answer_spelled_out());
    }
    for note in &a.notes {
        text.push_str("; ");
        text.push_str(note);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_code(system: CodingSystem, text: &str, date: Date) -> Result<String, String> {
        super::check_code(&Tables::builtin(), system, text, date)
    }

    fn describe_code(system: CodingSystem, code: &str, date: Date) -> String {
        super::describe_code(&Tables::builtin(), system, code, date)
    }

    #[test]
    fn uses_the_tables_on_the_exercise_date() {
        let d = jiff::civil::date(2026, 3, 4);
        assert_eq!(check_code(CodingSystem::Icd10cm, "e119", d).unwrap(), "E11.9");
        assert!(check_code(CodingSystem::Icd10cm, "E11", d).unwrap_err().contains("category"));
        assert!(check_code(CodingSystem::Icd10cm, "D69.11", d).is_err(), "not valid before FY2027");
        assert!(check_code(CodingSystem::Icd10cm, "D69.11", jiff::civil::date(2026, 10, 1)).is_ok());
        assert!(check_code(CodingSystem::Icd10pcs, "0016070", d).is_ok());
        assert!(check_code(CodingSystem::Icd10pcs, "0O16070", d).is_err());
        assert!(check_code(CodingSystem::Hcpcs, "J1100", d).is_ok());
        assert!(describe_code(CodingSystem::Icd10cm, "E11.9", d).contains("Type 2 diabetes mellitus"));
    }
}
