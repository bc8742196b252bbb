//! What the index knows of each patient (MRN), one 32-byte row by patient number (a record reads
//! all of its patient's row, so its fields are kept together, not in parallel arrays): the MRN,
//! the first record, birth day, name, sex and flags, latest admission, last encounter; values
//! first seen on a later record than the patient's first, death and expired-discharge dates, and
//! birth and admission days outside the years a row holds (all rare) in side maps. Names and long
//! MRNs are in one text arena.

use super::candidates::{People, SHARED};
use super::memory::map_bytes;
use crate::int_map::IntMap;
use super::mrn_sex_conflict::Sex;
use super::mrns::{self, StoredMrn};
use super::records::NONE;
pub(crate) use super::days::{compact, date, day, full, ADMISSIONS_FROM, FAR};
use super::store::{Arena, Chunked};
use jiff::civil::Date;

/// The first year of the birth days a row holds.
const BIRTHS_FROM: i32 = 1900;

/// A sex as a code: 0 not known.
pub(crate) fn sex_code(sex: Sex) -> u8 {
    match sex {
        Sex::Female => 1,
        Sex::Male => 2,
    }
}

fn sex_of(code: u8) -> Option<Sex> {
    match code {
        1 => Some(Sex::Female),
        2 => Some(Sex::Male),
        _ => None,
    }
}

/// A value that remembers where it was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Birth,
    Sex,
    Name,
}

impl Field {
    /// Its flag: seen first on a record other than the patient's first.
    fn elsewhere(self) -> u8 {
        match self {
            Field::Birth => 1 << 2,
            Field::Sex => 1 << 3,
            Field::Name => 1 << 4,
        }
    }
}

const SEX: u8 = 0b11;
/// A death date is known (in the side map).
const DEATH: u8 = 1 << 5;
/// An expired discharge is known (in the side map).
const EXPIRED: u8 = 1 << 6;
/// The patient has so many encounters that their keys are in a map, not walked.
pub(crate) const MANY_ENCOUNTERS: u8 = 1 << 7;

/// One patient's row: what a record of the patient reads, in 32 bytes (one cache line or two):
/// a record reaches every field of its patient, so they are kept together.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Row {
    mrn: StoredMrn,
    flags: u8,
    first: u32,
    /// The birth day, [`compact`] from [`BIRTHS_FROM`] (0: none).
    birth: u16,
    /// The latest admission (or service) day, [`compact`] from [`ADMISSIONS_FROM`] (0: none).
    latest_day: u16,
    /// The name's arena handle (0: none).
    name: u32,
    /// The record of the latest admission.
    latest: u32,
    /// The record of the patient's last encounter added (see `records`).
    encounters: u32,
}

/// Which day of a patient is kept apart, when [`FAR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Far {
    Birth,
    Latest,
}

#[derive(Debug, Default)]
pub(crate) struct Patients {
    rows: Chunked<Row>,
    /// (patient, field) → the record a value was first seen on, when not the patient's first.
    elsewhere: IntMap<(u32, Field), u32>,
    /// The earliest death date and its record.
    death: IntMap<u32, [u32; 2]>,
    /// The earliest discharge with an "expired" status and its record.
    expired: IntMap<u32, [u32; 2]>,
    /// (patient, which day) → a day outside the years a row holds.
    far: IntMap<(u32, Far), u32>,
    arena: Arena,
}

impl Patients {
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Adds a patient first seen on record `first`; its number (`None` when the arena or the
    /// patient numbers are used up).
    pub(crate) fn push(&mut self, mrn: &str, first: u32) -> Option<u32> {
        let stored = mrns::store(mrn, &mut self.arena)?;
        // Patient numbers stay below the candidates' mark of a shared group.
        let i = u32::try_from(self.rows.len()).ok().filter(|&i| i < SHARED)?;
        self.rows.push(Row { mrn: stored, first, encounters: NONE, ..Row::default() });
        Some(i)
    }

    /// Patient `i`'s row, read once for all a record compares.
    pub(crate) fn row(&self, i: u32) -> Row {
        self.rows.at(i as usize)
    }

    /// The bytes of the name of `row` (empty when none).
    pub(crate) fn name_bytes_of(&self, row: &Row) -> &[u8] {
        self.arena.bytes(row.name)
    }

    pub(crate) fn mrn(&self, i: u32) -> &str {
        self.rows.get(i as usize).map_or("", |p| mrns::text(&p.mrn, &self.arena))
    }

    /// The bytes of patient `i`'s MRN.
    pub(crate) fn mrn_bytes(&self, i: u32) -> &[u8] {
        self.rows.get(i as usize).map_or(&[], |p| mrns::bytes(&p.mrn, &self.arena))
    }

    /// True when patient `i`'s MRN is `mrn` (`inline`: `mrn` as stored inline, when short).
    pub(crate) fn mrn_is(&self, i: u32, mrn: &str, inline: Option<&StoredMrn>) -> bool {
        self.rows.get(i as usize).is_some_and(|p| match inline {
            Some(inline) => p.mrn == *inline,
            None => mrns::bytes(&p.mrn, &self.arena) == mrn.as_bytes(),
        })
    }

    pub(crate) fn first(&self, i: u32) -> u32 {
        self.row(i).first
    }

    /// The birth day (0: none).
    #[inline]
    pub(crate) fn birth(&self, i: u32) -> u32 {
        self.birth_of(i, &self.row(i))
    }

    /// The birth day of patient `i`, whose row is `row` (0: none).
    #[inline]
    pub(crate) fn birth_of(&self, i: u32, row: &Row) -> u32 {
        self.day_of(i, row.birth, Far::Birth, BIRTHS_FROM)
    }

    /// The day `compact` (of patient `i`, from year `from`), looked up when kept apart.
    #[inline]
    fn day_of(&self, i: u32, compact: u16, which: Far, from: i32) -> u32 {
        match compact {
            FAR => self.far_day(i, which),
            c => full(c, from),
        }
    }

    /// The day of patient `i` kept apart.
    #[cold]
    fn far_day(&self, i: u32, which: Far) -> u32 {
        self.far.get(&(i, which)).copied().unwrap_or(0)
    }

    /// Keeps `day` of patient `i` apart.
    #[cold]
    fn keep_far(&mut self, i: u32, which: Far, day: u32) {
        self.far.insert((i, which), day);
    }

    /// `day` compacted from year `from`, kept apart for patient `i` when outside the years.
    #[inline]
    fn keep(&mut self, i: u32, day: u32, which: Far, from: i32) -> u16 {
        let c = compact(day, from);
        if c == FAR {
            self.keep_far(i, which, day);
        }
        c
    }

    pub(crate) fn sex_code(&self, i: u32) -> u8 {
        self.row(i).flags & SEX
    }

    pub(crate) fn sex(&self, i: u32) -> Option<Sex> {
        sex_of(self.sex_code(i))
    }

    /// The name as first written, when there is one.
    pub(crate) fn name(&self, i: u32) -> Option<&str> {
        match self.row(i).name {
            0 => None,
            h => Some(self.arena.get(h)),
        }
    }

    pub(crate) fn has_name(&self, i: u32) -> bool {
        self.row(i).name != 0
    }

    pub(crate) fn flags(&self, i: u32) -> u8 {
        self.row(i).flags
    }

    pub(crate) fn set_flag(&mut self, i: u32, flag: u8) {
        if let Some(p) = self.rows.get_mut(i as usize) {
            p.flags |= flag;
        }
    }

    /// The record `field`'s value was first seen on.
    pub(crate) fn seen_at(&self, i: u32, field: Field) -> u32 {
        if self.flags(i) & field.elsewhere() != 0 {
            if let Some(&r) = self.elsewhere.get(&(i, field)) {
                return r;
            }
        }
        self.first(i)
    }

    fn seen(&mut self, i: u32, field: Field, r: u32) {
        if r != self.first(i) {
            self.elsewhere.insert((i, field), r);
            self.set_flag(i, field.elsewhere());
        }
    }

    /// Sets the birth day first seen on record `r`.
    pub(crate) fn set_birth(&mut self, i: u32, d: Date, r: u32) {
        let birth = self.keep(i, day(d), Far::Birth, BIRTHS_FROM);
        if let Some(p) = self.rows.get_mut(i as usize) {
            p.birth = birth;
            self.seen(i, Field::Birth, r);
        }
    }

    pub(crate) fn set_sex(&mut self, i: u32, sex: Sex, r: u32) {
        self.set_flag(i, sex_code(sex));
        self.seen(i, Field::Sex, r);
    }

    pub(crate) fn set_name(&mut self, i: u32, name: &str, r: u32) {
        let Some(handle) = self.arena.push(name) else { return };
        if let Some(p) = self.rows.get_mut(i as usize) {
            p.name = handle;
            self.seen(i, Field::Name, r);
        }
    }

    /// The earliest death date and its record.
    pub(crate) fn death(&self, i: u32) -> Option<(Date, u32)> {
        if self.flags(i) & DEATH == 0 {
            return None;
        }
        self.death.get(&i).and_then(|&[d, r]| Some((date(d)?, r)))
    }

    pub(crate) fn expired(&self, i: u32) -> Option<(Date, u32)> {
        if self.flags(i) & EXPIRED == 0 {
            return None;
        }
        self.expired.get(&i).and_then(|&[d, r]| Some((date(d)?, r)))
    }

    /// Keeps `d` (on record `r`) as the death date when earlier than the one known.
    pub(crate) fn earlier_death(&mut self, i: u32, d: Date, r: u32) {
        earliest(&mut self.death, i, d, r);
        self.set_flag(i, DEATH);
    }

    pub(crate) fn earlier_expired(&mut self, i: u32, d: Date, r: u32) {
        earliest(&mut self.expired, i, d, r);
        self.set_flag(i, EXPIRED);
    }

    /// The latest admission date and its record.
    pub(crate) fn latest_admit(&self, i: u32) -> Option<(Date, u32)> {
        let row = self.row(i);
        Some((date(self.day_of(i, row.latest_day, Far::Latest, ADMISSIONS_FROM))?, row.latest))
    }

    #[inline]
    pub(crate) fn later_admit(&mut self, i: u32, d: Date, r: u32) {
        let new = day(d);
        let c = compact(new, ADMISSIONS_FROM);
        let Some(p) = self.rows.get_mut(i as usize) else { return };
        // Compact days sort as days; a day kept apart is compared in full.
        if c != FAR && p.latest_day != FAR {
            if c > p.latest_day {
                (p.latest_day, p.latest) = (c, r);
            }
            return;
        }
        self.later_far_admit(i, new, r);
    }

    /// [`Patients::later_admit`] when the new day or the known one is kept apart.
    #[cold]
    fn later_far_admit(&mut self, i: u32, new: u32, r: u32) {
        let known = self.rows.get(i as usize).map_or(0, |p| p.latest_day);
        if new > self.day_of(i, known, Far::Latest, ADMISSIONS_FROM) {
            let c = self.keep(i, new, Far::Latest, ADMISSIONS_FROM);
            if let Some(p) = self.rows.get_mut(i as usize) {
                (p.latest_day, p.latest) = (c, r);
            }
        }
    }

    /// The record of the patient's last encounter ([`NONE`]).
    pub(crate) fn last_encounter(&self, i: u32) -> u32 {
        self.rows.get(i as usize).map_or(NONE, |p| p.encounters)
    }

    /// Makes record `r` patient `i`'s last encounter; the last before it, and whether the
    /// patient's encounter keys are in the map (it has many).
    pub(crate) fn chain_encounter(&mut self, i: u32, r: u32) -> (u32, bool) {
        match self.rows.get_mut(i as usize) {
            Some(p) => (std::mem::replace(&mut p.encounters, r), p.flags & MANY_ENCOUNTERS != 0),
            None => (NONE, false),
        }
    }

    /// Heap bytes by part.
    pub(crate) fn heap_parts(&self) -> [(&'static str, usize); 5] {
        [
            ("patient rows", self.rows.heap_bytes()),
            ("first seen later", map_bytes(&self.elsewhere)),
            ("death and expired", map_bytes(&self.death) + map_bytes(&self.expired)),
            ("far days", map_bytes(&self.far)),
            ("text arena", self.arena.heap_bytes()),
        ]
    }
}

impl Row {
    pub(crate) fn has_birth(&self) -> bool {
        self.birth != 0
    }

    pub(crate) fn sex(&self) -> Option<Sex> {
        sex_of(self.flags & SEX)
    }

    pub(crate) fn has_name(&self) -> bool {
        self.name != 0
    }

    /// True when a death date or an expired discharge is known.
    pub(crate) fn died(&self) -> bool {
        self.flags & (DEATH | EXPIRED) != 0
    }
}

fn earliest(map: &mut IntMap<u32, [u32; 2]>, i: u32, d: Date, r: u32) {
    let known = map.entry(i).or_insert([u32::MAX, r]);
    if day(d) < known[0] {
        *known = [day(d), r];
    }
}

impl People for Patients {
    fn name(&self, patient: u32) -> &str {
        Patients::name(self, patient).unwrap_or("")
    }

    fn sex(&self, patient: u32) -> u8 {
        self.sex_code(patient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn a_row_is_32_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 32);
    }

    #[test]
    fn days_near_and_far_come_back() {
        let mut p = Patients::default();
        let dates = [d(1900, 1, 1), d(2027, 12, 31), d(1899, 12, 31), d(2028, 1, 1), d(1950, 1, 1), d(-40, 3, 1)];
        for x in dates {
            let i = p.push("M1", 1).unwrap();
            p.set_birth(i, x, 1);
            assert_eq!(p.birth(i), day(x), "{x}");
            assert_eq!(p.birth_of(i, &p.row(i)), day(x), "{x}");
            assert!(p.row(i).has_birth());
        }
        assert_eq!(p.far.len(), 3);
        // The latest admission moves only forward, whether its days are near or far.
        let i = p.push("M2", 1).unwrap();
        let admits = [(d(2020, 5, 1), true), (d(1949, 1, 1), false), (d(2100, 1, 1), true), (d(2077, 1, 1), false), (d(2101, 1, 1), true)];
        for (r, (x, later)) in admits.into_iter().enumerate() {
            let before = p.latest_admit(i);
            p.later_admit(i, x, r as u32);
            let expect = if later { Some((x, r as u32)) } else { before };
            assert_eq!(p.latest_admit(i), expect, "{x}");
        }
        assert_eq!(compact(0, 1900), 0);
        assert_eq!(full(compact(day(d(1971, 4, 12)), 1900), 1900), day(d(1971, 4, 12)));
    }

    #[test]
    fn days_sort_as_dates_and_come_back() {
        let dates = [d(-9999, 1, 1), d(1, 1, 1), d(1899, 12, 31), d(1900, 1, 1), d(2026, 2, 28), d(9999, 12, 31)];
        for w in dates.windows(2) {
            assert!(day(w[0]) < day(w[1]));
        }
        for x in dates {
            assert_ne!(day(x), 0);
            assert_eq!(date(day(x)), Some(x));
        }
        assert_eq!(date(0), None);
    }

    #[test]
    fn values_remember_where_they_were_seen() {
        let mut p = Patients::default();
        let i = p.push("M1", 7).unwrap();
        p.set_birth(i, d(1980, 2, 1), 7);
        p.set_sex(i, Sex::Female, 9);
        p.set_name(i, "Doe, Jane", 7);
        assert_eq!((p.seen_at(i, Field::Birth), p.seen_at(i, Field::Sex), p.seen_at(i, Field::Name)), (7, 9, 7));
        assert_eq!((p.mrn(i), p.name(i), p.sex(i)), ("M1", Some("Doe, Jane"), Some(Sex::Female)));
        p.earlier_death(i, d(2020, 1, 1), 10);
        p.earlier_death(i, d(2021, 1, 1), 11);
        p.earlier_death(i, d(2019, 1, 1), 12);
        assert_eq!(p.death(i), Some((d(2019, 1, 1), 12)));
        assert_eq!(p.expired(i), None);
        p.later_admit(i, d(2020, 5, 1), 3);
        p.later_admit(i, d(2020, 4, 1), 4);
        assert_eq!(p.latest_admit(i), Some((d(2020, 5, 1), 3)));
    }
}
