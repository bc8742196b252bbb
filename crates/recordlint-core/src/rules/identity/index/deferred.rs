//! Records checked against the index later than they were read: a piece of an input checked
//! apart keeps each record's observation as a [`Deferred`], and the merge replays them in input
//! order (see `crate::pieces`).
//!
//! A merge in parallel holds the MRNs in several indexes (each MRN in one), so that each replays
//! its records on its own core; the duplicate-patient check (X404), which compares patients of
//! any MRN by birth date and name, is put off: such an index notes [`Later`] when a patient
//! becomes matchable or its sex becomes known, and more indexes, each fed in input order by
//! [`CrossRecordIndex::replay_later`] with the events of some birth-day groups ([`Later::group`]),
//! hold the candidates of every MRN and make the X404 findings — the findings one index fed with
//! every record makes.

use super::records::Spot;
use super::{dup_enc, transpose, CrossRecordIndex, Emitter, Observation};
use crate::model::{Location, Record};
use crate::rules::identity::mrn_sex_conflict::Sex;
use crate::rules::identity::patients::{date, day};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One record's [`Observation`], owned: kept by a piece checked apart until the pieces before it
/// are in the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Deferred {
    mrn: Box<str>,
    at: Location,
    birth: Option<(Date, Location)>,
    sex: Option<(Sex, Location)>,
    name: Option<(Box<str>, Location)>,
    death: Option<(Date, Location)>,
    expired: Option<(Date, Location)>,
    admit: Option<(Date, Location)>,
    /// The duplicate-encounter keys (none when that rule is off).
    keys: [Option<(u64, dup_enc::Reason)>; 2],
}

impl Deferred {
    /// The record's MRN.
    pub(crate) fn mrn(&self) -> &str {
        &self.mrn
    }

    /// Moves every location by `shift` (the piece's place in the input).
    pub(crate) fn relocate(&mut self, shift: impl Fn(&mut Location)) {
        shift(&mut self.at);
        for (_, at) in
            [&mut self.birth, &mut self.death, &mut self.expired, &mut self.admit].into_iter().flatten()
        {
            shift(at);
        }
        if let Some((_, at)) = self.sex.as_mut() {
            shift(at);
        }
        if let Some((_, at)) = self.name.as_mut() {
            shift(at);
        }
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
    /// What `record` would tell an index, kept to [replay](CrossRecordIndex::replay) later in
    /// input order (pieces of one input checked apart); `None` when it has no MRN.
    pub(crate) fn defer(record: &Record, encounters_on: bool) -> Option<Deferred> {
        let obs = CrossRecordIndex::new().observation(record)?;
        let owned = |v: Option<(Date, Cow<Location>)>| v.map(|(d, at)| (d, at.into_owned()));
        Some(Deferred {
            keys: if encounters_on { dup_enc::keys(record, obs.mrn) } else { [None, None] },
            mrn: obs.mrn.into(),
            at: obs.at.into_owned(),
            birth: owned(obs.birth),
            sex: obs.sex.map(|(s, at)| (s, at.into_owned())),
            name: obs.name.map(|(n, at)| (n.into(), at.into_owned())),
            death: owned(obs.death),
            expired: owned(obs.expired),
            admit: owned(obs.admit),
        })
    }

    /// Checks and adds a deferred record exactly as [`CrossRecordIndex::observe`] would have.
    pub(crate) fn replay(&mut self, d: &Deferred, cx: &mut dyn Emitter) {
        fn borrowed(v: &Option<(Date, Location)>) -> Option<(Date, Cow<'_, Location>)> {
            v.as_ref().map(|(d, at)| (*d, Cow::Borrowed(at)))
        }
        let obs = Observation {
            mrn: &d.mrn,
            at: Cow::Borrowed(&d.at),
            spot: Spot::of(&d.at, self.current),
            birth: borrowed(&d.birth),
            sex: d.sex.as_ref().map(|(s, at)| (*s, Cow::Borrowed(at))),
            name: d.name.as_ref().map(|(n, at)| (&**n, Cow::Borrowed(at))),
            death: borrowed(&d.death),
            expired: borrowed(&d.expired),
            admit: borrowed(&d.admit),
        };
        let admit = obs.admit.as_ref().map_or(0, |(d, _)| day(*d));
        let Some((i, r)) = self.add(obs, cx, None) else { return };
        if *self.encounters_on.get_or_insert_with(|| cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER)) {
            self.add_encounter(d.keys, (i, r, admit), &d.at, &d.mrn, cx);
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
