//! LOINC codes: one to seven digits, a hyphen and a check digit (`2160-0`), the check digit being
//! the mod-10 (Luhn) digit of the part before the hyphen. Answer, part, group and answer-list
//! codes (`LA6576-8`, `LP…`, `LG…`, `LL…`) have the same shape after their two letters.

use super::luhn;
use std::fmt;

/// Why a text is not a valid LOINC code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoincError {
    /// Not `digits-digit`.
    Shape,
    /// The check digit is wrong.
    CheckDigit { found: u8, expected: u8 },
}

impl fmt::Display for LoincError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoincError::Shape => {
                f.write_str("is not shaped like a LOINC code (digits, a hyphen, a check digit)")
            }
            LoincError::CheckDigit { found, expected } => {
                write!(f, "check digit is {found} but should be {expected}")
            }
        }
    }
}

/// Checks a LOINC code as written (surrounding blanks ignored).
pub fn validate(text: &str) -> Result<(), LoincError> {
    let (number, check) = text.trim().split_once('-').ok_or(LoincError::Shape)?;
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // Answer (LA), part (LP), group (LG) and answer-list (LL) codes: checked by shape only.
    if let Some(digits) = ["LA", "LP", "LG", "LL"].iter().find_map(|p| number.strip_prefix(p)) {
        let shaped =
            (1..=7).contains(&digits.len()) && all_digits(digits) && check.len() == 1 && all_digits(check);
        return if shaped { Ok(()) } else { Err(LoincError::Shape) };
    }
    if !(1..=7).contains(&number.len()) || check.len() != 1 || !all_digits(number) || !all_digits(check) {
        return Err(LoincError::Shape);
    }
    let expected = luhn::check_digit(number.as_bytes()).ok_or(LoincError::Shape)?;
    let found = check.as_bytes()[0] - b'0';
    if found == expected {
        Ok(())
    } else {
        Err(LoincError::CheckDigit { found, expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        for code in ["2160-0", "4548-4", "718-7", "2345-7", "8480-6", "94500-6"] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
        assert_eq!(validate("2160-1"), Err(LoincError::CheckDigit { found: 1, expected: 0 }));
        assert_eq!(validate("21600"), Err(LoincError::Shape));
        assert_eq!(validate("2160-"), Err(LoincError::Shape));
        assert_eq!(validate("12345678-9"), Err(LoincError::Shape));
        for code in ["LA6576-8", "LP14082-9", "LL360-9", "LG10990-6"] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
        assert_eq!(validate("LA65X6-8"), Err(LoincError::Shape));
    }
}
