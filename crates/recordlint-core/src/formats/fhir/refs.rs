//! The references between resources, each distinct text kept once and named by a number. A
//! resource's summary holds the numbers of the references it makes; the keys others may use for
//! it (its fullUrl, its `Type/id`) are numbered the same way and lead to its item, so that joining
//! resources into records at the end follows numbers, hashing no text.

use super::bundle::type_and_id;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A reference's text, by its number in [`Refs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ref(usize);

/// The reference texts seen, numbered in order, and the item each one names as a key.
#[derive(Default)]
pub struct Refs {
    numbers: HashMap<Box<str>, Ref, BuildHasherDefault<TextHasher>>,
    /// By number: the first item whose key it is.
    items: Vec<Option<usize>>,
}

impl Refs {
    /// The number of `text` (a new one the first time it is seen).
    pub fn add(&mut self, text: &str) -> Ref {
        if let Some(&r) = self.numbers.get(text) {
            return r;
        }
        let r = Ref(self.items.len());
        self.items.push(None);
        self.numbers.insert(text.into(), r);
        r
    }

    /// The number of `text`, if it was seen.
    pub fn get(&self, text: &str) -> Option<Ref> {
        self.numbers.get(text).copied()
    }

    /// `key` names item `i`, unless it names an earlier item already.
    pub fn key(&mut self, key: &str, i: usize) {
        let r = self.add(key);
        self.items[r.0].get_or_insert(i);
    }

    /// Once every resource is in: the item each reference leads to, by number (see
    /// [`Targets`]): the item its text names, else the one its `Type/id` names.
    pub fn targets(&self) -> Targets {
        let mut targets = self.items.clone();
        for (text, r) in &self.numbers {
            if targets[r.0].is_none() {
                targets[r.0] = type_and_id(text).and_then(|key| self.items[self.get(&key)?.0]);
            }
        }
        Targets(targets)
    }
}

/// The item each reference leads to, by number.
#[derive(Default)]
pub struct Targets(Vec<Option<usize>>);

impl Targets {
    pub fn get(&self, r: Ref) -> Option<usize> {
        self.0.get(r.0).copied().flatten()
    }
}

/// Hashes a text eight bytes at a time with one rotate and multiply each (Fx-style), the state
/// rotated at the end so that the table's low bits depend on every byte. The texts come from the
/// file being checked; a crafted file can at worst slow its own check, like [`crate::int_map`].
#[derive(Default)]
pub struct TextHasher(u64);

impl TextHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for TextHasher {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_leads_to_the_first_item_of_its_text_or_of_its_type_and_id() {
        let mut refs = Refs::default();
        let by_url = refs.add("http://h/fhir/Patient/1/_history/2");
        let plain = refs.add("Patient/1");
        let unknown = refs.add("Patient/2");
        assert_eq!(refs.add("Patient/1"), plain, "one number a text");
        refs.key("Patient/1", 7);
        refs.key("Patient/1", 9);
        let targets = refs.targets();
        assert_eq!(targets.get(plain), Some(7), "the first item keyed");
        assert_eq!(targets.get(by_url), Some(7), "by its Type/id");
        assert_eq!(targets.get(unknown), None);
        assert_eq!(refs.get("Patient/2"), Some(unknown));
        assert_eq!(refs.get("Patient/3"), None);
    }
}
