//! FHIR R4 primitive types and their formats (the regular expressions of the R4 data types page).

use super::json::{Node, Value};
use regex::Regex;
use std::sync::OnceLock;

/// The primitive types recordlint checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    Date,
    DateTime,
    Instant,
    Id,
    Code,
    Uri,
    Decimal,
    PositiveInt,
    Boolean,
}

impl Primitive {
    /// The R4 name (`dateTime`).
    pub fn name(self) -> &'static str {
        match self {
            Primitive::Date => "date",
            Primitive::DateTime => "dateTime",
            Primitive::Instant => "instant",
            Primitive::Id => "id",
            Primitive::Code => "code",
            Primitive::Uri => "uri",
            Primitive::Decimal => "decimal",
            Primitive::PositiveInt => "positiveInt",
            Primitive::Boolean => "boolean",
        }
    }

    /// Checks `node`; the error says what R4 expects.
    pub fn check(self, node: &Node) -> Result<(), String> {
        match (self, &node.value) {
            (Primitive::Boolean, Value::Bool(_)) => Ok(()),
            (Primitive::Boolean, _) => {
                Err(format!("is {} but a boolean (true or false) is expected", node.kind()))
            }
            (Primitive::Decimal, Value::Number(_)) => Ok(()),
            (Primitive::PositiveInt, Value::Number(n)) => {
                if n.bytes().all(|c| c.is_ascii_digit()) && n.bytes().any(|c| c != b'0') {
                    Ok(())
                } else {
                    Err(format!("is {n} but a positiveInt (1, 2, 3 …) is expected"))
                }
            }
            (Primitive::Decimal | Primitive::PositiveInt, _) => {
                Err(format!("is {} but a JSON number (without quotes) is expected", node.kind()))
            }
            (_, Value::String(s)) => self.check_text(s),
            (_, _) => Err(format!("is {} but a string is expected", node.kind())),
        }
    }

    fn check_text(self, s: &str) -> Result<(), String> {
        let ok = match self {
            Primitive::Date => date().is_match(s),
            Primitive::DateTime => date_time().is_match(s),
            Primitive::Instant => instant().is_match(s),
            Primitive::Id => {
                (1..=64).contains(&s.len())
                    && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
            }
            Primitive::Code => !s.is_empty() && s.trim() == s && !has_double_blank(s),
            Primitive::Uri => !s.chars().any(char::is_whitespace),
            Primitive::Decimal | Primitive::PositiveInt | Primitive::Boolean => true,
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            Primitive::Date => format!("{s:?} is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            Primitive::DateTime => {
                format!("{s:?} is not a FHIR dateTime (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a zone such as Z or -05:00)")
            }
            Primitive::Instant => format!("{s:?} is not a FHIR instant (YYYY-MM-DDThh:mm:ss with a zone)"),
            Primitive::Id => format!("{s:?} is not a FHIR id (1–64 letters, digits, '-' or '.')"),
            Primitive::Code => format!("{s:?} is not a FHIR code (no leading, trailing or repeated blanks)"),
            Primitive::Uri => format!("{s:?} is not a FHIR uri (it contains blanks)"),
            _ => format!("{s:?} is not a valid {}", self.name()),
        })
    }
}

fn has_double_blank(s: &str) -> bool {
    let mut prev = false;
    for c in s.chars() {
        let blank = c.is_whitespace();
        if blank && prev {
            return true;
        }
        prev = blank;
    }
    false
}

const YEAR: &str = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
const TIME_ZONE: &str =
    "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";

fn date() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!("^{YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$"))
            .expect("valid regex")
    })
}

fn date_time() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!("^{YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])({TIME_ZONE})?)?)?$"))
            .expect("valid regex")
    })
}

fn instant() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!("^{YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1]){TIME_ZONE}$"))
            .expect("valid regex")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Node<'_> {
        Node { value: Value::String(text), line: 1 }
    }

    #[test]
    fn r4_formats() {
        assert!(Primitive::Date.check(&s("1980-02-01")).is_ok());
        assert!(Primitive::Date.check(&s("1980")).is_ok());
        assert!(Primitive::Date.check(&s("19800201")).is_err());
        assert!(Primitive::DateTime.check(&s("2026-03-04T10:00:00-05:00")).is_ok());
        assert!(Primitive::DateTime.check(&s("2026-03-04T10:00:00")).is_err());
        assert!(Primitive::DateTime.check(&s("2026-03-04 10:00")).is_err());
        assert!(Primitive::Instant.check(&s("2026-03-04")).is_err());
        assert!(Primitive::Instant.check(&s("2026-03-04T10:00:00.123Z")).is_ok());
        assert!(Primitive::Id.check(&s("a-1.b")).is_ok());
        assert!(Primitive::Id.check(&s("patient 1")).is_err());
        assert!(Primitive::Code.check(&s("in-progress")).is_ok());
        assert!(Primitive::Code.check(&s(" male")).is_err());
        assert!(Primitive::Code.check(&s("a  b")).is_err());
        assert!(Primitive::Uri.check(&s("http://loinc.org")).is_ok());
        assert!(Primitive::Uri.check(&s("http://x y")).is_err());
        fn n(t: &str) -> Node<'_> {
            Node { value: Value::Number(t), line: 1 }
        }
        assert!(Primitive::Decimal.check(&n("12.50")).is_ok());
        assert!(Primitive::Decimal.check(&s("12.5")).is_err());
        assert!(Primitive::PositiveInt.check(&n("1")).is_ok());
        assert!(Primitive::PositiveInt.check(&n("0")).is_err());
        assert!(Primitive::PositiveInt.check(&n("1.5")).is_err());
    }
}
