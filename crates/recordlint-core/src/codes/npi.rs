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
    if is_valid(text.as_bytes()) {
        return Ok(()); // the common case, without trimming or decoding characters
    }
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

/// The Luhn doubling of a digit: 2d, less 9 above 9.
const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/// True for exactly ten digits, the first 1 or 2, the last the check digit.
fn is_valid(b: &[u8]) -> bool {
    let Ok(b) = <&[u8; 10]>::try_from(b) else { return false };
    let d = b.map(|c| c.wrapping_sub(b'0'));
    if !matches!(d[0], 1 | 2) || d.iter().any(|&d| d > 9) {
        return false;
    }
    // 80840 then the first nine digits, doubled from the right: the prefix adds 24.
    let mut sum = 24;
    for (i, &d) in d[..9].iter().enumerate() {
        sum += if i % 2 == 0 { DOUBLED[usize::from(d)] } else { u32::from(d) };
    }
    u32::from(d[9]) == (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit() {
        assert_eq!(validate("1234567893"), Ok(()));
        assert_eq!(validate(" 1234567893 "), Ok(()));
        assert_eq!(validate("1234567890"), Err(NpiError::CheckDigit { found: 0, expected: 3 }));
        // The quick test agrees with the full one on every check digit.
        for n in ["123456789", "124531959", "100300012", "149775854", "212345678"] {
            for d in b'0'..=b'9' {
                let text = format!("{n}{}", char::from(d));
                let mut payload = *b"80840000000000";
                payload[5..].copy_from_slice(&text.as_bytes()[..9]);
                let right = crate::codes::luhn::check_digit(&payload) == Some(d - b'0');
                assert_eq!(is_valid(text.as_bytes()), right, "{text}");
            }
        }
    }

    #[test]
    fn shape() {
        assert_eq!(validate("123456789"), Err(NpiError::Length(9)));
        assert_eq!(validate("12345-7893"), Err(NpiError::NotDigits('-')));
        assert_eq!(validate("3234567893"), Err(NpiError::FirstDigit('3')));
    }
}
