//! A merged piece put into the report of the whole input: its own findings and its records'
//! cross-record findings in input order, then its counts.

use super::found::Found;
use crate::report::{Finding, Summary};
use crate::rules::identity::index::DeferredLog;
use crate::rules::Checker;

/// A piece moved to its place in the input (rows and messages renumbered), ready to be put back.
pub(crate) struct Ready {
    pub format: &'static str,
    /// The piece's own findings, each with the records counted before it.
    pub findings: Vec<(u64, Finding)>,
    /// For each record counted: true when it is not clean.
    pub dirty: Vec<bool>,
    /// The counts of what the findings do not count.
    pub uncounted: Summary,
    /// The records' cross-record observations.
    pub deferred: DeferredLog,
}

impl Ready {
    /// Puts the piece into `checker`'s report: its findings in input order, each record's
    /// cross-record findings taken from `found` (checked in parallel) or checked against
    /// `checker`'s own index; then its counts.
    pub(crate) fn put_back(self, checker: &mut Checker, mut found: Option<&mut Found>) {
        let Ready { format, findings, mut dirty, mut uncounted, deferred } = self;
        checker.set_format(format);
        let mut findings = findings.into_iter().peekable();
        for j in 0..deferred.len() {
            let Some((k, d)) = deferred.get(j, deferred.columns()) else { break };
            while let Some((_, f)) = findings.next_if(|(stamp, _)| *stamp <= k) {
                checker.push_finding(f);
            }
            let unclean = match found.as_mut() {
                Some(found) => checker.replay_with(d.mrn(), |cx| found.emit(j, cx)),
                None => checker.replay(&d),
            };
            if let Some(dirty) = dirty.get_mut(k as usize).filter(|_| unclean) {
                *dirty = true;
            }
        }
        for (_, f) in findings {
            checker.push_finding(f);
        }
        uncounted.records = dirty.len() as u64;
        uncounted.clean_records = dirty.iter().filter(|d| !**d).count() as u64;
        checker.add_counts(&uncounted);
    }
}
