//! National Drug Codes. Labels print ten digits in three segments, 4-4-2, 5-3-2 or 5-4-1
//! (labeler-product-package); claims (HIPAA 837, NCPDP) need the eleven-digit 5-4-2 form, made
//! by a leading zero on the short segment. Eleven digits without hyphens are taken as 5-4-2;
//! ten digits without hyphens are ambiguous and rejected.

use std::fmt;

/// Why a text is not an NDC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NdcError {
    /// Something other than digits and hyphens.
    BadCharacter(char),
    /// Ten digits without hyphens: which segment is short cannot be known.
    Ambiguous,
    /// Segments that are none of 4-4-2, 5-3-2, 5-4-1, 5-4-2.
    Layout(String),
}

impl fmt::Display for NdcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NdcError::BadCharacter(c) => write!(f, "contains {c:?}; an NDC is digits and hyphens"),
            NdcError::Ambiguous => f.write_str(
                "is ten digits without hyphens: write the hyphens as on the label (4-4-2, 5-3-2 or 5-4-1)",
            ),
            NdcError::Layout(l) => {
                write!(f, "has segments {l}; NDCs are 4-4-2, 5-3-2, 5-4-1 or 11-digit 5-4-2")
            }
        }
    }
}

/// The eleven-digit 5-4-2 form of an NDC, without hyphens (`0002-1433-80` → `00002143380`).
pub fn eleven_digit(text: &str) -> Result<String, NdcError> {
    let text = text.trim();
    if let Some(c) = text.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
        return Err(NdcError::BadCharacter(c));
    }
    let parts: Vec<&str> = text.split('-').collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let padded = match (lens.as_slice(), parts.as_slice()) {
        ([11], _) => text.to_string(),
        ([10], _) => return Err(NdcError::Ambiguous),
        ([4, 4, 2], [a, b, c]) => format!("0{a}{b}{c}"),
        ([5, 3, 2], [a, b, c]) => format!("{a}0{b}{c}"),
        ([5, 4, 1], [a, b, c]) => format!("{a}{b}0{c}"),
        ([5, 4, 2], [a, b, c]) => format!("{a}{b}{c}"),
        _ => return Err(NdcError::Layout(lens.iter().map(usize::to_string).collect::<Vec<_>>().join("-"))),
    };
    Ok(padded)
}

/// `00002143380` → `00002-1433-80`.
pub fn hyphenated(eleven: &str) -> String {
    match (eleven.get(..5), eleven.get(5..9), eleven.get(9..)) {
        (Some(a), Some(b), Some(c)) if eleven.len() == 11 => format!("{a}-{b}-{c}"),
        _ => eleven.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        assert_eq!(eleven_digit("0002-1433-80").unwrap(), "00002143380");
        assert_eq!(eleven_digit("50090-347-0").unwrap_err(), NdcError::Layout("5-3-1".into()));
        assert_eq!(eleven_digit("12345-678-90").unwrap(), "12345067890");
        assert_eq!(eleven_digit("12345-6789-1").unwrap(), "12345678901");
        assert_eq!(eleven_digit("00002143380").unwrap(), "00002143380");
        assert_eq!(eleven_digit("0002143380"), Err(NdcError::Ambiguous));
        assert_eq!(eleven_digit("0002 1433 80"), Err(NdcError::BadCharacter(' ')));
        assert_eq!(hyphenated("00002143380"), "00002-1433-80");
    }
}
