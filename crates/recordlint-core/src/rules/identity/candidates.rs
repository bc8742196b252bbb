//! The candidates for probable duplicate patients (X404): patients with a birth date and a name,
//! by birth date, and within a date by name as written. A group of one name carries its sketch
//! and first patient inline; a group of several chains its members and, by sex, their count and
//! first patient, so that a new patient is compared once per distinct name of its birth dates
//! and counts all the group's patients at once: linear in the patients sharing a name and birth
//! date, where comparing each would be quadratic.

use super::memory::map_bytes;
use crate::int_map::IntMap;
use super::names::{given_keys, probably_same_person, NameParts, NameSketch};
use super::store::Chunked;
#[cfg(test)]
use std::sync::atomic::{AtomicU64, Ordering};

/// What the candidates need of the patients.
pub(crate) trait People {
    /// The patient's name as first written.
    fn name(&self, patient: u32) -> &str;
    /// The patient's sex: 0 not known, else one [`Sex`](super::mrn_sex_conflict::Sex) code.
    fn sex(&self, patient: u32) -> u8;
}

/// No group (the end of a date's chain).
const NONE: u32 = u32::MAX;

/// Patient numbers are below this bit, which marks a group's `who` as a [`Shared`] one.
pub(crate) const SHARED: u32 = 1 << 31;

/// The patients of one birth date and one name: `who`, the patient (a group of one) or
/// [`SHARED`] and the number of its [`Shared`]; the date's next group; the name's sketch.
#[derive(Debug, Clone, Copy)]
struct Group {
    who: u32,
    next: u32,
    sketch: NameSketch,
}

/// A group of several patients: `first` (the one added first; all share its name), and by sex
/// code (0 not known), how many members and the lowest patient number ([`NONE`] when none); its
/// members are chained in [`Candidates::members`] from `last`.
#[derive(Debug, Clone, Copy)]
struct Shared {
    first: u32,
    count: [u32; 3],
    lowest: [u32; 3],
    last: u32,
}

/// A match found for a new patient: the lowest patient number of those it matches, whether
/// that one's birth date is the new one transposed, and how many it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) first: u32,
    pub(crate) transposed: bool,
    pub(crate) matches: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Candidates {
    /// Packed birth day → its first group.
    dates: IntMap<u32, u32>,
    groups: Chunked<Group>,
    shared: Chunked<Shared>,
    /// Members of shared groups: the patient, and the group's member added before ([`NONE`]).
    members: Chunked<[u32; 2]>,
    /// Groups and members looked at by searches so far (what makes a search cost; counted in
    /// tests only).
    #[cfg(test)]
    looked_at: AtomicU64,
}

impl Shared {
    fn add(&mut self, patient: u32, sex: u8, members: &mut Chunked<[u32; 2]>) {
        let s = usize::from(sex.min(2));
        self.count[s] += 1;
        self.lowest[s] = self.lowest[s].min(patient);
        self.last = u32::try_from(members.push([patient, self.last])).unwrap_or(NONE);
    }
}

/// The members chained from `last`.
fn chain(members: &Chunked<[u32; 2]>, last: u32) -> impl Iterator<Item = u32> + '_ {
    let mut at = last;
    std::iter::from_fn(move || {
        let [patient, before] = *members.get(at as usize)?;
        at = before;
        Some(patient)
    })
}

/// True when a patient of sex `a` may be one of sex `b` (a sex not known matches either).
fn sexes_agree(a: u8, b: u8) -> bool {
    a == 0 || b == 0 || a == b
}

impl Candidates {
    /// The group's shared part, when it has several patients.
    #[inline]
    fn shared(&self, group: &Group) -> Option<&Shared> {
        (group.who & SHARED != 0).then(|| self.shared.get((group.who & !SHARED) as usize)).flatten()
    }

    /// The patient added first to the group (all share its name).
    #[inline]
    fn first(&self, group: &Group) -> u32 {
        match self.shared(group) {
            Some(shared) => shared.first,
            None => group.who,
        }
    }

    /// The groups of `day`.
    fn groups(&self, day: u32) -> impl Iterator<Item = (u32, Group)> + '_ {
        let mut g = self.dates.get(&day).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            let group = *self.groups.get(g as usize)?;
            let here = g;
            g = group.next;
            Some((here, group))
        })
    }

    /// True when `day` has groups.
    pub(crate) fn has(&self, day: u32) -> bool {
        self.dates.contains_key(&day)
    }

    /// The group of `day` for `name` (sketched: `sketch`; names alike as written are sketched
    /// alike).
    fn group_of(&self, day: u32, name: &str, sketch: &NameSketch, people: &dyn People) -> Option<u32> {
        self.groups(day)
            .find(|(_, group)| group.sketch == *sketch && people.name(self.first(group)) == name)
            .map(|(g, _)| g)
    }

    /// Adds `patient`, born on `day`, named `name` (sketched: `sketch`).
    pub(crate) fn insert(&mut self, day: u32, patient: u32, name: &str, sketch: NameSketch, people: &dyn People) {
        match self.group_of(day, name, &sketch, people) {
            Some(g) => {
                let Some(group) = self.groups.get_mut(g as usize) else { return };
                if group.who & SHARED == 0 {
                    let first = group.who;
                    let mut shared = Shared { first, count: [0; 3], lowest: [NONE; 3], last: NONE };
                    shared.add(first, people.sex(first), &mut self.members);
                    group.who = SHARED | u32::try_from(self.shared.push(shared)).unwrap_or(!SHARED);
                }
                let members = &mut self.members;
                if let Some(shared) = self.shared.get_mut((group.who & !SHARED) as usize) {
                    shared.add(patient, people.sex(patient), members);
                }
            }
            None => {
                let next = self.dates.get(&day).copied().unwrap_or(NONE);
                let g = self.groups.push(Group { who: patient, next, sketch });
                self.dates.insert(day, u32::try_from(g).unwrap_or(NONE));
            }
        }
    }

    /// Notes that `patient` (added under `day` and `name`), whose sex was not known, is now of
    /// sex `sex`.
    pub(crate) fn sex_known(&mut self, day: u32, patient: u32, name: &str, sex: u8, people: &dyn People) {
        let sketch = NameSketch::of(&NameParts::parse(name));
        let Some(g) = self.group_of(day, name, &sketch, people) else { return };
        let Some(group) = self.groups.get(g as usize).filter(|group| group.who & SHARED != 0) else { return };
        let Some(shared) = self.shared.get_mut((group.who & !SHARED) as usize) else { return };
        let s = usize::from(sex.min(2));
        shared.count[0] = shared.count[0].saturating_sub(1);
        shared.count[s] += 1;
        shared.lowest[s] = shared.lowest[s].min(patient);
        if shared.lowest[0] == patient {
            shared.lowest[0] = chain(&self.members, shared.last).filter(|&m| people.sex(m) == 0).min().unwrap_or(NONE);
        }
    }

    /// The patients of `day` (and of `transposed`, its day and month swapped) that `name`
    /// (parsed: `parts`; a new patient of sex `sex`, not yet added) probably is. `skip`, when
    /// merging, tells the patients compared already in the other index: then each member is
    /// looked at.
    pub(crate) fn search(
        &self,
        (day, transposed): (u32, Option<u32>),
        (name, parts): (&str, &NameParts),
        sex: u8,
        people: &dyn People,
        skip: Option<&dyn Fn(u32) -> bool>,
    ) -> Option<Found> {
        let mut found: Option<Found> = None;
        let given = given_keys(&parts.given);
        // A group of this very name is the new patient if anyone is.
        let itself = std::cell::OnceCell::new();
        let dates = std::iter::once((day, false)).chain(transposed.map(|t| (t, true)));
        for (date, is_transposed) in dates {
            for (_, group) in self.groups(date) {
                self.looked(1);
                if !group.sketch.may_match_name(parts, given) {
                    continue;
                }
                let shared = self.shared(&group);
                let (count, lowest) = match (skip, shared) {
                    (None, Some(shared)) => (0..3)
                        .filter(|&s| sexes_agree(sex, s as u8))
                        .fold((0usize, NONE), |(n, low), s| {
                            (n + shared.count[s] as usize, low.min(shared.lowest[s]))
                        }),
                    _ => {
                        let chained = shared.map(|s| chain(&self.members, s.last));
                        let alone = shared.is_none().then_some(group.who);
                        chained
                            .into_iter()
                            .flatten()
                            .chain(alone)
                            .inspect(|_| self.looked(1))
                            .filter(|&m| sexes_agree(sex, people.sex(m)) && !skip.is_some_and(|skip| skip(m)))
                            .fold((0, NONE), |(n, low), m| (n + 1, low.min(m)))
                    }
                };
                if count == 0 {
                    continue;
                }
                let other = people.name(self.first(&group));
                let same = if other == name {
                    *itself.get_or_init(|| probably_same_person(parts, parts))
                } else {
                    probably_same_person(parts, &NameParts::parse(other))
                };
                if !same {
                    continue;
                }
                let f = found.get_or_insert(Found { first: lowest, transposed: is_transposed, matches: 0 });
                f.matches += count;
                if lowest < f.first {
                    f.first = lowest;
                    f.transposed = is_transposed;
                }
            }
        }
        found
    }

    /// Counts `n` groups or members looked at (in tests).
    fn looked(&self, n: usize) {
        #[cfg(test)]
        self.looked_at.fetch_add(n as u64, Ordering::Relaxed);
        let _ = n;
    }

    /// Groups and members looked at by searches so far.
    #[cfg(test)]
    pub(crate) fn looked_at(&self) -> u64 {
        self.looked_at.load(Ordering::Relaxed)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        map_bytes(&self.dates)
            + self.groups.heap_bytes()
            + self.shared.heap_bytes()
            + self.members.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Names(Vec<(&'static str, u8)>);

    impl People for Names {
        fn name(&self, patient: u32) -> &str {
            self.0[patient as usize].0
        }
        fn sex(&self, patient: u32) -> u8 {
            self.0[patient as usize].1
        }
    }

    #[test]
    fn groups_count_by_sex_and_keep_the_lowest() {
        let mut people = Names(vec![("Smith, John", 0), ("Smith, John", 2), ("Smyth, Jon", 1), ("Smith, John", 0)]);
        let mut c = Candidates::default();
        for p in [3u32, 1, 2, 0] {
            let name = people.0[p as usize].0;
            c.insert(10, p, name, NameSketch::of(&NameParts::parse(name)), &people);
        }
        let john_parts = NameParts::parse("John Smith");
        let john = ("John Smith", &john_parts);
        let search = |c: &Candidates, people: &Names, sex| c.search((10, None), john, sex, people, None);
        assert_eq!(search(&c, &people, 0), Some(Found { first: 0, transposed: false, matches: 4 }));
        // A male matches the unknown and the male ones.
        assert_eq!(search(&c, &people, 2), Some(Found { first: 0, transposed: false, matches: 3 }));
        assert_eq!(search(&c, &people, 1), Some(Found { first: 0, transposed: false, matches: 3 }));
        // Patient 0 turns out female: a male now matches 1 and 3.
        people.0[0].1 = 1;
        c.sex_known(10, 0, "Smith, John", 1, &people);
        assert_eq!(search(&c, &people, 2), Some(Found { first: 1, transposed: false, matches: 2 }));
        let skip_one = |p: u32| p == 1;
        assert_eq!(
            c.search((10, None), john, 2, &people, Some(&skip_one)),
            Some(Found { first: 3, transposed: false, matches: 1 })
        );
        assert_eq!(c.search((11, Some(10)), john, 0, &people, None).map(|f| f.transposed), Some(true));
        assert_eq!(c.search((11, None), john, 0, &people, None), None);
    }
}
