//! Code facts worked out once per distinct code: a check remembers, per code system and table
//! version, the [`CodeFact`] of each code text it met, keyed by the text's own bytes packed into
//! an integer, so that the next occurrence of the code costs one hash probe instead of being
//! trimmed, upper-cased, re-dotted, searched for and its notes walked again.
//!
//! The cache belongs to one check (the [`crate::rules::Checker`] of a run or a piece) with its
//! tables, never to the process. It keeps at most [`CAPACITY`] codes a system: a file of
//! millions of distinct made-up codes costs what it did without a cache, not memory.

use super::code_fact::{CodeFact, Masks, TextFlags};
use super::table_version::Versions;
use super::tables::{Key, Tables};
use super::text_slots::{TextKey, TextSlots};
use crate::int_map::IntHasher;
use crate::model::CodeSystem;
use jiff::civil::Date;

/// Distinct (code text, table version) pairs remembered at most, per code system.
pub const CAPACITY: usize = 1 << 16;

/// The remembered facts of one check.
#[derive(Debug, Default)]
pub struct FactCache {
    icd10cm: Option<Part>,
    icd10pcs: Option<Part>,
    /// Whether an Excludes1 note over one code names another, by pair met.
    /// A slot for each pair's hash: a pair met again is mostly found in its slot.
    excludes1_pairs: Vec<Option<(Key, Key, bool)>>,
}

/// A date of service as a version of a system's table (see [`FactCache::on`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct On {
    pub date: Date,
    version: u32,
}

/// What one text is as a code of one system, on one version of its table.
#[derive(Debug, Clone, Copy)]
pub struct Looked {
    /// `None` when the text is not shaped like a code of the system.
    pub fact: Option<CodeFact>,
    /// What the text as written gives rules to report.
    pub text: TextFlags,
}

/// The facts of one system.
#[derive(Debug)]
struct Part {
    versions: Versions,
    masks: Masks,
    /// Dates asked for and their versions, by day of the year (see [`Part::on`]).
    days: Box<[(u32, u32); DAYS]>,
    /// Where each text's facts are in `facts`: small slots, cheap to move as the table grows.
    index: TextSlots,
    facts: Vec<Looked>,
    /// The last text not remembered (too long, or no room).
    miss: Option<Looked>,
}

impl FactCache {
    /// `date` as a version of the table of `system` in `tables` (the tables of the check, always
    /// the same for one cache).
    pub fn on(&mut self, tables: &Tables, system: CodeSystem, date: Date) -> On {
        let Some(part) = self.part(tables, system) else { return On { date, version: 0 } };
        On { date, version: part.on(date) }
    }

    /// The facts of `text` (trimmed) as a code of `system` on `on`, a date of service of the same
    /// system; `None` when `text` is not shaped like a code of the system.
    pub fn fact(&mut self, tables: &Tables, system: CodeSystem, on: On, text: &str) -> Option<CodeFact> {
        self.look(tables, system, on, text).and_then(|l| l.fact)
    }

    /// What `text` (trimmed) is as a code of `system` on `on`, a date of service of the same
    /// system; `None` for a system without facts.
    #[inline]
    pub fn look(&mut self, tables: &Tables, system: CodeSystem, on: On, text: &str) -> Option<&Looked> {
        let part = self.part(tables, system)?;
        let key = TextKey::new(text, on.version);
        match key.and_then(|key| part.index.get(key)) {
            Some(at) => part.facts.get(at as usize),
            None => Some(part.miss(tables, system, on, text, key)),
        }
    }

    /// The part of `system`, made on first use (`None` for a system without facts).
    #[inline]
    fn part(&mut self, tables: &Tables, system: CodeSystem) -> Option<&mut Part> {
        let slot = match system {
            CodeSystem::Icd10cm => &mut self.icd10cm,
            CodeSystem::Icd10pcs => &mut self.icd10pcs,
            _ => return None,
        };
        if slot.is_none() {
            *slot = Some(Part::new(tables, system));
        }
        slot.as_mut()
    }

    /// True when a note of the Excludes1 table of `tables` over the code `a` names the code
    /// `b`, remembered per pair.
    pub fn excludes1_names(&mut self, tables: &Tables, a: Key, b: Key) -> bool {
        use std::hash::{Hash, Hasher};
        let mut hash = IntHasher::default();
        (a, b).hash(&mut hash);
        let slot = hash.finish() as usize % PAIR_SLOTS;
        if let Some(&Some((x, y, names))) = self.excludes1_pairs.get(slot) {
            if (x, y) == (a, b) {
                return names;
            }
        }
        let notes = tables.excludes1();
        let names = notes.node_ids(a).filter_map(|id| notes.node(id)).any(|over| over.find(b).is_some());
        if self.excludes1_pairs.is_empty() {
            self.excludes1_pairs = vec![None; PAIR_SLOTS];
        }
        if let Some(s) = self.excludes1_pairs.get_mut(slot) {
            *s = Some((a, b, names));
        }
        names
    }
}

/// Slots of [`FactCache::excludes1_pairs`].
const PAIR_SLOTS: usize = 4096;

/// Slots of [`Part::days`]: one a day of a year.
const DAYS: usize = 512;

impl Part {
    #[cold]
    #[inline(never)]
    fn new(tables: &Tables, system: CodeSystem) -> Part {
        let table = if system == CodeSystem::Icd10cm { tables.icd10cm() } else { tables.icd10pcs() };
        Part {
            versions: Versions::of(table),
            masks: Masks::of(table),
            days: Box::new([(u32::MAX, 0); DAYS]),
            index: TextSlots::default(),
            facts: Vec::new(),
            miss: None,
        }
    }

    /// The version in force on `date`, remembered by day.
    #[inline]
    fn on(&mut self, date: Date) -> u32 {
        let day = Versions::day(date);
        let slot = &mut self.days[day as usize % DAYS];
        if slot.0 != day {
            *slot = (day, self.versions.on(date));
        }
        slot.1
    }

    /// Works out what `text` is (not found under `key`), remembers it under `key` while there is
    /// room, and lends it.
    #[cold]
    #[inline(never)]
    fn miss(
        &mut self,
        tables: &Tables,
        system: CodeSystem,
        on: On,
        text: &str,
        key: Option<TextKey>,
    ) -> &Looked {
        let fact = CodeFact::of(tables, &self.masks, system, text, on.date);
        // A fact is made only of a text with a canonical form.
        let looked = Looked { fact, text: TextFlags::of_parsed(system, text, fact.is_some()) };
        let at = u32::try_from(self.facts.len()).ok().filter(|_| self.index.len() < CAPACITY);
        if let (Some(key), Some(at)) = (key, at) {
            self.index.put(key, at);
            self.facts.push(looked);
            if let Some(last) = self.facts.last() {
                return last;
            }
        }
        self.miss.insert(looked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_same_code_gives_the_same_facts_remembered_or_not() {
        let tables = Tables::builtin();
        let mut cache = FactCache::default();
        let on = cache.on(&tables, CodeSystem::Icd10cm, date(2026, 3, 4));
        let first = cache.fact(&tables, CodeSystem::Icd10cm, on, "E11.9");
        assert_eq!(first.map(|f| f.text.to_string()).as_deref(), Some("E11.9"));
        assert_eq!(cache.fact(&tables, CodeSystem::Icd10cm, on, "E11.9"), first);
        assert_eq!(cache.fact(&tables, CodeSystem::Icd10cm, on, "e119").map(|f| f.key), first.map(|f| f.key));
        assert_eq!(cache.fact(&tables, CodeSystem::Icd10cm, on, "E11-9"), None);
        // Longer than any code: looked at, not remembered.
        assert_eq!(cache.fact(&tables, CodeSystem::Icd10cm, on, "E11.9     x"), None);
        assert_eq!(cache.icd10cm.as_ref().map(|p| p.index.len()), Some(3));
        // Another version of the table: D69.11 is a code from 2026-10-01 only.
        let before = cache.fact(&tables, CodeSystem::Icd10cm, on, "D69.11").map(|f| f.state);
        let after = cache.on(&tables, CodeSystem::Icd10cm, date(2026, 10, 1));
        let later = cache.fact(&tables, CodeSystem::Icd10cm, after, "D69.11").map(|f| f.state);
        assert_ne!(before, later);
        assert_eq!(cache.fact(&tables, CodeSystem::Cpt, on, "99213"), None);
    }

    #[test]
    fn a_flood_of_distinct_codes_is_not_all_remembered() {
        let tables = Tables::builtin();
        let mut cache = FactCache::default();
        let on = cache.on(&tables, CodeSystem::Icd10pcs, date(2026, 3, 4));
        for n in 0..CAPACITY + 10 {
            cache.fact(&tables, CodeSystem::Icd10pcs, on, &format!("Z{n:06}"));
        }
        assert_eq!(cache.icd10pcs.as_ref().map(|p| p.index.len()), Some(CAPACITY));
    }
}
