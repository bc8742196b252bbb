//! The cross-record index (a small master patient index): what each MRN looked like when first
//! seen, kept as compact keys rather than records, so that memory grows with patients and
//! records, not with the size of rows. Each part is its own module:
//!
//! - `records`: every record the index saw, by number: where it was (from runs of records alike),
//!   and its duplicate-encounter keys as 32-bit fingerprints, chained per patient (14 bytes a
//!   record);
//! - `patients`: per patient one 32-byte row (MRN inline or in the text arena, first record,
//!   birth day, name, sex and flags, latest admission, last encounter), rare values in side maps;
//! - `mrns`: MRN → patient, 4-byte slots placed by the MRN's fingerprint, confirmed against it,
//!   in 256 parts that grow one at a time;
//! - `candidates`: the probable-duplicate (X404) candidates by birth day and name.
//!
//! Storage grows in fixed chunks (`store`), not by doubling (wasm memory never shrinks), and the
//! MRN table a part at a time. About 33 bytes a record on 1,000,000 generated CSV rows of 245,000
//! patients (`cargo test --release -p recordlint-core --test index_memory`), and no more a record
//! as inputs grow. A record costs one MRN hash (whole words of the field's bytes), one probe and one
//! read of its patient's row; a name is parsed only when its patient first becomes matchable, or
//! when it conflicts. Every fingerprint hit is confirmed before a finding: an MRN against the MRN,
//! a name against the name, a probable duplicate patient by comparing the names. An encounter key
//! is confirmed by its patient (exact MRN) and its admission day (exact), and the rest of it (the
//! encounter id, or the discharge day and principal diagnosis) by a 32-bit fingerprint only: two
//! encounters of one patient admitted the same day whose ids differ but agree in those 32 bits
//! would be taken for one (about one pair in four billion such pairs; 64-bit fingerprints would
//! cost 8 more bytes a record).
//!
//! Records of several inputs can go through one index (the CLI checks all its files as one run).
//! Two indexes built apart (two workers) can be [merged](CrossRecordIndex::merge): the merged
//! index holds what one index fed with both inputs would hold (first-seen values, earliest death
//! and expired discharge, latest admission, every encounter key), and merging reports the
//! conflicts between the two inputs, located at the other index's records: once per patient and
//! kind of conflict (a feed reports each conflicting record), and duplicate-patient pairs that the
//! other index compared already are not reported again.

mod deferred;

use super::candidates::{Candidates, Found};
use super::memory::map_bytes;
use crate::int_map::IntMap;
use super::mrn_sex_conflict::Sex;
use super::mrns::{self, MrnTable};
use super::names::{clearly_different, NameParts, NameSketch};
use super::patients::{day, Field, Patients, Row, MANY_ENCOUNTERS};
use super::records::{self, KeyKind, Records, Spot, SpotKind, NONE};
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
use std::borrow::Cow;
use std::sync::Arc;

pub(crate) use deferred::{Deferred, DeferredLog, Later};

/// Encounters of one patient walked before its keys go to a map instead.
const WALK_LIMIT: usize = 32;

/// What the index needs of the checker it reports to: whether a rule runs, and a finding. (The
/// checker owns the index and implements this; the index does not depend on the checker.)
pub trait Emitter {
    /// True when the profile runs `rule`.
    fn enabled(&self, rule: &RuleMeta) -> bool;
    /// Reports a finding of `rule` at `at`, unless the profile turned the rule off.
    fn emit(&mut self, rule: &'static RuleMeta, at: Location, message: String);
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

/// The index the checker keeps across records (and inputs) for the cross-record rules.
#[derive(Debug, Default)]
pub struct CrossRecordIndex {
    /// Names of the inputs (file names), for messages about another input; index 0 is unnamed.
    sources: Vec<Option<Arc<str>>>,
    current: u16,
    records: Records,
    patients: Patients,
    by_mrn: MrnTable,
    candidates: Candidates,
    /// The encounter keys of patients with many encounters: (patient, key kind, admission day,
    /// fingerprint) → the record that added it.
    many: IntMap<(u32, u8, u32, u32), u32>,
    /// Whether duplicate encounters are checked (asked of the checker once, not per record).
    encounters_on: Option<bool>,
    /// Whether probable duplicate patients are checked (asked once too).
    duplicates_on: Option<bool>,
    /// Duplicate-patient (X404) checks put off to a later stage, when this index holds a part of
    /// the MRNs of a merge in parallel (see `deferred`).
    later: Option<Vec<Later>>,
}

impl CrossRecordIndex {
    /// An empty index.
    pub fn new() -> CrossRecordIndex {
        CrossRecordIndex::default()
    }

    /// Forgets which rules the last checker ran (the index goes to another checker).
    pub(crate) fn forget_settings(&mut self) {
        self.encounters_on = None;
        self.duplicates_on = None;
    }

    /// Distinct MRNs seen.
    pub fn patients(&self) -> usize {
        self.patients.len()
    }

    /// Bytes of heap the index holds (counted from its containers' capacities).
    pub fn heap_bytes(&self) -> usize {
        self.heap_parts().iter().map(|(_, n)| n).sum()
    }

    /// [`CrossRecordIndex::heap_bytes`] by part.
    pub fn heap_parts(&self) -> Vec<(&'static str, usize)> {
        let mut parts = vec![("records", self.records.heap_bytes())];
        parts.extend(self.patients.heap_parts());
        parts.extend([
            ("MRN table", self.by_mrn.heap_bytes()),
            ("X404 candidates", self.candidates.heap_bytes()),
            ("many-encounter map", map_bytes(&self.many)),
            ("sources", self.sources.capacity() * std::mem::size_of::<Option<Arc<str>>>()),
        ]);
        parts
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

    /// The patient with `mrn`, or its fingerprint and the slot to add it in.
    fn find(&self, mrn: &str) -> Result<u32, (u32, usize)> {
        let (fingerprint, inline) = (mrns::fingerprint(mrn), mrns::inline(mrn));
        let is = |i| self.patients.mrn_is(i, mrn, inline.as_ref());
        self.by_mrn.find(fingerprint, is).map_err(|slot| (fingerprint, slot))
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

    /// Where record `r` was, described from input `here`.
    fn describe_record(&self, r: u32, here: u16) -> String {
        self.describe(self.records.spot(r), here)
    }

    /// Checks `record` against what is known of its MRN, then adds what it tells.
    pub(crate) fn observe(&mut self, record: &Record, cx: &mut dyn Emitter) {
        let Some(obs) = self.observation(record) else { return };
        let (mrn, admit) = (obs.mrn, obs.admit.as_ref().map_or(0, |(d, _)| day(*d)));
        let Some((i, r)) = self.add_observed(&obs, cx, None) else { return };
        if *self.encounters_on.get_or_insert_with(|| cx.enabled(&dup_enc::DUPLICATE_ENCOUNTER)) {
            self.add_encounter(dup_enc::keys(record, mrn), (i, r, admit), &record.at, mrn, cx);
        }
    }

    /// What `record` tells the index, when it has an MRN.
    #[inline(always)]
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

    /// Checks `obs` against its MRN's patient and adds it; the patient and the record's number.
    /// `merging` is the index `obs` comes from, when merging: pairs of patients it holds both of
    /// were compared there already.
    fn add(
        &mut self,
        obs: Observation,
        cx: &mut dyn Emitter,
        merging: Option<&CrossRecordIndex>,
    ) -> Option<(u32, u32)> {
        self.add_observed(&obs, cx, merging)
    }

    /// [`CrossRecordIndex::add`] of an observation left where it is (not moved: it is large).
    fn add_observed(
        &mut self,
        obs: &Observation,
        cx: &mut dyn Emitter,
        merging: Option<&CrossRecordIndex>,
    ) -> Option<(u32, u32)> {
        let here = obs.spot.source;
        let r = self.records.push(obs.spot);
        let i = match self.find(obs.mrn) {
            Ok(i) => i,
            Err((fingerprint, slot)) => {
                let i = self.patients.push(obs.mrn, r)?;
                let patients = &self.patients;
                self.by_mrn.insert(slot, fingerprint, i, |p| mrns::fingerprint_of_bytes(patients.mrn_bytes(p)));
                if let Some(later) = self.later.as_mut() {
                    later.push(Later::New { mrn: obs.mrn.into(), first: obs.spot });
                }
                i
            }
        };
        let known = &self.patients;
        // One read of the patient's row for everything this record is compared with.
        let row = known.row(i);
        let first_at = |r: u32| self.describe_record(r, here);
        let mut messages = Vec::new();
        if let Some((b, at)) = &obs.birth {
            let known_birth = if row.has_birth() { known.birth_of(i, &row) } else { 0 };
            let k = (known_birth != 0 && known_birth != day(*b)).then(|| super::patients::date(known_birth));
            if let Some(Some(k)) = k {
                let k_at = first_at(known.seen_at(i, Field::Birth));
                messages.push((
                    &birth_rule::MRN_BIRTH_DATE_CONFLICT,
                    at,
                    birth_rule::message(obs.mrn, k, &k_at, *b),
                ));
            }
        }
        if let (Some(k), Some((s, at))) = (row.sex(), &obs.sex) {
            if k != *s {
                let k_at = first_at(known.seen_at(i, Field::Sex));
                messages.push((&sex_rule::MRN_SEX_CONFLICT, at, sex_rule::message(obs.mrn, k, &k_at, *s)));
            }
        }
        if let Some((n, at)) = obs.name.as_ref().filter(|_| row.has_name()) {
            let k = known.name_bytes_of(&row);
            if k != n.as_bytes() && !k.eq_ignore_ascii_case(n.as_bytes()) {
                let k = known.name(i).unwrap_or_default();
                if clearly_different(&NameParts::parse(k), &NameParts::parse(n)) {
                    let k_at = first_at(known.seen_at(i, Field::Name));
                    messages.push((&name_rule::MRN_NAME_CONFLICT, at, name_rule::message(obs.mrn, k, &k_at, n)));
                }
            }
        }
        if row.died() || obs.death.is_some() || obs.expired.is_some() {
            self.check_death(i, obs, here, &mut messages);
        }
        for (rule, at, message) in messages {
            cx.emit(rule, Location::clone(at), message);
        }
        if self.update(i, row, obs, r) {
            if self.later.is_some() {
                self.note_matchable(i, &obs.at);
            } else {
                self.add_candidate(i, &obs.at, cx, merging);
            }
        }
        Some((i, r))
    }

    /// Checks `obs` (patient `i`, from input `here`) against the patient's known death date and
    /// expired discharge, and its own against the patient's latest admission.
    fn check_death<'o>(
        &self,
        i: u32,
        obs: &'o Observation,
        here: u16,
        messages: &mut Vec<(&'static RuleMeta, &'o Cow<'o, Location>, String)>,
    ) {
        let known = &self.patients;
        let first_at = |r: u32| self.describe_record(r, here);
        // Service after a death date recorded with an earlier record (the record's own death
        // date is the record rule's business).
        if let (Some((k, k_r)), Some((a, at))) = (known.death(i), &obs.admit) {
            let own = obs.death.as_ref().map(|(d, _)| *d);
            if *a > k && own.is_none_or(|d| d > k) {
                messages.push((
                    &death_rule::SERVICE_AFTER_DEATH,
                    at,
                    death_rule::after_known_death(*a, k, &first_at(k_r)),
                ));
            }
        }
        let latest = || known.latest_admit(i);
        if let (Some((d, at)), Some((k, k_r))) = (&obs.death, obs.death.as_ref().and_then(|_| latest())) {
            if k > *d && known.death(i).is_none_or(|(kd, _)| kd > *d) {
                messages.push((
                    &death_rule::SERVICE_AFTER_DEATH,
                    at,
                    death_rule::death_before_known(*d, k, &first_at(k_r)),
                ));
            }
        }
        if let (Some((k, k_r)), Some((a, at))) = (known.expired(i), &obs.admit) {
            if *a > k {
                messages.push((
                    &expired_rule::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
                    at,
                    expired_rule::after_expired(*a, k, &first_at(k_r)),
                ));
            }
        }
        if let (Some((d, at)), Some((k, k_r))) = (&obs.expired, obs.expired.as_ref().and_then(|_| latest())) {
            if k > *d && known.expired(i).is_none_or(|(x, _)| x > *d) {
                messages.push((
                    &expired_rule::ENCOUNTER_AFTER_EXPIRED_DISCHARGE,
                    at,
                    expired_rule::before_later(*d, k, &first_at(k_r)),
                ));
            }
        }
    }

    /// Searches for and adds to the candidates patient `i`, which just became matchable (has a
    /// birth date and a name), on the record at `at`.
    fn add_candidate(&mut self, i: u32, at: &Location, cx: &mut dyn Emitter, merging: Option<&CrossRecordIndex>) {
        let on = *self.duplicates_on.get_or_insert_with(|| cx.enabled(&dup_patient::PROBABLE_DUPLICATE_PATIENT));
        let (birth, Some(name)) = (self.patients.birth(i), self.patients.name(i)) else { return };
        let parts = NameParts::parse(name);
        if on {
            self.find_duplicates(i, (name, &parts), at, cx, merging);
        }
        self.candidates.insert(birth, i, name, NameSketch::of(&parts), &self.patients);
    }

    /// Adds what `obs` (record `r`) tells to patient `i` (its row before: `row`); true when the
    /// patient just became matchable (has both a birth date and a name for the first time).
    fn update(&mut self, i: u32, row: Row, obs: &Observation, r: u32) -> bool {
        let p = &mut self.patients;
        let (had_birth, had_name) = (row.has_birth(), row.has_name());
        let was_matchable = had_birth && had_name;
        if !had_birth {
            if let Some((d, _)) = obs.birth {
                p.set_birth(i, d, r);
            }
        }
        let mut sex_now_known = false;
        if let Some((s, _)) = obs.sex {
            if row.sex().is_none() {
                p.set_sex(i, s, r);
                sex_now_known = true;
            }
        }
        if !had_name {
            if let Some((n, _)) = obs.name {
                p.set_name(i, n, r);
            }
        }
        if let Some((d, _)) = obs.death {
            p.earlier_death(i, d, r);
        }
        if let Some((d, _)) = obs.expired {
            p.earlier_expired(i, d, r);
        }
        if let Some((a, _)) = obs.admit {
            p.later_admit(i, a, r);
        }
        if was_matchable {
            if sex_now_known {
                if self.later.is_some() {
                    let event = self.sex_now_known(i);
                    self.later.get_or_insert_with(Vec::new).push(event);
                    return false;
                }
                let p = &self.patients;
                let (birth, name, sex) = (p.birth(i), p.name(i).unwrap_or_default(), p.sex_code(i));
                self.candidates.sex_known(birth, i, name, sex, p);
            }
            return false;
        }
        if (!had_birth && obs.birth.is_none()) || (!had_name && obs.name.is_none()) {
            return false;
        }
        self.patients.birth(i) != 0 && self.patients.has_name(i)
    }

    /// Reports the MRN first seen of those with the same (or day/month-transposed) birth date and
    /// a similar name, saying how many others match too: one finding per new MRN, however many
    /// records share a name and birth date (a finding per pair would grow with their square).
    /// `name` is the new patient's name, and parsed.
    fn find_duplicates(
        &self,
        i: u32,
        name: (&str, &NameParts),
        at: &Location,
        cx: &mut dyn Emitter,
        merging: Option<&CrossRecordIndex>,
    ) {
        let p = &self.patients;
        let (birth_day, Some(birth)) = (p.birth(i), super::patients::date(p.birth(i))) else { return };
        let transposed = transpose(birth).map(day);
        if !self.candidates.has(birth_day) && transposed.is_none_or(|t| !self.candidates.has(t)) {
            return;
        }
        let held = |j: u32| merging.is_some_and(|m| m.holds_same(p.mrn(j), p.birth(j), p.name(j)));
        let skip: Option<&dyn Fn(u32) -> bool> = merging.map(|_| &held as &dyn Fn(u32) -> bool);
        let Some(Found { first: j, transposed, matches }) =
            self.candidates.search((birth_day, transposed), name, p.sex_code(i), p, skip)
        else {
            return;
        };
        let (Some(other_birth), Some(other_name)) = (super::patients::date(p.birth(j)), p.name(j)) else {
            return;
        };
        let here = self.records.spot(p.first(i)).source;
        let msg = dup_patient::message(
            dup_patient::Pair {
                mrn: p.mrn(i),
                name: name.0,
                birth,
                other_mrn: p.mrn(j),
                other_name,
                other_birth,
                other_at: &self.describe_record(p.first(j), here),
            },
            transposed,
            matches - 1,
        );
        cx.emit(&dup_patient::PROBABLE_DUPLICATE_PATIENT, at.clone(), msg);
    }

    /// True when this index has `mrn` with birth day `birth` and name `name`.
    fn holds_same(&self, mrn: &str, birth: u32, name: Option<&str>) -> bool {
        let Ok(mine) = self.find(mrn) else { return false };
        self.patients.birth(mine) == birth && self.patients.name(mine) == name
    }

    /// The record of patient `i`'s encounter with key `kind` of `fingerprint`, admitted on
    /// `admit`.
    fn encounter(&mut self, i: u32, kind: KeyKind, admit: u32, fingerprint: u32) -> Option<u32> {
        self.encounters(i, admit, [Some((kind, fingerprint)), None])[0]
    }

    /// For each key wanted (kind and fingerprint) of an encounter of patient `i` admitted on
    /// `admit`, the record of the patient's encounter with it: one walk of the patient's
    /// encounters for both keys, or look-ups in the map once it has many.
    fn encounters(&mut self, i: u32, admit: u32, wanted: [Option<(KeyKind, u32)>; 2]) -> [Option<u32>; 2] {
        let mut found = [None; 2];
        if self.patients.flags(i) & MANY_ENCOUNTERS != 0 {
            for (f, w) in found.iter_mut().zip(wanted) {
                *f = w.and_then(|(kind, fingerprint)| self.many.get(&(i, kind as u8, admit, fingerprint)).copied());
            }
            return found;
        }
        let (mut r, mut walked) = (self.patients.last_encounter(i), 0);
        while r != NONE && found.iter().zip(wanted).any(|(f, w)| f.is_none() && w.is_some()) {
            let entry = self.records.entry(r);
            if self.records.admitted_on(r, &entry, admit) {
                for (f, w) in found.iter_mut().zip(wanted) {
                    if let (None, Some((kind, fingerprint))) = (*f, w) {
                        if entry.key(kind) == fingerprint {
                            *f = Some(r);
                        }
                    }
                }
            }
            r = entry.next();
            walked += 1;
        }
        if walked > WALK_LIMIT {
            self.map_encounters(i);
        }
        found
    }

    /// Puts patient `i`'s encounter keys in the map.
    fn map_encounters(&mut self, i: u32) {
        let mut r = self.patients.last_encounter(i);
        while r != NONE {
            for kind in [KeyKind::Id, KeyKind::Stay] {
                let (fingerprint, admit) = self.records.key(r, kind);
                if fingerprint != 0 {
                    // Walking from the last, the first record with a key stays.
                    self.many.insert((i, kind as u8, admit, fingerprint), r);
                }
            }
            r = self.records.next(r);
        }
        self.patients.set_flag(i, MANY_ENCOUNTERS);
    }

    /// Adds record `r`'s `keys` (kind and fingerprint; admitted on `admit`) to patient `i`'s
    /// encounters, when it has any.
    fn add_keys(&mut self, i: u32, r: u32, admit: u32, keys: [Option<(KeyKind, u32)>; 2]) {
        if keys.iter().all(Option::is_none) {
            return;
        }
        let (before, many) = self.patients.chain_encounter(i, r);
        self.records.set_keys(r, admit, keys, before);
        if many {
            for (kind, fingerprint) in keys.into_iter().flatten() {
                self.many.entry((i, kind as u8, admit, fingerprint)).or_insert(r);
            }
        }
    }

    /// Reports record `r` (patient `i`, admitted on `admit`) when one of its `keys` was seen; adds
    /// the keys before the first seen.
    fn add_encounter(
        &mut self,
        keys: [Option<(u64, dup_enc::Reason)>; 2],
        (i, r, admit): (u32, u32, u32),
        at: &Location,
        mrn: &str,
        cx: &mut dyn Emitter,
    ) {
        let wanted = keys.map(|k| {
            k.map(|(key, reason)| {
                let kind = match reason {
                    dup_enc::Reason::SameId => KeyKind::Id,
                    dup_enc::Reason::SameStay => KeyKind::Stay,
                };
                (kind, records::fingerprint(key))
            })
        });
        // One walk for both keys: the record's own first key, added before the second is looked
        // for, cannot be the second's match (another kind).
        let found = self.encounters(i, admit, wanted);
        let mut adding = [None; 2];
        for (n, ((key, first), w)) in keys.into_iter().zip(found).zip(wanted).enumerate() {
            let (Some((_, reason)), Some(w)) = (key, w) else { continue };
            if let Some(first) = first {
                self.add_keys(i, r, admit, adding);
                let msg = dup_enc::message(mrn, reason, &self.describe_record(first, self.current));
                cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, at.clone(), msg);
                return;
            }
            if let Some(slot) = adding.get_mut(n) {
                *slot = Some(w);
            }
        }
        self.add_keys(i, r, admit, adding);
    }

    /// Adds everything `other` knows to this index, reporting through `cx` each conflict between
    /// the two (located at `other`'s records, which count as the later ones).
    pub fn merge(&mut self, other: CrossRecordIndex, cx: &mut dyn Emitter) {
        let source_map: Vec<u16> = other.sources.iter().map(|s| self.source_id(s.as_deref())).collect();
        let spot = |r: u32| {
            let spot = other.records.spot(r);
            Spot { source: source_map.get(spot.source as usize).copied().unwrap_or(0), ..spot }
        };
        let op = &other.patients;
        for q in 0..u32::try_from(op.len()).unwrap_or(NONE) {
            let at = |r: u32| Cow::Owned(spot(r).location());
            let obs = Observation {
                mrn: op.mrn(q),
                at: at(op.first(q)),
                spot: spot(op.first(q)),
                birth: super::patients::date(op.birth(q)).map(|d| (d, at(op.seen_at(q, Field::Birth)))),
                sex: op.sex(q).map(|s| (s, at(op.seen_at(q, Field::Sex)))),
                name: op.name(q).map(|n| (n, at(op.seen_at(q, Field::Name)))),
                death: op.death(q).map(|(d, r)| (d, at(r))),
                expired: op.expired(q).map(|(d, r)| (d, at(r))),
                admit: op.latest_admit(q).map(|(d, r)| (d, at(r))),
            };
            self.add(obs, cx, Some(&other));
        }
        // Other's encounters in their order, each with its keys; a match by id and by stay is one
        // duplicate, reported at the first of its keys (by id, then by stay, as a feed does) that
        // this index holds.
        let mut encounters = Vec::new();
        for q in 0..u32::try_from(op.len()).unwrap_or(NONE) {
            let mut r = op.last_encounter(q);
            while r != NONE {
                encounters.push((r, q));
                r = other.records.next(r);
            }
        }
        encounters.sort_unstable();
        for (r, q) in encounters {
            let Ok(i) = self.find(op.mrn(q)) else { continue };
            let keys: Vec<(u32, KeyKind, u32)> = [KeyKind::Id, KeyKind::Stay]
                .into_iter()
                .map(|kind| (other.records.key(r, kind), kind))
                .filter(|((fingerprint, _), _)| *fingerprint != 0)
                .map(|((fingerprint, admit), kind)| (fingerprint, kind, admit))
                .collect();
            let place = spot(r);
            let first = keys.iter().find_map(|&(fingerprint, kind, admit)| self.encounter(i, kind, admit, fingerprint));
            match first {
                Some(first) => {
                    let msg = dup_enc::message_merged(&self.describe_record(first, place.source));
                    cx.emit(&dup_enc::DUPLICATE_ENCOUNTER, place.location(), msg);
                }
                None => {
                    let mine = self.records.push(place);
                    let mut adding = [None; 2];
                    for (slot, &(fingerprint, kind, _)) in adding.iter_mut().zip(&keys) {
                        *slot = Some((kind, fingerprint));
                    }
                    // Both keys of a record carry its one admission day.
                    let admit = keys.first().map_or(0, |&(_, _, admit)| admit);
                    self.add_keys(i, mine, admit, adding);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Profile, Validator};

    /// Checks `csv`; the report and the index.
    fn check(csv: &str) -> (crate::Report, CrossRecordIndex) {
        let mut v = Validator::with_today(Profile::default(), jiff::civil::date(2026, 11, 22));
        v.feed(csv.as_bytes());
        let (report, index) = v.finish_with_index();
        (report, index.expect("the default profile runs the cross-record rules"))
    }

    #[test]
    fn a_name_and_birth_date_under_many_mrns_costs_a_look_each() {
        // 8,000 MRNs of one test patient, then 8,000 of one other name: each new MRN looks at
        // its birth date's groups (one or two), not at every MRN before it.
        let mut csv = String::from("mrn,patient_name,birth_date,sex\n");
        for i in 0..8_000 {
            csv.push_str(&format!("A{i:05},\"Test, Patient\",1980-02-01,M\n"));
        }
        for i in 0..8_000 {
            let sex = ["F", "M", ""][i % 3];
            csv.push_str(&format!("B{i:05},\"Smith, John\",1980-02-01,{sex}\n"));
        }
        let (report, index) = check(&csv);
        let found: Vec<_> = report.findings.iter().filter(|f| f.rule == "X404").collect();
        // One per MRN after the first, but for B00001 (M), whom B00000 (F) cannot be.
        assert_eq!(found.len(), 7_999 + 7_998);
        assert!(found[7_998].message.ends_with("(7998 other MRNs match too)"), "{}", found[7_998]);
        // B00003 (F) matches B00000 (F) and B00002 (no sex): not the male.
        let b3 = &found[8_000].message;
        assert!(b3.contains("MRN B00003 ") && b3.contains("is probably MRN B00000 "), "{b3}");
        assert!(b3.ends_with("(1 other MRN matches too)"), "{b3}");
        let looked_at = index.candidates.looked_at();
        assert!(looked_at <= 2 * 16_000, "{looked_at} groups and members looked at for 16,000 MRNs");
    }

    #[test]
    fn a_sex_learned_later_moves_a_patient_between_counts() {
        let csv = "mrn,patient_name,birth_date,sex\n\
                   A1,\"Smith, John\",1980-02-01,\n\
                   A2,\"Smith, John\",1980-02-01,\n\
                   A1,\"Smith, John\",1980-02-01,F\n\
                   A3,\"Smith, John\",1980-02-01,M\n";
        let (report, _) = check(csv);
        let found: Vec<_> = report.findings.iter().filter(|f| f.rule == "X404").map(|f| &f.message).collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        // A3 (M) matches A2 (sex not known) only: A1 turned out female.
        assert!(found[1].contains("MRN A3 ") && found[1].contains("is probably MRN A2 "), "{}", found[1]);
        assert!(found[1].ends_with("same birth date"), "{}", found[1]);
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
