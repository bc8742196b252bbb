//! Medicare Code Editor attributes of a code on a date: sex and age limits, as the MCE tables
//! define them.

use super::tables::{Row, Table};
use jiff::civil::Date;
use std::fmt;

/// A patient sex an edit can conflict with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Reads the sex as records write it (`F`, `female`, HL7 `F`, FHIR `female`; `1`/`2` as on
    /// UB-04 claims). Other values (`U`, `O`, blank) give `None`: nothing to conflict with.
    pub fn parse(text: &str) -> Option<Sex> {
        let text = text.trim();
        let is = |word: &str| text.eq_ignore_ascii_case(word);
        if is("m") || is("male") || text == "1" {
            Some(Sex::Male)
        } else if is("f") || is("female") || text == "2" {
            Some(Sex::Female)
        } else {
            None
        }
    }

    /// The MCE attribute name (`male`).
    pub fn attribute(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.attribute())
    }
}

/// The sex a code is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SexLimit {
    pub sex: Sex,
    /// `None` when the MCE edit is in force on the date; otherwise the last day it was (CMS
    /// dropped the sex edits from 2024-10-01).
    pub edit_ended: Option<Date>,
}

impl SexLimit {
    /// True while the MCE edit is in force on the date (a conflict is an error then; after CMS
    /// dropped the edit, a warning).
    pub fn in_force(self) -> bool {
        self.edit_ended.is_none()
    }

    /// When a patient of `sex` conflicts with the limit of `code`: the message (see
    /// [`SexLimit::in_force`] for how serious it is).
    pub fn conflict(self, code: &str, sex: Sex) -> Option<String> {
        if self.sex == sex {
            return None;
        }
        let edit = match self.edit_ended {
            None => "MCE sex edit".to_string(),
            Some(end) => format!("MCE sex edit until {end}"),
        };
        Some(format!("{code} is for {} patients ({edit}); the patient is {sex}", self.sex))
    }
}

/// The last day of the MCE sex-conflict edits: CMS removed them from FY2025.
pub const SEX_EDITS_ENDED: Date = jiff::civil::date(2024, 9, 30);

/// The sex `row`'s code is limited to on `date`: from the row itself while the MCE carries the
/// edit, else, from FY2025, from the row of the same code that carried it until the edits ended
/// (a limit CMS removed from one code earlier is not revived).
pub fn sex_limit(table: &Table, rows: &[Row], row: &Row, date: Date) -> Option<SexLimit> {
    let of = |r: &Row| [Sex::Male, Sex::Female].into_iter().find(|s| table.has(r, s.attribute()));
    if let Some(sex) = of(row) {
        return Some(SexLimit { sex, edit_ended: None });
    }
    if date <= SEX_EDITS_ENDED {
        return None;
    }
    let last = rows.iter().rev().find(|r| table.span(r).to == SEX_EDITS_ENDED)?;
    of(last).map(|sex| SexLimit { sex, edit_ended: Some(SEX_EDITS_ENDED) })
}

/// The MCE age edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeEdit {
    Newborn,
    Pediatric,
    Maternity,
    Adult,
}

/// The age range of each edit by date: `(edit, min, max, from, to)` as YYYYMMDD, copied from
/// `tables/source/mce-age-ranges.csv.gz` (a test compares them).
pub const AGE_RANGES: [(AgeEdit, i32, i32, u32, u32); 5] = [
    (AgeEdit::Adult, 15, 124, 19840301, 20270331),
    (AgeEdit::Maternity, 12, 55, 19840301, 20190930),
    (AgeEdit::Maternity, 9, 64, 20191001, 20270331),
    (AgeEdit::Newborn, 0, 0, 19840301, 20270331),
    (AgeEdit::Pediatric, 0, 17, 19840301, 20270331),
];

impl AgeEdit {
    pub(crate) const ALL: [AgeEdit; 4] =
        [AgeEdit::Newborn, AgeEdit::Pediatric, AgeEdit::Maternity, AgeEdit::Adult];

    /// The MCE attribute name (`maternity`).
    pub fn attribute(self) -> &'static str {
        match self {
            AgeEdit::Newborn => "newborn",
            AgeEdit::Pediatric => "pediatric",
            AgeEdit::Maternity => "maternity",
            AgeEdit::Adult => "adult",
        }
    }

    /// The ages (in whole years, both ends included) the edit allows on `date`.
    pub fn ages(self, date: Date) -> Option<(i32, i32)> {
        let day = date_number(date);
        AGE_RANGES
            .iter()
            .find(|&&(edit, _, _, from, to)| edit == self && from <= day && day <= to)
            .map(|&(_, min, max, _, _)| (min, max))
    }

    /// The age edit of a row, if it has one.
    pub fn of(table: &Table, row: &Row) -> Option<AgeEdit> {
        AgeEdit::ALL.into_iter().find(|e| table.has(row, e.attribute()))
    }
}

/// 2026-10-01 → 20261001.
fn date_number(date: Date) -> u32 {
    let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    u32::try_from(y * 10_000 + m * 100 + d).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn maternity_ages_by_date() {
        assert_eq!(AgeEdit::Maternity.ages(date(2019, 9, 30)), Some((12, 55)));
        assert_eq!(AgeEdit::Maternity.ages(date(2026, 3, 1)), Some((9, 64)));
    }

    #[test]
    fn sex_limits_by_date() {
        let tables = crate::codes::Tables::builtin();
        let t = tables.icd10cm();
        let rows = t.rows("O80");
        let at = |d: Date| rows.iter().find(|r| t.span(r).covers(d)).unwrap();
        let before = date(2024, 9, 30);
        assert_eq!(
            sex_limit(t, rows, at(before), before),
            Some(SexLimit { sex: Sex::Female, edit_ended: None })
        );
        let after = date(2025, 1, 1);
        assert_eq!(
            sex_limit(t, rows, at(after), after),
            Some(SexLimit { sex: Sex::Female, edit_ended: Some(before) })
        );
        let i10 = t.rows("I10");
        assert_eq!(sex_limit(t, i10, &i10[0], after), None);
    }

    #[test]
    fn sexes() {
        assert_eq!(Sex::parse(" Female"), Some(Sex::Female));
        assert_eq!(Sex::parse("M"), Some(Sex::Male));
        assert_eq!(Sex::parse("U"), None);
    }
}
