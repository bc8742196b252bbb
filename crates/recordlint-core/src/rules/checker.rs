//! The checker: runs the enabled record rules and collects what rules and parsers report.
//!
//! It is the parsers' [`Sink`]: it alone turns their problems into findings (by the table in
//! [`super::problems`]), decides severities and which records are clean.

use super::identity::index::{Deferred, Emitter};
use super::{CrossRecordIndex, Family, RecordCheck, RuleMeta, CROSS_RECORD_RULES, RECORD_RULES};
use crate::codes::{FactMemory, RecordFacts, Tables};
use crate::formats::sink::{Problem, Sink};
use crate::model::{Field, FieldKind, FieldSet, Location, Record, RecordKind};
use crate::profile::Profile;
use crate::report::{Finding, Report, Severity};
use jiff::civil::Date;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// How many of the latest findings a new one is compared with to report each fact once.
const REPORTED_WINDOW: usize = 256;

/// The severity of `rule` under `profile` (`None`: off).
fn severity_in(rule: &RuleMeta, profile: &Profile) -> Option<Severity> {
    profile.severity_of(rule.id, rule.name, rule.enabled_by_default.then_some(rule.default_severity))
}

/// Collects findings for one input; parsers feed it records and structural problems.
pub struct Checker {
    /// The enabled record rules in registry order, each with whether it reads only the record's
    /// texts (the PHI rules: skipped for a record without any).
    checks: Vec<(RecordCheck, bool)>,
    severities: HashMap<&'static str, Severity>,
    /// Rules whose severity the profile sets (they ignore [`Checker::emit_as`]'s severity).
    profile_set: Vec<&'static str>,
    required: Vec<FieldKind>,
    required_by_kind: std::collections::BTreeMap<RecordKind, Vec<FieldKind>>,
    absent: FieldSet,
    today: Date,
    /// The code tables the record rules look codes up in.
    tables: Arc<Tables>,
    /// What the tables say of each distinct code met so far, and the last record's emptied lists
    /// (see [`FactMemory`]).
    facts: FactMemory,
    report: Report,
    limit: usize,
    record_dirty: bool,
    /// The resources (numbered by the parser, see [`Sink::assembled`]) that problems reported as
    /// errors or warnings are about.
    dirty_parts: Vec<bool>,
    /// Every checked record, when asked to keep them (tests, tools that show the records).
    kept: Option<Vec<Record>>,
    max_length_of_stay_days: u32,
    /// The cross-record index, when any cross-record rule runs (boxed: it is taken out of the
    /// checker for each record).
    index: Option<Box<CrossRecordIndex>>,
    /// Hashes of the findings (rule, place, value) reported since the last record was checked:
    /// the same fact is reported once.
    reported: Vec<u64>,
}

impl Checker {
    /// A checker for `profile`, judging "future" against `today`, looking codes up in `tables`.
    pub fn new(profile: &Profile, today: Date, tables: Arc<Tables>) -> Checker {
        let severities: HashMap<_, _> =
            super::ALL.iter().filter_map(|r| severity_in(r, profile).map(|s| (r.id, s))).collect();
        let checks = RECORD_RULES
            .iter()
            .filter(|(meta, _)| severities.contains_key(meta.id))
            .map(|&(meta, check)| (check, meta.family == Family::Phi))
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
            required_by_kind: profile.required_by_kind.clone(),
            absent: FieldSet::default(),
            today,
            tables,
            facts: FactMemory::default(),
            report: Report::default(),
            limit: profile.max_findings,
            record_dirty: false,
            dirty_parts: Vec::new(),
            kept: None,
            max_length_of_stay_days: profile.max_length_of_stay_days,
            index: None,
            reported: Vec::new(),
        }
        .with_index_if_needed()
    }

    /// Adds a finding of another checker (a piece's) as it is, without making a record unclean.
    pub(crate) fn push_finding(&mut self, finding: Finding) {
        self.report.push(finding, self.limit);
    }

    /// Adds counts of findings and records of another checker (a piece's) that were not pushed
    /// here one by one; findings not kept there are not kept here either.
    pub(crate) fn add_counts(&mut self, more: &crate::report::Summary) {
        self.report.summary.add(more);
        self.report.summary.truncated |= more.findings() > 0;
    }

    /// Checks a deferred record against the index as [`Checker::check`] would have; true when that
    /// reported an error or warning.
    pub(crate) fn replay(&mut self, deferred: &Deferred) -> bool {
        self.replay_with(deferred.mrn(), |cx| {
            if let Some(mut index) = cx.index.take() {
                index.replay(deferred, cx);
                cx.index = Some(index);
            }
        })
    }

    /// Reports what `check` emits as the cross-record findings of a deferred record with `mrn`
    /// (checked elsewhere, see `crate::pieces`); true when that reported an error or warning.
    pub(crate) fn replay_with(&mut self, mrn: &str, check: impl FnOnce(&mut Checker)) -> bool {
        self.record_dirty = false;
        self.reported.clear();
        let first_new = self.report.findings.len();
        check(self);
        self.attach_mrn(first_new, mrn);
        std::mem::take(&mut self.record_dirty)
    }

    /// How `problem` is reported: its rule and severity, and whether the rule speaks once for a
    /// whole input (the first undecodable byte); `None` when the profile turned the rule off.
    pub(crate) fn problem_rule(&self, problem: &Problem) -> Option<(&'static RuleMeta, Severity, bool)> {
        let how = super::problems::reporting(problem.kind);
        let rule = how.rule;
        let &set = self.severities.get(rule.id)?;
        let severity = match how.severity {
            Some(severity) if !self.profile_set.contains(&rule.id) => severity,
            _ => set,
        };
        Some((rule, severity, how.once_per_input))
    }

    /// Reports a parser's problem by its rule (unless the profile turned the rule off); true when
    /// that made a finding that is an error or a warning.
    fn report_problem(&mut self, problem: Problem) -> bool {
        let Some((rule, severity, _)) = self.problem_rule(&problem) else { return false };
        let Problem { at, message, value, .. } = problem;
        self.push(rule, severity, at, value, message) && severity > Severity::Info
    }

    /// True when problems reported since the last record was counted make the next one not
    /// clean.
    pub(crate) fn next_record_dirty(&self) -> bool {
        self.record_dirty
    }

    fn with_index_if_needed(mut self) -> Checker {
        if CROSS_RECORD_RULES.iter().any(|r| self.enabled(r)) {
            self.index = Some(Box::new(CrossRecordIndex::new()));
        }
        self
    }

    /// Reports a finding of `rule` at `at`, unless the profile turned the rule off.
    pub fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: impl Into<String>) {
        let Some(&severity) = self.severities.get(rule.id) else { return };
        self.push(rule, severity, at, None, message.into());
    }

    /// Reports a finding of `rule` about `field`: at its place, with its value (one code of a
    /// cell that holds several is the finding's value, not the cell's first code).
    pub fn emit_field(&mut self, rule: &'static RuleMeta, field: &Field, message: impl Into<String>) {
        let Some(&severity) = self.severities.get(rule.id) else { return };
        let value = Some(field.value().to_owned());
        self.push(rule, severity, field.at.clone(), value, message.into());
    }

    /// Reports a finding of `rule` at `at` whose value is `shown` rather than what is written
    /// there (a masked identifier: the PHI rules never copy one into a report).
    pub fn emit_shown(
        &mut self,
        rule: &'static RuleMeta,
        at: Location,
        shown: String,
        message: impl Into<String>,
    ) {
        let Some(&severity) = self.severities.get(rule.id) else { return };
        self.push(rule, severity, at, Some(shown), message.into());
    }

    /// Reports a finding unless it was reported since the last record; true when it was not.
    fn push(
        &mut self,
        rule: &'static RuleMeta,
        severity: Severity,
        at: Location,
        value: Option<String>,
        message: String,
    ) -> bool {
        if !self.first_report(rule, &at, value.as_deref().unwrap_or(&message)) {
            return false;
        }
        if severity > Severity::Info {
            self.record_dirty = true;
        }
        let mut finding = Finding::new(rule.id, rule.name, severity, at, message);
        finding.value = value;
        self.report.push(finding, self.limit);
        true
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
        self.push(rule, severity, at, None, message.into());
    }

    /// Like [`Checker::emit_as`], about `field` (see [`Checker::emit_field`]).
    pub fn emit_field_as(
        &mut self,
        rule: &'static RuleMeta,
        severity: Severity,
        field: &Field,
        message: impl Into<String>,
    ) {
        let Some(&set) = self.severities.get(rule.id) else { return };
        let severity = if self.profile_set.contains(&rule.id) { set } else { severity };
        self.push(rule, severity, field.at.clone(), Some(field.value().to_owned()), message.into());
    }

    /// True unless `rule` reported the same place and value (the message, for a finding without
    /// a value) since the last record was checked.
    fn first_report(&mut self, rule: &'static RuleMeta, at: &Location, value: &str) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (rule.id, at, value).hash(&mut h);
        let key = h.finish();
        // Parsers may report many findings between two records: compare with the latest only.
        if self.reported.iter().rev().take(REPORTED_WINDOW).any(|&k| k == key) {
            return false;
        }
        if self.reported.len() >= 16 * REPORTED_WINDOW {
            self.reported.drain(..self.reported.len() - REPORTED_WINDOW);
        }
        self.reported.push(key);
        true
    }

    /// Runs every enabled record rule on `record` and counts it.
    pub fn check(&mut self, record: &Record) {
        let first_new = self.report.findings.len();
        self.reported.clear();
        let tables = Arc::clone(&self.tables);
        let cache = RefCell::new(std::mem::take(&mut self.facts));
        let facts = RecordFacts::new(record, &tables, &cache);
        let no_texts = record.texts.is_empty();
        for i in 0..self.checks.len() {
            let (check, texts_only) = self.checks[i];
            if !(texts_only && no_texts) {
                check(record, &facts, self);
            }
        }
        drop(facts);
        self.facts = cache.into_inner();
        if self.report.findings.len() > first_new {
            self.attach_record_context(record, first_new);
        }
        let after_rules = self.report.findings.len();
        if let Some(mut index) = self.index.take() {
            index.observe(record, self);
            self.index = Some(index);
            let mrn = record.patient.mrn.as_ref().map(|f| f.value()).unwrap_or_default();
            self.attach_mrn(after_rules, mrn);
        }
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
    /// Names the patient of the cross-record findings from `first_new` on. They get no value: a
    /// merge of pieces (see `crate::pieces`) knows the record only by its observation.
    fn attach_mrn(&mut self, first_new: usize, mrn: &str) {
        let Some(new) = self.report.findings.get_mut(first_new..) else { return };
        for finding in new.iter_mut().filter(|f| f.mrn.is_none() && !mrn.is_empty()) {
            finding.mrn = Some(mrn.to_owned());
        }
    }

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

    /// Counts a record that could not be checked (its structural finding was reported already).
    fn skip_record(&mut self) {
        self.report.summary.records += 1;
        self.record_dirty = false;
    }

    /// True when a problem reported as an error or warning is about one of `parts`.
    fn any_dirty(&self, parts: &[u32]) -> bool {
        parts.iter().any(|&p| self.dirty_parts.get(p as usize).copied().unwrap_or(false))
    }

    /// Fields the input has no place for.
    pub fn absent(&self) -> FieldSet {
        self.absent
    }

    /// Fields the profile requires of a record of `kind`, and whether the profile names them for
    /// that kind itself (then they are required even where the kind does not usually have them).
    pub fn required_for(&self, kind: RecordKind) -> (&[FieldKind], bool) {
        match self.required_by_kind.get(&kind) {
            Some(fields) => (fields, true),
            None => (&self.required, false),
        }
    }

    /// True when the profile runs `rule`.
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.severities.contains_key(rule.id)
    }

    /// The date "today" for rules about the future.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The code tables of the check.
    pub fn tables(&self) -> &Arc<Tables> {
        &self.tables
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
        self.index.take().map(|index| *index)
    }

    /// Continues a run: later records are checked against what `index` holds (the index of the
    /// inputs before this one). Ignored when no cross-record rule runs.
    pub fn set_index(&mut self, mut index: CrossRecordIndex) {
        if self.index.is_some() {
            index.forget_settings();
            self.index = Some(Box::new(index));
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

    /// Findings and counts so far, to hand findings out of (see `Validator::take_findings`).
    pub(crate) fn report_mut(&mut self) -> &mut Report {
        &mut self.report
    }

    /// The finished report.
    pub fn into_report(self) -> Report {
        self.report
    }
}

/// The cross-record index reports through the checker that owns it.
impl Emitter for Checker {
    fn enabled(&self, rule: &RuleMeta) -> bool {
        Checker::enabled(self, rule)
    }

    fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: String) {
        Checker::emit(self, rule, at, message);
    }
}

impl Sink for Checker {
    /// A problem of the record being read: an error or warning makes it not clean.
    fn problem(&mut self, problem: Problem) {
        self.report_problem(problem);
    }

    /// A problem about resources of records assembled later: an error or warning makes the
    /// records made of them not clean, not the next record.
    fn problem_about(&mut self, problem: Problem, parts: Range<u32>) {
        let record_dirty = self.record_dirty;
        if self.report_problem(problem) && !parts.is_empty() {
            let end = parts.end as usize;
            if self.dirty_parts.len() < end {
                self.dirty_parts.resize(end, false);
            }
            self.dirty_parts[parts.start as usize..end].fill(true);
        }
        self.record_dirty = record_dirty;
    }

    fn record(&mut self, record: &Record) {
        self.check(record);
    }

    fn assembled(&mut self, record: &Record, parts: &[u32]) {
        self.record_dirty = self.any_dirty(parts);
        self.check(record);
    }

    fn unreadable(&mut self) {
        self.skip_record();
    }

    /// Reports the problems; when any became a finding, they count as a record that could not
    /// be checked, so that they do not make the next record unclean.
    fn recordless(&mut self, problems: Vec<Problem>) {
        let before = self.report.summary.findings();
        for problem in problems {
            self.report_problem(problem);
        }
        if self.report.summary.findings() > before {
            self.skip_record();
        }
    }

    /// Per-record rules do not repeat what the parser's one problem said.
    fn no_place_for(&mut self, field: FieldKind) {
        self.absent.insert(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::sink::ProblemKind;

    fn checker(max_findings: usize) -> Checker {
        let profile = Profile { required: Vec::new(), max_findings, ..Profile::default() };
        Checker::new(&profile, jiff::civil::date(2026, 11, 22), Tables::builtin())
    }

    /// A record no record rule has anything to say about.
    fn quiet_record() -> Record {
        let mut record = Record::new(Location::FILE);
        record.kind = RecordKind::Directory;
        record
    }

    fn problem(kind: ProblemKind, pointer: &str) -> Problem {
        Problem::new(kind, Location::Json { pointer: pointer.into(), line: Some(1) }, "wrong")
    }

    /// The checker, not the parser, decides which assembled records problems make not clean:
    /// errors and warnings do, infos do not, and problems about resources leave the next record
    /// alone.
    #[test]
    fn problems_about_resources_make_their_records_unclean() {
        let mut cx = checker(100);
        cx.problem_about(problem(ProblemKind::InvalidPrimitive, "/entry/0/resource/gender"), 0..1);
        let info = ProblemKind::UnresolvedReference { required: false };
        cx.problem_about(problem(info, "/entry/1/resource/subject/reference"), 1..2);
        cx.record(&quiet_record());
        for parts in [&[0, 1][..], &[1], &[2], &[]] {
            cx.assembled(&quiet_record(), parts);
        }
        let report = cx.into_report();
        assert_eq!((report.summary.records, report.summary.clean_records), (5, 4));
        let severities: Vec<_> = report.findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(severities, [("F104", Severity::Error), ("F106", Severity::Info)]);
    }

    /// A record is not clean even when the finding that says why is beyond the findings kept.
    #[test]
    fn findings_not_kept_still_count_against_their_records() {
        let mut cx = checker(0);
        cx.problem_about(problem(ProblemKind::InvalidPrimitive, "/entry/0/resource/gender"), 0..1);
        cx.assembled(&quiet_record(), &[0]);
        cx.problem(problem(ProblemKind::RaggedRow, ""));
        cx.record(&quiet_record());
        let report = cx.into_report();
        assert_eq!((report.summary.records, report.summary.clean_records), (2, 0));
        assert!(report.summary.truncated);
    }

    /// The checker skips the PHI rules for a record without texts: they read nothing else.
    #[test]
    fn phi_rules_read_only_texts() {
        let csv = "mrn,name,dob,sex,admit_date,principal_dx,note\n\
                   M1,\"Doe, Jane\",1970-01-01,F,2026-03-04,I10,\"Doe: SSN 123-45-6789, MRN M1, born 1970-01-01, jd@x.org\"\n";
        let (records, _) = crate::read_records(csv.as_bytes(), None, &Profile::default());
        let with_texts = records.into_iter().next().unwrap();
        let mut without = with_texts.clone();
        without.texts.clear();
        let tables = Tables::builtin();
        let (mut found_with, mut found_without) = (0, 0);
        for (_, check) in RECORD_RULES.iter().filter(|(meta, _)| meta.family == Family::Phi) {
            let found = |record: &Record| {
                let mut cx =
                    Checker::new(&Profile::default(), jiff::civil::date(2026, 11, 22), tables.clone());
                let cache = RefCell::default();
                check(record, &RecordFacts::new(record, &tables, &cache), &mut cx);
                cx.into_report().findings.len()
            };
            found_with += found(&with_texts);
            found_without += found(&without);
        }
        assert!(found_with >= 3, "{found_with}");
        assert_eq!(found_without, 0);
    }

    /// The problems of a part of the input that makes no record count as an unreadable record
    /// when they are findings, and never against the next record.
    #[test]
    fn recordless_problems() {
        let mut cx = checker(100);
        cx.recordless(vec![problem(ProblemKind::RequiredHl7FieldMissing, "")]);
        cx.recordless(Vec::new());
        cx.record(&quiet_record());
        let report = cx.into_report();
        assert_eq!((report.summary.records, report.summary.clean_records), (2, 1));
    }
}
