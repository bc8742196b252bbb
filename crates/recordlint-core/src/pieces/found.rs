//! The cross-record findings a parallel merge found for a piece's records, handed back record by
//! record in the order one index would have emitted them.

use crate::model::Location;
use crate::rules::identity::duplicate_encounter::DUPLICATE_ENCOUNTER;
use crate::rules::{Checker, RuleMeta};

/// A finding an index emitted about a record of the piece (by its number among the piece's
/// deferred records).
pub(crate) struct Emitted {
    pub record: u32,
    pub rule: &'static RuleMeta,
    pub at: Location,
    pub message: String,
}

/// A piece's cross-record findings from the partitions and from the duplicate-patient stage,
/// each in record order.
pub(crate) struct Found {
    found: std::iter::Peekable<std::vec::IntoIter<Emitted>>,
    duplicates: std::iter::Peekable<std::vec::IntoIter<Emitted>>,
}

impl Found {
    /// The findings of the partitions and of the duplicate-patient stage, each in record order.
    pub(crate) fn new(found: Vec<Emitted>, duplicates: Vec<Emitted>) -> Found {
        Found { found: found.into_iter().peekable(), duplicates: duplicates.into_iter().peekable() }
    }

    /// Reports record `record`'s findings to `cx` in the order one index emits them (records
    /// asked for in increasing order).
    pub(crate) fn emit(&mut self, record: usize, cx: &mut Checker) {
        let record = u32::try_from(record).unwrap_or(u32::MAX);
        let mine = |e: &Emitted| e.record == record;
        while let Some(e) = self.found.next_if(|e| mine(e) && e.rule.id != DUPLICATE_ENCOUNTER.id) {
            cx.emit(e.rule, e.at, e.message);
        }
        while let Some(e) = self.duplicates.next_if(mine) {
            cx.emit(e.rule, e.at, e.message);
        }
        while let Some(e) = self.found.next_if(mine) {
            cx.emit(e.rule, e.at, e.message);
        }
    }
}
