//! Input formats: each parses bytes, fed in chunks of any size, into records for the checker and
//! reports its own structural problems as findings.

pub mod columns;
pub mod csv;
pub mod text;

use crate::profile::Profile;
use crate::rules::Checker;
use serde::{Deserialize, Serialize};

/// A parser fed with chunks of any size (a chunk may end mid-row).
pub trait Parser {
    /// Parses as much of `chunk` as completes records, keeping the rest for the next call.
    fn feed(&mut self, chunk: &[u8], cx: &mut Checker);
    /// Parses what is left at the end of the input.
    fn finish(&mut self, cx: &mut Checker);
}

/// Input formats recordlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
}

impl Format {
    /// The lowercase name (`csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
        }
    }

    /// Guesses the format from the first bytes of the input.
    pub fn sniff(_head: &[u8]) -> Format {
        Format::Csv
    }

    /// A parser of this format for `profile`.
    pub fn parser(self, profile: &Profile) -> Box<dyn Parser> {
        match self {
            Format::Csv => Box::new(csv::CsvParser::new(profile)),
        }
    }
}
