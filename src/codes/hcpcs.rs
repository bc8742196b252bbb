//! HCPCS Level II code format: a letter from `A` to `V` and four digits (`G0438`, `J1100`).
//! Lowercase is accepted; the canonical form is uppercase.

use crate::model::{Code, CodeSystem, Record};
use std::fmt;

/// Why a text is not shaped like a HCPCS Level II code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not five characters.
    Length(usize),
    /// The first character is not a letter from A to V.
    FirstCharacter(char),
    /// One of the last four is not a digit.
    NotDigit(char),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Length(n) => write!(f, "has {n} characters; HCPCS Level II codes have 5"),
            FormatError::FirstCharacter(c) => {
                write!(f, "begins with {c:?}; HCPCS Level II codes begin with A–V")
            }
            FormatError::NotDigit(c) => {
                write!(f, "has {c:?} where a digit belongs (a letter and four digits)")
            }
        }
    }
}

/// Checks the format of a HCPCS Level II code and returns its canonical (uppercase) form.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    let upper = text.trim().to_ascii_uppercase();
    let mut chars = upper.chars();
    let n = upper.chars().count();
    if n != 5 {
        return Err(FormatError::Length(n));
    }
    match chars.next() {
        Some('A'..='V') => {}
        Some(c) => return Err(FormatError::FirstCharacter(c)),
        None => return Err(FormatError::Length(0)),
    }
    if let Some(c) = chars.find(|c| !c.is_ascii_digit()) {
        return Err(FormatError::NotDigit(c));
    }
    Ok(upper)
}

/// The HCPCS Level II procedures of `record` with their text parsed: `(code, canonical form)`.
pub fn procedures(record: &Record) -> impl Iterator<Item = (&Code, Result<String, FormatError>)> {
    record
        .procedures
        .iter()
        .filter(|c| c.system == CodeSystem::Hcpcs && !c.field.is_blank())
        .map(|c| (c, canonical(c.field.value())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(canonical("g0438").unwrap(), "G0438");
        assert_eq!(canonical("G043"), Err(FormatError::Length(4)));
        assert_eq!(canonical("W0438"), Err(FormatError::FirstCharacter('W')));
        assert_eq!(canonical("G04O8"), Err(FormatError::NotDigit('O')));
    }
}
