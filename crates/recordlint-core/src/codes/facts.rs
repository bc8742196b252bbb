//! What the code tables say about one record's ICD-10-CM diagnoses and ICD-10-PCS procedures on
//! its date of service, worked out once for all the rules that ask.
//!
//! The checker makes one [`RecordFacts`] per record, with the check's [`Tables`] and its
//! [`FactMemory`] (a [`FactCache`] and the last record's lists), and hands it to each record rule with the record. The first rule that asks
//! has the record's codes looked up (each distinct code text once per check and table version,
//! see [`super::fact_cache`]) into lists the previous record emptied, with a summary of what
//! they hold: most rules learn from one bit test that they have nothing to report.

use super::code_fact::{CodeFact, Mark, State, TextFlags, AGE_BIT, EXCLUDES1_BIT, SEX_BIT};
use super::fact_cache::FactCache;
use super::service_date::ServiceDate;
use super::tables::{CodeText, Row, Status, Tables};
use crate::model::{Code, CodeSystem, Field, FieldKind, Record};
use std::cell::{OnceCell, RefCell};

/// The code facts of one record, computed on first use from the check's tables.
pub struct RecordFacts<'r> {
    record: &'r Record,
    tables: &'r Tables,
    memory: &'r RefCell<FactMemory>,
    diagnoses: OnceCell<RecordDiagnoses>,
    procedures: OnceCell<RecordProcedures>,
    codes: OnceCell<CodeList<'r>>,
}

/// What a check keeps from one record's [`RecordFacts`] for the next: the facts of every code met
/// (the [`FactCache`]) and the record's lists, emptied.
#[derive(Debug, Default)]
pub struct FactMemory {
    pub(crate) cache: FactCache,
    spare: Spare<'static>,
}

/// The lists of a record's facts, emptied, kept for the next record (no allocation a record).
#[derive(Debug, Default)]
struct Spare<'r> {
    diagnoses: Vec<DiagnosisFacts>,
    procedures: Vec<ProcedureFacts>,
    codes: Vec<(CodeSystem, &'r Field)>,
}

/// The record's non-blank codes in the order of [`Record::codes_of`], with their systems.
#[derive(Debug)]
struct CodeList<'r> {
    list: Vec<(CodeSystem, &'r Field)>,
    systems: Systems,
}

/// The code systems of a record's non-blank codes, one bit each, by where the codes are.
#[derive(Debug, Clone, Copy, Default)]
struct Systems {
    diagnoses: u32,
    procedures: u32,
    /// The other codes: coded elements, observations, the attending NPI.
    rest: u32,
}

/// Adds the non-blank of `codes` to `list`; their systems, one bit each.
fn add_codes<'r>(list: &mut Vec<(CodeSystem, &'r Field)>, codes: impl Iterator<Item = &'r Code>) -> u32 {
    let mut bits = 0;
    for c in codes.filter(|c| !c.field.is_blank()) {
        list.push((c.system, &c.field));
        bits |= bit(c.system);
    }
    bits
}

/// An empty list holding what the list `v` held, in the same memory (the lists a record lends
/// its fields to are given to the next record this way).
// `filter_map`, not `filter`: the items change type (their lifetime), and the standard library
// collects an adapted `into_iter` of a `Vec` into the same memory.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'b>(mut v: Vec<(CodeSystem, &Field)>) -> Vec<(CodeSystem, &'b Field)> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// The bit of `system` in [`Systems`].
fn bit(system: CodeSystem) -> u32 {
    1 << system as u32
}

impl<'r> RecordFacts<'r> {
    /// The facts of `record` by `tables`, none computed yet; codes already met in the check are
    /// taken from `memory` (which must be the check's, for the same tables).
    pub fn new(record: &'r Record, tables: &'r Tables, memory: &'r RefCell<FactMemory>) -> RecordFacts<'r> {
        RecordFacts {
            record,
            tables,
            memory,
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

    fn code_list(&self) -> &CodeList<'r> {
        self.codes.get_or_init(|| {
            let r = self.record;
            let mut list = recycle(std::mem::take(&mut self.memory.borrow_mut().spare.codes));
            let observed = r.observations.iter().filter_map(|o| o.code.as_ref());
            let mut systems = Systems {
                diagnoses: add_codes(&mut list, r.diagnoses()),
                procedures: add_codes(&mut list, r.procedures.iter()),
                rest: add_codes(&mut list, r.codes.iter().chain(observed)),
            };
            let attending = r.encounter.attending_npi.as_ref();
            if let Some(f) =
                attending.filter(|f| !f.is_blank() && !r.shared.contains(FieldKind::AttendingNpi))
            {
                list.push((CodeSystem::Npi, f));
                systems.rest |= bit(CodeSystem::Npi);
            }
            CodeList { list, systems }
        })
    }

    fn systems(&self) -> Systems {
        self.code_list().systems
    }

    /// The systems of the record's non-blank codes (any of [`Record::codes_of`]), one bit each
    /// (`1 << system as u32`).
    pub fn systems_present(&self) -> u32 {
        let s = self.systems();
        s.diagnoses | s.procedures | s.rest
    }

    /// True when the record has a non-blank code of `system` (any of [`Record::codes_of`]).
    pub fn has(&self, system: CodeSystem) -> bool {
        let s = self.systems();
        (s.diagnoses | s.procedures | s.rest) & bit(system) != 0
    }

    /// True when the record has a non-blank code of `system` elsewhere than among its diagnoses.
    pub fn has_beyond_diagnoses(&self, system: CodeSystem) -> bool {
        let s = self.systems();
        (s.procedures | s.rest) & bit(system) != 0
    }

    /// True when the record has a non-blank code of `system` elsewhere than among its procedures.
    pub fn has_beyond_procedures(&self, system: CodeSystem) -> bool {
        let s = self.systems();
        (s.diagnoses | s.rest) & bit(system) != 0
    }

    /// The record's non-blank codes of `system`, as [`Record::codes_of`] gives them.
    pub fn codes_of(&self, system: CodeSystem) -> impl Iterator<Item = &'r Field> + '_ {
        let codes = self.code_list();
        let present = (codes.systems.diagnoses | codes.systems.procedures | codes.systems.rest) & bit(system);
        let list = if present == 0 { &[][..] } else { &codes.list[..] };
        list.iter().filter(move |(s, _)| *s == system).map(|&(_, f)| f)
    }

    /// True when a note of the Excludes1 table over the code of `a` names the code of `b` (a
    /// different code): the notes are searched only when what they cover may hold `b`, once a
    /// pair.
    pub fn excludes1_names(&self, a: &CodeFact, b: &CodeFact) -> bool {
        if a.key == b.key || !a.excludes1.may_cover(b.place) {
            return false;
        }
        self.memory.borrow_mut().cache.excludes1_names(self.tables, a.key, b.key)
    }

    /// The record's ICD-10-CM diagnoses, parsed and looked up on its date of service.
    pub fn diagnoses(&self) -> &RecordDiagnoses {
        self.diagnoses.get_or_init(|| {
            let r = self.record;
            let system = CodeSystem::Icd10cm;
            let date = ServiceDate::of(r, self.tables.icd10cm());
            let mut memory = self.memory.borrow_mut();
            let FactMemory { cache, spare } = &mut *memory;
            let on = cache.on(self.tables, system, date.date);
            let mut list = std::mem::take(&mut spare.diagnoses);
            let mut summary = Summary::default();
            let mut all_shaped = true;
            let has_principal = r.principal_diagnosis.is_some();
            for (index, code) in r.diagnoses().enumerate() {
                let text = code.field.value();
                if text.is_empty() {
                    continue;
                }
                let looked =
                    (code.system == system).then(|| cache.look(self.tables, system, on, text)).flatten();
                let Some(looked) = looked else {
                    all_shaped = false;
                    continue;
                };
                summary.text = summary.text.join(looked.text);
                let Some(fact) = &looked.fact else {
                    all_shaped = false;
                    continue;
                };
                summary.add(fact);
                let principal = has_principal && index == 0;
                list.push(DiagnosisFacts {
                    index,
                    principal,
                    len: text.len(),
                    dotted: fact.text,
                    fact: *fact,
                });
            }
            RecordDiagnoses { date, list, summary, all_shaped }
        })
    }

    /// The record's procedures that are well-formed ICD-10-PCS codes, looked up on its date of
    /// service.
    pub fn procedures(&self) -> &RecordProcedures {
        self.procedures.get_or_init(|| {
            let system = CodeSystem::Icd10pcs;
            let date = ServiceDate::of(self.record, self.tables.icd10pcs());
            let mut memory = self.memory.borrow_mut();
            let FactMemory { cache, spare } = &mut *memory;
            let on = cache.on(self.tables, system, date.date);
            let mut list = std::mem::take(&mut spare.procedures);
            let mut summary = Summary::default();
            for (index, code) in self.record.procedures.iter().enumerate() {
                let text = code.field.value();
                if code.system != system || text.is_empty() {
                    continue;
                }
                let Some(looked) = cache.look(self.tables, system, on, text) else { continue };
                summary.text = summary.text.join(looked.text);
                if let Some(fact) = &looked.fact {
                    summary.add(fact);
                    list.push(ProcedureFacts { index, fact: *fact });
                }
            }
            RecordProcedures { date, list, summary }
        })
    }

    /// The record's procedures that are valid ICD-10-PCS codes on its date of service.
    pub fn valid_procedures(&self) -> impl Iterator<Item = &ProcedureFacts> {
        self.procedures().list.iter().filter(|p| p.fact.is_valid())
    }

    /// The principal diagnosis (canonical form and code) when it is valid on the date of service
    /// and its row has `mark`, for the rules about what may not be principal.
    pub fn principal_with(&self, mark: Mark) -> Option<(CodeText, &'r Code)> {
        let diagnoses = self.diagnoses();
        if !diagnoses.summary.marked(mark) {
            return None;
        }
        let p = diagnoses.list.iter().find(|d| d.principal)?;
        (p.fact.is_valid() && p.fact.has(mark)).then_some(())?;
        Some((p.fact.text, p.code(self.record)?))
    }
}

impl Drop for RecordFacts<'_> {
    /// Gives the record's lists back to the cache, emptied, for the next record.
    fn drop(&mut self) {
        let Ok(mut memory) = self.memory.try_borrow_mut() else { return };
        let spare = &mut memory.spare;
        if let Some(mut d) = self.diagnoses.take() {
            d.list.clear();
            spare.diagnoses = d.list;
        }
        if let Some(mut p) = self.procedures.take() {
            p.list.clear();
            spare.procedures = p.list;
        }
        if let Some(c) = self.codes.take() {
            spare.codes = recycle(c.list);
        }
    }
}

/// What a record's facts of one system hold, together: a rule tests here first, and looks at
/// each code only when one of them may give it something to report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// The codes' [`CodeFact::bits`] together.
    bits: u32,
    /// The flags of the texts of the system's codes, shaped or not.
    pub text: TextFlags,
}

impl Summary {
    /// Where [`Summary::word`] has the text flags.
    pub const TEXT_SHIFT: u32 = 14;

    /// The codes' bits (bits 0–13, see [`CodeFact::bits`]) and the text flags (from
    /// [`Summary::TEXT_SHIFT`]) in one word.
    pub fn word(&self) -> u32 {
        (self.bits & ((1 << Self::TEXT_SHIFT) - 1)) | u32::from(self.text.bits()) << Self::TEXT_SHIFT
    }

    fn add(&mut self, fact: &CodeFact) {
        self.bits |= fact.bits();
    }

    /// True when a code is in one of `states`.
    pub fn any(&self, states: &[State]) -> bool {
        states.iter().any(|&s| self.bits & CodeFact::state_bit(s) != 0)
    }

    /// True when the row in force of a code has `mark`.
    pub fn marked(&self, mark: Mark) -> bool {
        self.bits & u32::from(CodeFact::mark_bit(mark)) << 4 != 0
    }

    /// True when a code has an MCE age edit.
    pub fn any_age(&self) -> bool {
        self.bits & AGE_BIT != 0
    }

    /// True when a code is limited to one sex.
    pub fn any_sex(&self) -> bool {
        self.bits & SEX_BIT != 0
    }

    /// True when a code has Excludes1 notes over it.
    pub fn any_excludes1(&self) -> bool {
        self.bits & EXCLUDES1_BIT != 0
    }
}

/// What is known about one well-formed ICD-10-CM diagnosis of a record.
#[derive(Debug, Clone, Copy)]
pub struct DiagnosisFacts {
    /// Position among the record's diagnoses (principal first).
    pub index: usize,
    /// True for the principal diagnosis.
    pub principal: bool,
    /// Length of the code as written (trimmed).
    pub len: usize,
    /// Canonical dotted form (`E11.9`).
    pub dotted: CodeText,
    /// What the tables say of the code on the date of service.
    pub fact: CodeFact,
}

impl DiagnosisFacts {
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
        super::seventh::diagnose(tables.icd10cm(), &self.fact.bare, date).map(|e| e.message(&self.fact.text))
    }

    /// The full state of the code on `date`, the date of service, by `tables` (for a message).
    pub fn status<'a>(&self, tables: &'a Tables, date: jiff::civil::Date) -> Status<'a> {
        self.fact.status(tables.icd10cm(), date)
    }

    /// The MCE row in force on the date of service, when the code is valid then.
    pub fn valid_row(&self) -> Option<&Row> {
        self.fact.valid_row()
    }
}

/// The ICD-10-CM diagnoses of a record (malformed ones, K301's, left out) on its date of service.
#[derive(Debug)]
pub struct RecordDiagnoses {
    pub date: ServiceDate,
    pub list: Vec<DiagnosisFacts>,
    /// What the list holds, and the text flags of every ICD-10-CM diagnosis.
    pub summary: Summary,
    /// True when every non-blank diagnosis is an ICD-10-CM code in the list.
    pub all_shaped: bool,
}

/// What is known about one well-formed ICD-10-PCS procedure of a record.
#[derive(Debug, Clone, Copy)]
pub struct ProcedureFacts {
    /// Position among the record's procedures.
    pub index: usize,
    /// What the tables say of the code on the date of service.
    pub fact: CodeFact,
}

impl ProcedureFacts {
    /// The procedure as recorded.
    pub fn code<'r>(&self, record: &'r Record) -> &'r Code {
        &record.procedures[self.index]
    }
}

/// The well-formed ICD-10-PCS procedures of a record on its date of service.
#[derive(Debug)]
pub struct RecordProcedures {
    pub date: ServiceDate,
    pub list: Vec<ProcedureFacts>,
    /// What the list holds, and the text flags of every ICD-10-PCS procedure.
    pub summary: Summary,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recycled_list_keeps_its_memory() {
        let list: Vec<(CodeSystem, &Field)> = Vec::with_capacity(16);
        let again: Vec<(CodeSystem, &'static Field)> = recycle(list);
        assert!(again.is_empty() && again.capacity() >= 16);
    }

    #[test]
    fn excludes1_pairs_agree_with_the_notes() {
        let tables = Tables::builtin();
        let memory = RefCell::new(FactMemory::default());
        let on = |c: &mut FactCache| c.on(&tables, CodeSystem::Icd10cm, jiff::civil::date(2026, 3, 4));
        let fact = |text: &str| {
            let mut m = memory.borrow_mut();
            let c = &mut m.cache;
            let on = on(c);
            c.fact(&tables, CodeSystem::Icd10cm, on, text).unwrap()
        };
        let (e11, e10, i10) = (fact("E11.9"), fact("E10.9"), fact("I10"));
        let record = Record::new(crate::model::Location::Csv { row: 2, column: None, line: 2 });
        let facts = RecordFacts::new(&record, &tables, &memory);
        assert!(facts.excludes1_names(&e11, &e10));
        assert!(facts.excludes1_names(&e11, &e10), "remembered");
        assert!(!facts.excludes1_names(&e11, &i10));
        assert!(!facts.excludes1_names(&e11, &e11));
    }
}
