//! ICD-10-CM 7th characters: the tabular list's `sevenChrDef` of a category or subcategory applies
//! to every code below it (`S52`: A initial encounter for closed fracture, B …), and a code shorter
//! than six characters is padded with the placeholder `X` to reach the 7th position (`T36.0X1A`).
//! The definitions (`icd10cm-seventh.txt.deflate`, made by `gen-tables`, a few KB) are embedded;
//! [`diagnose`] says precisely why a code that is not valid fails on its 7th character.

use super::icd10cm::dotted;
use super::tables::{CodeText, Table};
use jiff::civil::Date;
use std::fmt;
use std::sync::OnceLock;

/// The 7th characters defined in one category or subcategory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The code it is defined in, bare (`S52`, `E0832`).
    pub code: String,
    /// Each character with its meaning, sorted by character.
    pub chars: Vec<(char, String)>,
}

impl Definition {
    /// The meaning of character `c`, when the definition has it.
    pub fn meaning(&self, c: char) -> Option<&str> {
        self.chars.iter().find(|(d, _)| *d == c).map(|(_, m)| m.as_str())
    }
}

/// Every definition, sorted by code.
#[derive(Debug, Default)]
pub struct Definitions(Vec<Definition>);

impl Definitions {
    /// Reads the generated file: one definition a line, the bare code, then for each character a
    /// tab, the character and its meaning.
    pub fn parse(text: &str) -> Definitions {
        let mut defs: Vec<Definition> = text
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let code = fields.next()?.to_string();
                let chars = fields
                    .filter_map(|f| {
                        let c = f.chars().next()?;
                        Some((c, f.get(c.len_utf8()..)?.to_string()))
                    })
                    .collect::<Vec<_>>();
                (!code.is_empty() && !chars.is_empty()).then_some(Definition { code, chars })
            })
            .collect();
        defs.sort_by(|a, b| a.code.cmp(&b.code));
        Definitions(defs)
    }

    /// The definition in force for a bare code: the one of its longest prefix that has one.
    pub fn of(&self, bare: &str) -> Option<&Definition> {
        (3..=bare.len().min(6)).rev().filter_map(|n| bare.get(..n)).find_map(|prefix| {
            let i = self.0.binary_search_by(|d| d.code.as_str().cmp(prefix)).ok()?;
            self.0.get(i)
        })
    }

    /// How many definitions there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The bundled definitions (FY2026 tabular list), read on first use.
pub fn definitions() -> &'static Definitions {
    static DEFS: OnceLock<Definitions> = OnceLock::new();
    DEFS.get_or_init(|| {
        let bytes = include_bytes!("tables/icd10cm-seventh.txt.deflate");
        miniz_oxide::inflate::decompress_to_vec(bytes)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(|t| Definitions::parse(&t))
            .unwrap_or_default()
    })
}

/// Why a code that is not valid fails on its 7th character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeventhError {
    /// A six-character code that takes a 7th character: the characters valid on the date.
    Missing { options: Vec<(char, String)> },
    /// A 7th character the code does not take; the characters it does take.
    BadValue { found: char, options: Vec<(char, String)> },
    /// The placeholder X is needed to reach the 7th position: the codes meant (dotted).
    Placeholder { codes: Vec<String> },
    /// The placeholder X and a 7th character are both missing: the six-character bases (dotted)
    /// and the characters they take.
    PlaceholderAndMissing { bases: Vec<String>, options: Vec<(char, String)> },
}

/// Bases listed at most in a message.
const MAX_LISTED: usize = 5;

impl SeventhError {
    /// The message for `code` (canonical dotted form).
    pub fn message(&self, code: &str) -> String {
        match self {
            SeventhError::Missing { options } => {
                format!("{code} needs a 7th character: {}", options_text(options))
            }
            SeventhError::BadValue { found, options } => format!(
                "{code} has {found} as 7th character, which {} does not take: {}",
                code.get(..code.len().saturating_sub(1)).unwrap_or(code),
                options_text(options)
            ),
            SeventhError::Placeholder { codes } => {
                format!("{code} lacks the placeholder X before its 7th character: use {}", or_list(codes))
            }
            SeventhError::PlaceholderAndMissing { bases, options } => format!(
                "{code} needs the placeholder X and a 7th character: {} then {}",
                or_list(bases),
                options_text(options)
            ),
        }
    }
}

impl SeventhError {
    /// The 7th characters the code takes, when the error is about them (a missing or wrong 7th
    /// character; not a missing placeholder alone).
    pub fn options(&self) -> Option<&[(char, String)]> {
        match self {
            SeventhError::Missing { options }
            | SeventhError::BadValue { options, .. }
            | SeventhError::PlaceholderAndMissing { options, .. } => Some(options),
            SeventhError::Placeholder { .. } => None,
        }
    }
}

impl fmt::Display for SeventhError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message("the code"))
    }
}

/// `A initial encounter, D subsequent encounter, or S sequela`: every option.
pub(super) fn options_text(options: &[(char, String)]) -> String {
    joined(&options.iter().map(|(c, m)| format!("{c} {m}")).collect::<Vec<_>>(), usize::MAX)
}

/// The first few of `items`, and how many more.
pub(super) fn or_list(items: &[String]) -> String {
    joined(items, MAX_LISTED)
}

fn joined(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let more = items.len().saturating_sub(max);
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
            format!("{}, or {last}{tail}", rest.join(", "))
        }
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// True when `a` and `b` are equal once the placeholders X after the category are dropped from
/// both (`T360X1` and `T3601`).
fn same_without_placeholders(a: &str, b: &str) -> bool {
    fn kept(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().enumerate().filter(|&(i, c)| i < 3 || c != b'X').map(|(_, c)| c)
    }
    kept(a).eq(kept(b))
}

/// Why `bare` (uppercase, no dot), which is not a valid code of `table` on `date`, fails on its 7th
/// character; `None` when that is not the reason.
pub fn diagnose(table: &Table, bare: &str, date: Date) -> Option<SeventhError> {
    let def = definitions().of(bare)?;
    let category = bare.get(..3)?;
    // The seven-character codes of the category valid on the date (a category has thousands of
    // rows: kept inline, compared without allocating).
    let mut valid: Vec<CodeText> = table
        .rows_under(category)
        .iter()
        .filter(|r| table.span(r).covers(date))
        .map(|r| r.key.text())
        .filter(|c| c.as_str().len() == 7)
        .collect();
    valid.dedup();
    let options_of = |base: &str| -> Vec<(char, String)> {
        let mut out: Vec<(char, String)> = valid
            .iter()
            .map(CodeText::as_str)
            .filter(|v| v.get(..6) == Some(base))
            .filter_map(|v| v.chars().nth(6))
            .map(|c| (c, def.meaning(c).unwrap_or("").to_string()))
            .collect();
        out.dedup();
        out
    };
    if bare.len() == 6 {
        let options = options_of(bare);
        if !options.is_empty() {
            return Some(SeventhError::Missing { options });
        }
    }
    if bare.len() == 7 {
        let (base, found) = (bare.get(..6)?, bare.chars().nth(6)?);
        let options = options_of(base);
        if !options.is_empty() {
            return Some(SeventhError::BadValue { found, options });
        }
    }
    // The last character as the 7th, placeholders missing before it.
    let (body, last) = (bare.get(..bare.len() - 1)?, bare.chars().last()?);
    if bare.len() <= 7 && body.len() >= 3 {
        let codes: Vec<String> = valid
            .iter()
            .map(CodeText::as_str)
            .filter(|v| {
                v.ends_with(last)
                    && v.get(..6).is_some_and(|b| b != body && same_without_placeholders(b, body))
            })
            .map(dotted)
            .collect();
        if !codes.is_empty() {
            return Some(SeventhError::Placeholder { codes });
        }
    }
    // The whole text as the base, placeholders and the 7th character missing.
    if bare.len() < 6 {
        let mut bases: Vec<&str> = valid
            .iter()
            .filter_map(|v| v.as_str().get(..6))
            .filter(|b| same_without_placeholders(b, bare))
            .collect();
        bases.dedup();
        if let Some(first) = bases.first() {
            let options = options_of(first);
            let bases = bases.iter().map(|b| dotted(b)).collect();
            return Some(SeventhError::PlaceholderAndMissing { bases, options });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn why(code: &str) -> Option<String> {
        let bare = crate::codes::icd10cm::bare(code);
        diagnose(crate::codes::Tables::builtin().icd10cm(), &bare, date(2026, 3, 4)).map(|e| e.message(code))
    }

    #[test]
    fn definitions_apply_below_their_code() {
        let defs = definitions();
        assert!(defs.len() > 400, "{}", defs.len());
        let s52 = defs.of("S52501").unwrap();
        assert_eq!(s52.code, "S52");
        assert_eq!(s52.meaning('A'), Some("initial encounter for closed fracture"));
        assert_eq!(defs.of("E08321").unwrap().code, "E0832");
        assert_eq!(defs.of("E11"), None);
        assert_eq!(defs.of("E0"), None);
    }

    #[test]
    fn missing_seventh_character() {
        let msg = why("S52.501").unwrap();
        assert!(msg.starts_with("S52.501 needs a 7th character: A initial encounter for closed fracture, B initial encounter for open fracture type I or II"), "{msg}");
        assert!(why("T36.0X1").unwrap().starts_with("T36.0X1 needs a 7th character: A initial encounter"));
    }

    #[test]
    fn bad_seventh_character() {
        let msg = why("S52.501Z").unwrap();
        assert!(
            msg.starts_with("S52.501Z has Z as 7th character, which S52.501 does not take: A initial"),
            "{msg}"
        );
    }

    #[test]
    fn placeholder_needed() {
        assert_eq!(
            why("T36.01A").unwrap(),
            "T36.01A lacks the placeholder X before its 7th character: use T36.0X1A"
        );
        let msg = why("T36.01").unwrap();
        assert!(
            msg.starts_with("T36.01 needs the placeholder X and a 7th character: T36.0X1 then A initial"),
            "{msg}"
        );
        assert_eq!(
            why("S52.90A").unwrap(),
            "S52.90A lacks the placeholder X before its 7th character: use S52.90XA"
        );
        assert_eq!(
            why("T07A").unwrap(),
            "T07A lacks the placeholder X before its 7th character: use T07.XXXA"
        );
        assert!(why("T07")
            .unwrap()
            .starts_with("T07 needs the placeholder X and a 7th character: T07.XXX then A initial"));
    }

    #[test]
    fn other_reasons_are_not_seventh_character_errors() {
        assert_eq!(why("E11.99"), None);
        assert_eq!(why("E11"), None);
        assert_eq!(why("S99.999Q"), None);
    }
}
