//! ICD-10-CM code format: a three-character category (a letter; a digit, or `A` as in `QA0`;
//! a letter or digit), then an optional dot and up to four more letters or digits (`X` is the
//! placeholder). Dotted, undotted and lowercase forms are accepted; the canonical form is
//! uppercase and dotted (`E11.9`).

use super::tables::CodeText;
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

/// True when `text` is already a well-formed code (any case, dotted or not): the fast path that
/// validation takes for almost every code, without allocating.
pub fn is_well_formed(text: &str) -> bool {
    well_formed_bytes(text.trim().as_bytes())
}

/// [`is_well_formed`] of a trimmed text's bytes.
fn well_formed_bytes(b: &[u8]) -> bool {
    let (head, tail) = match b.len() {
        3..=8 if b.get(3) == Some(&b'.') => (&b[..3], &b[4..]),
        3..=7 => (&b[..3], &b[3..]),
        _ => return false,
    };
    let alnum = |c: &u8| c.is_ascii_digit() || c.is_ascii_alphabetic();
    head[0].is_ascii_alphabetic()
        && (head[1].is_ascii_digit() || head[1].eq_ignore_ascii_case(&b'A'))
        && alnum(&head[2])
        && tail.len() <= 4
        && tail.iter().all(alnum)
}

/// Parses the format of an ICD-10-CM code and returns its canonical dotted form.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    canonical_text(text).map(|code| code.to_string())
}

/// [`canonical`], held inline: no allocation for a well-formed code.
pub fn canonical_text(text: &str) -> Result<CodeText, FormatError> {
    let text = crate::model::value_of(text);
    let b = text.as_bytes();
    if well_formed_bytes(b) {
        // The common case: letters and digits, the dot after the third.
        let tail = if b.get(3) == Some(&b'.') { &b[4..] } else { &b[3..] };
        return Ok(CodeText::dotted_upper(&b[..3], tail));
    }
    let upper = text.to_ascii_uppercase();
    if upper.is_empty() {
        return Err(FormatError::Empty);
    }
    if shape().is_match(&upper) {
        let bare: String = upper.chars().filter(|&c| c != '.').collect();
        // The shape allows at most 3 + 1 + 4 characters.
        return CodeText::new(&dotted(&bare)).ok_or(FormatError::TooLong(bare.len()));
    }
    Err(diagnose(&upper))
}

/// The bare form of a canonical code (`E11.9` → `E119`), inline.
pub fn bare_text(dotted: &CodeText) -> CodeText {
    dotted.without_dots()
}

/// `E11.9` → `E119`, the form of the tables.
pub fn bare(code: &str) -> String {
    code.chars().filter(|&c| c != '.').collect()
}

/// `E119` → `E11.9`; three characters stay as they are.
pub fn dotted(bare: &str) -> String {
    match (bare.get(..3), bare.get(3..)) {
        (Some(head), Some(tail)) if !tail.is_empty() => {
            let mut out = String::with_capacity(bare.len() + 1);
            out.push_str(head);
            out.push('.');
            out.push_str(tail);
            out
        }
        _ => bare.to_string(),
    }
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
    fn fast_path_agrees_with_canonical() {
        for code in [
            "E11.9",
            "e119",
            "E11",
            "T36.0X1A",
            "QA0",
            "qa0",
            "C4A.0",
            "E11.",
            "E1",
            "E11-9",
            "250.00",
            "E11.12345",
            "EB1.9",
            "E1.19",
            "E11..9",
            "",
            "Ä11",
        ] {
            let fast = is_well_formed(code);
            let slow = canonical(code).is_ok();
            assert_eq!(fast, slow || code == "E11.", "{code}");
        }
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
