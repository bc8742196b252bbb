//! A run of several inputs checked one after the other as one: each file is fed through its own
//! [`Validator`] while the cross-record index goes from each file to the next, so that conflicts
//! between files (an MRN with two birth dates, a patient twice under two MRNs) are reported as
//! `recordlint check a.csv b.csv c.hl7` reports them.

use crate::codes::Tables;
use crate::formats::Format;
use crate::profile::Profile;
use crate::report::{Report, Summary};
use crate::rules::CrossRecordIndex;
use crate::validator::Validator;
use jiff::civil::Date;
use std::sync::Arc;

/// Several files checked in turn as one run, fed in chunks.
pub struct Run {
    profile: Profile,
    today: Date,
    tables: Arc<Tables>,
    format: Option<Format>,
    index: Option<CrossRecordIndex>,
    current: Option<Validator>,
    /// The counts of the files ended so far.
    ended: Summary,
}

impl Run {
    /// A run with `profile` and the code `tables`, judging "future" dates against `today`.
    pub fn new(profile: Profile, today: Date, tables: Arc<Tables>) -> Run {
        Run { profile, today, tables, format: None, index: None, current: None, ended: Summary::default() }
    }

    /// Reads every file as `format` instead of guessing each one's.
    pub fn set_format(&mut self, format: Format) {
        self.format = Some(format);
    }

    /// Starts the next file, named `name` (as the user gave it) in cross-file messages; a file
    /// still open is ended first and its report dropped.
    pub fn begin(&mut self, name: &str) {
        if self.current.is_some() {
            self.end_file();
        }
        let mut validator =
            Validator::with_tables(self.profile.clone(), self.today, Arc::clone(&self.tables));
        if let Some(format) = self.format {
            validator.set_format(format);
        }
        if let Some(index) = self.index.take() {
            validator.set_index(index);
        }
        validator.set_source(name);
        self.current = Some(validator);
    }

    /// Feeds the next chunk of the open file; `false` when no file is open.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        match self.current.as_mut() {
            Some(validator) => {
                validator.feed(chunk);
                true
            }
            None => false,
        }
    }

    /// Ends the open file and returns its report (`None` when no file is open); the next file is
    /// checked against its patients and encounters.
    pub fn end_file(&mut self) -> Option<Report> {
        let (report, index) = self.current.take()?.finish_with_index();
        self.index = index;
        self.ended.add(&report.summary);
        Some(report)
    }

    /// The open file's findings and counts so far.
    pub fn current(&self) -> Option<&Report> {
        self.current.as_ref().map(Validator::report)
    }

    /// The counts of the whole run so far: the files ended and the open one.
    pub fn summary(&self) -> Summary {
        let mut total = self.ended.clone();
        if let Some(report) = self.current() {
            total.add(&report.summary);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATIENTS: &[u8] = b"mrn,patient_name,dob,sex\n1001,\"Doe, Jane\",1980-02-01,F\n";
    const VISITS: &[u8] = b"mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx\n\
        1001,\"Doe, Jane\",1981-02-01,F,2026-03-04,2026-03-06,E11.9\n";

    #[test]
    fn files_are_checked_against_the_earlier_ones() {
        let today = jiff::civil::date(2026, 11, 22);
        let mut run = Run::new(Profile::default(), today, Tables::builtin());
        run.begin("patients.csv");
        // Fed in two chunks that split a row.
        assert!(run.feed(&PATIENTS[..30]));
        assert!(run.feed(&PATIENTS[30..]));
        let first = run.end_file().expect("a file was open");
        run.begin("visits.csv");
        assert!(run.feed(VISITS));
        let second = run.end_file().expect("a file was open");
        assert!(run.end_file().is_none());
        assert!(!run.feed(b"x"));
        assert!(
            second.findings.iter().any(|f| f.message.contains("patients.csv")),
            "a conflict with the first file names it: {:?}",
            second.findings
        );
        let alone = crate::validate(VISITS, Profile::default(), today);
        assert!(second.findings.len() > alone.findings.len());
        let mut both = first.summary.clone();
        both.add(&second.summary);
        assert_eq!(run.summary(), both);
    }
}
