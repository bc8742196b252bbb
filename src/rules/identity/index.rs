//! The cross-record index (a small master patient index): what each MRN looked like when first
//! seen, kept as compact keys rather than records, so that memory grows with patients (plus two
//! 8-byte keys per encounter while duplicate-encounter checking is on), not with the size of rows.
//!
//! Records of several inputs can go through one index (the CLI checks all its files as one run).
//! Two indexes built apart (two workers) can be [merged](CrossRecordIndex::merge): the merged
//! index holds what one index fed with both inputs would hold (first-seen values, earliest death
//! and expired discharge, latest admission, every encounter key), and merging reports the
//! conflicts between the two inputs, located at the other index's records: once per patient and
//! kind of conflict (a feed reports each conflicting record), and duplicate-patient pairs that the
//! other index compared already are not reported again.

use super::names::{clearly_different, probably_same_person, NameParts};
use super::{
    duplicate_encounter as dup_enc, mrn_birth_date_conflict as birth_rule, mrn_name_conflict as name_rule,
    mrn_sex_conflict as sex_rule, probable_duplicate_patient as dup_patient,
};
use crate::model::{Location, Record};
use crate::rules::dates::{
    encounter_after_expired_discharge as expired_rule, service_after_death as death_rule,
};
use crate::rules::Checker;
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// Where a record was, compactly: which input, and its row (CSV), message (HL7) or line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spot {
    source: u32,
    kind: SpotKind,
    n: u64,
    line: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SpotKind {
    Row,
    Message,
    Line,
}

impl Spot {
    fn of(at: &Location, source: u32) -> Spot {
        let line = at.line().unwrap_or(0);
        let (kind, n) = match at {
            Location::Csv { row, .. } => (SpotKind::Row, *row),
            Location::Hl7 { message, .. } => (SpotKind::Message, u64::from(*message)),
            _ => (SpotKind::Line, line),
        };
        Spot { source, kind, n, line }
    }

    /// A location to report a finding at (the record as a whole).
    fn location(self) -> Location {
        match self.kind {
            SpotKind::Row => Location::Csv { row: self.n, column: None, line: self.line },
            SpotKind::Message => Location::Hl7 {
                message: u32::try_from(self.n).unwrap_or(u32::MAX),
                path: "MSH".into(),
                line: self.line,
            },
            SpotKind::Line => Location::File { line: (self.line > 0).then_some(self.line), byte: None },
        }
    }
}

/// A value with the place it was first seen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen<T> {
    value: T,
    at: Spot,
}

/// Administrative sex, when it is one of the two that can conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Female,
    Male,
}

impl Sex {
    /// `F`, `female`, `M`, `male` (any case); unknown, other and blank give `None`.
    pub(crate) fn parse(text: &str) -> Option<Sex> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("f") || t.eq_ignore_ascii_case("female") {
            Some(Sex::Female)
        } else if t.eq_ignore_ascii_case("m") || t.eq_ignore_ascii_case("male") {
            Some(Sex::Male)
        } else {
            None
        }
    }

    pub(crate) fn letter(self) -> char {
        match self {
            Sex::Female => 'F',
            Sex::Male => 'M',
        }
    }
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
    at: Location,
    spot: Spot,
    birth: Option<(Date, Location)>,
    sex: Option<(Sex, Location)>,
    name: Option<(&'r str, Location)>,
    /// A death date given with this record (on the record itself, or merged from another index).
    death: Option<(Date, Location)>,
    /// The discharge (or admit) date of an encounter that ended with the patient expired.
    expired: Option<(Date, Location)>,
    /// The admission (or service) date of this encounter.
    admit: Option<(Date, Location)>,
}

/// The index the checker keeps across records (and inputs) for the cross-record rules.
#[derive(Debug, Default)]
pub struct CrossRecordIndex {
    /// Names of the inputs (file names), for messages about another input; index 0 is unnamed.
    sources: Vec<Option<Arc<str>>>,
    current: u32,
    patients: Vec<PatientEntry>,
    by_mrn: HashMap<Box<str>, u32>,
    by_birth: HashMap<Date, Vec<u32>>,
    /// Duplicate-encounter keys (hashes over MRN, dates, encounter id or principal diagnosis).
    encounters: HashMap<u64, Spot>,
}

impl CrossRecordIndex {
    /// An empty index.
    pub fn new() -> CrossRecordIndex {
        CrossRecordIndex::default()
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

    fn source_id(&mut self, name: Option<&str>) -> u32 {
        if self.sources.is_empty() {
            self.sources.push(None);
        }
        let Some(name) = name else { return 0 };
        if let Some(i) = self.sources.iter().position(|s| s.as_deref() == Some(name)) {
            return i as u32;
        }
        self.sources.push(Some(name.into()));
        (self.sources.len() - 1) as u32
    }

    /// `row 2`, or `row 2 of a.csv` when the spot is in another input than `here`.
    fn describe(&self, spot: Spot, here: u32) -> String {
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
    pub(crate) fn observe(&mut self, record: &Record, cx: &mut Checker) {
        let p = &record.patient;
        let Some(mrn) = p.mrn.as_ref().map(|f| f.value()).filter(|m| !m.is_empty()) else { return };
        let e = &record.encounter;
        let located = |d: &Option<crate::model::DateField>| {
            d.as_ref().and_then(|d| Some((d.date?, d.field.at.clone())))
        };
        // Cloning locations costs nothing on the common path: most are CSV cells (an Arc).
        let admit = located(&e.admit).or_else(|| located(&e.discharge));
        let expired =
            e.discharge_status.as_ref().filter(|s| expired_rule::is_expired(s.value())).and_then(|s| {
                located(&e.discharge).or_else(|| located(&e.admit)).map(|(d, _)| (d, s.at.clone()))
            });
        let obs = Observation {
            mrn,
            at: record.at.clone(),
            spot: Spot::of(&record.at, self.current),
            birth: located(&p.birth_date),
            sex: p.sex.as_ref().and_then(|s| Some((Sex::parse(s.value())?, s.at.clone()))),
            name: p.name.as_ref().filter(|n| !n.is_blank()).map(|n| (n.value(), n.at.clone())),
            death: located(&p.death_date),
            expired,
            admit,
        };
        self.add(obs, cx, None);
        if cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER) {
            self.add_encounter(record, mrn, cx);
        }
    }

    /// Checks `obs` against its MRN's entry and adds it. `merging` is the index `obs` comes from,
    /// when merging: pairs of patients it holds both of were compared there already.
    fn add(&mut self, obs: Observation, cx: &mut Checker, merging: Option<&CrossRecordIndex>) {
        let here = obs.spot.source;
        let i = match self.by_mrn.get(obs.mrn) {
            Some(&i) => i,
            None => {
                self.patients.push(PatientEntry::new(obs.mrn, obs.spot));
                let i = (self.patients.len() - 1) as u32;
                self.by_mrn.insert(obs.mrn.into(), i);
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
            cx.emit(rule, at.clone(), message);
        }
        let newly_matchable = self.update(i, &obs);
        if newly_matchable && cx.enabled(&dup_patient::PROBABLE_DUPLICATE_PATIENT) {
            self.find_duplicates(i, &obs.at, cx, merging);
        }
    }

    /// Adds what `obs` tells to patient `i`; true when the patient just became matchable (has
    /// both a birth date and a name for the first time).
    fn update(&mut self, i: u32, obs: &Observation) -> bool {
        let Some(p) = self.patients.get_mut(i as usize) else { return false };
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
            if let Some(b) = &p.birth {
                self.by_birth.entry(b.value).or_default().push(i);
            }
            return true;
        }
        false
    }

    /// Reports other MRNs with the same (or day/month-transposed) birth date and a similar name.
    fn find_duplicates(&self, i: u32, at: &Location, cx: &mut Checker, merging: Option<&CrossRecordIndex>) {
        let Some(p) = self.patients.get(i as usize) else { return };
        let (Some(birth), Some(name)) = (&p.birth, &p.name) else { return };
        let parts = NameParts::parse(&name.value);
        let transposed = transpose(birth.value);
        let same = self.by_birth.get(&birth.value).into_iter().flatten().map(|&j| (j, false));
        let swapped =
            transposed.and_then(|t| self.by_birth.get(&t)).into_iter().flatten().map(|&j| (j, true));
        for (j, is_transposed) in same.chain(swapped) {
            let Some(other) = self.patients.get(j as usize) else { continue };
            let (Some(ob), Some(on)) = (&other.birth, &other.name) else { continue };
            if j == i || other.mrn == p.mrn || merging.is_some_and(|m| m.holds_same(other)) {
                continue;
            }
            let sexes_agree = match (&p.sex, &other.sex) {
                (Some(a), Some(b)) => a.value == b.value,
                _ => true,
            };
            if sexes_agree && probably_same_person(&parts, &NameParts::parse(&on.value)) {
                let msg = dup_patient::message(
                    &p.mrn,
                    &name.value,
                    birth.value,
                    &other.mrn,
                    &on.value,
                    ob.value,
                    &self.describe(other.first, p.first.source),
                    is_transposed,
                );
                cx.emit(&dup_patient::PROBABLE_DUPLICATE_PATIENT, at.clone(), msg);
            }
        }
    }

    /// True when this index has `entry`'s MRN with the same birth date and name.
    fn holds_same(&self, entry: &PatientEntry) -> bool {
        let Some(mine) = self.by_mrn.get(&entry.mrn).and_then(|&i| self.patients.get(i as usize)) else {
            return false;
        };
        let value = |s: &Option<Seen<_>>| s.as_ref().map(|s| s.value);
        value(&mine.birth) == value(&entry.birth)
            && mine.name.as_ref().map(|n| &n.value) == entry.name.as_ref().map(|n| &n.value)
    }

    fn add_encounter(&mut self, record: &Record, mrn: &str, cx: &mut Checker) {
        let spot = Spot::of(&record.at, self.current);
        for (key, reason) in dup_enc::keys(record, mrn).into_iter().flatten() {
            match self.encounters.get(&key) {
                Some(&first) => {
                    let msg = dup_enc::message(mrn, reason, &self.describe(first, spot.source));
                    cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, record.at.clone(), msg);
                    return;
                }
                None => {
                    self.encounters.insert(key, spot);
                }
            }
        }
    }

    /// Adds everything `other` knows to this index, reporting through `cx` each conflict between
    /// the two (located at `other`'s records, which count as the later ones).
    pub fn merge(&mut self, other: CrossRecordIndex, cx: &mut Checker) {
        let source_map: Vec<u32> = other.sources.iter().map(|s| self.source_id(s.as_deref())).collect();
        let remap =
            |spot: Spot| Spot { source: source_map.get(spot.source as usize).copied().unwrap_or(0), ..spot };
        for p in &other.patients {
            let loc = |s: &Seen<Date>| (s.value, remap(s.at).location());
            let obs = Observation {
                mrn: &p.mrn,
                at: remap(p.first).location(),
                spot: remap(p.first),
                birth: p.birth.as_ref().map(loc),
                sex: p.sex.as_ref().map(|s| (s.value, remap(s.at).location())),
                name: p.name.as_ref().map(|n| (&*n.value, remap(n.at).location())),
                death: p.death.as_ref().map(loc),
                expired: p.expired.as_ref().map(loc),
                admit: p.latest_admit.as_ref().map(loc),
            };
            self.add(obs, cx, Some(&other));
        }
        let mut encounters: Vec<(Spot, u64)> =
            other.encounters.into_iter().map(|(k, s)| (remap(s), k)).collect();
        encounters.sort_unstable();
        let mut reported = None;
        for (spot, key) in encounters {
            match self.encounters.get(&key) {
                // An encounter matching by id and by stay is one duplicate.
                Some(_) if reported == Some(spot) => {}
                Some(&first) => {
                    reported = Some(spot);
                    let msg = dup_enc::message_merged(&self.describe(first, spot.source));
                    cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, spot.location(), msg);
                }
                None => {
                    self.encounters.insert(key, spot);
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
