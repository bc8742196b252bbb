//! What the coding grader and the pack lint know about one code. This is the one place to point
//! at the code tables (descriptions, billable by date, Excludes1, code-first, 7th characters):
//! today it knows only each system's format.

use super::CodingSystem;
use crate::codes::icd10cm;
use jiff::civil::Date;

/// The canonical form of `text` in `system` (`e119` → `E11.9`), or why it is not a code.
pub fn canonical(system: CodingSystem, text: &str) -> Result<String, String> {
    let upper = text.trim().to_ascii_uppercase();
    match system {
        CodingSystem::Icd10cm => icd10cm::canonical(&upper).map_err(|e| format!("{upper:?} {e}")),
        CodingSystem::Icd10pcs => {
            let bare: String = upper.chars().filter(|&c| c != '.' && c != '-').collect();
            match bare.chars().find(|c| !c.is_ascii_alphanumeric() || *c == 'I' || *c == 'O') {
                Some(c) => Err(format!(
                    "{upper:?} contains {c:?}; ICD-10-PCS uses digits and letters except I and O"
                )),
                None if bare.len() != 7 => {
                    Err(format!("{upper:?} has {} characters; ICD-10-PCS codes have exactly 7", bare.len()))
                }
                None => Ok(bare),
            }
        }
        CodingSystem::Hcpcs => {
            let b = upper.as_bytes();
            if b.len() == 5 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit) {
                Ok(upper)
            } else {
                Err(format!("{upper:?} is not an HCPCS Level II code (a letter and four digits, like J1100)"))
            }
        }
    }
}

/// Checks that a key's code can be assigned on `date` (today: its format and, for ICD-10-CM,
/// that it is more than a bare category).
pub fn check_code(system: CodingSystem, text: &str, _date: Date) -> Result<String, String> {
    canonical(system, text)
}

/// A plain-words description of `code` for feedback (today: what its format says).
pub fn describe_code(system: CodingSystem, code: &str, _date: Date) -> String {
    match system {
        CodingSystem::Icd10cm => {
            let category = code.get(..3).unwrap_or(code);
            let extra = code.len().saturating_sub(4);
            if code.len() <= 3 {
                format!(
                    "{code} is a three-character code (billable only when its category has no subdivisions)"
                )
            } else {
                format!("{code} is in category {category}, with {extra} character(s) of further specificity")
            }
        }
        CodingSystem::Icd10pcs => {
            let section = code.get(..1).unwrap_or("");
            format!("{code} is an ICD-10-PCS code in section {section}")
        }
        CodingSystem::Hcpcs => format!("{code} is an HCPCS Level II code"),
    }
}
