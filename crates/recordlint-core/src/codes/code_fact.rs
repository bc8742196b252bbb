//! What the tables say about one ICD-10-CM or ICD-10-PCS code on one version of its table, in a
//! small value worked out once per distinct code (see [`super::fact_cache`]) so that rules test
//! it instead of looking the code up again. Messages are not part of it: a rule that reports a
//! finding words it then, from the tables.

use super::icd10cm::{bare_text, canonical_text, is_well_formed};
use super::icd10pcs;
use super::mce::{AgeEdit, Sex, SexLimit, SEX_EDITS_ENDED};
use super::system::well_formed;
use super::tables::cover::{Cover, Place};
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

/// What a code's text, as written, gives the format rules to report, by bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextFlags(u8);

impl TextFlags {
    /// Shaped like no code of its system and no fixable slip of one (`malformed-icd10cm-code`,
    /// `malformed-icd10pcs-code`).
    pub const MALFORMED: TextFlags = TextFlags(1);
    /// A fixable slip of a well-formed code (`non-canonical-code`).
    pub const RESPELL: TextFlags = TextFlags(2);

    /// The flags of `text` (trimmed) as a code of `system` (ICD-10-CM or ICD-10-PCS).
    pub fn of(system: CodeSystem, text: &str) -> TextFlags {
        TextFlags::of_parsed(system, text, false)
    }

    /// [`TextFlags::of`], told whether `text` has a canonical form already (then it is not
    /// malformed, and is not parsed again).
    pub fn of_parsed(system: CodeSystem, text: &str, canonical: bool) -> TextFlags {
        let respell = super::system::respelled(text).is_some_and(|(fixed, _)| well_formed(system, &fixed));
        let malformed = match system {
            _ if canonical => false,
            CodeSystem::Icd10cm => {
                !(is_well_formed(text) || respell) && super::icd10cm::canonical_text(text).is_err()
            }
            CodeSystem::Icd10pcs => icd10pcs::canonical(text).is_err(),
            _ => false,
        };
        let bit = |on: bool, flag: TextFlags| if on { flag.0 } else { 0 };
        TextFlags(bit(malformed, TextFlags::MALFORMED) | bit(respell, TextFlags::RESPELL))
    }

    /// The flags as bits (two of them).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// True when any flag of `flags` is set.
    pub fn has(self, flags: TextFlags) -> bool {
        self.0 & flags.0 != 0
    }

    /// These flags and `other`'s.
    pub fn join(self, other: TextFlags) -> TextFlags {
        TextFlags(self.0 | other.0)
    }
}

/// The row bits of the attributes a fact needs, in one table, found once.
#[derive(Debug, Clone, Copy)]
pub struct Masks {
    marks: [u32; Mark::ALL.len()],
    ages: [u32; AgeEdit::ALL.len()],
    /// Male, then female.
    sexes: [u32; 2],
}

impl Masks {
    pub fn of(table: &Table) -> Masks {
        Masks {
            marks: Mark::ALL.map(|m| table.mask(m.attribute())),
            ages: AgeEdit::ALL.map(|e| table.mask(e.attribute())),
            sexes: [Sex::Male, Sex::Female].map(|s| table.mask(s.attribute())),
        }
    }

    fn marks(&self, row: &Row) -> u8 {
        self.marks
            .iter()
            .enumerate()
            .filter(|(_, &mask)| row.has_any(mask))
            .fold(0, |bits, (i, _)| bits | 1 << i)
    }

    /// The age edit of `row`, as [`AgeEdit::of`] finds it.
    fn age(&self, row: &Row) -> Option<AgeEdit> {
        AgeEdit::ALL.into_iter().zip(self.ages).find(|&(_, mask)| row.has_any(mask)).map(|(e, _)| e)
    }

    /// The sex `row` is limited to.
    fn sex(&self, row: &Row) -> Option<Sex> {
        [Sex::Male, Sex::Female]
            .into_iter()
            .zip(self.sexes)
            .find(|&(_, mask)| row.has_any(mask))
            .map(|(s, _)| s)
    }

    /// The sex limit of a code valid on `date` with `row` in force among its `rows`, as
    /// [`super::mce::sex_limit`] finds it.
    fn sex_limit(&self, table: &Table, rows: &[Row], row: &Row, date: Date) -> Option<SexLimit> {
        if let Some(sex) = self.sex(row) {
            return Some(SexLimit { sex, edit_ended: None });
        }
        if date <= SEX_EDITS_ENDED {
            return None;
        }
        let last = rows.iter().rev().find(|r| table.span(r).to == SEX_EDITS_ENDED)?;
        self.sex(last).map(|sex| SexLimit { sex, edit_ended: Some(SEX_EDITS_ENDED) })
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
    /// The [`Mark`]s of the row in force, by bit.
    marks: u8,
    /// The age edit of the row in force.
    pub age: Option<AgeEdit>,
    /// The sex the code is limited to (see [`super::mce::sex_limit`]).
    pub sex: Option<SexLimit>,
    /// Where the code's rows are among the table's.
    rows: (u32, u32),
    /// The row in force, when the code is valid.
    row: Option<Row>,
    /// What the Excludes1 notes over an ICD-10-CM code may cover (nothing for ICD-10-PCS): the
    /// other code of a pair is searched for in the notes only when this may cover it.
    pub excludes1: Cover,
    /// The state, marks, and whether there is an age edit, a sex limit or an Excludes1 note,
    /// as bits (see [`CodeFact::bits`]).
    bits: u32,
    /// The code's place, to test it against another code's [`CodeFact::excludes1`].
    pub place: Place,
}

/// Bits of [`CodeFact::bits`] past the state (bits 0–3, see [`CodeFact::state_bit`]) and the
/// marks (bits 4–10, see [`CodeFact::mark_bit`]).
pub const AGE_BIT: u32 = 1 << 11;
pub const SEX_BIT: u32 = 1 << 12;
pub const EXCLUDES1_BIT: u32 = 1 << 13;

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
        let key = Key::from_bytes(bare.as_bytes())?;
        let range = table.row_range(key);
        let rows = table.rows_at(range.clone());
        let row = rows.iter().find(|r| table.span(r).covers(date));
        let state = match row {
            Some(_) => State::Valid,
            None if table.has_rows_under(&bare, date) => State::Header,
            None if rows.is_empty() => State::Unknown,
            None => State::OtherDates,
        };
        let mut excludes1 = Cover::default();
        if system == CodeSystem::Icd10cm {
            let notes = tables.excludes1();
            notes.node_ids(key).for_each(|id| excludes1.join(notes.cover(id)));
        }
        let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let mut fact = CodeFact {
            text,
            bare,
            key,
            state,
            marks: row.map_or(0, |r| masks.marks(r)),
            age: row.and_then(|r| masks.age(r)),
            sex: row.and_then(|r| masks.sex_limit(table, rows, r, date)),
            rows: (index(range.start), index(range.end)),
            row: row.copied(),
            excludes1,
            bits: 0,
            place: Place::of(key),
        };
        let flag = |on: bool, bit: u32| if on { bit } else { 0 };
        fact.bits = CodeFact::state_bit(state)
            | u32::from(fact.marks) << 4
            | flag(fact.age.is_some(), AGE_BIT)
            | flag(fact.sex.is_some(), SEX_BIT)
            | flag(!excludes1.is_empty(), EXCLUDES1_BIT);
        Some(fact)
    }

    /// The bit of `state` among [`CodeFact::bits`].
    pub fn state_bit(state: State) -> u32 {
        1 << state as u32
    }

    /// What rules test first, as bits: the state ([`CodeFact::state_bit`]), the marks
    /// ([`CodeFact::mark_bit`], from bit 4), [`AGE_BIT`], [`SEX_BIT`], [`EXCLUDES1_BIT`].
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Every row of the code in `table` (the table the fact was made from), oldest first.
    pub fn rows<'t>(&self, table: &'t Table) -> &'t [Row] {
        table.rows_at(self.rows.0 as usize..self.rows.1 as usize)
    }

    /// The row in force, when the code is valid.
    pub fn valid_row(&self) -> Option<&Row> {
        self.row.as_ref()
    }

    /// True when the code is valid on the date of the fact.
    pub fn is_valid(&self) -> bool {
        self.state == State::Valid
    }

    /// The bit of `mark` among the marks of the row in force (bits 4–10 of [`CodeFact::bits`]
    /// are these, shifted).
    pub fn mark_bit(mark: Mark) -> u8 {
        let bit = Mark::ALL.iter().position(|&m| m == mark).unwrap_or(Mark::ALL.len());
        1u8.checked_shl(bit as u32).unwrap_or(0)
    }

    /// True when the row in force has `mark`.
    pub fn has(&self, mark: Mark) -> bool {
        self.marks & CodeFact::mark_bit(mark) != 0
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
        assert!(f.is_valid());
        assert!(!f.excludes1.is_empty());
        assert_eq!(fact(CodeSystem::Icd10cm, "E11").unwrap().state, State::Header);
        assert_eq!(fact(CodeSystem::Icd10cm, "E11.99").unwrap().state, State::Unknown);
        assert!(fact(CodeSystem::Icd10cm, "E11-9").is_none());
        let o80 = fact(CodeSystem::Icd10cm, "O80").unwrap();
        assert_eq!(o80.age, Some(AgeEdit::Maternity));
        assert_eq!(o80.sex.map(|s| s.sex), Some(crate::codes::mce::Sex::Female));
        assert!(fact(CodeSystem::Icd10cm, "G01").unwrap().has(Mark::Manifestation));
        assert!(!fact(CodeSystem::Icd10cm, "E11.9").unwrap().has(Mark::Manifestation));
    }

    /// The flags of a text with a fact, told so, are the flags of the text worked out alone.
    #[test]
    fn flags_told_of_a_fact_are_the_flags_alone() {
        let texts =
            ["E11.9", "e11.9", "E119", "E11.9.", "Z79,899", "E11-9", "0DTJ4ZZ", "0dtj4zz", "0DTJ4Z", "X", ""];
        for system in [CodeSystem::Icd10cm, CodeSystem::Icd10pcs] {
            for text in texts {
                let parsed = fact(system, text).is_some();
                assert_eq!(TextFlags::of_parsed(system, text, parsed), TextFlags::of(system, text), "{text}");
            }
        }
    }

    #[test]
    fn facts_of_procedures() {
        let f = fact(CodeSystem::Icd10pcs, "0dtj4zz").unwrap();
        assert_eq!((f.text.as_str(), f.state), ("0DTJ4ZZ", State::Valid));
        assert!(f.excludes1.is_empty());
        assert!(fact(CodeSystem::Icd10pcs, "0DTJ4Z").is_none());
        assert_eq!(fact(CodeSystem::Icd10pcs, "0DTJ4ZY").unwrap().state, State::Unknown);
    }
}
