//! What checking one piece keeps for the merge beside the piece's report, kept by a [`Sink`]
//! around the [`Checker`]: the checker checks the piece as any input (without the cross-record
//! index), and [`PieceChecker`] notes, from what each call to the checker changed, where each
//! finding stands among the records, which records were clean and each record's cross-record
//! observation.

use crate::codes::Tables;
use crate::formats::sink::{Problem, Sink};
use crate::model::{FieldKind, Record};
use crate::profile::Profile;
use crate::report::{Finding, Report};
use crate::rules::identity::duplicate_encounter::DUPLICATE_ENCOUNTER;
use crate::rules::identity::index::DeferredLog;
use crate::rules::Checker;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// What a piece keeps for the merge, beside its report: the records' cross-record observations
/// (checked only when the pieces are merged, in input order), which records were clean, and
/// where each finding stands among the records.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct PieceLog {
    /// For each kept finding: the records counted before it.
    pub stamps: Vec<u64>,
    /// For each record counted: true when it is not clean (skipped records are never clean).
    pub dirty: Vec<bool>,
    /// The observations of the records with an MRN (each with the records counted before it),
    /// when a cross-record rule runs.
    pub deferred: DeferredLog,
    /// The first finding of a rule reported once per input (the first undecodable byte).
    pub once: Option<OnceFinding>,
    /// Findings after the last record made the next record not clean.
    pub trailing_dirty: bool,
}

/// A finding that only the first piece having one reports.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct OnceFinding {
    /// Kept findings of the piece before it.
    pub position: usize,
    /// Records counted before it; it makes that record not clean.
    pub stamp: u64,
    pub finding: Finding,
}

/// The sink a piece's parser sends to: a checker without the cross-record index, and the log.
pub(crate) struct PieceChecker {
    cx: Checker,
    log: PieceLog,
    /// A cross-record rule runs: records' observations are kept.
    cross_record: bool,
    /// Duplicate encounters are checked: observations keep the encounter keys.
    encounters_on: bool,
}

impl PieceChecker {
    pub(crate) fn new(profile: &Profile, today: Date, tables: Arc<Tables>) -> PieceChecker {
        let mut cx = Checker::new(profile, today, tables);
        let encounters_on = cx.enabled(&DUPLICATE_ENCOUNTER);
        let cross_record = cx.take_index().is_some();
        PieceChecker { cx, log: PieceLog::default(), cross_record, encounters_on }
    }

    pub(crate) fn set_format(&mut self, format: &'static str) {
        self.cx.set_format(format);
    }

    /// The piece's report and log.
    pub(crate) fn finish(mut self) -> (Report, PieceLog) {
        self.log.trailing_dirty = self.cx.next_record_dirty();
        // The log waits for the merge: it gives back what its vectors grew by and do not use.
        self.log.deferred.shrink_to_fit();
        self.log.stamps.shrink_to_fit();
        self.log.dirty.shrink_to_fit();
        (self.cx.into_report(), self.log)
    }

    /// Passes one call on to the checker and logs what it changed: the findings it kept stand
    /// after the records counted before the call; a record it counted is clean when the clean
    /// count grew with it.
    fn track(&mut self, record: Option<&Record>, call: impl FnOnce(&mut Checker)) {
        let before = self.cx.report();
        let (kept, records, clean) =
            (before.findings.len(), before.summary.records, before.summary.clean_records);
        if let Some(record) = record.filter(|_| self.cross_record) {
            self.log.deferred.push(records, record, self.encounters_on);
        }
        call(&mut self.cx);
        let after = self.cx.report();
        let new = after.findings.len() - kept;
        self.log.stamps.extend(std::iter::repeat_n(records, new));
        let (counted, now_clean) = (after.summary.records - records, after.summary.clean_records - clean);
        self.log.dirty.extend((0..counted).map(|i| i >= now_clean));
    }
}

impl Sink for PieceChecker {
    /// A problem a rule reports once per input is kept aside: only the first piece that has one
    /// reports it, at the merge. It makes no record of this piece not clean here.
    fn problem(&mut self, problem: Problem) {
        match self.cx.problem_rule(&problem) {
            Some((rule, severity, true)) => {
                if self.log.once.is_none() {
                    let report = self.cx.report();
                    let (position, stamp) = (report.findings.len(), report.summary.records);
                    let Problem { at, message, value, .. } = problem;
                    let mut finding = Finding::new(rule.id, rule.name, severity, at, message);
                    finding.value = value;
                    self.log.once = Some(OnceFinding { position, stamp, finding });
                }
            }
            _ => self.track(None, |cx| cx.problem(problem)),
        }
    }

    fn problem_about(&mut self, problem: Problem, parts: Range<u32>) {
        self.track(None, |cx| cx.problem_about(problem, parts));
    }

    fn record(&mut self, record: &Record) {
        self.track(Some(record), |cx| cx.record(record));
    }

    fn assembled(&mut self, record: &Record, parts: &[u32]) {
        self.track(Some(record), |cx| cx.assembled(record, parts));
    }

    fn unreadable(&mut self) {
        self.track(None, |cx| cx.unreadable());
    }

    fn recordless(&mut self, problems: Vec<Problem>) {
        self.track(None, |cx| cx.recordless(problems));
    }

    fn no_place_for(&mut self, field: FieldKind) {
        self.cx.no_place_for(field);
    }
}

#[cfg(test)]
mod tests {
    use crate::pieces::{check_piece, split};
    use crate::synth::{generate, Kind};
    use crate::{Profile, Tables};

    /// A CSV piece keeps its records' observations in a few flat vectors: each place a column
    /// number of the record's row, not a location.
    #[test]
    fn a_csv_piece_keeps_its_observations_in_few_bytes_a_record() {
        let bytes = generate(Kind::Csv, 2000, 5);
        let piece = &split(&bytes, None, 1)[0];
        let today = jiff::civil::date(2026, 11, 22);
        let report = check_piece(&bytes, &piece.context, &Profile::default(), today, &Tables::builtin());
        let log = &report.log.deferred;
        assert!(log.len() >= 1900, "{} records kept", log.len());
        let bytes_a_record = log.heap_bytes() / log.len();
        assert!(bytes_a_record <= 200, "{bytes_a_record} bytes a record");
    }
}
