//! ICD-10-PCS code format: exactly seven characters, each a digit or a letter other than `I` and
//! `O` (they would be confused with 1 and 0). Lowercase is accepted; the canonical form is
//! uppercase. PCS codes are never written with a dot.

use super::tables::CodeText;
use std::fmt;

/// Why a text is not shaped like an ICD-10-PCS code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not seven characters.
    Length(usize),
    /// `I` or `O` at a 1-based position.
    LetterIorO { letter: char, position: usize },
    /// Something other than a letter or digit.
    BadCharacter(char),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Length(n) => write!(f, "has {n} characters; ICD-10-PCS codes have exactly 7"),
            FormatError::LetterIorO { letter, position } => write!(
                f,
                "has the letter {letter} at position {position}; ICD-10-PCS never uses I or O (is it {}?)",
                if *letter == 'I' { '1' } else { '0' }
            ),
            FormatError::BadCharacter(c) => {
                write!(f, "contains {c:?}; ICD-10-PCS codes are seven letters and digits")
            }
        }
    }
}

/// Checks the format of an ICD-10-PCS code and returns its canonical (uppercase) form, inline.
pub fn canonical(text: &str) -> Result<CodeText, FormatError> {
    let text = text.trim();
    // The common case: seven letters and digits, none of them I or O.
    if text.len() == 7 && text.bytes().all(|c| c.is_ascii_alphanumeric() && !b"IOio".contains(&c)) {
        let mut upper = CodeText::empty();
        for c in text.bytes() {
            upper.push(c.to_ascii_uppercase());
        }
        return Ok(upper);
    }
    if let Some(c) = text.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(FormatError::BadCharacter(c));
    }
    if text.len() != 7 {
        return Err(FormatError::Length(text.len()));
    }
    let mut upper = CodeText::empty();
    for (i, c) in text.bytes().map(|c| c.to_ascii_uppercase()).enumerate() {
        if matches!(c, b'I' | b'O') {
            return Err(FormatError::LetterIorO { letter: char::from(c), position: i + 1 });
        }
        upper.push(c);
    }
    Ok(upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(canonical("0DTJ4ZZ").unwrap().as_str(), "0DTJ4ZZ");
        assert_eq!(canonical(" 0dtj4zz ").unwrap().as_str(), "0DTJ4ZZ");
        assert_eq!(canonical("0DTJ4Z"), Err(FormatError::Length(6)));
        assert_eq!(canonical("0DTJ4ZO"), Err(FormatError::LetterIorO { letter: 'O', position: 7 }));
        assert_eq!(canonical("0DT.4ZZ"), Err(FormatError::BadCharacter('.')));
        assert!(canonical("0DTJ4ZO").unwrap_err().to_string().contains("is it 0?"));
    }
}
