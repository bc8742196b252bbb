//! One input through the pieces, without I/O or threads: bytes in, pieces out as soon as their
//! end is known; piece reports in, in any order, merged in input order into the report of the
//! whole input. The caller reads the input and checks the pieces wherever it likes (rayon in the
//! CLI, Web Workers in the page); everything else about pieces happens here.
//!
//! ```
//! use recordlint_core::{pieces::Pipeline, validate, Profile, Tables};
//! let csv = b"mrn,dob,admit_date,discharge_date\n1,1980-01-02,2026-03-04,2026-03-01\n\
//!             1,1981-01-02,2026-04-04,2026-04-05\n";
//! let today = jiff::civil::date(2026, 11, 22);
//! let profile = Profile::default();
//! let mut pipeline = Pipeline::new(None, csv.len() as u64, 2, &profile, today, Tables::builtin()).holding_bytes();
//! let mut pieces = Vec::new();
//! for chunk in csv.chunks(16) {
//!     pieces.extend(pipeline.feed(chunk));
//! }
//! pieces.extend(pipeline.end_input());
//! // Checked in any order (on other threads), merged in input order.
//! for piece in pieces.iter().rev() {
//!     let report = pipeline.check(piece).unwrap();
//!     pipeline.push(piece.context.number, report);
//! }
//! assert!(pipeline.done());
//! assert_eq!(pipeline.finish(), validate(csv, profile, today));
//! ```

use super::{check_piece, Merger, Piece, PieceReport, Splitter};
use crate::codes::Tables;
use crate::formats::Format;
use crate::profile::Profile;
use crate::report::Report;
use crate::rules::CrossRecordIndex;
use jiff::civil::Date;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// Splits one input into pieces while it is fed, and merges the pieces' reports.
pub struct Pipeline {
    profile: Profile,
    today: Date,
    tables: Arc<Tables>,
    /// `None` once the input has ended.
    splitter: Option<Splitter>,
    splittable: Option<bool>,
    merger: Merger,
    /// The input from byte `base` on, when the pipeline holds the bytes of its pieces until
    /// they are merged ([`Pipeline::holding_bytes`]).
    held: Option<Vec<u8>>,
    base: u64,
    /// The end bytes of the pieces handed out and not merged yet, in input order.
    ends: VecDeque<u64>,
    /// Reports of pieces that came before the report of a piece before them.
    waiting: BTreeMap<usize, PieceReport>,
    /// Pieces handed out, pieces merged, and the input's bytes the merged pieces cover.
    handed: usize,
    merged: usize,
    merged_bytes: u64,
}

impl Pipeline {
    /// A pipeline for an input of `total` bytes (of `format`, sniffed from its head when
    /// `None`), cut into at most `count` pieces, each checked with `profile` as of `today`, its
    /// codes looked up in `tables`.
    pub fn new(
        format: Option<Format>,
        total: u64,
        count: usize,
        profile: &Profile,
        today: Date,
        tables: Arc<Tables>,
    ) -> Pipeline {
        Pipeline {
            profile: profile.clone(),
            today,
            tables: Arc::clone(&tables),
            splitter: Some(Splitter::new(format, total, count)),
            splittable: None,
            merger: Merger::new(profile, today, tables),
            held: None,
            base: 0,
            ends: VecDeque::new(),
            waiting: BTreeMap::new(),
            handed: 0,
            merged: 0,
            merged_bytes: 0,
        }
    }

    /// Keeps the bytes fed until the pieces they belong to are merged, for
    /// [`Pipeline::bytes`] and [`Pipeline::check`]. Without it the caller finds a piece's bytes
    /// itself (the page's pool workers read them from the file).
    pub fn holding_bytes(mut self) -> Pipeline {
        self.held = Some(Vec::new());
        self
    }

    /// Continues a run of several inputs, like [`crate::Validator::set_index`].
    pub fn set_index(&mut self, index: CrossRecordIndex) {
        self.merger.set_index(index);
    }

    /// Names the input, like [`crate::Validator::set_source`].
    pub fn set_source(&mut self, name: &str) {
        self.merger.set_source(name);
    }

    /// Feeds the next bytes of the input: the pieces whose end is now known, in input order.
    /// Bytes fed after [`Pipeline::end_input`] are ignored.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Piece> {
        let Some(splitter) = self.splitter.as_mut() else { return Vec::new() };
        if let Some(held) = self.held.as_mut() {
            held.extend_from_slice(chunk);
        }
        splitter.feed(chunk);
        self.splittable = splitter.splittable();
        let ready = splitter.ready();
        self.hand(ready)
    }

    /// Ends the input: the pieces not handed out yet, the last one marked as the last.
    pub fn end_input(&mut self) -> Vec<Piece> {
        let Some(splitter) = self.splitter.take() else { return Vec::new() };
        let pieces = splitter.finish();
        self.splittable = Some(self.handed + pieces.len() > 1);
        self.hand(pieces)
    }

    fn hand(&mut self, pieces: Vec<Piece>) -> Vec<Piece> {
        self.ends.extend(pieces.iter().map(|p| p.range.end as u64));
        self.handed += pieces.len();
        pieces
    }

    /// Whether the input is cut, once its head has been read: `Some(false)` for an input that
    /// stays one piece (FHIR JSON, not text), better validated as one stream.
    pub fn splittable(&self) -> Option<bool> {
        self.splittable
    }

    /// A piece's bytes, when the pipeline holds them and the piece is not merged yet.
    pub fn bytes(&self, piece: &Piece) -> Option<&[u8]> {
        let held = self.held.as_ref()?;
        let start = usize::try_from((piece.range.start as u64).checked_sub(self.base)?).ok()?;
        held.get(start..start.checked_add(piece.range.len())?)
    }

    /// Checks a piece whose bytes the pipeline holds (`None`: it does not); it takes `&self`, so
    /// pieces can be checked on several threads at once.
    pub fn check(&self, piece: &Piece) -> Option<PieceReport> {
        Some(check_piece(self.bytes(piece)?, &piece.context, &self.profile, self.today, &self.tables))
    }

    /// Adds the report of piece `number` (checked from its context), in any order: each report
    /// is merged once the reports of the pieces before it are. A piece pushed twice counts once.
    pub fn push(&mut self, number: usize, report: PieceReport) {
        if number < self.merged {
            return;
        }
        self.waiting.insert(number, report);
        while let Some(report) = self.waiting.remove(&self.merged) {
            self.merger.push(report);
            self.merged += 1;
            if let Some(end) = self.ends.pop_front() {
                self.merged_bytes = end;
            }
        }
        if let Some(held) = self.held.as_mut() {
            let done = usize::try_from(self.merged_bytes.saturating_sub(self.base)).unwrap_or(usize::MAX);
            let done = done.min(held.len());
            held.drain(..done);
            self.base += done as u64;
        }
    }

    /// Pieces merged so far.
    pub fn merged(&self) -> usize {
        self.merged
    }

    /// Bytes of the input the merged pieces cover (for progress).
    pub fn merged_bytes(&self) -> u64 {
        self.merged_bytes
    }

    /// True once the input has ended and every piece is merged.
    pub fn done(&self) -> bool {
        self.splitter.is_none() && self.merged == self.handed
    }

    /// Findings and counts of the pieces merged so far.
    pub fn report(&self) -> &Report {
        self.merger.report()
    }

    /// The report of the whole input (of the pieces merged, if called before [`Pipeline::done`]).
    pub fn finish(self) -> Report {
        self.merger.finish()
    }

    /// The report and the cross-record index, like [`crate::Validator::finish_with_index`].
    pub fn finish_with_index(self) -> (Report, Option<CrossRecordIndex>) {
        self.merger.finish_with_index()
    }
}
