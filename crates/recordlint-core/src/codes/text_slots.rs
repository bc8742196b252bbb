//! Where what is known of each code text met is (the facts of [`super::fact_cache`], the CSV
//! reader's procedure systems): the text packed into a [`TextKey`], found by one multiply and,
//! mostly, one probe of an open-addressing table of 16-byte slots.

/// A code text of at most eight bytes, packed, with its length and table version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextKey {
    bytes: u64,
    version_len: u32,
}

impl TextKey {
    /// `None` for a text longer than eight bytes (never a code of either system).
    pub fn new(text: &str, version: u32) -> Option<TextKey> {
        let b = text.as_bytes();
        let bytes = match b.len() {
            // The first four bytes and the last four (overlapping): with the length, the text.
            4..=8 => {
                let four =
                    |at: usize| b.get(at..at + 4).and_then(|w| w.try_into().ok()).map(u32::from_le_bytes);
                u64::from(four(0)?) | u64::from(four(b.len() - 4)?) << 32
            }
            0..=3 => b.iter().enumerate().fold(0u64, |word, (i, &c)| word | u64::from(c) << (8 * i)),
            _ => return None,
        };
        let len = b.len() as u32; // at most 8
        Some(TextKey { bytes, version_len: version << 4 | len })
    }

    /// The slot to look in first, of a table of `1 << bits` slots (Fibonacci hashing).
    fn home(self, bits: u32) -> usize {
        let mixed =
            (self.bytes ^ u64::from(self.version_len).rotate_right(7)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - bits)) as usize
    }
}

/// A slot: a key and where its facts are ([`EMPTY`]: no key).
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: TextKey,
    at: u32,
}

const EMPTY: u32 = u32::MAX;
const VACANT: Slot = Slot { key: TextKey { bytes: 0, version_len: 0 }, at: EMPTY };
/// Slots of a table when it first holds a key.
const FIRST_BITS: u32 = 8;

/// Keys and where their facts are, in a table at most half full (linear probing).
#[derive(Debug, Default)]
pub(crate) struct TextSlots {
    slots: Vec<Slot>,
    bits: u32,
    len: usize,
}

impl TextSlots {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Where the facts of `key` are, if it was put.
    #[inline]
    pub fn get(&self, key: TextKey) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = key.home(self.bits);
        loop {
            let slot = self.slots.get(i)?;
            if slot.at == EMPTY {
                return None;
            }
            if slot.key == key {
                return Some(slot.at);
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts `key` (not put yet) with where its facts are (not [`EMPTY`]).
    pub fn put(&mut self, key: TextKey, at: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = key.home(self.bits);
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.at == EMPTY {
                *slot = Slot { key, at };
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (or makes its first), putting every key again.
    #[cold]
    fn grow(&mut self) {
        let bits = if self.slots.is_empty() { FIRST_BITS } else { self.bits + 1 };
        let old = std::mem::replace(&mut self.slots, vec![VACANT; 1 << bits]);
        (self.bits, self.len) = (bits, 0);
        for slot in old.into_iter().filter(|s| s.at != EMPTY) {
            self.put(slot.key, slot.at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_put_is_found_and_no_other() {
        let mut slots = TextSlots::default();
        let key = |n: u32| TextKey::new(&format!("Z{n:06}"), n % 3).unwrap();
        assert_eq!(slots.get(key(0)), None);
        for n in 0..5000 {
            slots.put(key(n), n);
        }
        assert_eq!(slots.len(), 5000);
        assert!((0..5000).all(|n| slots.get(key(n)) == Some(n)));
        assert!((5000..6000).all(|n| slots.get(key(n)).is_none()));
        assert_ne!(TextKey::new("E11.9", 1), TextKey::new("E11.9", 2));
        assert_ne!(TextKey::new("E119", 1), TextKey::new("E1190", 1));
        assert_eq!(TextKey::new("E11.9     x", 1), None);
    }
}
