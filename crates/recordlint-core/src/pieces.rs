//! Pieces: one large input split where its format allows independent pieces, each piece checked
//! apart (on another core, in another Web Worker), and the pieces' reports merged into exactly
//! the report of checking the input whole — the same findings in the same order, the same
//! summary, the same truncation at `max_findings`, cross-record findings between pieces included.
//!
//! ```
//! use recordlint_core::{pieces, validate, Profile, Tables};
//! let csv = b"mrn,dob,admit_date,discharge_date\n1,1980-01-02,2026-03-04,2026-03-01\n\
//!             1,1981-01-02,2026-04-04,2026-04-05\n";
//! let today = jiff::civil::date(2026, 11, 22);
//! let tables = Tables::builtin();
//! let mut merger = pieces::Merger::new(&Profile::default(), today, tables.clone());
//! for piece in pieces::split(csv, None, 2) {
//!     let bytes = &csv[piece.range.clone()];
//!     merger.push(pieces::check_piece(bytes, &piece.context, &Profile::default(), today, &tables));
//! }
//! assert_eq!(merger.finish(), validate(csv, Profile::default(), today));
//! ```
//!
//! Where inputs split:
//! - **CSV** at the end of a row (a line end outside quoted fields, read as csv-core reads
//!   them); every piece after the first is given the header record in its context.
//! - **HL7 v2** before each MSH segment (at the start of a line).
//! - **FHIR JSON** stays one piece: NDJSON resources refer to each other across lines (an
//!   Encounter to its Patient) and are mapped into records at the end of the input, and a Bundle
//!   is one JSON document.
//!
//! How the merge stays exact: a piece runs every record rule, but keeps each record's
//! cross-record observation (MRN, birth date, name, dates, encounter keys) instead of checking
//! it; the [`Merger`] replays the observations in input order into one index, putting each
//! cross-record finding where the whole-input check puts it, and renumbers rows (CSV) and
//! messages (HL7) by the pieces before. Line numbers are known when splitting and given in the
//! [`PieceContext`]. Findings a rule reports once per input (the first undecodable byte) are
//! reported by the first piece that has one. A merge [in parallel](Merger::in_parallel) replays
//! the observations in several indexes, one per partition of the MRNs, on the caller's threads
//! (`parallel.rs`).
//!
//! The piece's checker is an ordinary [`Checker`] behind a sink of this module (`log.rs`) that
//! logs what the merge needs; the checker knows nothing of pieces beyond the merge's own calls.
//! [`Pipeline`] puts splitting, checking and merging of one input together: bytes in, pieces
//! out, piece reports in (in any order), the merged report out.
//!
//! No threads here (the core also runs in wasm): callers bring the parallelism — rayon in the
//! CLI, a pool of Web Workers in the page. A piece's memory is bounded by its size.

use crate::codes::Tables;
use crate::formats::csv::CsvParser;
use crate::formats::hl7v2::Hl7Parser;
use crate::formats::{Format, Parser};
use crate::model::Location;
use crate::profile::Profile;
use crate::report::{Report, Severity};
use crate::rules::{Checker, CrossRecordIndex};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

mod found;
mod log;
mod parallel;
mod pipeline;
mod put_back;
mod splitter;
use log::{PieceChecker, PieceLog};
use parallel::Parallel;
pub use parallel::ReplayJob;
pub use pipeline::Pipeline;
use put_back::Ready;
pub use splitter::Splitter;

/// Bytes of a CSV piece fed to its parser before the rest (more than the parser reads to sniff
/// the input).
const HEAD_BYTES: usize = 64 * 1024;

/// Where a piece sits in its input, and what of the input before it the piece needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PieceContext {
    pub format: Format,
    /// The piece's number, from 0.
    pub number: usize,
    /// True for the piece that ends the input.
    pub last: bool,
    /// Bytes of the input before the piece.
    pub byte: u64,
    /// The file line the piece starts on (1-based).
    pub line: u64,
    /// CSV: the input's header record as written (with its byte order mark, if any), which every
    /// piece after the first reads first. Empty for other formats and for the first piece.
    pub header: Vec<u8>,
}

/// A piece of an input: its bytes and its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub context: PieceContext,
}

/// Splits `bytes` (one whole input, of `format`, sniffed when `None`) into at most `count`
/// pieces of about equal size, cut where the format allows (see [`Splitter`]). An input that is
/// not text, or that cannot be cut, is one piece.
pub fn split(bytes: &[u8], format: Option<Format>, count: usize) -> Vec<Piece> {
    let mut splitter = Splitter::new(format, bytes.len() as u64, count);
    splitter.feed(bytes);
    splitter.finish()
}

/// A checked piece, to be merged with the others by a [`Merger`]. It crosses between threads as
/// it is and between Web Workers as JSON ([`PieceReport::to_json`], [`PieceReport::from_json`]).
#[derive(Debug, Serialize, Deserialize)]
pub struct PieceReport {
    format: Format,
    report: Report,
    log: PieceLog,
    /// CSV rows read (the header copy included), HL7 messages begun.
    units: u64,
    /// The input is not what its format needs (binary): the pieces after this one are ignored.
    stopped: bool,
}

impl PieceReport {
    /// The piece's own report: its findings (rows and messages numbered within the piece,
    /// cross-record findings not yet checked) and counts.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The piece report as JSON, to send to the worker that merges.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A piece report from [`PieceReport::to_json`]; text that is not one is an error.
    pub fn from_json(json: &str) -> crate::Result<PieceReport> {
        serde_json::from_str(json).map_err(|e| crate::Error::usage(format!("not a piece report: {e}")))
    }
}

/// Checks one piece: `bytes` are the piece's (`&input[piece.range]`), its codes looked up in
/// `tables`.
pub fn check_piece(
    bytes: &[u8],
    context: &PieceContext,
    profile: &Profile,
    today: Date,
    tables: &Arc<Tables>,
) -> PieceReport {
    let mut cx = PieceChecker::new(profile, today, Arc::clone(tables));
    cx.set_format(context.format.name());
    let first = context.number == 0;
    let (units, stopped) = match context.format {
        Format::Csv => {
            let mut parser =
                CsvParser::for_piece(profile, Arc::clone(tables), first, context.last, context.line - 1);
            if !first {
                parser.feed(&context.header, &mut cx);
            }
            // The parser holds what it is fed until it has seen the input's head: fed its first
            // bytes apart, it reads the rest where it lies instead of copying the piece.
            let (head, rest) = bytes.split_at(bytes.len().min(HEAD_BYTES));
            parser.feed(head, &mut cx);
            parser.feed(rest, &mut cx);
            parser.finish(&mut cx);
            (parser.rows(), parser.stopped())
        }
        Format::Hl7v2 => {
            let mut parser = Hl7Parser::for_piece(profile, first, context.last, context.line);
            parser.feed(bytes, &mut cx);
            parser.finish(&mut cx);
            (u64::from(parser.messages()), parser.stopped())
        }
        Format::Fhir => {
            let mut parser = context.format.parser(profile, tables);
            parser.feed(bytes, &mut cx);
            parser.finish(&mut cx);
            (0, false)
        }
    };
    let (report, log) = cx.finish();
    PieceReport { format: context.format, report, log, units, stopped }
}

/// Merges the reports of one input's pieces, pushed in input order, into the report of the
/// whole input.
pub struct Merger {
    checker: Checker,
    /// Rows (CSV) and messages (HL7) of the pieces merged so far.
    rows: u64,
    messages: u32,
    once_reported: bool,
    /// Findings after the last record of the previous piece make the next record not clean.
    carry_dirty: bool,
    stopped: bool,
    /// The merge in parallel, when asked for ([`Merger::in_parallel`]).
    parallel: Option<Parallel>,
}

impl Merger {
    /// A merger of pieces checked with `profile` as of `today` by `tables`.
    pub fn new(profile: &Profile, today: Date, tables: Arc<Tables>) -> Merger {
        Merger {
            checker: Checker::new(profile, today, tables),
            rows: 0,
            messages: 0,
            once_reported: false,
            carry_dirty: false,
            stopped: false,
            parallel: None,
        }
    }

    /// Makes the merge replay the cross-record observations in `partitions` indexes at once,
    /// each holding the MRNs of one hash partition, as [`ReplayJob`]s run by the caller of
    /// [`Merger::push_with`] (on several threads); the report stays the same. Such a merge has
    /// no index to hand on ([`Merger::finish_with_index`] gives none), and continuing a run
    /// ([`Merger::set_index`]) makes it one index again. Before the first piece only.
    pub fn in_parallel(mut self, partitions: usize) -> Merger {
        self.parallel = Parallel::new(&self.checker, partitions);
        self
    }

    /// Continues a run of several inputs, like [`crate::Validator::set_index`].
    pub fn set_index(&mut self, index: CrossRecordIndex) {
        self.flush();
        self.parallel = None;
        self.checker.set_index(index);
    }

    /// Names the input, like [`crate::Validator::set_source`].
    pub fn set_source(&mut self, name: &str) {
        self.flush();
        self.checker.set_source(name);
        if let Some(parallel) = self.parallel.as_mut() {
            parallel.set_source(name);
        }
    }

    /// Adds the next piece's report.
    pub fn push(&mut self, piece: PieceReport) {
        self.push_with(piece, |jobs| jobs.iter_mut().for_each(ReplayJob::run));
    }

    /// Adds the next piece's report; in a merge [in parallel](Merger::in_parallel), `run` runs
    /// each batch of jobs it is given (all of them, on any threads) before it returns. A merge in
    /// parallel puts a piece into the report two pieces later (or at [`Merger::flush_with`]):
    /// each batch replays one piece in the MRN partitions, the piece before in the
    /// duplicate-patient stages, and puts the one before that back.
    pub fn push_with(&mut self, piece: PieceReport, run: impl FnMut(&mut [ReplayJob<'_>])) {
        if self.stopped {
            return;
        }
        let ready = self.prepare(piece);
        match self.parallel.as_mut() {
            Some(parallel) => parallel.push(Some(ready), &mut self.checker, run),
            None => ready.put_back(&mut self.checker, None),
        }
    }

    /// Puts the pieces a merge in parallel still holds into the report, running their jobs
    /// with `run` (as [`Merger::push_with`]).
    pub fn flush_with(&mut self, mut run: impl FnMut(&mut [ReplayJob<'_>])) {
        if let Some(parallel) = self.parallel.as_mut() {
            while parallel.holds_pieces() {
                parallel.push(None, &mut self.checker, &mut run);
            }
        }
    }

    fn flush(&mut self) {
        self.flush_with(|jobs| jobs.iter_mut().for_each(ReplayJob::run));
    }

    /// Moves a piece to its place in the input: renumbers its rows (CSV) or messages (HL7),
    /// reports the once-per-input finding if no piece before did, and carries a record's
    /// uncleanness over from the piece before.
    fn prepare(&mut self, piece: PieceReport) -> Ready {
        let PieceReport { format, report, log, units, stopped } = piece;
        let (rows, messages) = (self.rows, self.messages);
        let shift = move |at: &mut Location| match at {
            Location::Csv { row, .. } => *row += rows,
            Location::Hl7 { message, .. } => *message += messages,
            _ => {}
        };
        let uncounted = report.uncounted();
        let mut dirty = log.dirty;
        if self.carry_dirty {
            if let Some(d) = dirty.first_mut() {
                *d = true;
                self.carry_dirty = false;
            }
        }
        let mut findings: Vec<_> = log.stamps.into_iter().zip(report.findings).collect();
        if let Some(once) = log.once.filter(|_| !self.once_reported) {
            self.once_reported = true;
            if once.finding.severity > Severity::Info {
                match dirty.get_mut(once.stamp as usize) {
                    Some(d) => *d = true,
                    None => self.carry_dirty = true,
                }
            }
            findings.insert(once.position.min(findings.len()), (once.stamp, once.finding));
        }
        for (_, f) in &mut findings {
            shift(&mut f.location);
        }
        let mut deferred = log.deferred;
        deferred.relocate(shift);
        self.carry_dirty |= log.trailing_dirty;
        match format {
            Format::Csv => self.rows += units.saturating_sub(1),
            Format::Hl7v2 => {
                self.messages = self.messages.saturating_add(u32::try_from(units).unwrap_or(u32::MAX))
            }
            Format::Fhir => {}
        }
        self.stopped = stopped;
        Ready { format: format.name(), findings, dirty, uncounted, deferred }
    }

    /// Findings and counts of the pieces merged so far (in a merge in parallel, not of the last
    /// two pieces pushed: see [`Merger::push_with`]).
    pub fn report(&self) -> &Report {
        self.checker.report()
    }

    /// The report of the whole input.
    pub fn finish(self) -> Report {
        self.finish_with_index().0
    }

    /// The report and the cross-record index, like [`crate::Validator::finish_with_index`].
    pub fn finish_with_index(mut self) -> (Report, Option<CrossRecordIndex>) {
        self.flush();
        let index = self.checker.take_index().filter(|_| self.parallel.is_none());
        (self.checker.into_report(), index)
    }
}

/// Splits `bytes` into `count` pieces, checks them one after the other (with the built-in tables)
/// and merges them: what a caller with threads does in parallel (for tests and as the reference).
pub fn validate_in_pieces(
    bytes: &[u8],
    format: Option<Format>,
    count: usize,
    profile: &Profile,
    today: Date,
) -> Report {
    let tables = Tables::builtin();
    let mut pipeline = Pipeline::new(format, bytes.len() as u64, count, profile, today, Arc::clone(&tables));
    let mut pieces = pipeline.feed(bytes);
    pieces.extend(pipeline.end_input());
    for piece in pieces {
        let report = check_piece(&bytes[piece.range.clone()], &piece.context, profile, today, &tables);
        pipeline.push(piece.context.number, report);
    }
    pipeline.finish()
}
