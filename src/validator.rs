//! The validator: sniffs the format, feeds chunks to its parser and returns the report.

use crate::error::Result;
use crate::formats::{Format, Parser};
use crate::profile::Profile;
use crate::report::Report;
use crate::rules::Checker;
use jiff::civil::Date;

/// Bytes held back at most to recognise the format; parsing starts sooner at the first line end.
const SNIFF_BYTES: usize = 512;

/// Validates one input, fed in chunks of any size.
pub struct Validator {
    profile: Profile,
    checker: Checker,
    format: Option<Format>,
    parser: Option<Box<dyn Parser>>,
    head: Vec<u8>,
}

impl Validator {
    /// A validator for `profile`, judging "future" dates against today.
    pub fn new(profile: Profile) -> Validator {
        Validator::with_today(profile, crate::date::today())
    }

    /// A validator from a JSON profile (blank: the default profile).
    pub fn from_profile_json(json: &str) -> Result<Validator> {
        Ok(Validator::new(Profile::from_json(json)?))
    }

    /// A validator with a fixed "today", for reproducible results.
    pub fn with_today(profile: Profile, today: Date) -> Validator {
        let checker = Checker::new(&profile, today);
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
        if self.head.len() >= SNIFF_BYTES || self.head.contains(&b'\n') {
            self.start();
        }
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Report {
        if self.parser.is_none() {
            self.start();
        }
        if let Some(parser) = self.parser.as_mut() {
            parser.finish(&mut self.checker);
        }
        self.checker.into_report()
    }

    /// Findings and counts so far.
    pub fn report(&self) -> &Report {
        self.checker.report()
    }

    fn start(&mut self) {
        let format = *self.format.get_or_insert_with(|| Format::sniff(&self.head));
        self.checker.set_format(format.name());
        let mut parser = format.parser(&self.profile);
        parser.feed(&std::mem::take(&mut self.head), &mut self.checker);
        self.parser = Some(parser);
    }
}

/// Validates a whole input at once.
pub fn validate(bytes: &[u8], profile: Profile, today: Date) -> Report {
    let mut v = Validator::with_today(profile, today);
    v.feed(bytes);
    v.finish()
}
