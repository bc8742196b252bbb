//! What the code tables say about one record's ICD-10-CM diagnoses and ICD-10-PCS procedures on
//! its date of service, worked out once for all the rules that ask.
//!
//! The checker makes one [`RecordFacts`] per record and hands it to each record rule with the
//! record; a fact is computed the first time a rule asks for it and dropped with the record, so
//! nothing about a record outlives its check.

use super::icd10cm::{bare_text, canonical_text};
use super::icd10pcs;
use super::service_date::ServiceDate;
use super::tables::{CodeText, Key, Row, Status, ICD10CM, ICD10PCS};
use crate::model::{Code, CodeSystem, Record};
use std::cell::OnceCell;

/// The code facts of one record, computed on first use.
pub struct RecordFacts<'r> {
    record: &'r Record,
    diagnoses: OnceCell<RecordDiagnoses>,
    procedures: OnceCell<Vec<ValidProcedure>>,
}

impl<'r> RecordFacts<'r> {
    /// The facts of `record`, none computed yet.
    pub fn new(record: &'r Record) -> RecordFacts<'r> {
        RecordFacts { record, diagnoses: OnceCell::new(), procedures: OnceCell::new() }
    }

    /// The record the facts are about.
    pub fn record(&self) -> &'r Record {
        self.record
    }

    /// The record's ICD-10-CM diagnoses, parsed and looked up on its date of service.
    pub fn diagnoses(&self) -> &RecordDiagnoses {
        self.diagnoses.get_or_init(|| RecordDiagnoses::of(self.record))
    }

    /// The record's procedures that are valid ICD-10-PCS codes on its date of service.
    pub fn valid_procedures(&self) -> &[ValidProcedure] {
        self.procedures.get_or_init(|| find_valid(self.record).collect())
    }

    /// The principal diagnosis (canonical form and code) when it is valid on the date of service
    /// and has the MCE `attribute`, for the rules about what may not be principal.
    pub fn principal_with(&self, attribute: &str) -> Option<(String, &'r Code)> {
        let p = self.diagnoses().list.iter().find(|d| d.principal)?;
        let row = p.valid_row()?;
        if !ICD10CM.get().has(row, attribute) {
            return None;
        }
        Some((p.dotted.to_string(), p.code(self.record)?))
    }
}

/// What is known about one well-formed ICD-10-CM diagnosis of a record.
#[derive(Debug)]
pub struct DiagnosisFacts {
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
    pub status: Status<'static>,
    /// Every MCE row of the code, oldest first.
    pub rows: &'static [Row],
}

impl DiagnosisFacts {
    /// The code as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> Option<&'r Code> {
        record.diagnoses().nth(self.index)
    }

    /// Why the code, not valid on `date`, fails on its 7th character (missing, a value its
    /// category does not define, or placeholder X missing), as a message.
    pub fn seventh_character_error(&self, date: jiff::civil::Date) -> Option<String> {
        if !matches!(self.status, Status::Unknown | Status::Header { .. }) {
            return None;
        }
        super::seventh::diagnose(ICD10CM.get(), &self.bare, date).map(|e| e.message(&self.dotted))
    }

    /// The MCE row in force on the date of service, when the code is valid then.
    pub fn valid_row(&self) -> Option<&'static Row> {
        match self.status {
            Status::Valid(row) => Some(row),
            _ => None,
        }
    }
}

/// The ICD-10-CM diagnoses of a record (malformed ones, K301's, left out) on its date of service.
#[derive(Debug)]
pub struct RecordDiagnoses {
    pub date: ServiceDate,
    pub list: Vec<DiagnosisFacts>,
}

impl RecordDiagnoses {
    fn of(record: &Record) -> RecordDiagnoses {
        let table = ICD10CM.get();
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
pub struct ValidProcedure {
    /// Position among the record's procedures.
    pub index: usize,
    /// Canonical form (`0DTJ4ZZ`).
    pub canonical: CodeText,
    /// Every row of the code, oldest first.
    pub rows: &'static [Row],
    /// The row in force on the date.
    pub row: &'static Row,
    pub date: ServiceDate,
}

impl ValidProcedure {
    /// The procedure as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> &'r Code {
        &record.procedures[self.index]
    }
}

fn find_valid(record: &Record) -> impl Iterator<Item = ValidProcedure> + '_ {
    let table = ICD10PCS.get();
    let date = ServiceDate::of(record, table);
    let pcs = |(_, c): &(usize, &Code)| c.system == CodeSystem::Icd10pcs && !c.field.is_blank();
    record.procedures.iter().enumerate().filter(pcs).filter_map(move |(index, code)| {
        let canonical = icd10pcs::canonical(code.field.value()).ok()?;
        let rows = table.rows(&canonical);
        let row = rows.iter().find(|r| table.span(r).covers(date.date))?;
        Some(ValidProcedure { index, canonical, rows, row, date })
    })
}
