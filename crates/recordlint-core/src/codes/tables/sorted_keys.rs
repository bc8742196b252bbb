//! A sorted list of keys that knows where the keys of each three leading characters begin, so
//! that a search bisects only the keys that share the sought key's leading characters (a few
//! dozen, mostly) instead of the whole table.

use super::{Key, MAX_CODE_LEN, POWERS_OF_37};
use std::sync::OnceLock;

/// Leading characters that choose a bucket.
const LEAD: usize = 3;
/// Buckets: one for each value of the leading characters (37 each).
const BUCKETS: usize = 37 * 37 * 37;
/// What a key is divided by to give its bucket: the place of its first character not leading.
const PER_BUCKET: u64 = POWERS_OF_37[MAX_CODE_LEN - LEAD];

/// Keys in ascending order.
#[derive(Debug, Default)]
pub struct SortedKeys {
    keys: Vec<Key>,
    /// Where the keys of each bucket and after begin (`BUCKETS + 1` entries), made on the first
    /// search.
    starts: OnceLock<Vec<u32>>,
}

/// The bucket of `key` (at most [`BUCKETS`] for a key beyond every code).
fn bucket(key: Key) -> usize {
    usize::try_from(key.0 / PER_BUCKET).map_or(BUCKETS, |b| b.min(BUCKETS))
}

impl SortedKeys {
    /// `keys`, which must be in ascending order.
    pub fn new(keys: Vec<Key>) -> SortedKeys {
        SortedKeys { keys, starts: OnceLock::new() }
    }

    pub fn as_slice(&self) -> &[Key] {
        &self.keys
    }

    /// How many keys are below `key` (`or_equal`: not above it): `partition_point` of the
    /// whole list, found among the keys of `key`'s bucket.
    #[inline]
    pub fn count_below(&self, key: Key, or_equal: bool) -> usize {
        let below = |k: &Key| if or_equal { *k <= key } else { *k < key };
        let b = bucket(key);
        let starts = self.starts.get_or_init(|| self.starts());
        let run = starts.get(b).zip(starts.get(b + 1)).map(|(&from, &to)| from as usize..to as usize);
        match run.and_then(|run| Some((run.start, self.keys.get(run)?))) {
            // Every key of an earlier bucket is below `key`, none of a later one.
            Some((from, keys)) => from + keys.partition_point(below),
            None => self.keys.partition_point(below),
        }
    }

    /// Where each bucket's keys begin.
    #[cold]
    fn starts(&self) -> Vec<u32> {
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        let mut at = 0;
        for b in 0..=BUCKETS {
            while self.keys.get(at).is_some_and(|&k| bucket(k) < b) {
                at += 1;
            }
            match u32::try_from(at) {
                Ok(at) => starts.push(at),
                Err(_) => return Vec::new(), // too many keys to index: every search bisects all
            }
        }
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_a_search_of_the_whole_list() {
        let codes = ["0", "A00", "A000", "A01", "E11", "E119", "E1165", "S82862G", "ZZZZZZZ"];
        let mut keys: Vec<Key> = codes.iter().map(|c| Key::new(c).unwrap()).collect();
        keys.sort();
        let sorted = SortedKeys::new(keys.clone());
        let probes =
            ["0", "00", "A", "A00", "A0000", "A01", "A02", "E11", "E118", "E12", "S82", "Z", "ZZZZZZZ"];
        for probe in probes.iter().map(|c| Key::new(c).unwrap()).chain([Key(0), Key(u64::MAX)]) {
            for or_equal in [false, true] {
                let expected = keys.partition_point(|&k| if or_equal { k <= probe } else { k < probe });
                assert_eq!(sorted.count_below(probe, or_equal), expected, "{probe:?} {or_equal}");
            }
        }
        assert_eq!(SortedKeys::default().count_below(keys[3], true), 0);
    }
}
