//! The merge in parallel: the cross-record observations of a piece are replayed in several
//! indexes at once, each holding the MRNs of one hash partition (each MRN's records in input
//! order, as the whole-input check sees them). The duplicate-patient check (X404), which
//! compares patients across MRNs, runs after them in stages, each an index of the candidates of
//! some birth-day groups (patients of other groups never match), fed in input order with the
//! events the partitions noted (see `rules/identity/index/deferred.rs`). The findings are then
//! put back in input order: for each record, those of its MRN's checks, its X404 finding, then
//! its duplicate-encounter findings — the order in which one index fed with every record emits
//! them.
//!
//! The partitions' and the stages' replays, and the putting back, are [`ReplayJob`]s the caller
//! runs where it likes (on several threads), one batch a piece: the partitions replay a piece
//! while the stages replay the piece before (whose partition events are all known) and the piece
//! before that (whose findings are all known) is put back into the report, so that the batch has
//! work for every core and no step waits alone between two batches.

use super::found::{Emitted, Found};
use super::put_back::Ready;
use crate::model::Location;
use crate::rules::identity::index::{DeferredLog, Emitter, Later};
use crate::rules::{Checker, CrossRecordIndex, RuleMeta, CROSS_RECORD_RULES};
use std::sync::Arc;

/// Collects what an index emits, for the record being replayed.
struct Collect {
    /// The cross-record rules the profile runs, by id.
    enabled: Arc<[&'static str]>,
    record: u32,
    found: Vec<Emitted>,
}

impl Emitter for Collect {
    fn enabled(&self, rule: &RuleMeta) -> bool {
        self.enabled.contains(&rule.id)
    }

    fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: String) {
        if self.enabled(rule) {
            self.found.push(Emitted { record: self.record, rule, at, message });
        }
    }
}

/// The index of one partition of the MRNs, and what it emitted and noted for the stage.
pub(crate) struct Partition {
    index: CrossRecordIndex,
    out: Collect,
    later: Vec<(u32, Later)>,
}

/// One piece's work for one partition of the MRNs or one duplicate-patient stage: run it (on
/// any thread) with [`ReplayJob::run`].
pub struct ReplayJob<'a>(Job<'a>);

enum Job<'a> {
    /// A partition's records of the piece.
    Mrns {
        partition: &'a mut Partition,
        log: &'a DeferredLog,
        /// The partition's records, by their number in the log.
        records: Vec<u32>,
        /// The log's column names, copied for the thread that runs the job.
        columns: Vec<Arc<str>>,
    },
    /// A stage's events of the piece (in its `events`).
    Duplicates(&'a mut Stage),
    /// A piece whose findings are all known, put into the merged report.
    PutBack { checker: &'a mut Checker, piece: &'a mut Option<(Ready, Found)> },
}

impl ReplayJob<'_> {
    /// Replays the job's records into its partition's index, or its events into its stage's.
    pub fn run(&mut self) {
        match &mut self.0 {
            Job::Mrns { partition: p, log, records, columns } => {
                for &record in records.iter() {
                    let Some((_, d)) = log.get(record as usize, columns) else { continue };
                    p.out.record = record;
                    p.index.replay(&d, &mut p.out);
                    p.later.extend(p.index.take_later().map(|e| (record, e)));
                }
            }
            Job::Duplicates(stage) => {
                for (record, event) in stage.events.drain(..) {
                    stage.out.record = record;
                    stage.index.replay_later(&event, &mut stage.out);
                }
            }
            Job::PutBack { checker, piece } => {
                if let Some((ready, mut found)) = piece.take() {
                    ready.put_back(checker, Some(&mut found));
                }
            }
        }
    }
}

/// An index of duplicate-patient candidates: every MRN, and the patients of some birth-day
/// groups (see [`Later::group`]).
pub(crate) struct Stage {
    index: CrossRecordIndex,
    out: Collect,
    events: Vec<(u32, Later)>,
}

/// The partitions and the duplicate-patient stages of one merge, and the pieces between them.
pub(crate) struct Parallel {
    partitions: Vec<Partition>,
    stages: Vec<Stage>,
    /// The piece whose events the stages hold, with the partitions' findings in record order.
    staged: Option<(Ready, Vec<Emitted>)>,
    /// The piece whose findings are all known, to put back.
    done: Option<(Ready, Found)>,
}

impl Parallel {
    /// `count` partitions and stages reporting what `checker` runs; `None` when it runs no
    /// cross-record rule.
    pub(crate) fn new(checker: &Checker, count: usize) -> Option<Parallel> {
        let enabled: Arc<[&'static str]> =
            CROSS_RECORD_RULES.iter().filter(|r| checker.enabled(r)).map(|r| r.id).collect();
        if enabled.is_empty() {
            return None;
        }
        let collect = || Collect { enabled: Arc::clone(&enabled), record: 0, found: Vec::new() };
        let partitions = (0..count.max(1))
            .map(|_| {
                let mut index = CrossRecordIndex::new();
                index.put_off_duplicates();
                Partition { index, out: collect(), later: Vec::new() }
            })
            .collect();
        let stages = (0..count.max(1))
            .map(|_| Stage { index: CrossRecordIndex::for_duplicates(), out: collect(), events: Vec::new() })
            .collect();
        Some(Parallel { partitions, stages, staged: None, done: None })
    }

    /// Names the input whose records come next, like [`CrossRecordIndex::set_source`].
    pub(crate) fn set_source(&mut self, name: &str) {
        for p in &mut self.partitions {
            p.index.set_source(name);
        }
        for s in &mut self.stages {
            s.index.set_source(name);
        }
    }

    /// True while pieces pushed are not put back yet.
    pub(crate) fn holds_pieces(&self) -> bool {
        self.staged.is_some() || self.done.is_some()
    }

    /// Takes the next piece (moved to its place in the input), or none at the end: one batch of
    /// jobs, run by `run`, replays its records in the partitions, the piece before in the stages,
    /// and puts the piece before that into `checker`'s report.
    pub(crate) fn push(
        &mut self,
        piece: Option<Ready>,
        checker: &mut Checker,
        mut run: impl FnMut(&mut [ReplayJob<'_>]),
    ) {
        let n = self.partitions.len();
        let mut records: Vec<Vec<u32>> = (0..n).map(|_| Vec::new()).collect();
        if let Some(log) = piece.as_ref().map(|p| &p.deferred) {
            for j in 0..log.len() {
                let record = u32::try_from(j).unwrap_or(u32::MAX);
                records[partition(log.mrn(j).as_bytes(), n)].push(record);
            }
        }
        let (staged, mut done) = (self.staged.take(), self.done.take());
        let mut jobs: Vec<ReplayJob> = Vec::new();
        if let Some(log) = piece.as_ref().map(|p| &p.deferred) {
            jobs.extend(self.partitions.iter_mut().zip(records).map(|(partition, records)| {
                ReplayJob(Job::Mrns { partition, log, records, columns: log.own_columns() })
            }));
        }
        if staged.is_some() {
            jobs.extend(self.stages.iter_mut().map(|s| ReplayJob(Job::Duplicates(s))));
        }
        if done.is_some() {
            jobs.push(ReplayJob(Job::PutBack { checker, piece: &mut done }));
        }
        run(&mut jobs);
        drop(jobs);
        if let Some((ready, found)) = staged {
            let mut duplicates: Vec<Emitted> = Vec::new();
            for s in &mut self.stages {
                duplicates.append(&mut s.out.found);
            }
            duplicates.sort_by_key(|e| e.record);
            let found = Found::new(found, duplicates);
            self.done = Some((ready, found));
        }
        let Some(ready) = piece else { return };
        let mut events: Vec<(u32, Later)> = Vec::new();
        let mut found: Vec<Emitted> = Vec::new();
        for p in &mut self.partitions {
            events.append(&mut p.later);
            found.append(&mut p.out.found);
        }
        events.sort_by_key(|(record, _)| *record);
        found.sort_by_key(|e| e.record);
        let s = self.stages.len();
        for (record, event) in events {
            match event.group() {
                Some(group) => self.stages[partition(&group.to_le_bytes(), s)].events.push((record, event)),
                None => {
                    for stage in &mut self.stages {
                        stage.events.push((record, event.clone()));
                    }
                }
            }
        }
        self.staged = Some((ready, found));
    }
}

/// Which of `n` partitions `key` (an MRN, a birth-day group) goes to (a hash apart from the
/// index's own MRN fingerprint).
fn partition(key: &[u8], n: usize) -> usize {
    if n < 2 {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    ((h >> 32) % n as u64) as usize
}
