//! Tokens that replace identifiers: random for each run (drawn from the seed the run is given,
//! never computed from the identifier, 45 CFR 164.514(c)) and the same for the same identifier
//! within a run, across files. The map from token back to identifier is the run's key.

use super::category::Category;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A small generator (xoshiro256**) seeded by the caller's 32 random bytes.
pub struct Rng([u64; 4]);

impl Rng {
    /// A generator from `seed` (from the operating system or `crypto.getRandomValues`).
    pub fn new(seed: [u8; 32]) -> Rng {
        // Each word of the state through SplitMix64, so that no seed (all zeros, four equal
        // words) gives a degenerate state.
        let mut s = [0u64; 4];
        let mut z = 0u64;
        for (i, chunk) in seed.chunks(8).enumerate() {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15)
                ^ u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            s[i] = x ^ (x >> 31);
        }
        Rng(s)
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// One entry of the key: the token and the identifier it replaced.
#[derive(Debug, Clone, Serialize)]
pub struct KeyEntry {
    pub category: Category,
    pub token: String,
    pub value: String,
}

/// The run's tokens.
pub struct Tokens {
    rng: Rng,
    by_value: HashMap<(Category, String), usize>,
    used: HashSet<String>,
    entries: Vec<KeyEntry>,
}

/// Crockford's base 32 (no I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// True for a UUID (`8-4-4-4-12` hexadecimal digits): its token is a random UUID, so that a
/// `urn:uuid:` reference stays one.
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// True when `text` is a token of a de-identified copy (`MRN-7K3Q9D2F`): the PHI rules do not
/// report what de-identification put in place of an identifier.
pub fn is_token(text: &str) -> bool {
    let Some((prefix, code)) = text.trim().split_once('-') else { return false };
    code.len() == 8
        && code.bytes().all(|b| ALPHABET.contains(&b))
        && Category::ALL.iter().any(|c| c.token_prefix() == prefix)
}

impl Tokens {
    pub fn new(rng: Rng) -> Tokens {
        Tokens { rng, by_value: HashMap::new(), used: HashSet::new(), entries: Vec::new() }
    }

    /// The token of `value` (compared without surrounding blanks and case): a new random one the
    /// first time, the same one after.
    pub fn token(&mut self, category: Category, value: &str) -> String {
        let key = (category, value.trim().to_uppercase());
        if let Some(&i) = self.by_value.get(&key) {
            return self.entries[i].token.clone();
        }
        let uuid = is_uuid(value.trim());
        let token = loop {
            if uuid {
                let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
                let t = format!(
                    "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    8 + (b >> 62),
                    (b >> 48) & 0xfff,
                    b & 0xffff_ffff_ffff
                );
                if self.used.insert(t.clone()) {
                    break t;
                }
                continue;
            }
            let mut t = String::with_capacity(16);
            t.push_str(category.token_prefix());
            t.push('-');
            let mut n = self.rng.next_u64();
            for _ in 0..8 {
                t.push(ALPHABET[(n & 31) as usize] as char);
                n >>= 5;
            }
            if self.used.insert(t.clone()) {
                break t;
            }
        };
        self.by_value.insert(key, self.entries.len());
        self.entries.push(KeyEntry { category, token: token.clone(), value: value.trim().to_string() });
        token
    }

    /// The token `value` already has, if it has one.
    pub fn existing(&self, category: Category, value: &str) -> Option<&str> {
        let i = *self.by_value.get(&(category, value.trim().to_uppercase()))?;
        Some(&self.entries[i].token)
    }

    /// Every token given so far with the identifier it replaced: the key.
    pub fn key(&self) -> &[KeyEntry] {
        &self.entries
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_token_other_run_other_token() {
        let mut a = Tokens::new(Rng::new([1; 32]));
        let t = a.token(Category::Mrn, "4471902");
        assert_eq!(a.token(Category::Mrn, " 4471902 "), t);
        assert_ne!(a.token(Category::Mrn, "4471903"), t);
        assert!(t.starts_with("MRN-") && !t.contains("4471902"));
        let mut b = Tokens::new(Rng::new([2; 32]));
        assert_ne!(b.token(Category::Mrn, "4471902"), t);
        assert_eq!(a.key().len(), 2);
        assert!(is_token(&t) && !is_token("MRN-4471902") && !is_token("4471902"));
        let mut same = Rng::new([7; 32]);
        assert_ne!(same.next_u64(), same.next_u64());
    }
}
