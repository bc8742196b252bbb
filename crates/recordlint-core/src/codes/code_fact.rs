//! What the tables say about one ICD-10-CM or ICD-10-PCS code on one version of its table, in a
//! small value worked out once per distinct code (see [`super::fact_cache`]) so that rules test
//! it instead of looking the code up again. Messages are not part of it: a rule that reports a
//! finding words it then, from the tables.

use super::icd10cm::{bare_text, canonical_text};
use super::icd10pcs;
use super::mce::{sex_limit, AgeEdit, SexLimit};
use super::tables::{CodeText, Key, Row, Status, Table, Tables};
use crate::model::CodeSystem;
use jiff::civil::Date;

/// The state of a code on a date, without the details only a message needs (see
/// [`CodeFact::status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A code on the date.
    Valid,
    /// A category or subcategory with codes under it on the date.
    Header,
    /// A code of the table, but not on the date.
    OtherDates,
    /// Not a code of the table at any date.
    Unknown,
}

/// An MCE attribute the rules ask about, of the row in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Manifestation,
    ExternalCause,
    Unacceptable,
    QuestionableAdmission,
    Unspecified,
    NonCovered,
    LimitedCoverage,
}

impl Mark {
    const ALL: [Mark; 7] = [
        Mark::Manifestation,
        Mark::ExternalCause,
        Mark::Unacceptable,
        Mark::QuestionableAdmission,
        Mark::Unspecified,
        Mark::NonCovered,
        Mark::LimitedCoverage,
    ];

    /// The attribute's name in the tables.
    pub fn attribute(self) -> &'static str {
        match self {
            Mark::Manifestation => "manifestation",
            Mark::ExternalCause => "ecodepdx",
            Mark::Unacceptable => "unacceptable",
            Mark::QuestionableAdmission => "qadm",
            Mark::Unspecified => "unspecified",
            Mark::NonCovered => "noncovered",
            Mark::LimitedCoverage => "lcov",
        }
    }
}

/// The row bits of each [`Mark`] in one table, found once.
#[derive(Debug, Clone, Copy)]
pub struct Masks([u32; Mark::ALL.len()]);

impl Masks {
    pub fn of(table: &Table) -> Masks {
        Masks(Mark::ALL.map(|m| table.mask(m.attribute())))
    }

    fn marks(&self, row: &Row) -> u8 {
        self.0.iter().enumerate().filter(|(_, &mask)| row.has_any(mask)).fold(0, |bits, (i, _)| bits | 1 << i)
    }
}

/// The Excludes1 notes over a code: numbers of nodes of the Excludes1 table, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteNodes {
    ids: [u32; 8],
    len: u8,
}

impl NoteNodes {
    pub fn ids(&self) -> &[u32] {
        self.ids.get(..usize::from(self.len)).unwrap_or_default()
    }
}

/// What the tables say about one code on one version of its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeFact {
    /// The canonical form: dotted for ICD-10-CM (`E11.9`), as is for ICD-10-PCS.
    pub text: CodeText,
    /// The form of the tables (`E119`).
    pub bare: CodeText,
    pub key: Key,
    pub state: State,
    /// Where the code's rows are among the table's, and which is in force (`u32::MAX`: none).
    rows: (u32, u32),
    valid: u32,
    /// The [`Mark`]s of the row in force, by bit.
    marks: u8,
    /// The age edit of the row in force.
    pub age: Option<AgeEdit>,
    /// The sex the code is limited to (see [`sex_limit`]).
    pub sex: Option<SexLimit>,
    /// The Excludes1 notes over an ICD-10-CM code (none for ICD-10-PCS).
    pub excludes1: NoteNodes,
}

impl CodeFact {
    /// The facts of `text` as a code of `system` (ICD-10-CM or ICD-10-PCS) on `date`; `None`
    /// when it is not shaped like one (or is of another system).
    pub fn of(
        tables: &Tables,
        masks: &Masks,
        system: CodeSystem,
        text: &str,
        date: Date,
    ) -> Option<CodeFact> {
        let (table, text, bare) = match system {
            CodeSystem::Icd10cm => {
                let dotted = canonical_text(text).ok()?;
                (tables.icd10cm(), dotted, bare_text(&dotted))
            }
            CodeSystem::Icd10pcs => {
                let canonical = icd10pcs::canonical(text).ok()?;
                (tables.icd10pcs(), canonical, canonical)
            }
            _ => return None,
        };
        let key = Key::new(&bare)?;
        let range = table.row_range(key);
        let rows = table.rows_at(range.clone());
        let state = match table.status_of(&bare, rows, date) {
            Status::Valid(_) => State::Valid,
            Status::Header { .. } => State::Header,
            Status::OtherDates { .. } => State::OtherDates,
            Status::Unknown => State::Unknown,
        };
        let valid = rows.iter().position(|r| table.span(r).covers(date));
        let row = valid.and_then(|i| rows.get(i));
        let mut excludes1 = NoteNodes { ids: [0; 8], len: 0 };
        if system == CodeSystem::Icd10cm {
            for (slot, id) in excludes1.ids.iter_mut().zip(tables.excludes1().node_ids(key)) {
                *slot = id;
                excludes1.len += 1;
            }
        }
        let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        Some(CodeFact {
            text,
            bare,
            key,
            state,
            rows: (index(range.start), index(range.end)),
            valid: valid.map_or(u32::MAX, |i| index(range.start + i)),
            marks: row.map_or(0, |r| masks.marks(r)),
            age: row.and_then(|r| AgeEdit::of(table, r)),
            sex: row.and_then(|r| sex_limit(table, rows, r, date)),
            excludes1,
        })
    }

    /// Every row of the code in `table` (the table the fact was made from), oldest first.
    pub fn rows<'t>(&self, table: &'t Table) -> &'t [Row] {
        table.rows_at(self.rows.0 as usize..self.rows.1 as usize)
    }

    /// The row in force, when the code is valid.
    pub fn valid_row<'t>(&self, table: &'t Table) -> Option<&'t Row> {
        table.all_rows().get(self.valid as usize)
    }

    /// True when the row in force has `mark`.
    pub fn has(&self, mark: Mark) -> bool {
        let bit = Mark::ALL.iter().position(|&m| m == mark).unwrap_or(Mark::ALL.len());
        self.marks & 1u8.checked_shl(bit as u32).unwrap_or(0) != 0
    }

    /// The full state of the code on `date` (of the fact's version), with what messages need
    /// (the codes under a heading, the dates of a code of other dates).
    pub fn status<'t>(&self, table: &'t Table, date: Date) -> Status<'t> {
        table.status_of(&self.bare, self.rows(table), date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fact(system: CodeSystem, text: &str) -> Option<CodeFact> {
        let tables = Tables::builtin();
        let table = if system == CodeSystem::Icd10cm { tables.icd10cm() } else { tables.icd10pcs() };
        CodeFact::of(&tables, &Masks::of(table), system, text, date(2026, 3, 4))
    }

    #[test]
    fn facts_of_diagnoses() {
        let f = fact(CodeSystem::Icd10cm, " e11.9").unwrap();
        assert_eq!((f.text.as_str(), f.bare.as_str(), f.state), ("E11.9", "E119", State::Valid));
        assert!(f.valid_row(Tables::builtin().icd10cm()).is_some());
        assert!(!f.excludes1.ids().is_empty());
        assert_eq!(fact(CodeSystem::Icd10cm, "E11").unwrap().state, State::Header);
        assert_eq!(fact(CodeSystem::Icd10cm, "E11.99").unwrap().state, State::Unknown);
        assert!(fact(CodeSystem::Icd10cm, "E11-9").is_none());
        let o80 = fact(CodeSystem::Icd10cm, "O80").unwrap();
        assert_eq!(o80.age, Some(AgeEdit::Maternity));
        assert_eq!(o80.sex.map(|s| s.sex), Some(crate::codes::mce::Sex::Female));
        assert!(fact(CodeSystem::Icd10cm, "G01").unwrap().has(Mark::Manifestation));
        assert!(!fact(CodeSystem::Icd10cm, "E11.9").unwrap().has(Mark::Manifestation));
    }

    #[test]
    fn facts_of_procedures() {
        let f = fact(CodeSystem::Icd10pcs, "0dtj4zz").unwrap();
        assert_eq!((f.text.as_str(), f.state), ("0DTJ4ZZ", State::Valid));
        assert!(f.excludes1.ids().is_empty());
        assert!(fact(CodeSystem::Icd10pcs, "0DTJ4Z").is_none());
        assert_eq!(fact(CodeSystem::Icd10pcs, "0DTJ4ZY").unwrap().state, State::Unknown);
    }
}
