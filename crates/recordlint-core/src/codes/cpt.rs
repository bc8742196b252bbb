//! CPT code format only (the CPT code set is copyrighted by the AMA and not bundled): five
//! digits for Category I (`99213`), or four digits and `F` (Category II), `T` (Category III),
//! `U` (Proprietary Laboratory Analyses) or `M` (Multianalyte Assays with Algorithmic Analyses).
//! A two-character modifier after a hyphen (`99213-25`) is accepted and ignored.

use std::fmt;

/// Why a text is not shaped like a CPT code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not five characters (modifier not counted).
    Length(usize),
    /// A character that is not a digit in the first four places.
    NotDigit(char),
    /// A fifth character that is neither a digit nor F, T, U or M.
    Suffix(char),
    /// A modifier that is not two letters or digits.
    Modifier(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Length(n) => write!(f, "has {n} characters; CPT codes have 5"),
            FormatError::NotDigit(c) => write!(f, "has {c:?} where a digit belongs"),
            FormatError::Suffix(c) => {
                write!(f, "ends in {c:?}; CPT codes end in a digit, or F, T, U or M after four digits")
            }
            FormatError::Modifier(m) => write!(f, "has modifier {m:?}; modifiers are two letters or digits"),
        }
    }
}

/// Checks the format of a CPT code and returns its canonical (uppercase, no modifier) form.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    let upper = text.trim().to_ascii_uppercase();
    let (code, modifier) = upper.split_once('-').unwrap_or((&upper, "AA"));
    if modifier.len() != 2 || !modifier.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FormatError::Modifier(modifier.to_string()));
    }
    let chars: Vec<char> = code.chars().collect();
    let [a, b, c, d, e] = chars[..] else { return Err(FormatError::Length(chars.len())) };
    if let Some(bad) = [a, b, c, d].into_iter().find(|c| !c.is_ascii_digit()) {
        return Err(FormatError::NotDigit(bad));
    }
    if !(e.is_ascii_digit() || matches!(e, 'F' | 'T' | 'U' | 'M')) {
        return Err(FormatError::Suffix(e));
    }
    Ok(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(canonical("99213").unwrap(), "99213");
        assert_eq!(canonical("99213-25").unwrap(), "99213");
        assert_eq!(canonical("0001u").unwrap(), "0001U");
        assert_eq!(canonical("3074F").unwrap(), "3074F");
        assert_eq!(canonical("9921"), Err(FormatError::Length(4)));
        assert_eq!(canonical("99Z13"), Err(FormatError::NotDigit('Z')));
        assert_eq!(canonical("9921X"), Err(FormatError::Suffix('X')));
        assert_eq!(canonical("99213-2"), Err(FormatError::Modifier("2".into())));
    }
}
