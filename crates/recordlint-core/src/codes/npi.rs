//! National Provider Identifier: ten digits, the last a Luhn check digit computed over the
//! prefix 80840 followed by the first nine digits (CMS NPI standard, 45 CFR 162.406).

use super::luhn;
use std::fmt;

/// Why a text is not a valid NPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpiError {
    /// Something other than digits (after removing blanks).
    NotDigits(char),
    /// Not ten digits long.
    Length(usize),
    /// NPIs begin with 1 or 2.
    FirstDigit(char),
    /// The check digit is wrong.
    CheckDigit { found: u8, expected: u8 },
}

impl fmt::Display for NpiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpiError::NotDigits(c) => write!(f, "contains {c:?}; an NPI is ten digits"),
            NpiError::Length(n) => write!(f, "has {n} digits; an NPI has 10"),
            NpiError::FirstDigit(c) => write!(f, "begins with {c}; NPIs begin with 1 or 2"),
            NpiError::CheckDigit { found, expected } => {
                write!(f, "check digit is {found} but should be {expected}")
            }
        }
    }
}

/// Checks an NPI as written (surrounding blanks ignored).
pub fn validate(text: &str) -> Result<(), NpiError> {
    let text = text.trim();
    if let Some(c) = text.chars().find(|c| !c.is_ascii_digit()) {
        return Err(NpiError::NotDigits(c));
    }
    let b = text.as_bytes();
    if b.len() != 10 {
        return Err(NpiError::Length(b.len()));
    }
    if !matches!(b[0], b'1' | b'2') {
        return Err(NpiError::FirstDigit(b[0] as char));
    }
    let mut payload = *b"80840000000000";
    payload[5..].copy_from_slice(&b[..9]);
    let expected = luhn::check_digit(&payload).unwrap_or(0);
    let found = b[9] - b'0';
    if found == expected {
        Ok(())
    } else {
        Err(NpiError::CheckDigit { found, expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit() {
        assert_eq!(validate("1234567893"), Ok(()));
        assert_eq!(validate(" 1234567893 "), Ok(()));
        assert_eq!(validate("1234567890"), Err(NpiError::CheckDigit { found: 0, expected: 3 }));
    }

    #[test]
    fn shape() {
        assert_eq!(validate("123456789"), Err(NpiError::Length(9)));
        assert_eq!(validate("12345-7893"), Err(NpiError::NotDigits('-')));
        assert_eq!(validate("3234567893"), Err(NpiError::FirstDigit('3')));
    }
}
