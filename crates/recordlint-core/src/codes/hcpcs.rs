//! HCPCS Level II code format: a letter from `A` to `V` and four digits (`G0438`, `J1100`).
//! Lowercase is accepted; the canonical form is uppercase.
//!
//! Validity by date comes from the bundled IOCE file (codes of 2026-04-01, see
//! `tables/PROVENANCE.md`): a code is valid from its approval date when the file gives one (52
//! codes), else since before the data begins, and until its termination date when the file gives
//! one. The file has no codes deleted before 2026-04-01, and no knowledge of any date before the
//! first IOCE version it covers ([`DATA_BEGINS`]).

use super::tables::{Status, Table};
use crate::model::{Code, CodeSystem, Record};
use jiff::civil::Date;
use std::fmt;

/// The first day of the first IOCE version of the bundled data (`ioce-version-ranges.csv.gz`).
/// Before it, a code missing from the file is not called unknown: the data says nothing then.
pub const DATA_BEGINS: Date = jiff::civil::date(2019, 7, 1);

/// Why the well-formed HCPCS code `code` (canonical) is not valid in `table` on `date` (shown as
/// `on`): before its approval date, after its termination date, or not in the file; `None` when
/// it is valid, or when it is not in the file and `date` is before [`DATA_BEGINS`].
pub fn invalid_because(table: &Table, code: &str, date: Date, on: &dyn fmt::Display) -> Option<String> {
    let status = table.status(code, date);
    match &status {
        Status::Valid(_) | Status::Header { .. } => None,
        Status::Unknown if date < DATA_BEGINS => None,
        Status::Unknown => Some(not_in_file(table, code, date, on)),
        Status::OtherDates { spans, horizon } => match (spans.first(), spans.last()) {
            (Some(first), _) if date < first.from && first.from > OPEN_START => {
                Some(format!("{code} was approved on {} (IOCE approval date), not valid on {on}", first.from))
            }
            (_, Some(last)) if date > last.to && last.to < *horizon => Some(format!(
                "{code} was terminated on {} (IOCE termination date), not valid on {on}",
                last.to
            )),
            _ => status.invalid_because(code, "HCPCS Level II", on),
        },
    }
}

/// The start the generator gives a code in use before the data begins.
const OPEN_START: Date = jiff::civil::date(1900, 1, 1);

/// Why `code` is not in `table` on `date` (shown as `on`), in plain words: the file holds the
/// codes of its release only, and says nothing of dates before [`DATA_BEGINS`].
pub fn not_in_file(table: &Table, code: &str, date: Date, on: &dyn fmt::Display) -> String {
    let release = table.newest_release().map(|d| d.to_string()).unwrap_or_else(|| "its release".into());
    if date < DATA_BEGINS {
        format!(
            "{code} is not in the bundled HCPCS Level II file (codes of {release}), whose data begins \
             {DATA_BEGINS}: whether it was a code on {on} is not known"
        )
    } else {
        format!(
            "{code} is not an HCPCS Level II code of the {release} file (checked on {on}); a code \
             deleted before {release} is missing from it too"
        )
    }
}

/// Why a text is not shaped like a HCPCS Level II code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not five characters.
    Length(usize),
    /// The first character is not a letter from A to V.
    FirstCharacter(char),
    /// One of the last four is not a digit.
    NotDigit(char),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Length(n) => write!(f, "has {n} characters; HCPCS Level II codes have 5"),
            FormatError::FirstCharacter(c) => {
                write!(f, "begins with {c:?}; HCPCS Level II codes begin with A–V")
            }
            FormatError::NotDigit(c) => {
                write!(f, "has {c:?} where a digit belongs (a letter and four digits)")
            }
        }
    }
}

/// Checks the format of a HCPCS Level II code and returns its canonical (uppercase) form, without
/// a two-character modifier written after a hyphen (`G0438-25`, `J3301-JZ`), as CPT codes may
/// carry one.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    let upper = text.trim().to_ascii_uppercase();
    let upper = match upper.split_once('-') {
        Some((code, modifier))
            if modifier.len() == 2 && modifier.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            code.to_string()
        }
        _ => upper,
    };
    let mut chars = upper.chars();
    let n = upper.chars().count();
    if n != 5 {
        return Err(FormatError::Length(n));
    }
    match chars.next() {
        Some('A'..='V') => {}
        Some(c) => return Err(FormatError::FirstCharacter(c)),
        None => return Err(FormatError::Length(0)),
    }
    if let Some(c) = chars.find(|c| !c.is_ascii_digit()) {
        return Err(FormatError::NotDigit(c));
    }
    Ok(upper)
}

/// The HCPCS Level II procedures of `record` with their text parsed: `(code, canonical form)`.
pub fn procedures(record: &Record) -> impl Iterator<Item = (&Code, Result<String, FormatError>)> {
    record
        .procedures
        .iter()
        .filter(|c| c.system == CodeSystem::Hcpcs && !c.field.is_blank())
        .map(|c| (c, canonical(c.field.value())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn validity_by_approval_and_termination() {
        let tables = crate::codes::Tables::builtin();
        let t = tables.hcpcs();
        assert_eq!(t.newest_release(), Some(date(2026, 4, 1)));
        let why = |code: &str, d: Date| invalid_because(t, code, d, &d);
        // G0438's IOCE row starts 2023-07-01; the code is older, with no approval date.
        assert_eq!(why("G0438", date(2015, 6, 1)), None);
        assert_eq!(why("C9818", date(2026, 1, 23)), None);
        assert_eq!(
            why("C9818", date(2026, 1, 22)).unwrap(),
            "C9818 was approved on 2026-01-23 (IOCE approval date), not valid on 2026-01-22"
        );
        assert_eq!(why("G2000", date(2026, 12, 31)), None);
        assert_eq!(
            why("G2000", date(2027, 1, 1)).unwrap(),
            "G2000 was terminated on 2026-12-31 (IOCE termination date), not valid on 2027-01-01"
        );
        assert_eq!(why("J0001", date(2019, 6, 30)), None);
        assert!(why("J0001", date(2019, 7, 1)).unwrap().starts_with("J0001 is not an HCPCS Level II code"));
    }

    #[test]
    fn formats() {
        assert_eq!(canonical("g0438").unwrap(), "G0438");
        assert_eq!(canonical("G043"), Err(FormatError::Length(4)));
        assert_eq!(canonical("G0438-25").unwrap(), "G0438");
        assert_eq!(canonical("j3301-jz").unwrap(), "J3301");
        assert_eq!(canonical("G0438-2"), Err(FormatError::Length(7)));
        assert_eq!(canonical("W0438"), Err(FormatError::FirstCharacter('W')));
        assert_eq!(canonical("G04O8"), Err(FormatError::NotDigit('O')));
    }
}
