//! ICD-10-CM code format: a three-character category (a letter; a digit, or `A` as in `QA0`;
//! a letter or digit), then an optional dot and up to four more letters or digits (`X` is the
//! placeholder). Dotted, undotted and lowercase forms are accepted; the canonical form is
//! uppercase and dotted (`E11.9`).

use super::service_date::ServiceDate;
use super::tables::{Row, Status, ICD10CM};
use crate::model::{Code, CodeSystem, Record};
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

/// Why a text is not shaped like an ICD-10-CM code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    Empty,
    /// Fewer than three characters.
    TooShort,
    /// More than seven characters (dot not counted).
    TooLong(usize),
    /// A character that never occurs in ICD-10-CM codes.
    BadCharacter(char),
    /// The first character is not a letter.
    FirstNotLetter,
    /// The second character is neither a digit nor `A`.
    SecondCharacter(char),
    /// A dot anywhere but after the third character.
    MisplacedDot,
    /// Looks like an ICD-9-CM code (`250.00`, `V30.00`, `E880.9`).
    LooksLikeIcd9,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Empty => f.write_str("is empty"),
            FormatError::TooShort => f.write_str("is shorter than a three-character category"),
            FormatError::TooLong(n) => write!(f, "has {n} characters; ICD-10-CM codes have at most 7"),
            FormatError::BadCharacter(c) => {
                write!(f, "contains {c:?}; codes have only letters, digits and one dot")
            }
            FormatError::FirstNotLetter => f.write_str("must begin with a letter"),
            FormatError::SecondCharacter(c) => {
                write!(f, "has {c:?} as second character; expected a digit (or A, as in QA0)")
            }
            FormatError::MisplacedDot => f.write_str("has a dot that is not after the third character"),
            FormatError::LooksLikeIcd9 => f.write_str(
                "looks like an ICD-9-CM code; ICD-10-CM is required for services since 2015-10-01",
            ),
        }
    }
}

fn shape() -> &'static Regex {
    static SHAPE: OnceLock<Regex> = OnceLock::new();
    SHAPE.get_or_init(|| Regex::new(r"^[A-Z][0-9A][0-9A-Z](?:\.?[0-9A-Z]{1,4})?\.?$").expect("valid regex"))
}

fn icd9_shape() -> &'static Regex {
    static ICD9: OnceLock<Regex> = OnceLock::new();
    ICD9.get_or_init(|| {
        Regex::new(r"^(?:[0-9]{3}(?:\.[0-9]{1,2})?|V[0-9]{2}(?:\.[0-9]{1,2})|E[0-9]{3}(?:\.[0-9])?)$")
            .expect("valid regex")
    })
}

/// Parses the format of an ICD-10-CM code and returns its canonical dotted form.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    let upper = text.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return Err(FormatError::Empty);
    }
    if shape().is_match(&upper) {
        let bare: String = upper.chars().filter(|&c| c != '.').collect();
        return Ok(dotted(&bare));
    }
    Err(diagnose(&upper))
}

/// `E11.9` → `E119`, the form of the tables.
pub fn bare(code: &str) -> String {
    code.chars().filter(|&c| c != '.').collect()
}

/// `E119` → `E11.9`; three characters stay as they are.
pub fn dotted(bare: &str) -> String {
    if bare.len() > 3 {
        format!("{}.{}", &bare[..3], &bare[3..])
    } else {
        bare.to_string()
    }
}

/// A well-formed ICD-10-CM diagnosis of a record.
pub struct Diagnosis<'r> {
    pub code: &'r Code,
    /// True for the principal diagnosis.
    pub principal: bool,
    /// Canonical dotted form (`E11.9`).
    pub dotted: String,
    /// The form of the tables (`E119`).
    pub bare: String,
}

/// The well-formed ICD-10-CM diagnoses of `record`, principal first (malformed ones are K301's).
pub fn diagnoses(record: &Record) -> impl Iterator<Item = Diagnosis<'_>> {
    let principal = record.principal_diagnosis.as_ref();
    record.diagnoses().filter(|c| c.system == CodeSystem::Icd10cm && !c.field.is_blank()).filter_map(
        move |code| {
            let dotted = canonical(code.field.value()).ok()?;
            let bare = bare(&dotted);
            Some(Diagnosis {
                code,
                principal: principal.is_some_and(|p| std::ptr::eq(p, code)),
                dotted,
                bare,
            })
        },
    )
}

/// The well-formed diagnoses of `record` with their state on its date of service.
pub fn statuses(record: &Record) -> impl Iterator<Item = (Diagnosis<'_>, Status<'static>, ServiceDate)> {
    let table = ICD10CM.get();
    let date = ServiceDate::of(record, table);
    diagnoses(record).map(move |dx| {
        let status = table.status(&dx.bare, date.date);
        (dx, status, date)
    })
}

/// A diagnosis valid on the record's date of service, with its MCE rows.
pub struct ValidDiagnosis<'r> {
    pub dx: Diagnosis<'r>,
    /// Every row of the code, oldest first.
    pub rows: &'static [Row],
    /// The row in force on the date.
    pub row: &'static Row,
    pub date: ServiceDate,
}

/// The diagnoses of `record` that are valid on its date of service (others are K303's or K304's).
pub fn valid_diagnoses(record: &Record) -> impl Iterator<Item = ValidDiagnosis<'_>> {
    let table = ICD10CM.get();
    let date = ServiceDate::of(record, table);
    diagnoses(record).filter_map(move |dx| {
        let rows = table.rows(&dx.bare);
        let row = rows.iter().find(|r| table.span(r).covers(date.date))?;
        Some(ValidDiagnosis { dx, rows, row, date })
    })
}

fn diagnose(upper: &str) -> FormatError {
    if icd9_shape().is_match(upper) {
        return FormatError::LooksLikeIcd9;
    }
    if let Some(c) = upper.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '.') {
        return FormatError::BadCharacter(c);
    }
    let dots: Vec<usize> = upper.match_indices('.').map(|(i, _)| i).collect();
    if dots.len() > 1 || dots.first().is_some_and(|&i| i != 3 && i + 1 != upper.len()) {
        return FormatError::MisplacedDot;
    }
    let bare: Vec<char> = upper.chars().filter(|&c| c != '.').collect();
    if bare.len() < 3 {
        return FormatError::TooShort;
    }
    if bare.len() > 7 {
        return FormatError::TooLong(bare.len());
    }
    if !bare[0].is_ascii_alphabetic() {
        return FormatError::FirstNotLetter;
    }
    if !(bare[1].is_ascii_digit() || bare[1] == 'A') {
        return FormatError::SecondCharacter(bare[1]);
    }
    FormatError::MisplacedDot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical("E11.9").unwrap(), "E11.9");
        assert_eq!(canonical("e119").unwrap(), "E11.9");
        assert_eq!(canonical("E11").unwrap(), "E11");
        assert_eq!(canonical("E11.").unwrap(), "E11");
        assert_eq!(canonical("T36.0X1A").unwrap(), "T36.0X1A");
        assert_eq!(canonical("s52501a").unwrap(), "S52.501A");
        assert_eq!(canonical("QA0").unwrap(), "QA0");
        assert_eq!(canonical("C4A.0").unwrap(), "C4A.0");
        assert_eq!(canonical(" Z3A.39 ").unwrap(), "Z3A.39");
    }

    #[test]
    fn reasons() {
        assert_eq!(canonical(""), Err(FormatError::Empty));
        assert_eq!(canonical("E1"), Err(FormatError::TooShort));
        assert_eq!(canonical("E11.12345"), Err(FormatError::TooLong(8)));
        assert_eq!(canonical("E11-9"), Err(FormatError::BadCharacter('-')));
        assert_eq!(canonical("250.00"), Err(FormatError::LooksLikeIcd9));
        assert_eq!(canonical("E880.9"), Err(FormatError::LooksLikeIcd9));
        assert_eq!(canonical("1E1.9"), Err(FormatError::FirstNotLetter));
        assert_eq!(canonical("EB1.9"), Err(FormatError::SecondCharacter('B')));
        assert_eq!(canonical("E1.19"), Err(FormatError::MisplacedDot));
        assert_eq!(canonical("E11.9.1"), Err(FormatError::MisplacedDot));
    }
}
