//! The cross-record index (a small master patient index): what each MRN looked like when first
//! seen, kept as compact keys rather than records, so that memory grows with patients (plus two
//! 8-byte keys per encounter while duplicate-encounter checking is on), not with the size of rows.
//!
//! Cost, measured on 1,000,000 CSV rows of 200,000 patients (5 encounters each): about 270 bytes
//! per patient (entry, MRN and name text, hash tables at their load factor) and about 115 bytes
//! per encounter for the duplicate-encounter keys (two 12-byte hash-table slots, a 12-byte spot,
//! and the table doubling); per record about 1,900 instructions for the identity rules (a hash
//! of the MRN, one table probe, a few comparisons; a new patient also looks up its birth date
//! and compares names) and 1,200 for the encounter keys, against about 18,300 for the rest of
//! the engine (callgrind). A record of a known patient allocates nothing but encounter-key
//! table growth.
//!
//! Records of several inputs can go through one index (the CLI checks all its files as one run).
//! Two indexes built apart (two workers) can be [merged](CrossRecordIndex::merge): the merged
//! index holds what one index fed with both inputs would hold (first-seen values, earliest death
//! and expired discharge, latest admission, every encounter key), and merging reports the
//! conflicts between the two inputs, located at the other index's records: once per patient and
//! kind of conflict (a feed reports each conflicting record), and duplicate-patient pairs that the
//! other index compared already are not reported again.

use super::duplicate_encounter::Fnv;
use super::mrn_sex_conflict::Sex;
use super::names::{clearly_different, probably_same_person, NameParts, NameSketch};
use super::{
    duplicate_encounter as dup_enc, mrn_birth_date_conflict as birth_rule, mrn_name_conflict as name_rule,
    mrn_sex_conflict as sex_rule, probable_duplicate_patient as dup_patient,
};
use crate::model::{Location, Record};
use crate::rules::dates::{
    encounter_after_expired_discharge as expired_rule, service_after_death as death_rule,
};
use crate::rules::RuleMeta;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// What the index needs of the checker it reports to: whether a rule runs, and a finding. (The
/// checker owns the index and implements this; the index does not depend on the checker.)
pub trait Emitter {
    /// True when the profile runs `rule`.
    fn enabled(&self, rule: &RuleMeta) -> bool;
    /// Reports a finding of `rule` at `at`, unless the profile turned the rule off.
    fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: String);
}

/// Where a record was, in 12 bytes: which input, and its row (CSV), message (HL7) or line, and
/// the line it starts on (numbers beyond 2^32 saturate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spot {
    source: u16,
    kind: SpotKind,
    n: u32,
    line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SpotKind {
    Row,
    Message,
    Line,
}

impl Spot {
    fn of(at: &Location, source: u16) -> Spot {
        let narrow = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        let line = narrow(at.line().unwrap_or(0));
        let (kind, n) = match at {
            Location::Csv { row, .. } => (SpotKind::Row, narrow(*row)),
            Location::Hl7 { message, .. } => (SpotKind::Message, *message),
            _ => (SpotKind::Line, line),
        };
        Spot { source, kind, n, line }
    }

    /// A location to report a finding at (the record as a whole).
    fn location(self) -> Location {
        match self.kind {
            SpotKind::Row => Location::Csv { row: self.n.into(), column: None, line: self.line.into() },
            SpotKind::Message => {
                Location::Hl7 { message: self.n, path: "MSH".into(), line: self.line.into() }
            }
            SpotKind::Line => {
                Location::File { line: (self.line > 0).then_some(self.line.into()), byte: None }
            }
        }
    }
}

/// A value with the place it was first seen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen<T> {
    value: T,
    at: Spot,
}

/// What is known of one MRN.
#[derive(Debug, Clone)]
struct PatientEntry {
    mrn: Box<str>,
    first: Spot,
    birth: Option<Seen<Date>>,
    sex: Option<Seen<Sex>>,
    /// The name as first written.
    name: Option<Seen<Box<str>>>,
    /// The earliest death date.
    death: Option<Seen<Date>>,
    /// The earliest discharge with an "expired" status.
    expired: Option<Seen<Date>>,
    /// The latest admission (or service) date.
    latest_admit: Option<Seen<Date>>,
}

impl PatientEntry {
    fn new(mrn: &str, first: Spot) -> PatientEntry {
        PatientEntry {
            mrn: mrn.into(),
            first,
            birth: None,
            sex: None,
            name: None,
            death: None,
            expired: None,
            latest_admit: None,
        }
    }
}

/// One record's view for the index: the values it contributes, and where they are.
struct Observation<'r> {
    mrn: &'r str,
    /// Where findings about the record as a whole go.
    at: Cow<'r, Location>,
    spot: Spot,
    birth: Option<(Date, Cow<'r, Location>)>,
    sex: Option<(Sex, Cow<'r, Location>)>,
    name: Option<(&'r str, Cow<'r, Location>)>,
    /// A death date given with this record (on the record itself, or merged from another index).
    death: Option<(Date, Cow<'r, Location>)>,
    /// The discharge (or admit) date of an encounter that ended with the patient expired.
    expired: Option<(Date, Cow<'r, Location>)>,
    /// The admission (or service) date of this encounter.
    admit: Option<(Date, Cow<'r, Location>)>,
}

/// One record's [`Observation`], owned: kept by a piece checked apart until the pieces before it
/// are in the index (see `crate::pieces`).
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

/// The index the checker keeps across records (and inputs) for the cross-record rules.
#[derive(Debug, Default)]
pub struct CrossRecordIndex {
    /// Names of the inputs (file names), for messages about another input; index 0 is unnamed.
    sources: Vec<Option<Arc<str>>>,
    current: u16,
    patients: Vec<PatientEntry>,
    /// MRN hash → patient (a colliding MRN goes to the next free hash).
    by_mrn: Keyed<u32>,
    /// Birth date → the patients with it that have a name, with their name's sketch (most
    /// candidates for a duplicate are ruled out by it without reading their entry).
    by_birth: HashMap<Date, Vec<(u32, NameSketch)>>,
    /// Duplicate-encounter keys (hashes over MRN, dates, encounter id or principal diagnosis) →
    /// the encounter in `encounter_spots`, shared by both keys of one encounter.
    encounters: Keyed<u32>,
    encounter_spots: Vec<Spot>,
    /// Whether duplicate encounters are checked (asked of the checker once, not per record).
    encounters_on: Option<bool>,
}

impl CrossRecordIndex {
    /// An empty index.
    pub fn new() -> CrossRecordIndex {
        CrossRecordIndex::default()
    }

    /// Forgets which rules the last checker ran (the index goes to another checker).
    pub(crate) fn forget_settings(&mut self) {
        self.encounters_on = None;
    }

    /// Distinct MRNs seen.
    pub fn patients(&self) -> usize {
        self.patients.len()
    }

    /// Names the input whose records come next (a file name), so that findings about a record of
    /// another input can say which.
    pub fn set_source(&mut self, name: &str) {
        self.current = self.source_id(Some(name));
    }

    fn source_id(&mut self, name: Option<&str>) -> u16 {
        if self.sources.is_empty() {
            self.sources.push(None);
        }
        let Some(name) = name else { return 0 };
        let i = match self.sources.iter().position(|s| s.as_deref() == Some(name)) {
            Some(i) => i,
            None => {
                self.sources.push(Some(name.into()));
                self.sources.len() - 1
            }
        };
        u16::try_from(i).unwrap_or(u16::MAX)
    }

    /// The patient with `mrn`, or the free key to add it under.
    fn find(&self, mrn: &str) -> Result<u32, u64> {
        let mut h = Fnv::new();
        h.write(mrn.as_bytes());
        let mut key = h.finish();
        loop {
            match self.by_mrn.get(&key) {
                Some(&i) if self.patients.get(i as usize).is_some_and(|p| &*p.mrn == mrn) => return Ok(i),
                Some(_) => key = key.wrapping_add(1),
                None => return Err(key),
            }
        }
    }

    /// `row 2`, or `row 2 of a.csv` when the spot is in another input than `here`.
    fn describe(&self, spot: Spot, here: u16) -> String {
        let what = match spot.kind {
            SpotKind::Row => format!("row {}", spot.n),
            SpotKind::Message => format!("message {}", spot.n),
            SpotKind::Line => format!("line {}", spot.n),
        };
        match self.sources.get(spot.source as usize) {
            Some(Some(name)) if spot.source != here => format!("{what} of {name}"),
            _ => what,
        }
    }

    /// Checks `record` against what is known of its MRN, then adds what it tells.
    pub(crate) fn observe(&mut self, record: &Record, cx: &mut dyn Emitter) {
        let Some(obs) = self.observation(record) else { return };
        let mrn = obs.mrn;
        self.add(obs, cx, None);
        if *self.encounters_on.get_or_insert_with(|| cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER)) {
            self.add_encounter(dup_enc::keys(record, mrn), &record.at, mrn, cx);
        }
    }

    /// What `record` tells the index, when it has an MRN.
    fn observation<'r>(&self, record: &'r Record) -> Option<Observation<'r>> {
        let p = &record.patient;
        let mrn = p.mrn.as_ref().map(|f| f.value()).filter(|m| !m.is_empty())?;
        let e = &record.encounter;
        let located = |d: &'r Option<crate::model::DateField>| {
            d.as_ref().and_then(|d| Some((d.date?, Cow::Borrowed(&d.field.at))))
        };
        let admit = located(&e.admit).or_else(|| located(&e.discharge));
        let expired =
            e.discharge_status.as_ref().filter(|s| expired_rule::is_expired(s.value())).and_then(|s| {
                located(&e.discharge).or_else(|| located(&e.admit)).map(|(d, _)| (d, Cow::Borrowed(&s.at)))
            });
        Some(Observation {
            mrn,
            at: Cow::Borrowed(&record.at),
            spot: Spot::of(&record.at, self.current),
            birth: located(&p.birth_date),
            sex: p.sex.as_ref().and_then(|s| Some((Sex::parse(s.value())?, Cow::Borrowed(&s.at)))),
            name: p.name.as_ref().filter(|n| !n.is_blank()).map(|n| (n.value(), Cow::Borrowed(&n.at))),
            death: located(&p.death_date),
            expired,
            admit,
        })
    }

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
        self.add(obs, cx, None);
        if *self.encounters_on.get_or_insert_with(|| cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER)) {
            self.add_encounter(d.keys, &d.at, &d.mrn, cx);
        }
    }

    /// Checks `obs` against its MRN's entry and adds it. `merging` is the index `obs` comes from,
    /// when merging: pairs of patients it holds both of were compared there already.
    fn add(&mut self, obs: Observation, cx: &mut dyn Emitter, merging: Option<&CrossRecordIndex>) {
        let here = obs.spot.source;
        let i = match self.find(obs.mrn) {
            Ok(i) => i,
            Err(key) => {
                self.patients.push(PatientEntry::new(obs.mrn, obs.spot));
                let i = u32::try_from(self.patients.len() - 1).unwrap_or(u32::MAX);
                self.by_mrn.insert(key, i);
                i
            }
        };
        let Some(known) = self.patients.get(i as usize) else { return };
        let first_at = |s: Spot| self.describe(s, here);
        let mut messages = Vec::new();
        if let (Some(k), Some((b, at))) = (&known.birth, &obs.birth) {
            if k.value != *b {
                messages.push((
                    &birth_rule::MRN_BIRTH_DATE_CONFLICT,
                    at,
                    birth_rule::message(obs.mrn, k.value, &first_at(k.at), *b),
                ));
            }
        }
        if let (Some(k), Some((s, at))) = (&known.sex, &obs.sex) {
            if k.value != *s {
                messages.push((
                    &sex_rule::MRN_SEX_CONFLICT,
                    at,
                    sex_rule::message(obs.mrn, k.value, &first_at(k.at), *s),
                ));
            }
        }
        if let (Some(k), Some((n, at))) = (&known.name, &obs.name) {
            if !k.value.eq_ignore_ascii_case(n)
                && clearly_different(&NameParts::parse(&k.value), &NameParts::parse(n))
            {
                messages.push((
                    &name_rule::MRN_NAME_CONFLICT,
                    at,
                    name_rule::message(obs.mrn, &k.value, &first_at(k.at), n),
                ));
            }
        }
        // Service after a death date recorded with an earlier record (the record's own death
        // date is the record rule's business).
        if let (Some(k), Some((a, at))) = (&known.death, &obs.admit) {
            let own = obs.death.as_ref().map(|(d, _)| *d);
            if *a > k.value && own.is_none_or(|d| d > k.value) {
                messages.push((
                    &death_rule::SERVICE_AFTER_DEATH,
                    at,
                    death_rule::after_known_death(*a, k.value, &first_at(k.at)),
                ));
            }
        }
        if let (Some((d, at)), Some(k)) = (&obs.death, &known.latest_admit) {
            if k.value > *d && known.death.as_ref().is_none_or(|kd| kd.value > *d) {
                messages.push((
                    &death_rule::SERVICE_AFTER_DEATH,
                    at,
                    death_rule::death_before_known(*d, k.value, &first_at(k.at)),
                ));
            }
        }
        if let (Some(k), Some((a, at))) = (&known.expired, &obs.admit) {
            if *a > k.value {
                messages.push((
                    &expired_rule::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
                    at,
                    expired_rule::after_expired(*a, k.value, &first_at(k.at)),
                ));
            }
        }
        if let (Some((d, at)), Some(k)) = (&obs.expired, &known.latest_admit) {
            if k.value > *d && known.expired.as_ref().is_none_or(|x| x.value > *d) {
                messages.push((
                    &expired_rule::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
                    at,
                    expired_rule::before_later(*d, k.value, &first_at(k.at)),
                ));
            }
        }
        for (rule, at, message) in messages {
            cx.emit(rule, Location::clone(at), message);
        }
        if let Some(parts) = self.update(i, &obs) {
            if cx.enabled(&dup_patient::PROBABLE_DUPLICATE_PATIENT) {
                self.find_duplicates(i, &parts, &obs.at, cx, merging);
            }
        }
    }

    /// Adds what `obs` tells to patient `i`; when the patient just became matchable (has both a
    /// birth date and a name for the first time), its name's parts.
    fn update(&mut self, i: u32, obs: &Observation) -> Option<NameParts> {
        let p = self.patients.get_mut(i as usize)?;
        let spot = obs.spot;
        let was_matchable = p.birth.is_some() && p.name.is_some();
        let seen = |value| Seen { value, at: spot };
        if p.birth.is_none() {
            p.birth = obs.birth.as_ref().map(|(d, _)| seen(*d));
        }
        if p.sex.is_none() {
            p.sex = obs.sex.as_ref().map(|(s, _)| Seen { value: *s, at: spot });
        }
        if p.name.is_none() {
            p.name = obs.name.as_ref().map(|(n, _)| Seen { value: (*n).into(), at: spot });
        }
        let earliest = |old: &mut Option<Seen<Date>>, new: Option<Date>| {
            if let Some(d) = new {
                if old.as_ref().is_none_or(|o| d < o.value) {
                    *old = Some(Seen { value: d, at: spot });
                }
            }
        };
        earliest(&mut p.death, obs.death.as_ref().map(|(d, _)| *d));
        earliest(&mut p.expired, obs.expired.as_ref().map(|(d, _)| *d));
        if let Some((a, _)) = obs.admit {
            if p.latest_admit.as_ref().is_none_or(|o| a > o.value) {
                p.latest_admit = Some(Seen { value: a, at: spot });
            }
        }
        let matchable = p.birth.is_some() && p.name.is_some();
        if matchable && !was_matchable {
            let (Some(b), Some(n)) = (&p.birth, &p.name) else { return None };
            let parts = NameParts::parse(&n.value);
            self.by_birth.entry(b.value).or_default().push((i, NameSketch::of(&parts)));
            return Some(parts);
        }
        None
    }

    /// Reports the MRN first seen of those with the same (or day/month-transposed) birth date and
    /// a similar name, saying how many others match too: one finding per new MRN, however many
    /// records share a name and birth date (a finding per pair would grow with their square).
    /// `parts` are the new patient's name parsed.
    fn find_duplicates(
        &self,
        i: u32,
        parts: &NameParts,
        at: &Location,
        cx: &mut dyn Emitter,
        merging: Option<&CrossRecordIndex>,
    ) {
        let Some(p) = self.patients.get(i as usize) else { return };
        let (Some(birth), Some(name)) = (&p.birth, &p.name) else { return };
        let transposed = transpose(birth.value);
        let same = self.by_birth.get(&birth.value).into_iter().flatten().map(|&(j, s)| (j, s, false));
        let swapped =
            transposed.and_then(|t| self.by_birth.get(&t)).into_iter().flatten().map(|&(j, s)| (j, s, true));
        let mut first: Option<(u32, bool)> = None;
        let mut matches = 0usize;
        // The verdict for each candidate name already compared: many records under many MRNs
        // with one name (a test patient) cost a look-up each instead of a comparison each.
        let mut verdicts: HashMap<&str, bool> = HashMap::new();
        for (j, sketch, is_transposed) in same.chain(swapped) {
            if !sketch.may_match(&parts.family) {
                continue;
            }
            let Some(other) = self.patients.get(j as usize) else { continue };
            let Some(on) = &other.name else { continue };
            if j == i || other.mrn == p.mrn || merging.is_some_and(|m| m.holds_same(other)) {
                continue;
            }
            let sexes_agree = match (&p.sex, &other.sex) {
                (Some(a), Some(b)) => a.value == b.value,
                _ => true,
            };
            if !sexes_agree {
                continue;
            }
            let same_person = *verdicts
                .entry(&*on.value)
                .or_insert_with(|| probably_same_person(parts, &NameParts::parse(&on.value)));
            if same_person {
                matches += 1;
                if first.is_none_or(|(f, _)| j < f) {
                    first = Some((j, is_transposed));
                }
            }
        }
        let Some((j, is_transposed)) = first else { return };
        let Some(other) = self.patients.get(j as usize) else { return };
        let (Some(ob), Some(on)) = (&other.birth, &other.name) else { return };
        let msg = dup_patient::message(
            dup_patient::Pair {
                mrn: &p.mrn,
                name: &name.value,
                birth: birth.value,
                other_mrn: &other.mrn,
                other_name: &on.value,
                other_birth: ob.value,
                other_at: &self.describe(other.first, p.first.source),
            },
            is_transposed,
            matches - 1,
        );
        cx.emit(&dup_patient::PROBABLE_DUPLICATE_PATIENT, at.clone(), msg);
    }

    /// True when this index has `entry`'s MRN with the same birth date and name.
    fn holds_same(&self, entry: &PatientEntry) -> bool {
        let Some(mine) = self.find(&entry.mrn).ok().and_then(|i| self.patients.get(i as usize)) else {
            return false;
        };
        let value = |s: &Option<Seen<_>>| s.as_ref().map(|s| s.value);
        value(&mine.birth) == value(&entry.birth)
            && mine.name.as_ref().map(|n| &n.value) == entry.name.as_ref().map(|n| &n.value)
    }

    fn add_encounter(
        &mut self,
        keys: [Option<(u64, dup_enc::Reason)>; 2],
        at: &Location,
        mrn: &str,
        cx: &mut dyn Emitter,
    ) {
        let spot = Spot::of(at, self.current);
        let mut added = None;
        for (key, reason) in keys.into_iter().flatten() {
            if let Some(first) = self.encounters.get(&key).and_then(|&e| self.encounter_spots.get(e as usize))
            {
                let msg = dup_enc::message(mrn, reason, &self.describe(*first, spot.source));
                cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, at.clone(), msg);
                return;
            }
            let e = *added.get_or_insert_with(|| self.push_encounter(spot));
            self.encounters.insert(key, e);
        }
    }

    fn push_encounter(&mut self, spot: Spot) -> u32 {
        self.encounter_spots.push(spot);
        u32::try_from(self.encounter_spots.len() - 1).unwrap_or(u32::MAX)
    }

    /// Adds everything `other` knows to this index, reporting through `cx` each conflict between
    /// the two (located at `other`'s records, which count as the later ones).
    pub fn merge(&mut self, other: CrossRecordIndex, cx: &mut dyn Emitter) {
        let source_map: Vec<u16> = other.sources.iter().map(|s| self.source_id(s.as_deref())).collect();
        let remap =
            |spot: Spot| Spot { source: source_map.get(spot.source as usize).copied().unwrap_or(0), ..spot };
        for p in &other.patients {
            let loc = |s: &Seen<Date>| (s.value, Cow::Owned(remap(s.at).location()));
            let obs = Observation {
                mrn: &p.mrn,
                at: Cow::Owned(remap(p.first).location()),
                spot: remap(p.first),
                birth: p.birth.as_ref().map(loc),
                sex: p.sex.as_ref().map(|s| (s.value, Cow::Owned(remap(s.at).location()))),
                name: p.name.as_ref().map(|n| (&*n.value, Cow::Owned(remap(n.at).location()))),
                death: p.death.as_ref().map(loc),
                expired: p.expired.as_ref().map(loc),
                admit: p.latest_admit.as_ref().map(loc),
            };
            self.add(obs, cx, Some(&other));
        }
        // Other's encounters in their order, each with its keys; a match by id and by stay is one
        // duplicate, reported at the first of its keys (in key order) that this index holds.
        let mut keys: Vec<(u32, u64)> = other.encounters.iter().map(|(k, &e)| (e, k)).collect();
        keys.sort_unstable();
        for group in keys.chunk_by(|a, b| a.0 == b.0) {
            let Some(spot) = group.first().and_then(|&(e, _)| other.encounter_spots.get(e as usize)) else {
                continue;
            };
            let spot = remap(*spot);
            let first = group
                .iter()
                .find_map(|(_, k)| self.encounters.get(k))
                .and_then(|&f| self.encounter_spots.get(f as usize).copied());
            match first {
                Some(first) => {
                    let msg = dup_enc::message_merged(&self.describe(first, spot.source));
                    cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, spot.location(), msg);
                }
                None => {
                    let id = self.push_encounter(spot);
                    for &(_, key) in group {
                        self.encounters.insert(key, id);
                    }
                }
            }
        }
    }
}

/// The same date with day and month swapped, when that is another real date (`1971-04-12` ↔
/// `1971-12-04`).
fn transpose(d: Date) -> Option<Date> {
    if d.day() > 12 || d.day() == d.month() {
        return None;
    }
    Date::new(d.year(), d.day(), d.month()).ok()
}

/// A map keyed by a hash already computed (the key is its own hash). The key is stored as two
/// `u32`s, so that a slot with a `u32` value takes 12 bytes, not 16 (these tables hold two keys
/// an encounter: at millions of encounters they are most of the index).
#[derive(Debug)]
struct Keyed<V>(HashMap<PackedKey, V, BuildHasherDefault<KeyHasher>>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(HashMap::default())
    }
}

impl<V> Keyed<V> {
    fn get(&self, key: &u64) -> Option<&V> {
        self.0.get(&PackedKey::new(*key))
    }

    fn insert(&mut self, key: u64, value: V) {
        self.0.insert(PackedKey::new(key), value);
    }

    fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.0.iter().map(|(k, v)| (k.get(), v))
    }
}

/// A `u64` in 4-byte-aligned halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PackedKey([u32; 2]);

impl PackedKey {
    fn new(key: u64) -> PackedKey {
        PackedKey([key as u32, (key >> 32) as u32])
    }

    fn get(self) -> u64 {
        u64::from(self.0[0]) | u64::from(self.0[1]) << 32
    }
}

impl std::hash::Hash for PackedKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.get());
    }
}

/// Passes a `u64` key through as its hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = Fnv(self.0);
        h.write(bytes);
        self.0 = h.finish();
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mrn_key(mrn: &str) -> u64 {
        let mut h = Fnv::new();
        h.write(mrn.as_bytes());
        h.finish()
    }

    #[test]
    fn colliding_mrn_hashes_probe_to_the_next_key() {
        let mut index = CrossRecordIndex::new();
        index.patients.push(PatientEntry::new("A", Spot::of(&Location::FILE, 0)));
        index.by_mrn.insert(mrn_key("A"), 0);
        // Pretend "B" hashes where "A" is.
        index.by_mrn.insert(mrn_key("B"), 0);
        assert_eq!(index.find("A"), Ok(0));
        assert_eq!(index.find("B"), Err(mrn_key("B").wrapping_add(1)));
    }

    #[test]
    fn compact_sizes() {
        assert_eq!(std::mem::size_of::<Spot>(), 12);
        assert_eq!(std::mem::size_of::<(PackedKey, u32)>(), 12);
        assert!(std::mem::size_of::<PatientEntry>() <= 160, "{}", std::mem::size_of::<PatientEntry>());
    }

    #[test]
    fn transposed_dates() {
        use jiff::civil::date;
        assert_eq!(transpose(date(1971, 4, 12)), Some(date(1971, 12, 4)));
        assert_eq!(transpose(date(1971, 4, 13)), None);
        assert_eq!(transpose(date(1971, 5, 5)), None);
        assert_eq!(transpose(date(1971, 2, 3)), Some(date(1971, 3, 2)));
    }
}
