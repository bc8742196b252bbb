//! What the code tables say about one record's ICD-10-CM diagnoses and ICD-10-PCS procedures on
//! its date of service, worked out once for all the rules that ask.
//!
//! The checker makes one [`RecordFacts`] per record, with the check's [`Tables`], and hands it to
//! each record rule with the record; a fact is computed the first time a rule asks for it and
//! dropped with the record, so nothing about a record outlives its check.

use super::icd10cm::{bare_text, canonical_text};
use super::icd10pcs;
use super::service_date::ServiceDate;
use super::tables::{CodeText, Key, Row, Status, Tables};
use crate::model::{Code, CodeSystem, Record};
use std::cell::OnceCell;

/// The code facts of one record, computed on first use from the check's tables.
pub struct RecordFacts<'r> {
    record: &'r Record,
    tables: &'r Tables,
    diagnoses: OnceCell<RecordDiagnoses<'r>>,
    procedures: OnceCell<Vec<ValidProcedure<'r>>>,
}

impl<'r> RecordFacts<'r> {
    /// The facts of `record` by `tables`, none computed yet.
    pub fn new(record: &'r Record, tables: &'r Tables) -> RecordFacts<'r> {
        RecordFacts { record, tables, diagnoses: OnceCell::new(), procedures: OnceCell::new() }
    }

    /// The record the facts are about.
    pub fn record(&self) -> &'r Record {
        self.record
    }

    /// The code tables of the check.
    pub fn tables(&self) -> &'r Tables {
        self.tables
    }

    /// The record's ICD-10-CM diagnoses, parsed and looked up on its date of service.
    pub fn diagnoses(&self) -> &RecordDiagnoses<'r> {
        self.diagnoses.get_or_init(|| RecordDiagnoses::of(self.record, self.tables))
    }

    /// The record's procedures that are valid ICD-10-PCS codes on its date of service.
    pub fn valid_procedures(&self) -> &[ValidProcedure<'r>] {
        self.procedures.get_or_init(|| find_valid(self.record, self.tables).collect())
    }

    /// The principal diagnosis (canonical form and code) when it is valid on the date of service
    /// and has the MCE `attribute`, for the rules about what may not be principal.
    pub fn principal_with(&self, attribute: &str) -> Option<(String, &'r Code)> {
        let p = self.diagnoses().list.iter().find(|d| d.principal)?;
        let row = p.valid_row()?;
        if !self.tables.icd10cm().has(row, attribute) {
            return None;
        }
        Some((p.dotted.to_string(), p.code(self.record)?))
    }
}

/// What is known about one well-formed ICD-10-CM diagnosis of a record.
#[derive(Debug)]
pub struct DiagnosisFacts<'t> {
    /// Position among the record's diagnoses (principal first).
    pub index: usize,
    /// True for the principal diagnosis.
    pub principal: bool,
    /// Canonical dotted form (`E11.9`).
    pub dotted: CodeText,
    /// The form of the tables (`E119`).
    pub bare: CodeText,
    /// The code packed for the tables.
    pub key: Key,
    /// The state of the code on the date of service.
    pub status: Status<'t>,
    /// Every MCE row of the code, oldest first.
    pub rows: &'t [Row],
}

impl<'t> DiagnosisFacts<'t> {
    /// The code as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> Option<&'r Code> {
        record.diagnoses().nth(self.index)
    }

    /// Why the code, not valid on `date`, fails on its 7th character (missing, a value its
    /// category does not define, or placeholder X missing), by `tables`, as a message.
    pub fn seventh_character_error(&self, tables: &Tables, date: jiff::civil::Date) -> Option<String> {
        if !matches!(self.status, Status::Unknown | Status::Header { .. }) {
            return None;
        }
        super::seventh::diagnose(tables.icd10cm(), &self.bare, date).map(|e| e.message(&self.dotted))
    }

    /// The MCE row in force on the date of service, when the code is valid then.
    pub fn valid_row(&self) -> Option<&'t Row> {
        match self.status {
            Status::Valid(row) => Some(row),
            _ => None,
        }
    }
}

/// The ICD-10-CM diagnoses of a record (malformed ones, K301's, left out) on its date of service.
#[derive(Debug)]
pub struct RecordDiagnoses<'t> {
    pub date: ServiceDate,
    pub list: Vec<DiagnosisFacts<'t>>,
}

impl<'t> RecordDiagnoses<'t> {
    fn of(record: &Record, tables: &'t Tables) -> RecordDiagnoses<'t> {
        let table = tables.icd10cm();
        let date = ServiceDate::of(record, table);
        let principal = record.principal_diagnosis.as_ref();
        let list = record
            .diagnoses()
            .enumerate()
            .filter(|(_, c)| c.system == CodeSystem::Icd10cm && !c.field.is_blank())
            .filter_map(|(index, code)| {
                let dotted = canonical_text(code.field.value()).ok()?;
                let bare = bare_text(&dotted);
                let key = Key::new(&bare)?;
                let rows = table.rows_of(key);
                let status = table.status_of(&bare, rows, date.date);
                let principal = principal.is_some_and(|p| std::ptr::eq(p, code));
                Some(DiagnosisFacts { index, principal, dotted, bare, key, status, rows })
            })
            .collect();
        RecordDiagnoses { date, list }
    }
}

/// A procedure valid on the record's date of service, with its MCE rows.
pub struct ValidProcedure<'t> {
    /// Position among the record's procedures.
    pub index: usize,
    /// Canonical form (`0DTJ4ZZ`).
    pub canonical: CodeText,
    /// Every row of the code, oldest first.
    pub rows: &'t [Row],
    /// The row in force on the date.
    pub row: &'t Row,
    pub date: ServiceDate,
}

impl ValidProcedure<'_> {
    /// The procedure as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> &'r Code {
        &record.procedures[self.index]
    }
}

fn find_valid<'r>(record: &'r Record, tables: &'r Tables) -> impl Iterator<Item = ValidProcedure<'r>> + 'r {
    let table = tables.icd10pcs();
    let date = ServiceDate::of(record, table);
    let pcs = |(_, c): &(usize, &Code)| c.system == CodeSystem::Icd10pcs && !c.field.is_blank();
    record.procedures.iter().enumerate().filter(pcs).filter_map(move |(index, code)| {
        let canonical = icd10pcs::canonical(code.field.value()).ok()?;
        let rows = table.rows(&canonical);
        let row = rows.iter().find(|r| table.span(r).covers(date.date))?;
        Some(ValidProcedure { index, canonical, rows, row, date })
    })
}
