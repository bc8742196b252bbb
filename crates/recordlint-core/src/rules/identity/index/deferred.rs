//! Records checked against the index later than they were read: a piece of an input checked
//! apart keeps its records' observations in a [`DeferredLog`], and the merge replays them in
//! input order (see `crate::pieces`).
//!
//! The log is a few flat vectors, not a value per record: per record one fixed-size [`Kept`]
//! (dates, sex, encounter keys, places as numbers), the MRNs and names in one text, and the
//! places as the record's CSV row and line with a column id (into the piece's column names), or
//! else an index into the places kept whole (HL7 paths, JSON pointers). A [`Deferred`] is one
//! record read back from it; [`Location`]s are made again only when it is replayed.
//!
//! A merge in parallel holds the MRNs in several indexes (each MRN in one), so that each replays
//! its records on its own core; the duplicate-patient check (X404), which compares patients of
//! any MRN by birth date and name, is put off: such an index notes [`Later`] when a patient
//! becomes matchable or its sex becomes known, and more indexes, each fed in input order by
//! [`CrossRecordIndex::replay_later`] with the events of some birth-day groups ([`Later::group`]),
//! hold the candidates of every MRN and make the X404 findings — the findings one index fed with
//! every record makes.

use super::records::{Records, Spot};
use super::{dup_enc, transpose, CrossRecordIndex, Emitter, Observation};
use crate::model::{Location, Record};
use crate::rules::identity::mrn_sex_conflict::Sex;
use crate::rules::identity::patients::{date, day};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// A place that is its record's CSV row as a whole.
const ROW: u32 = u32::MAX;
/// Marks a place that is a column of its record's CSV row (the column's id in the low bits).
const COLUMN: u32 = 1 << 31;

/// The cross-record observations of a piece's records (those with an MRN), in input order:
/// kept by a piece checked apart until the pieces before it are in the index.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DeferredLog {
    kept: Vec<Kept>,
    /// The MRNs and names, one after the other.
    text: String,
    /// The names of the CSV columns that places refer to, by id.
    columns: Vec<Arc<str>>,
    /// The places that are not their record's CSV row or one of its columns.
    places: Vec<Location>,
}

/// One record's observation; a place is [`ROW`], [`COLUMN`] with a column id, or an index into
/// [`DeferredLog::places`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Kept {
    /// Records the piece counted before this one.
    counted: u64,
    /// The record's CSV row and line, when its place is [`ROW`].
    row: u64,
    line: u64,
    at: u32,
    /// The MRN at `text[start..]`, then the name (none when empty).
    start: u64,
    mrn_len: u32,
    name_len: u32,
    name_at: u32,
    sex: Option<(Sex, u32)>,
    birth: Option<(Date, u32)>,
    death: Option<(Date, u32)>,
    expired: Option<(Date, u32)>,
    admit: Option<(Date, u32)>,
    /// The duplicate-encounter keys (none when that rule is off).
    keys: [Option<(u64, dup_enc::Reason)>; 2],
}

/// One record of a [`DeferredLog`], to replay.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deferred<'a> {
    log: &'a DeferredLog,
    kept: &'a Kept,
    /// The column names to make its places with (the log's, or a copy of them).
    columns: &'a [Arc<str>],
}

impl Deferred<'_> {
    /// The record's MRN.
    pub(crate) fn mrn(&self) -> &str {
        self.log.text(self.kept.start, self.kept.mrn_len)
    }

    fn name(&self) -> Option<&str> {
        let k = self.kept;
        let name = self.log.text(k.start + u64::from(k.mrn_len), k.name_len);
        (!name.is_empty()).then_some(name)
    }

    /// The location of place `p` of the record.
    fn place(&self, p: u32) -> Location {
        let k = self.kept;
        let csv = |column| Location::Csv { row: k.row, column, line: k.line };
        match p {
            ROW => csv(None),
            p if p & COLUMN != 0 => csv(self.columns.get((p & !COLUMN) as usize).cloned()),
            p => self.log.places.get(p as usize).cloned().unwrap_or(Location::FILE),
        }
    }
}

impl DeferredLog {
    /// Records kept.
    pub(crate) fn len(&self) -> usize {
        self.kept.len()
    }

    /// Record `j`: the records the piece counted before it, and its observation, with places
    /// made with `columns` (the log's [`DeferredLog::columns`], or a copy).
    pub(crate) fn get<'a>(&'a self, j: usize, columns: &'a [Arc<str>]) -> Option<(u64, Deferred<'a>)> {
        let kept = self.kept.get(j)?;
        Some((kept.counted, Deferred { log: self, kept, columns }))
    }

    /// Record `j`'s MRN.
    pub(crate) fn mrn(&self, j: usize) -> &str {
        self.kept.get(j).map_or("", |k| self.text(k.start, k.mrn_len))
    }

    /// The column names places refer to.
    pub(crate) fn columns(&self) -> &[Arc<str>] {
        &self.columns
    }

    /// A copy of the column names, for another thread to make places with (clones of one
    /// `Arc` on several cores would fight over its count).
    pub(crate) fn own_columns(&self) -> Vec<Arc<str>> {
        self.columns.iter().map(|c| Arc::from(&**c)).collect()
    }

    fn text(&self, start: u64, len: u32) -> &str {
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        start
            .checked_add(len as usize)
            .and_then(|end| self.text.get(start..end))
            .unwrap_or_default()
    }

    /// Bytes of heap the log holds (from its vectors' capacities; the text of the places kept
    /// whole not counted).
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.kept.capacity() * size_of::<Kept>()
            + self.text.capacity()
            + self.columns.capacity() * size_of::<Arc<str>>()
            + self.places.capacity() * size_of::<Location>()
    }

    /// Gives back the room its vectors do not use.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.kept.shrink_to_fit();
        self.text.shrink_to_fit();
        self.columns.shrink_to_fit();
        self.places.shrink_to_fit();
    }

    /// Moves every place by `shift` (the piece's place in the input).
    pub(crate) fn relocate(&mut self, shift: impl Fn(&mut Location)) {
        for k in self.kept.iter_mut().filter(|k| k.at == ROW) {
            let mut at = Location::Csv { row: k.row, column: None, line: k.line };
            shift(&mut at);
            if let Location::Csv { row, line, .. } = at {
                (k.row, k.line) = (row, line);
            }
        }
        self.places.iter_mut().for_each(shift);
    }

    /// Keeps what `record` would tell an index (nothing when it has no MRN), after `counted`
    /// records of the piece; its encounter keys when `encounters_on`.
    pub(crate) fn push(&mut self, counted: u64, record: &Record, encounters_on: bool) {
        let Some(obs) = CrossRecordIndex::new().observation(record) else { return };
        let (row, line, at) = match &*obs.at {
            Location::Csv { row, column: None, line } => (*row, *line, ROW),
            other => (0, 0, self.keep_place(other)),
        };
        let rec = (at == ROW).then_some((row, line));
        let start = self.text.len() as u64;
        self.text.push_str(obs.mrn);
        let (name, name_at) = match &obs.name {
            Some((n, at)) => (*n, self.place(at, rec)),
            None => ("", ROW),
        };
        self.text.push_str(name);
        let mut dated = |v: &Option<(Date, Cow<Location>)>| v.as_ref().map(|(d, at)| (*d, self.place(at, rec)));
        let (birth, death, expired, admit) =
            (dated(&obs.birth), dated(&obs.death), dated(&obs.expired), dated(&obs.admit));
        let sex = obs.sex.as_ref().map(|(s, at)| (*s, self.place(at, rec)));
        self.kept.push(Kept {
            counted,
            row,
            line,
            at,
            start,
            mrn_len: u32::try_from(obs.mrn.len()).unwrap_or(u32::MAX),
            name_len: u32::try_from(name.len()).unwrap_or(u32::MAX),
            name_at,
            sex,
            birth,
            death,
            expired,
            admit,
            keys: if encounters_on { dup_enc::keys(record, obs.mrn) } else { [None, None] },
        });
    }

    /// The place of `at`, a location of the record whose CSV row and line are `rec` (when its
    /// place is [`ROW`]).
    fn place(&mut self, at: &Location, rec: Option<(u64, u64)>) -> u32 {
        if let (Location::Csv { row, column, line }, Some(rec)) = (at, rec) {
            if (*row, *line) == rec {
                let Some(column) = column else { return ROW };
                let known = self.columns.iter().position(|c| Arc::ptr_eq(c, column) || c == column);
                let id = known.unwrap_or_else(|| {
                    self.columns.push(Arc::clone(column));
                    self.columns.len() - 1
                });
                if let Some(id) = u32::try_from(id).ok().filter(|id| id & COLUMN == 0) {
                    return COLUMN | id;
                }
            }
        }
        self.keep_place(at)
    }

    fn keep_place(&mut self, at: &Location) -> u32 {
        self.places.push(at.clone());
        u32::try_from(self.places.len() - 1).ok().filter(|p| p & COLUMN == 0).unwrap_or(ROW)
    }
}

/// What an index holding part of the MRNs leaves to the duplicate-patient stage.
#[derive(Debug, Clone)]
pub(crate) enum Later {
    /// A new MRN, first seen at `first` without a birth date or a name: every stage numbers it
    /// now, so that "first seen" among candidates is by the MRN's first record, as in one index.
    New { mrn: Box<str>, first: Spot },
    /// A patient has a birth date and a name for the first time (with the record at `at`): it is
    /// searched for among the candidates, then becomes one. `sex` is its sex known so far.
    Matchable { mrn: Box<str>, birth: Date, name: Box<str>, sex: Option<Sex>, at: Location },
    /// A matchable patient's (born on `birth`) sex became known.
    SexKnown { mrn: Box<str>, birth: Date, sex: Sex },
}

impl Later {
    /// The birth days the patient is compared within (its own and the day/month-transposed
    /// one), as one number: events of different groups never meet in the X404 check. `None`
    /// for a new MRN, which every stage takes.
    pub(crate) fn group(&self) -> Option<u32> {
        let (Later::Matchable { birth, .. } | Later::SexKnown { birth, .. }) = self else { return None };
        Some(transpose(*birth).map_or(day(*birth), |t| day(t).min(day(*birth))))
    }
}

impl CrossRecordIndex {
    /// An index of duplicate-patient candidates, fed with [`CrossRecordIndex::replay_later`]:
    /// its records keep only their places (it checks no encounters).
    pub(crate) fn for_duplicates() -> CrossRecordIndex {
        CrossRecordIndex { records: Records::places_only(), ..CrossRecordIndex::default() }
    }

    /// Checks and adds a deferred record exactly as [`CrossRecordIndex::observe`] would have.
    pub(crate) fn replay(&mut self, d: &Deferred<'_>, cx: &mut dyn Emitter) {
        let k = d.kept;
        let located = |v: Option<(Date, u32)>| v.map(|(date, p)| (date, Cow::Owned(d.place(p))));
        let at = d.place(k.at);
        let mrn = d.mrn();
        let obs = Observation {
            mrn,
            spot: Spot::of(&at, self.current),
            at: Cow::Borrowed(&at),
            birth: located(k.birth),
            sex: k.sex.map(|(s, p)| (s, Cow::Owned(d.place(p)))),
            name: d.name().map(|n| (n, Cow::Owned(d.place(k.name_at)))),
            death: located(k.death),
            expired: located(k.expired),
            admit: located(k.admit),
        };
        let admit = k.admit.map_or(0, |(d, _)| day(d));
        let Some((i, r)) = self.add(obs, cx, None) else { return };
        if *self.encounters_on.get_or_insert_with(|| cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER)) {
            self.add_encounter(k.keys, (i, r, admit), &at, mrn, cx);
        }
    }

    /// From now on, leaves the duplicate-patient check to a later stage: notes [`Later`] events
    /// instead (taken by [`CrossRecordIndex::take_later`]).
    pub(crate) fn put_off_duplicates(&mut self) {
        self.later.get_or_insert_with(Vec::new);
    }

    /// The events noted since the last call.
    pub(crate) fn take_later(&mut self) -> impl Iterator<Item = Later> + '_ {
        self.later.iter_mut().flat_map(|l| l.drain(..))
    }

    /// Notes that patient `i` just became matchable, with the record at `at`. A patient new with
    /// this record needs no [`Later::New`]: the stages number it when it becomes matchable, which
    /// is when it is first seen.
    pub(super) fn note_matchable(&mut self, i: u32, at: &Location) {
        let event = self.matchable(i, at);
        let Some(later) = self.later.as_mut() else { return };
        if matches!(later.last(), Some(Later::New { mrn, .. }) if **mrn == *self.patients.mrn(i)) {
            later.pop();
        }
        later.push(event);
    }

    fn matchable(&self, i: u32, at: &Location) -> Later {
        let p = &self.patients;
        Later::Matchable {
            mrn: p.mrn(i).into(),
            birth: date(p.birth(i)).unwrap_or_default(),
            name: p.name(i).unwrap_or_default().into(),
            sex: p.sex(i),
            at: at.clone(),
        }
    }

    /// Matchable patient `i`'s sex just became known.
    pub(super) fn sex_now_known(&self, i: u32) -> Later {
        let p = &self.patients;
        Later::SexKnown {
            mrn: p.mrn(i).into(),
            birth: date(p.birth(i)).unwrap_or_default(),
            sex: p.sex(i).unwrap_or(Sex::Female),
        }
    }

    /// Feeds an event of an index holding part of the MRNs to this index of candidates: a
    /// patient that became matchable is searched for (reported by `cx` as the record that made it
    /// matchable would have been) and added.
    pub(crate) fn replay_later(&mut self, event: &Later, cx: &mut dyn Emitter) {
        let nowhere = || Location::File { line: None, byte: None };
        let obs = match event {
            Later::New { mrn, first } => Observation {
                mrn,
                at: Cow::Owned(nowhere()),
                spot: *first,
                birth: None,
                sex: None,
                name: None,
                death: None,
                expired: None,
                admit: None,
            },
            Later::Matchable { mrn, birth, name, sex, at } => Observation {
                mrn,
                at: Cow::Borrowed(at),
                spot: Spot::of(at, self.current),
                birth: Some((*birth, Cow::Borrowed(at))),
                sex: sex.map(|s| (s, Cow::Borrowed(at))),
                name: Some((name, Cow::Borrowed(at))),
                death: None,
                expired: None,
                admit: None,
            },
            Later::SexKnown { mrn, sex, .. } => Observation {
                mrn,
                spot: Spot::of(&nowhere(), self.current),
                at: Cow::Owned(nowhere()),
                birth: None,
                sex: Some((*sex, Cow::Owned(nowhere()))),
                name: None,
                death: None,
                expired: None,
                admit: None,
            },
        };
        self.add(obs, cx, None);
    }
}
