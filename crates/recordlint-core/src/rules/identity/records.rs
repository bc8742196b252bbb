//! The records the index has seen, by their number in the index: where each was (from runs of
//! records alike: nothing stored per record for CSV rows of one line each, the line for HL7
//! messages) and its duplicate-encounter keys, chained per patient (14 bytes a record).

use super::memory::map_bytes;
use super::days::{self, ADMISSIONS_FROM, FAR};
use super::store::Chunked;
use crate::int_map::IntMap;
use crate::model::Location;

/// Where a record was, in 12 bytes: which input, and its row (CSV), message (HL7) or line, and
/// the line it starts on (numbers beyond 2^32 saturate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Spot {
    pub(crate) source: u16,
    pub(crate) kind: SpotKind,
    pub(crate) n: u32,
    pub(crate) line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SpotKind {
    Row,
    Message,
    Line,
}

impl Spot {
    pub(crate) fn of(at: &Location, source: u16) -> Spot {
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
    pub(crate) fn location(self) -> Location {
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

/// No record (the end of a chain).
pub(crate) const NONE: u32 = u32::MAX;

/// Which duplicate-encounter key: by encounter id, or by stay (discharge date and principal
/// diagnosis). Both also hold the MRN and the admission date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Id,
    Stay,
}

/// A key's 32-bit fingerprint: the high half of its 64-bit hash (so fingerprints sort as the
/// hashes do), never 0 (0 is "no key").
pub(crate) fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

/// One record's encounter, in 14 bytes: the key fingerprints and the admission day (see
/// [`compact`]) are set when it was added under one of its keys; `next` is the patient's
/// encounter before.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, packed(2))]
pub(crate) struct Entry {
    by_id: u32,
    by_stay: u32,
    next: u32,
    admit: u16,
}

impl Entry {
    /// The fingerprint of the key of `kind` (0: none).
    pub(crate) fn key(&self, kind: KeyKind) -> u32 {
        match kind {
            KeyKind::Id => self.by_id,
            KeyKind::Stay => self.by_stay,
        }
    }

    /// The patient's encounter before (or [`NONE`]).
    pub(crate) fn next(&self) -> u32 {
        self.next
    }
}

/// An admission day (packed as `days::day`) of 1950–2077 in 16 bits; [`FAR`] for another
/// year (the day is then kept apart).
fn compact(day: u32) -> u16 {
    days::compact(day, ADMISSIONS_FROM)
}

/// The day of a [`compact`] one other than [`FAR`].
fn full(compact: u16) -> u32 {
    days::full(compact, ADMISSIONS_FROM)
}

/// How a run of records gives their places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `n = record + dn`, `line = n + dl`: nothing stored per record (CSV rows one line each).
    Derived,
    /// `n = record + dn`, the line stored (HL7 messages, CSV with multi-line rows).
    Lines,
    /// Both stored (records numbered apart: rows skipped more than once in a row, merged
    /// places).
    Both,
    /// `line = n + dl`, and each record's `n` the one before's plus a gap of one byte (records
    /// numbered apart by little: an MRN partition's share of one-line rows); at most
    /// [`GAPS_RUN`] records, so that finding a place adds at most that many gaps.
    Gaps,
}

/// Records of one [`Mode::Gaps`] run at most.
const GAPS_RUN: u32 = 64;

/// Records from `start` on until the next run: their input and kind, and how their places are
/// given (`at`: where the run's stored numbers start).
#[derive(Debug, Clone, Copy)]
struct Run {
    start: u32,
    source: u16,
    kind: SpotKind,
    mode: Mode,
    dn: u32,
    dl: u32,
    at: u32,
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    entries: Chunked<Entry>,
    /// Records numbered (as many as `entries` unless they are not kept).
    len: u32,
    /// Only places are kept, no encounter entries (an index that checks no encounters).
    places_only: bool,
    /// Admission days outside the compact years, by record.
    far: IntMap<u32, u32>,
    runs: Vec<Run>,
    /// The numbers of runs that store them.
    stored: Chunked<u32>,
    /// The gaps of [`Mode::Gaps`] runs.
    gaps: Chunked<u8>,
    /// The row, message or line number of the record before.
    prev_n: u32,
}

impl Records {
    /// Records that keep only their places: [`Records::set_keys`] keeps nothing (an index of
    /// duplicate-patient candidates).
    pub(crate) fn places_only() -> Records {
        Records { places_only: true, ..Records::default() }
    }

    /// Adds a record seen at `spot`; its number (saturating at `u32::MAX − 1`).
    pub(crate) fn push(&mut self, spot: Spot) -> u32 {
        let r = self.len.min(NONE - 1);
        if r < NONE - 1 {
            self.len += 1;
            if !self.places_only {
                self.entries.push(Entry { next: NONE, ..Entry::default() });
            }
        }
        let gap = spot.n.wrapping_sub(std::mem::replace(&mut self.prev_n, spot.n));
        let (dn, dl) = (spot.n.wrapping_sub(r), spot.line.wrapping_sub(spot.n));
        let at = u32::try_from(self.stored.len()).unwrap_or(u32::MAX);
        let last = self.runs.last_mut().filter(|l| l.source == spot.source && l.kind == spot.kind);
        let Some(last) = last else {
            self.runs.push(Run { start: r, source: spot.source, kind: spot.kind, mode: Mode::Derived, dn, dl, at });
            return r;
        };
        let count = r.wrapping_sub(last.start);
        let alone = count == 1;
        let (last_n, last_line) = (last.start.wrapping_add(last.dn), last.start.wrapping_add(last.dn).wrapping_add(last.dl));
        let small_gap = (1..=u32::from(u8::MAX)).contains(&gap) && last.dl == dl && count < GAPS_RUN;
        match last.mode {
            Mode::Derived if last.dn == dn && last.dl == dl => {}
            Mode::Derived if small_gap => {
                // The run so far had gaps of one.
                (last.mode, last.at) = (Mode::Gaps, u32::try_from(self.gaps.len()).unwrap_or(u32::MAX));
                for _ in 1..count {
                    self.gaps.push(1);
                }
                self.gaps.push(gap as u8);
            }
            Mode::Gaps if small_gap => {
                self.gaps.push(gap as u8);
            }
            Mode::Derived if alone && last.dn == dn => {
                (last.mode, last.at) = (Mode::Lines, at);
                self.stored.push(last_line);
                self.stored.push(spot.line);
            }
            Mode::Derived if alone => {
                (last.mode, last.at) = (Mode::Both, at);
                for n in [last_n, last_line, spot.n, spot.line] {
                    self.stored.push(n);
                }
            }
            Mode::Lines if last.dn == dn => {
                self.stored.push(spot.line);
            }
            // Numbers stored until two records in a row are numbered alike again.
            Mode::Both if self.stored.at((at as usize).saturating_sub(2)).wrapping_sub(r.wrapping_sub(1)) != dn => {
                self.stored.push(spot.n);
                self.stored.push(spot.line);
            }
            _ => self.runs.push(Run { start: r, source: spot.source, kind: spot.kind, mode: Mode::Derived, dn, dl, at }),
        }
        r
    }

    /// Where record `r` was.
    pub(crate) fn spot(&self, r: u32) -> Spot {
        let run = self.runs.partition_point(|run| run.start <= r).checked_sub(1).and_then(|i| self.runs.get(i));
        let Some(run) = run else { return Spot { source: 0, kind: SpotKind::Line, n: 0, line: 0 } };
        let k = r.wrapping_sub(run.start) as usize;
        let stored = |i: usize| self.stored.at(run.at as usize + i);
        let (n, line) = match run.mode {
            Mode::Derived => {
                let n = r.wrapping_add(run.dn);
                (n, n.wrapping_add(run.dl))
            }
            Mode::Lines => (r.wrapping_add(run.dn), stored(k)),
            Mode::Both => (stored(2 * k), stored(2 * k + 1)),
            Mode::Gaps => {
                let gaps = (0..k).map(|i| u32::from(self.gaps.at(run.at as usize + i)));
                let n = gaps.fold(run.start.wrapping_add(run.dn), u32::wrapping_add);
                (n, n.wrapping_add(run.dl))
            }
        };
        Spot { source: run.source, kind: run.kind, n, line }
    }

    /// Record `r`'s encounter entry (keys, admission day, the patient's encounter before).
    pub(crate) fn entry(&self, r: u32) -> Entry {
        self.entries.get(r as usize).copied().unwrap_or(Entry { next: NONE, ..Entry::default() })
    }

    /// The admission day of record `r` (its `entry`; 0 when none was set).
    fn admit(&self, r: u32, entry: &Entry) -> u32 {
        match entry.admit {
            0 => 0,
            FAR => self.far.get(&r).copied().unwrap_or(0),
            c => full(c),
        }
    }

    /// True when record `r` (its `entry`) was admitted on `day`.
    pub(crate) fn admitted_on(&self, r: u32, entry: &Entry, day: u32) -> bool {
        let c = compact(day);
        entry.admit == c && (c != FAR || self.far.get(&r) == Some(&day))
    }

    /// The fingerprint of record `r`'s key of `kind` (0: none added), and its admission day.
    pub(crate) fn key(&self, r: u32, kind: KeyKind) -> (u32, u32) {
        let e = self.entry(r);
        (e.key(kind), self.admit(r, &e))
    }

    /// The patient's encounter before `r` (or [`NONE`]).
    pub(crate) fn next(&self, r: u32) -> u32 {
        self.entries.get(r as usize).map_or(NONE, |e| e.next)
    }

    /// Sets record `r`'s `keys` (kind and fingerprint), admitted on `admit`, and chains it
    /// after `next` (the patient's encounter before it).
    pub(crate) fn set_keys(&mut self, r: u32, admit: u32, keys: [Option<(KeyKind, u32)>; 2], next: u32) {
        if self.places_only {
            return;
        }
        let c = compact(admit);
        if c == FAR {
            self.far.insert(r, admit);
        }
        if let Some(e) = self.entries.get_mut(r as usize) {
            e.admit = c;
            e.next = next;
            for (kind, fingerprint) in keys.into_iter().flatten() {
                match kind {
                    KeyKind::Id => e.by_id = fingerprint,
                    KeyKind::Stay => e.by_stay = fingerprint,
                }
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.heap_bytes()
            + map_bytes(&self.far)
            + self.runs.capacity() * std::mem::size_of::<Run>()
            + self.stored.heap_bytes()
            + self.gaps.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_come_back_as_pushed() {
        let spots = [
            Spot { source: 0, kind: SpotKind::Row, n: 1, line: 2 },
            Spot { source: 0, kind: SpotKind::Row, n: 2, line: 3 },
            Spot { source: 0, kind: SpotKind::Row, n: 3, line: 5 },
            Spot { source: 1, kind: SpotKind::Message, n: 1, line: 1 },
            Spot { source: 1, kind: SpotKind::Message, n: 2, line: 9 },
            Spot { source: 1, kind: SpotKind::Message, n: 3, line: 30 },
            Spot { source: 2, kind: SpotKind::Line, n: 4, line: 4 },
            Spot { source: 0, kind: SpotKind::Row, n: u32::MAX, line: u32::MAX },
            Spot { source: 0, kind: SpotKind::Row, n: 4, line: 0 },
        ];
        let mut records = Records::default();
        let numbers: Vec<u32> = spots.iter().map(|s| records.push(*s)).collect();
        for (r, s) in numbers.iter().zip(spots) {
            assert_eq!(records.spot(*r), s);
        }
        // One-line rows share a run; messages store their lines.
        let modes: Vec<Mode> = records.runs.iter().map(|r| r.mode).collect();
        assert_eq!(modes, [Mode::Derived, Mode::Derived, Mode::Lines, Mode::Derived, Mode::Both], "{:?}", records.runs);
    }

    #[test]
    fn random_places_come_back() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut records = Records::default();
        let mut spots = Vec::new();
        let (mut n, mut line) = (1u32, 2u32);
        for _ in 0..20_000 {
            // Mostly the next row on the next line; sometimes a row skipped, a longer row, another
            // input, or a spot from anywhere (merging).
            match next(20) {
                0 => n += 2,
                1 => line += 3,
                2 => (n, line) = (next(1000) as u32, next(1000) as u32),
                _ => {}
            }
            let source = if next(50) == 0 { 1 } else { 0 };
            let kind = if source == 0 { SpotKind::Row } else { SpotKind::Message };
            let spot = Spot { source, kind, n, line };
            spots.push((records.push(spot), spot));
            n += 1;
            line += 1;
        }
        for (r, spot) in spots {
            assert_eq!(records.spot(r), spot);
        }
        let runs = records.runs.len();
        assert!(runs < 10_000, "{runs} runs");
    }

    /// A partition's share of one-line rows (every row, or every other, or a few apart) keeps a
    /// byte or two a record, and so do the records of a duplicate-patient stage.
    #[test]
    fn rows_a_few_apart_cost_a_byte_or_two() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for places_only in [false, true] {
            let mut records = if places_only { Records::places_only() } else { Records::default() };
            let mut spots = Vec::new();
            let mut n = 1u32;
            for _ in 0..100_000 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                n += 1 + (seed % 4) as u32 * (seed % 3) as u32;
                let spot = Spot { source: 0, kind: SpotKind::Row, n, line: n + 1 };
                spots.push((records.push(spot), spot));
            }
            for (r, spot) in &spots {
                assert_eq!(records.spot(*r), *spot);
            }
            let places = records.heap_bytes() - records.entries.heap_bytes();
            assert!(places <= 2 * spots.len(), "{places} bytes of places");
            assert_eq!(records.entries.len(), if places_only { 0 } else { spots.len() });
        }
    }

    #[test]
    fn keys_chain_per_patient() {
        let mut records = Records::default();
        let spot = Spot { source: 0, kind: SpotKind::Row, n: 1, line: 2 };
        let (a, b) = (records.push(spot), records.push(spot));
        records.set_keys(a, 100, [Some((KeyKind::Id, 7)), None], NONE);
        records.set_keys(b, 101, [None, Some((KeyKind::Stay, 9))], a);
        assert_eq!(records.key(a, KeyKind::Id), (7, 100));
        assert_eq!(records.key(a, KeyKind::Stay), (0, 100));
        assert_eq!(records.key(b, KeyKind::Stay), (9, 101));
        assert_eq!((records.next(b), records.next(a)), (a, NONE));
        assert_eq!(fingerprint(5), 1);
        assert_eq!(std::mem::size_of::<Entry>(), 14);
    }

    #[test]
    fn admission_days_near_and_far_come_back() {
        use super::super::days::day;
        use jiff::civil::date as d;
        let mut records = Records::default();
        let spot = Spot { source: 0, kind: SpotKind::Row, n: 1, line: 2 };
        let days = [d(1950, 1, 1), d(2077, 12, 31), d(1949, 12, 31), d(2078, 1, 1), d(2026, 2, 28), d(-40, 3, 1)];
        for (i, x) in days.iter().enumerate() {
            let r = records.push(spot);
            records.set_keys(r, day(*x), [None, Some((KeyKind::Stay, 5))], NONE);
            assert_eq!(records.key(r, KeyKind::Stay), (5, day(*x)), "{x}");
            assert!(records.admitted_on(r, &records.entry(r), day(*x)));
            assert!(!records.admitted_on(r, &records.entry(r), day(days[(i + 1) % days.len()])));
        }
        assert_eq!(records.far.len(), 3);
        assert_eq!(fingerprint(7 << 32 | 5), 7);
    }
}
