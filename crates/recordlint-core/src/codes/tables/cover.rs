//! Which codes a set of code ranges may cover, as three small bit masks: a quick "certainly
//! not" before a range search (Excludes1 pairs are tested this way, most of them never
//! searched for).
//!
//! A code's category (its first three characters) is a number, the key divided by 37⁴, and the
//! categories of a range of codes are a run of numbers. A range of fewer than 64 categories
//! sets the bit of each (category mod 64); a longer one, of fewer than 64 two-character
//! prefixes, sets theirs in a second mask; a longer one still sets its first characters in a
//! third. A code in a range always finds its bit set; a set bit is only a maybe.

use super::Key;

/// 37⁴: the place of a code's fourth character in its key.
const CATEGORY: u64 = 37 * 37 * 37 * 37;

/// The places of a code in the three masks (see [`Cover`]): the numbers of its bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    category: u8,
    prefix: u8,
    first: u8,
}

impl Place {
    /// The places of the code `key`.
    pub fn of(key: Key) -> Place {
        let category = key.0 / CATEGORY;
        let place = |n: u64| (n % 64) as u8;
        Place { category: place(category), prefix: place(category / 37), first: place(category / (37 * 37)) }
    }
}

/// The bit of `n` mod 64.
fn bit(n: u64) -> u64 {
    1 << (n % 64)
}

/// The codes some ranges may cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cover {
    categories: u64,
    prefixes: u64,
    firsts: u64,
}

impl Cover {
    /// Adds the codes from `lo` to `hi`.
    pub fn add(&mut self, lo: Key, hi: Key) {
        let (lo, hi) = (lo.0 / CATEGORY, hi.0 / CATEGORY);
        if hi < lo {
            return;
        }
        let run = |mask: &mut u64, lo: u64, hi: u64| {
            (lo..=hi).for_each(|n| *mask |= bit(n));
        };
        if hi - lo < 64 {
            run(&mut self.categories, lo, hi);
        } else if hi / 37 - lo / 37 < 64 {
            run(&mut self.prefixes, lo / 37, hi / 37);
        } else {
            run(&mut self.firsts, lo / (37 * 37), hi / (37 * 37));
        }
    }

    /// Adds what `other` covers.
    pub fn join(&mut self, other: Cover) {
        self.categories |= other.categories;
        self.prefixes |= other.prefixes;
        self.firsts |= other.firsts;
    }

    /// False when no range added covers a code at `place`; true when one may.
    pub fn may_cover(&self, place: Place) -> bool {
        (self.categories >> place.category | self.prefixes >> place.prefix | self.firsts >> place.first) & 1
            != 0
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        *self == Cover::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: &str) -> Key {
        Key::new(code).unwrap()
    }

    #[test]
    fn a_code_in_a_range_is_always_maybe() {
        for (lo, hi) in [("E10", "E10ZZZZ"), ("E08", "E13ZZZZ"), ("P04", "P96ZZZZ"), ("A00", "B99ZZZZ")] {
            let mut cover = Cover::default();
            cover.add(key(lo), key(hi));
            for code in ["E10", "E109", "E1165", "E13", "P04", "P9600", "P50", "A000", "B99"] {
                let k = key(code);
                if key(lo) <= k && k <= key(hi) {
                    assert!(cover.may_cover(Place::of(k)), "{code} in {lo}-{hi}");
                }
            }
        }
    }

    #[test]
    fn codes_far_away_are_certainly_not() {
        let mut cover = Cover::default();
        cover.add(key("E10"), key("E10ZZZZ"));
        assert!(!cover.may_cover(Place::of(key("E119"))));
        assert!(!cover.may_cover(Place::of(key("I10"))));
        let mut wide = Cover::default();
        wide.add(key("P04"), key("P96ZZZZ"));
        assert!(!wide.may_cover(Place::of(key("E119"))));
        assert!(Cover::default().is_empty() && !wide.is_empty());
    }
}
