//! Patient names for matching: split into family and given name, compared with Jaro-Winkler and
//! the nickname table. Only used when two names differ as written, never on the common path.

use super::nicknames::same_given_name;
use strsim::jaro_winkler;

/// Jaro-Winkler similarity at or above which two name parts are taken as one spelled two ways
/// (`JON`/`JOHN` 0.93, `SMITH`/`SMYTH` 0.89; `JANE`/`JOHN` 0.70).
const SIMILAR: f64 = 0.88;

/// Words after a name that are not part of it.
const SUFFIXES: &[&str] = &["JR", "SR", "II", "III", "IV", "MD", "PHD"];

/// A name split for matching: uppercase letters only, titles and suffixes dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub family: String,
    pub given: String,
}

impl NameParts {
    /// Splits `Doe, Jane A.` or `Jane A. Doe` into family `DOE` and given `JANE`.
    pub fn parse(text: &str) -> NameParts {
        let (family, given) = match text.split_once(',') {
            Some((family, rest)) => (letters(family), words(rest).next().unwrap_or_default()),
            None => {
                let mut all: Vec<String> = words(text).collect();
                let family = all.pop().unwrap_or_default();
                let given = all.into_iter().next().unwrap_or_default();
                (family, given)
            }
        };
        NameParts { family, given }
    }
}

/// The words of `text` as uppercase letters, without suffixes or empty words.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(letters).filter(|w| !w.is_empty() && !SUFFIXES.contains(&w.as_str()))
}

/// Uppercase letters of `text` (`O'Brien-Lee` → `OBRIENLEE`); ASCII without Unicode tables.
fn letters(text: &str) -> String {
    if text.is_ascii() {
        return text
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
    }
    text.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_uppercase).collect()
}

fn similar(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a == b || jaro_winkler(a, b) >= SIMILAR)
}

/// Given names that denote the same person: equal, nickname and formal name, or a typo apart
/// with the same first letter (`JON`/`JOHN`, not `DOTTED`/`UNDOTTED`).
fn given_names_match(a: &str, b: &str) -> bool {
    (similar(a, b) && a.chars().next() == b.chars().next()) || (!a.is_empty() && same_given_name(a, b))
}

/// True when two names probably belong to one person: similar family names and matching given
/// names (also when given and family were swapped in one of them).
pub fn probably_same_person(a: &NameParts, b: &NameParts) -> bool {
    let straight = similar(&a.family, &b.family) && given_names_match(&a.given, &b.given);
    let swapped = similar(&a.family, &b.given) && given_names_match(&a.given, &b.family);
    straight || swapped
}

/// True when two names recorded for one MRN cannot be the same person: the given names neither
/// match nor are an initial of each other, in either order. A changed family name alone (marriage)
/// is not clearly different.
pub fn clearly_different(a: &NameParts, b: &NameParts) -> bool {
    let compatible = |x: &str, y: &str| {
        x.is_empty()
            || y.is_empty()
            || given_names_match(x, y)
            || (x.len() == 1 && y.starts_with(x))
            || (y.len() == 1 && x.starts_with(y))
    };
    let straight = compatible(&a.given, &b.given);
    let swapped = compatible(&a.given, &b.family) && similar(&a.family, &b.given);
    !(straight || swapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> NameParts {
        NameParts::parse(text)
    }

    #[test]
    fn parses_both_orders() {
        assert_eq!(n("Doe, Jane A."), NameParts { family: "DOE".into(), given: "JANE".into() });
        assert_eq!(n("Jane A. Doe Jr."), NameParts { family: "DOE".into(), given: "JANE".into() });
        assert_eq!(n("O'Brien-Lee, Mary"), NameParts { family: "OBRIENLEE".into(), given: "MARY".into() });
        assert_eq!(n("García, José").family, "GARCÍA");
        assert_eq!(n("Cher"), NameParts { family: "CHER".into(), given: String::new() });
        assert_eq!(n(""), NameParts { family: String::new(), given: String::new() });
    }

    #[test]
    fn same_person() {
        assert!(probably_same_person(&n("Jon Smith"), &n("Smith, John")));
        assert!(probably_same_person(&n("Bob Jones"), &n("Robert Jones")));
        assert!(probably_same_person(&n("Smith, John"), &n("John, Smith")));
        assert!(!probably_same_person(&n("Jane Smith"), &n("John Smith")));
        assert!(!probably_same_person(&n("John Smith"), &n("John Baker")));
    }

    #[test]
    fn clearly_different_names() {
        assert!(clearly_different(&n("Smith, Jane"), &n("Smith, John")));
        assert!(!clearly_different(&n("Smith, Robert"), &n("Smith, Bob")));
        assert!(!clearly_different(&n("Smith, Jane"), &n("Baker, Jane")));
        assert!(!clearly_different(&n("Smith, J"), &n("Smith, Jane")));
        assert!(!clearly_different(&n("Smith, Jane"), &n("Jane, Smith")));
        assert!(!clearly_different(&n("Smith"), &n("Smith, Jane")));
    }
}
