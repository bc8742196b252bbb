//! What the code tables say about one record's ICD-10-CM diagnoses and ICD-10-PCS procedures on
//! its date of service, worked out once for all the rules that ask.
//!
//! The checker makes one [`RecordFacts`] per record, with the check's [`Tables`] and its
//! [`FactCache`], and hands it to each record rule with the record; a fact is computed the first
//! time a rule asks for it (each distinct code once per check, see [`super::fact_cache`]) and
//! the record's list is dropped with the record.

use super::code_fact::{CodeFact, Mark, State};
use super::fact_cache::FactCache;
use super::service_date::ServiceDate;
use super::tables::{CodeText, Key, Row, Status, Table, Tables};
use crate::model::{Code, CodeSystem, Field, FieldKind, Record};
use std::cell::{OnceCell, RefCell};

/// The code facts of one record, computed on first use from the check's tables.
pub struct RecordFacts<'r> {
    record: &'r Record,
    tables: &'r Tables,
    cache: &'r RefCell<FactCache>,
    diagnoses: OnceCell<RecordDiagnoses<'r>>,
    procedures: OnceCell<RecordProcedures<'r>>,
    /// The record's non-blank codes in the order of [`Record::codes_of`], with their systems.
    codes: OnceCell<Vec<(CodeSystem, &'r Field)>>,
}

impl<'r> RecordFacts<'r> {
    /// The facts of `record` by `tables`, none computed yet; codes already met in the check are
    /// taken from `cache` (which must be the check's, for the same tables).
    pub fn new(record: &'r Record, tables: &'r Tables, cache: &'r RefCell<FactCache>) -> RecordFacts<'r> {
        RecordFacts {
            record,
            tables,
            cache,
            diagnoses: OnceCell::new(),
            procedures: OnceCell::new(),
            codes: OnceCell::new(),
        }
    }

    /// The record the facts are about.
    pub fn record(&self) -> &'r Record {
        self.record
    }

    /// The code tables of the check.
    pub fn tables(&self) -> &'r Tables {
        self.tables
    }

    /// The record's codes of `system`, as [`Record::codes_of`] gives them, from one list of the
    /// record's codes made for every rule that asks.
    pub fn codes_of(&self, system: CodeSystem) -> impl Iterator<Item = &'r Field> + '_ {
        let codes = self.codes.get_or_init(|| {
            let r = self.record;
            let n =
                2 + r.secondary_diagnoses.len() + r.procedures.len() + r.codes.len() + r.observations.len();
            let mut list = Vec::with_capacity(n);
            let mut add = |system, field: &'r Field| {
                if !field.is_blank() {
                    list.push((system, field));
                }
            };
            for c in r.principal_diagnosis.iter().chain(&r.secondary_diagnoses) {
                add(c.system, &c.field);
            }
            for c in r.procedures.iter().chain(&r.codes) {
                add(c.system, &c.field);
            }
            for c in r.observations.iter().filter_map(|o| o.code.as_ref()) {
                add(c.system, &c.field);
            }
            if let Some(f) =
                r.encounter.attending_npi.as_ref().filter(|_| !r.shared.contains(FieldKind::AttendingNpi))
            {
                add(CodeSystem::Npi, f);
            }
            list
        });
        codes.iter().filter(move |(s, _)| *s == system).map(|&(_, f)| f)
    }

    /// The record's ICD-10-CM diagnoses, parsed and looked up on its date of service.
    pub fn diagnoses(&self) -> &RecordDiagnoses<'r> {
        self.diagnoses.get_or_init(|| {
            let table = self.tables.icd10cm();
            let principal = self.record.principal_diagnosis.as_ref();
            let (date, list) =
                self.facts_of(CodeSystem::Icd10cm, table, self.record.diagnoses(), |index, code, fact| {
                    DiagnosisFacts {
                        index,
                        principal: principal.is_some_and(|p| std::ptr::eq(p, code)),
                        dotted: fact.text,
                        bare: fact.bare,
                        key: fact.key,
                        rows: fact.rows(table),
                        row: fact.valid_row(table),
                        fact,
                    }
                });
            RecordDiagnoses { date, list }
        })
    }

    /// The record's procedures that are well-formed ICD-10-PCS codes, looked up on its date of
    /// service.
    pub fn procedures(&self) -> &RecordProcedures<'r> {
        self.procedures.get_or_init(|| {
            let table = self.tables.icd10pcs();
            let (date, list) = self.facts_of(
                CodeSystem::Icd10pcs,
                table,
                self.record.procedures.iter(),
                |index, _, fact| ProcedureFacts {
                    index,
                    canonical: fact.text,
                    rows: fact.rows(table),
                    row: fact.valid_row(table),
                    fact,
                },
            );
            RecordProcedures { date, list }
        })
    }

    /// The record's procedures that are valid ICD-10-PCS codes on its date of service.
    pub fn valid_procedures(&self) -> impl Iterator<Item = ValidProcedure<'_, 'r>> {
        let date = self.procedures().date;
        self.procedures().list.iter().filter_map(move |p| Some(ValidProcedure { of: p, row: p.row?, date }))
    }

    /// The principal diagnosis (canonical form and code) when it is valid on the date of service
    /// and its row has `mark`, for the rules about what may not be principal.
    pub fn principal_with(&self, mark: Mark) -> Option<(CodeText, &'r Code)> {
        let p = self.diagnoses().list.iter().find(|d| d.principal)?;
        (p.row.is_some() && p.fact.has(mark)).then_some(())?;
        Some((p.dotted, p.code(self.record)?))
    }

    /// The date of service of the record for `table`, and the facts of each of `codes` of
    /// `system` that is shaped like one, made into list items by `item`.
    fn facts_of<'c, T>(
        &self,
        system: CodeSystem,
        table: &Table,
        codes: impl Iterator<Item = &'c Code>,
        item: impl Fn(usize, &'c Code, CodeFact) -> T,
    ) -> (ServiceDate, Vec<T>) {
        let date = ServiceDate::of(self.record, table);
        let mut cache = self.cache.borrow_mut();
        let on = cache.on(self.tables, system, date.date);
        let list = codes
            .enumerate()
            .filter(|(_, c)| c.system == system && !c.field.is_blank())
            .filter_map(|(index, code)| {
                let fact = cache.fact(self.tables, system, on, code.field.value())?;
                Some(item(index, code, fact))
            })
            .collect();
        (date, list)
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
    /// Every MCE row of the code, oldest first.
    pub rows: &'t [Row],
    /// The MCE row in force on the date of service.
    row: Option<&'t Row>,
    /// What the tables say of the code on the date of service.
    pub fact: CodeFact,
}

impl<'t> DiagnosisFacts<'t> {
    /// The code as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> Option<&'r Code> {
        record.diagnoses().nth(self.index)
    }

    /// Why the code, not valid on `date`, fails on its 7th character (missing, a value its
    /// category does not define, or placeholder X missing), by `tables`, as a message.
    pub fn seventh_character_error(&self, tables: &Tables, date: jiff::civil::Date) -> Option<String> {
        if !matches!(self.fact.state, State::Unknown | State::Header) {
            return None;
        }
        super::seventh::diagnose(tables.icd10cm(), &self.bare, date).map(|e| e.message(&self.dotted))
    }

    /// The MCE row in force on the date of service, when the code is valid then.
    pub fn valid_row(&self) -> Option<&'t Row> {
        self.row
    }

    /// The full state of the code on `date`, the date of service, by `tables` (for a message).
    pub fn status<'a>(&self, tables: &'a Tables, date: jiff::civil::Date) -> Status<'a> {
        self.fact.status(tables.icd10cm(), date)
    }
}

/// The ICD-10-CM diagnoses of a record (malformed ones, K301's, left out) on its date of service.
#[derive(Debug)]
pub struct RecordDiagnoses<'t> {
    pub date: ServiceDate,
    pub list: Vec<DiagnosisFacts<'t>>,
}

/// What is known about one well-formed ICD-10-PCS procedure of a record.
#[derive(Debug)]
pub struct ProcedureFacts<'t> {
    /// Position among the record's procedures.
    pub index: usize,
    /// Canonical form (`0DTJ4ZZ`).
    pub canonical: CodeText,
    /// Every row of the code, oldest first.
    pub rows: &'t [Row],
    /// The row in force on the date of service.
    row: Option<&'t Row>,
    /// What the tables say of the code on the date of service.
    pub fact: CodeFact,
}

impl ProcedureFacts<'_> {
    /// The procedure as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> &'r Code {
        &record.procedures[self.index]
    }
}

/// The well-formed ICD-10-PCS procedures of a record on its date of service.
#[derive(Debug)]
pub struct RecordProcedures<'t> {
    pub date: ServiceDate,
    pub list: Vec<ProcedureFacts<'t>>,
}

/// A procedure valid on the record's date of service, with its MCE rows.
pub struct ValidProcedure<'a, 't> {
    of: &'a ProcedureFacts<'t>,
    /// The row in force on the date.
    pub row: &'t Row,
    pub date: ServiceDate,
}

impl<'a, 't> std::ops::Deref for ValidProcedure<'a, 't> {
    type Target = ProcedureFacts<'t>;

    fn deref(&self) -> &ProcedureFacts<'t> {
        self.of
    }
}
