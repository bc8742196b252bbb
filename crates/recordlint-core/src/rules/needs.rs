//! What a record must hold for a record rule to have anything to report, as bits the checker
//! tests before running the rule: a rule whose bits a record lacks is skipped (it would return
//! at its first test). A rule not listed here runs on every record.
//!
//! A record's bits ([`of_record`]): the systems of its non-blank codes (bits 0–15, one a
//! [`CodeSystem`]), the summary of its ICD-10-CM diagnoses' facts (bits 16–31, see
//! [`Summary::word`]) and of its ICD-10-PCS procedures' (bits 32–47), and fields and codes
//! found where the summaries do not look (48–).

use super::{Family, RecordCheck, RuleMeta};
use crate::codes::code_fact::{CodeFact, Mark, State, TextFlags, AGE_BIT, EXCLUDES1_BIT, SEX_BIT};
use crate::codes::facts::Summary;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};

/// Bits of which a record must have one for a rule to run (none: the rule always runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needs(u64);

const DIAGNOSES: u32 = 16;
const PROCEDURES: u32 = 32;
const DEATH_DATE: u64 = 1 << 48;
const DISCHARGE_STATUS: u64 = 1 << 49;
const TEXTS: u64 = 1 << 50;
/// An ICD-10-CM code elsewhere than among the diagnoses, an ICD-10-PCS code elsewhere than among
/// the procedures: the format rules look at those texts one by one.
const DIAGNOSIS_CODE_ELSEWHERE: u64 = 1 << 51;
const PROCEDURE_CODE_ELSEWHERE: u64 = 1 << 52;
/// A diagnosis not among the looked-up ones, or two of them of one code.
const DIAGNOSIS_MAY_REPEAT: u64 = 1 << 53;

impl Needs {
    /// Every record.
    pub const ALWAYS: Needs = Needs(0);

    fn system(system: CodeSystem) -> Needs {
        Needs(1 << system as u32)
    }

    /// A diagnosis summary with one of `word`'s bits (see [`Summary::word`]).
    fn diagnoses(word: u32) -> Needs {
        Needs(u64::from(word) << DIAGNOSES)
    }

    /// A procedure summary with one of `word`'s bits.
    fn procedures(word: u32) -> Needs {
        Needs(u64::from(word) << PROCEDURES)
    }

    /// Any bit of `self` or of `other`.
    fn or(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    /// True when a record of `bits` ([`of_record`]) may give the rule something to report.
    #[inline]
    pub fn met_by(self, bits: u64) -> bool {
        self.0 == 0 || self.0 & bits != 0
    }
}

/// The record rules a check runs, and which of them run on a record of given bits, for the last
/// few bit patterns met (a file's records have few).
pub(crate) struct Runs {
    checks: Vec<(RecordCheck, Needs)>,
    by_bits: Vec<(u64, Vec<RecordCheck>)>,
}

/// Bit patterns [`Runs`] remembers at most; it starts over when full.
const PATTERNS: usize = 64;

impl Runs {
    /// `checks` in run order, each with what it needs.
    pub fn new(checks: Vec<(RecordCheck, Needs)>) -> Runs {
        Runs { checks, by_bits: Vec::new() }
    }

    /// The checks to run on a record of `bits`, in run order, lent until [`Runs::give_back`].
    #[inline]
    pub fn take(&mut self, bits: u64) -> (usize, Vec<RecordCheck>) {
        let at = match self.by_bits.iter().position(|(b, _)| *b == bits) {
            Some(at) => at,
            None => self.add(bits),
        };
        (at, std::mem::take(&mut self.by_bits[at].1))
    }

    /// Gives back the checks [`Runs::take`] lent as number `at`.
    #[inline]
    pub fn give_back(&mut self, (at, checks): (usize, Vec<RecordCheck>)) {
        self.by_bits[at].1 = checks;
    }

    #[cold]
    fn add(&mut self, bits: u64) -> usize {
        if self.by_bits.len() >= PATTERNS {
            self.by_bits.clear();
        }
        let run = self.checks.iter().filter(|(_, needs)| needs.met_by(bits)).map(|&(check, _)| check);
        self.by_bits.push((bits, run.collect()));
        self.by_bits.len() - 1
    }
}

/// The summary bit of `mark`.
fn mark(mark: Mark) -> u32 {
    u32::from(CodeFact::mark_bit(mark)) << 4
}

/// The summary bits of `states`.
fn states(states: &[State]) -> u32 {
    states.iter().fold(0, |bits, &s| bits | CodeFact::state_bit(s))
}

/// The summary bit of a text flag.
fn text(flags: TextFlags) -> u32 {
    u32::from(flags.bits()) << Summary::TEXT_SHIFT
}

/// What `rule` (a record rule) needs of a record: each entry is the first test of the rule's
/// check, which returns when it fails.
pub(crate) fn of(rule: &RuleMeta) -> Needs {
    if rule.family == Family::Phi {
        return Needs(TEXTS); // the PHI rules read only the record's texts
    }
    table().into_iter().find(|(name, _)| *name == rule.name).map_or(Needs::ALWAYS, |(_, needs)| needs)
}

/// The record rules that need something, by name (named, not imported: the rules' files use the
/// checker, which uses this file).
fn table() -> [(&'static str, Needs); 29] {
    use CodeSystem::*;
    let respelled =
        Needs::diagnoses(text(TextFlags::RESPELL)).or(Needs::procedures(text(TextFlags::RESPELL)));
    let elsewhere = Needs(DIAGNOSIS_CODE_ELSEWHERE | PROCEDURE_CODE_ELSEWHERE);
    [
        ("code-first-missing", Needs::diagnoses(mark(Mark::Manifestation))),
        ("diagnosis-age-conflict", Needs::diagnoses(AGE_BIT)),
        ("diagnosis-sex-conflict", Needs::diagnoses(SEX_BIT)),
        ("duplicate-diagnosis", Needs(DIAGNOSIS_MAY_REPEAT)),
        ("excludes1-conflict", Needs::diagnoses(EXCLUDES1_BIT)),
        ("external-cause-as-principal", Needs::diagnoses(mark(Mark::ExternalCause))),
        ("invalid-discharge-status", Needs(DISCHARGE_STATUS)),
        ("invalid-loinc-code", Needs::system(Loinc)),
        ("invalid-npi", Needs::system(Npi)),
        ("invalid-snomed-ct-id", Needs::system(Snomed)),
        ("limited-coverage-procedure", Needs::procedures(mark(Mark::LimitedCoverage))),
        ("malformed-cpt-code", Needs::system(Cpt)),
        ("malformed-hcpcs-code", Needs::system(Hcpcs)),
        (
            "malformed-icd10cm-code",
            Needs::diagnoses(text(TextFlags::MALFORMED))
                .or(Needs(DIAGNOSIS_CODE_ELSEWHERE))
                .or(Needs::system(Icd10)),
        ),
        ("malformed-icd10pcs-code", Needs::procedures(text(TextFlags::MALFORMED))),
        ("malformed-ndc", Needs::system(Ndc)),
        ("manifestation-code-as-principal", Needs::diagnoses(mark(Mark::Manifestation))),
        ("non-billable-icd10cm-code", Needs::diagnoses(states(&[State::Header]))),
        ("non-canonical-code", respelled.or(elsewhere).or(Needs::system(Cpt)).or(Needs::system(Hcpcs))),
        ("non-covered-procedure", Needs::procedures(mark(Mark::NonCovered))),
        ("procedure-sex-conflict", Needs::procedures(SEX_BIT)),
        ("questionable-admission", Needs::diagnoses(mark(Mark::QuestionableAdmission))),
        ("unacceptable-principal-diagnosis", Needs::diagnoses(mark(Mark::Unacceptable))),
        ("unknown-hcpcs-code", Needs::system(Hcpcs)),
        ("unknown-icd10cm-code", Needs::diagnoses(states(&[State::Unknown, State::OtherDates]))),
        ("unknown-icd10pcs-code", Needs::procedures(states(&[State::Unknown, State::OtherDates]))),
        ("unrecognized-code", Needs::system(Unrecognized)),
        ("unspecified-code", Needs::diagnoses(mark(Mark::Unspecified))),
        ("service-after-death", Needs(DEATH_DATE)),
    ]
}

/// The bits of `record` with its `facts` (see the module's documentation); its diagnoses and
/// procedures are looked up here when it has any.
pub(crate) fn of_record(record: &Record, facts: &RecordFacts) -> u64 {
    let systems = facts.systems_present();
    let mut bits = u64::from(systems);
    if systems & Needs::system(CodeSystem::Icd10cm).0 as u32 != 0 {
        bits |= u64::from(facts.diagnoses().summary.word()) << DIAGNOSES;
    }
    if systems & Needs::system(CodeSystem::Icd10pcs).0 as u32 != 0 {
        bits |= u64::from(facts.procedures().summary.word()) << PROCEDURES;
    }
    let flag = |on: bool, bit: u64| if on { bit } else { 0 };
    let diagnoses = facts.diagnoses();
    let list = &diagnoses.list;
    let repeated = list.iter().enumerate().any(|(i, d)| list[..i].iter().any(|e| e.fact.key == d.fact.key));
    bits |= flag(!diagnoses.all_shaped || repeated, DIAGNOSIS_MAY_REPEAT);
    bits |= flag(facts.has_beyond_diagnoses(CodeSystem::Icd10cm), DIAGNOSIS_CODE_ELSEWHERE)
        | flag(facts.has_beyond_procedures(CodeSystem::Icd10pcs), PROCEDURE_CODE_ELSEWHERE);
    bits | flag(record.patient.death_date.is_some(), DEATH_DATE)
        | flag(record.encounter.discharge_status.is_some(), DISCHARGE_STATUS)
        | flag(!record.texts.is_empty(), TEXTS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{FactMemory, Tables};
    use crate::rules::{Checker, RECORD_RULES};
    use std::cell::RefCell;

    #[test]
    fn every_rule_the_table_names_is_a_record_rule() {
        for (name, _) in table() {
            assert!(RECORD_RULES.iter().any(|(rule, _)| rule.name == name), "{name} is no record rule");
        }
    }

    /// Every record rule run on every record of the fixtures and the real-record corpus, in all
    /// three formats, finds nothing on a record whose bits do not meet its needs: skipping it
    /// loses nothing.
    #[test]
    fn a_rule_skipped_by_its_needs_has_nothing_to_report() {
        let is_records = |p: &std::path::PathBuf| {
            p.extension()
                .is_some_and(|e| ["csv", "json", "ndjson", "hl7"].contains(&e.to_str().unwrap_or("")))
        };
        let files: Vec<_> = ["tests/fixtures", "tests/corpus"]
            .iter()
            .flat_map(|d| crate::test_data::files_under(&crate::test_data::repo_path(d)))
            .filter(is_records)
            .collect();
        let profile = crate::profile::Profile::default();
        let tables = Tables::builtin();
        let today = jiff::civil::date(2026, 11, 22);
        let (mut skipped, mut listed) = (0, 0);
        for (rule, _) in RECORD_RULES {
            listed += usize::from(of(rule) != Needs::ALWAYS);
        }
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            let (records, _) = crate::read_records(&bytes, None, &profile);
            for record in &records {
                let memory = RefCell::new(FactMemory::default());
                let facts = RecordFacts::new(record, &tables, &memory);
                let bits = of_record(record, &facts);
                for (rule, check) in RECORD_RULES.iter().filter(|(rule, _)| !of(rule).met_by(bits)) {
                    let mut cx = Checker::new(&profile, today, tables.clone());
                    check(record, &facts, &mut cx);
                    let found = cx.into_report().findings;
                    assert!(found.is_empty(), "{} skipped on {}: {found:?}", rule.id, path.display());
                    skipped += 1;
                }
            }
        }
        assert!(listed >= 30, "{listed}");
        assert!(skipped > 100, "{skipped}");
    }
}
