//! SNOMED CT identifiers (SCTIDs): 6 to 18 digits, no leading zero. The last digit is a Verhoeff
//! check digit; the two before it are the partition identifier, which says what the id names
//! (`00`/`10` concept, `01`/`11` description, `02`/`12` relationship; `1x` from an extension).

use std::fmt;

/// What an SCTID identifies, from its partition identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Concept,
    Description,
    Relationship,
}

impl Kind {
    /// `concept`, `description` or `relationship`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Concept => "concept",
            Kind::Description => "description",
            Kind::Relationship => "relationship",
        }
    }
}

/// Why a text is not a valid SNOMED CT concept id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SctidError {
    /// Not 6–18 digits without a leading zero.
    Shape,
    /// The partition identifier is not one SNOMED CT defines.
    Partition(String),
    /// The Verhoeff check digit is wrong.
    CheckDigit { found: u8, expected: u8 },
}

impl fmt::Display for SctidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SctidError::Shape => f.write_str("is not 6 to 18 digits without a leading zero"),
            SctidError::Partition(p) => {
                write!(f, "has partition identifier {p}, which SNOMED CT does not define")
            }
            SctidError::CheckDigit { found, expected } => {
                write!(f, "Verhoeff check digit is {found} but should be {expected}")
            }
        }
    }
}

/// Checks an SCTID and says what it identifies.
pub fn validate(text: &str) -> Result<Kind, SctidError> {
    let b = text.trim().as_bytes();
    if !(6..=18).contains(&b.len()) || b[0] == b'0' || !b.iter().all(u8::is_ascii_digit) {
        return Err(SctidError::Shape);
    }
    let (payload, check) = b.split_at(b.len() - 1);
    let expected = verhoeff_check_digit(payload);
    let found = check[0] - b'0';
    if found != expected {
        return Err(SctidError::CheckDigit { found, expected });
    }
    let partition = &b[b.len() - 3..b.len() - 1];
    match partition {
        b"00" | b"10" => Ok(Kind::Concept),
        b"01" | b"11" => Ok(Kind::Description),
        b"02" | b"12" => Ok(Kind::Relationship),
        other => Err(SctidError::Partition(String::from_utf8_lossy(other).into_owned())),
    }
}

const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit of ASCII digits (the check digit not included).
pub fn verhoeff_check_digit(digits: &[u8]) -> u8 {
    let mut c = 0usize;
    for (i, &d) in digits.iter().rev().enumerate() {
        let p = P[(i + 1) % 8][usize::from(d.saturating_sub(b'0') % 10)];
        c = usize::from(D[c][usize::from(p)]);
    }
    INV[c]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids() {
        // Diabetes mellitus, Myocardial infarction, Clinical finding, SNOMED CT root concept.
        for id in ["73211009", "22298006", "404684003", "138875005"] {
            assert_eq!(validate(id), Ok(Kind::Concept), "{id}");
        }
        assert_eq!(verhoeff_check_digit(b"236"), 3);
        assert_eq!(validate("73211008"), Err(SctidError::CheckDigit { found: 8, expected: 9 }));
        assert_eq!(validate("12345"), Err(SctidError::Shape));
        assert_eq!(validate("073211009"), Err(SctidError::Shape));
    }

    #[test]
    fn partitions() {
        let with_partition = |body: &str, partition: &str| {
            let payload = format!("{body}{partition}");
            format!("{payload}{}", verhoeff_check_digit(payload.as_bytes()))
        };
        assert_eq!(validate(&with_partition("1234", "01")), Ok(Kind::Description));
        assert_eq!(validate(&with_partition("1234", "12")), Ok(Kind::Relationship));
        assert_eq!(validate(&with_partition("1234", "05")), Err(SctidError::Partition("05".into())));
    }
}
