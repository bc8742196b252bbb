//! The validator: sniffs the format, feeds chunks to its parser and returns the report.

use crate::codes::Tables;
use crate::formats::{Format, Parser};
use crate::profile::Profile;
use crate::report::{Finding, Report};
use crate::rules::{Checker, CrossRecordIndex};
use jiff::civil::Date;
use std::sync::Arc;

/// Bytes held back at most to recognise the format (only these are looked at); parsing starts
/// sooner once more bytes cannot change the guess ([`Format::sniff_decided`]).
const SNIFF_BYTES: usize = crate::formats::SNIFF_BYTES;

/// Validates one input, fed in chunks of any size.
pub struct Validator {
    profile: Profile,
    checker: Checker,
    format: Option<Format>,
    parser: Option<Box<dyn Parser<Checker>>>,
    head: Vec<u8>,
}

impl Validator {
    /// A validator for `profile`, judging "future" dates against today (native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(profile: Profile) -> Validator {
        Validator::with_today(profile, crate::date::today())
    }

    /// A validator from a JSON profile (blank: the default profile), as of today (native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_profile_json(json: &str) -> crate::error::Result<Validator> {
        Ok(Validator::new(Profile::from_json(json)?))
    }

    /// A validator with a fixed "today", for reproducible results, and the built-in tables.
    pub fn with_today(profile: Profile, today: Date) -> Validator {
        Validator::with_tables(profile, today, Tables::builtin())
    }

    /// A validator that looks codes up in `tables` (a set with a loaded release, say).
    pub fn with_tables(profile: Profile, today: Date, tables: Arc<Tables>) -> Validator {
        let checker = Checker::new(&profile, today, tables);
        Validator { profile, checker, format: None, parser: None, head: Vec::new() }
    }

    /// Reads the input as `format` instead of guessing it.
    pub fn set_format(&mut self, format: Format) {
        self.format = Some(format);
    }

    /// Feeds the next chunk of the input.
    pub fn feed(&mut self, chunk: &[u8]) {
        if let Some(parser) = self.parser.as_mut() {
            parser.feed(chunk, &mut self.checker);
            return;
        }
        self.head.extend_from_slice(chunk);
        if self.head.len() >= SNIFF_BYTES || Format::sniff_decided(&self.head) {
            self.start();
        }
    }

    /// Ends the input and returns the report.
    pub fn finish(self) -> Report {
        self.finish_with_index().0
    }

    /// Ends the input and returns the report and the cross-record index, to check the next input
    /// of the same run against it ([`Validator::set_index`]) or to merge it into another
    /// validator's ([`Validator::merge_index`]). The index is `None` when no cross-record rule runs.
    pub fn finish_with_index(mut self) -> (Report, Option<CrossRecordIndex>) {
        if self.parser.is_none() {
            self.start();
        }
        if let Some(parser) = self.parser.as_mut() {
            parser.finish(&mut self.checker);
        }
        let index = self.checker.take_index();
        (self.checker.into_report(), index)
    }

    /// Names this input (a file name) for cross-record messages that point into another input.
    pub fn set_source(&mut self, name: &str) {
        self.checker.set_source(name);
    }

    /// Checks this input as a continuation of earlier ones: its records are compared with the
    /// patients and encounters of `index` (from [`Validator::finish_with_index`]). Call it before
    /// [`Validator::set_source`] and the first [`Validator::feed`].
    pub fn set_index(&mut self, index: CrossRecordIndex) {
        self.checker.set_index(index);
    }

    /// Merges the index of an input checked apart; conflicts between the two are reported as
    /// findings of this validator, located at `other`'s records.
    pub fn merge_index(&mut self, other: CrossRecordIndex) {
        self.checker.merge_index(other);
    }

    /// Findings and counts so far.
    pub fn report(&self) -> &Report {
        self.checker.report()
    }

    /// The findings kept so far, handed over (see [`Report::take_findings`]): the finished
    /// report has only those found after the last take.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        self.checker.report_mut().take_findings()
    }

    fn start(&mut self) {
        let head = &self.head[..self.head.len().min(SNIFF_BYTES)];
        let format = *self.format.get_or_insert_with(|| Format::sniff(head));
        self.checker.set_format(format.name());
        let mut parser = format.parser(&self.profile, self.checker.tables());
        parser.feed(&std::mem::take(&mut self.head), &mut self.checker);
        self.parser = Some(parser);
    }
}

/// Parses a whole input into records (the format sniffed unless given), with the report of
/// checking them as of today: for tests and tools that want to see what a file maps to (native
/// only; [`read_records_on`] takes the date).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_records(
    bytes: &[u8],
    format: Option<Format>,
    profile: &Profile,
) -> (Vec<crate::model::Record>, Report) {
    read_records_on(bytes, format, profile, crate::date::today())
}

/// [`read_records`] with the report's "today" given (and the built-in tables).
pub fn read_records_on(
    bytes: &[u8],
    format: Option<Format>,
    profile: &Profile,
    today: Date,
) -> (Vec<crate::model::Record>, Report) {
    let tables = Tables::builtin();
    let mut cx = Checker::new(profile, today, Arc::clone(&tables));
    cx.keep_records();
    let format = format.unwrap_or_else(|| Format::sniff(bytes));
    cx.set_format(format.name());
    let mut parser = format.parser(profile, &tables);
    parser.feed(bytes, &mut cx);
    parser.finish(&mut cx);
    let records = cx.take_records();
    (records, cx.into_report())
}

/// Validates a whole input at once.
pub fn validate(bytes: &[u8], profile: Profile, today: Date) -> Report {
    let mut v = Validator::with_today(profile, today);
    v.feed(bytes);
    v.finish()
}
