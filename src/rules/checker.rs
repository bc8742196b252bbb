//! The checker: runs the enabled record rules and collects what rules and parsers report.

use super::{CrossRecordIndex, RuleMeta, CROSS_RECORD_RULES, RECORD_RULES};
use crate::model::{FieldKind, FieldSet, Location, Record};
use crate::profile::Profile;
use crate::report::{Finding, Report, Severity};
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers every record checked in this process, so that facts computed for one record (parsed
/// codes, table lookups) can be shared by its rules and never mistaken for another record's.
static RECORD_SERIAL: AtomicU64 = AtomicU64::new(0);

/// A rule that looks at one record.
pub type RecordCheck = fn(&Record, &mut Checker);

/// Collects findings for one input; parsers feed it records and structural findings.
pub struct Checker {
    checks: Vec<RecordCheck>,
    severities: HashMap<&'static str, Severity>,
    /// Rules whose severity the profile sets (they ignore [`Checker::emit_as`]'s severity).
    profile_set: Vec<&'static str>,
    required: Vec<FieldKind>,
    absent: FieldSet,
    today: Date,
    report: Report,
    limit: usize,
    record_dirty: bool,
    serial: u64,
    /// Every checked record, when asked to keep them (tests, tools that show the records).
    kept: Option<Vec<Record>>,
    max_length_of_stay_days: u32,
    /// The cross-record index, when any cross-record rule runs.
    index: Option<CrossRecordIndex>,
}

impl Checker {
    /// A checker for `profile`, judging "future" against `today`.
    pub fn new(profile: &Profile, today: Date) -> Checker {
        let severities: HashMap<_, _> =
            super::ALL.iter().filter_map(|r| profile.severity_of(r).map(|s| (r.id, s))).collect();
        let checks = RECORD_RULES
            .iter()
            .filter(|(meta, _)| severities.contains_key(meta.id))
            .map(|&(_, check)| check)
            .collect();
        let profile_set = super::ALL
            .iter()
            .filter(|r| profile.rules.contains_key(r.id) || profile.rules.contains_key(r.name))
            .map(|r| r.id)
            .collect();
        Checker {
            checks,
            severities,
            profile_set,
            required: profile.required.clone(),
            absent: FieldSet::default(),
            today,
            report: Report::default(),
            limit: profile.max_findings,
            record_dirty: false,
            serial: 0,
            kept: None,
            max_length_of_stay_days: profile.max_length_of_stay_days,
            index: None,
        }
        .with_index_if_needed()
    }

    fn with_index_if_needed(mut self) -> Checker {
        if CROSS_RECORD_RULES.iter().any(|r| self.enabled(r)) {
            self.index = Some(CrossRecordIndex::new());
        }
        self
    }

    /// Reports a finding of `rule` at `at`, unless the profile turned the rule off.
    pub fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: impl Into<String>) {
        let Some(&severity) = self.severities.get(rule.id) else { return };
        self.push(rule, severity, at, message.into());
    }

    fn push(&mut self, rule: &'static RuleMeta, severity: Severity, at: Location, message: String) {
        if severity > Severity::Info {
            self.record_dirty = true;
        }
        let finding = Finding::new(rule.id, rule.name, severity, at, message);
        self.report.push(finding, self.limit);
    }

    /// Reports a finding of `rule` at `severity` instead of its default (a rule whose severity
    /// depends on the date), unless the profile turned the rule off or set its severity.
    pub fn emit_as(
        &mut self,
        rule: &'static RuleMeta,
        severity: Severity,
        at: Location,
        message: impl Into<String>,
    ) {
        let Some(&set) = self.severities.get(rule.id) else { return };
        let severity = if self.profile_set.contains(&rule.id) { set } else { severity };
        self.push(rule, severity, at, message.into());
    }

    /// Runs every enabled record rule on `record` and counts it.
    pub fn check(&mut self, record: &Record) {
        self.serial = RECORD_SERIAL.fetch_add(1, Ordering::Relaxed) + 1;
        let first_new = self.report.findings.len();
        for i in 0..self.checks.len() {
            (self.checks[i])(record, self);
        }
        if let Some(mut index) = self.index.take() {
            index.observe(record, self);
            self.index = Some(index);
        }
        self.attach_record_context(record, first_new);
        self.report.summary.records += 1;
        if !self.record_dirty {
            self.report.summary.clean_records += 1;
        }
        self.record_dirty = false;
        if let Some(kept) = self.kept.as_mut() {
            kept.push(record.clone());
        }
    }

    /// Gives the findings kept since `first_new` (those about `record`) the value they point at
    /// and the record's MRN, for the findings workspace and the exports.
    fn attach_record_context(&mut self, record: &Record, first_new: usize) {
        let Some(new) = self.report.findings.get_mut(first_new..) else { return };
        let mrn = record.patient.mrn.as_ref().map(|f| f.value()).filter(|m| !m.is_empty());
        for finding in new {
            if finding.value.is_none() {
                finding.value = record.field_at(&finding.location).map(|f| f.value().to_owned());
            }
            if finding.mrn.is_none() {
                finding.mrn = mrn.map(str::to_owned);
            }
        }
    }

    /// Keeps a copy of every record checked from now on (see [`Checker::take_records`]).
    pub fn keep_records(&mut self) {
        self.kept.get_or_insert_with(Vec::new);
    }

    /// The records kept since [`Checker::keep_records`].
    pub fn take_records(&mut self) -> Vec<Record> {
        self.kept.take().unwrap_or_default()
    }

    /// Runs the record rules like [`Checker::check`], counting the record as not clean when
    /// `dirty` says its structural findings were reported earlier (a parser that maps records
    /// only at the end of the input, like the FHIR one, reports them before all records).
    pub fn check_flagged(&mut self, record: &Record, dirty: bool) {
        self.record_dirty = dirty;
        self.check(record);
    }

    /// Counts a record that could not be checked (its structural finding was reported already).
    pub fn skip_record(&mut self) {
        self.report.summary.records += 1;
        self.record_dirty = false;
    }

    /// Says that the input has no place at all for `kind` (a CSV without that column), so that
    /// per-record rules do not repeat what one finding already said.
    pub fn mark_absent(&mut self, kind: FieldKind) {
        self.absent.insert(kind);
    }

    /// Fields the input has no place for.
    pub fn absent(&self) -> FieldSet {
        self.absent
    }

    /// Fields the profile requires.
    pub fn required(&self) -> &[FieldKind] {
        &self.required
    }

    /// True when the profile runs `rule`.
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.severities.contains_key(rule.id)
    }

    /// A number unique to the record being checked (across all checkers of the process).
    pub fn record_serial(&self) -> u64 {
        self.serial
    }

    /// The date "today" for rules about the future.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The profile's longest plausible stay, in days.
    pub fn max_length_of_stay_days(&self) -> u32 {
        self.max_length_of_stay_days
    }

    /// Names the input whose records come next (a file name), for cross-record messages that
    /// point into another input of the same run.
    pub fn set_source(&mut self, name: &str) {
        if let Some(index) = self.index.as_mut() {
            index.set_source(name);
        }
    }

    /// Takes the cross-record index (to carry it into the next input of one run, or to merge it
    /// into another checker's); `None` when no cross-record rule runs.
    pub fn take_index(&mut self) -> Option<CrossRecordIndex> {
        self.index.take()
    }

    /// Continues a run: later records are checked against what `index` holds (the index of the
    /// inputs before this one). Ignored when no cross-record rule runs.
    pub fn set_index(&mut self, mut index: CrossRecordIndex) {
        if self.index.is_some() {
            index.forget_settings();
            self.index = Some(index);
        }
    }

    /// Merges an index built apart (another worker's) into this checker's, reporting the
    /// conflicts between them as findings of this checker.
    pub fn merge_index(&mut self, other: CrossRecordIndex) {
        if let Some(mut index) = self.index.take() {
            index.merge(other, self);
            self.index = Some(index);
        }
    }

    /// Records the detected input format.
    pub fn set_format(&mut self, format: &'static str) {
        self.report.format = Some(format);
    }

    /// Findings and counts so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The finished report.
    pub fn into_report(self) -> Report {
        self.report
    }
}
