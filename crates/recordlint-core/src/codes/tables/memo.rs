//! Remembering what a table answered for a code, per thread: the same few thousand codes come
//! back record after record, and a hash look-up is cheaper than a binary search over a table.

use super::Key;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Codes remembered per memo before it starts over (a few MB at most).
const LIMIT: usize = 1 << 16;

/// Numbers the decoded tables, so that a memo never answers for one table what another said.
static TABLES: AtomicU64 = AtomicU64::new(0);

/// A new table's number (never 0, which empty tables share).
pub fn next_table_id() -> u64 {
    TABLES.fetch_add(1, Ordering::Relaxed) + 1
}

/// Answers by table number and code; put it in a `thread_local!`.
pub struct KeyMemo<V>(RefCell<HashMap<(u64, Key), V, BuildHasherDefault<MixHasher>>>);

impl<V: Copy> KeyMemo<V> {
    pub fn new() -> KeyMemo<V> {
        KeyMemo(RefCell::new(HashMap::default()))
    }

    /// The answer remembered for `key` of table `table`, or `find`'s, remembered from now on.
    pub fn get_or_find(&self, table: u64, key: Key, find: impl FnOnce() -> V) -> V {
        if let Some(&v) = self.0.borrow().get(&(table, key)) {
            return v;
        }
        let v = find();
        let mut memo = self.0.borrow_mut();
        if memo.len() >= LIMIT {
            memo.clear();
        }
        memo.insert((table, key), v);
        v
    }
}

/// Hashes the two integers of a memo key by multiplying them in (keys are codes of the tables
/// and table numbers, not chosen by an adversary).
#[derive(Default)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
