//! Tokens that replace identifiers: random for each run and the same for the same identifier
//! within a run, across files. A token is never computed from the identifier (45 CFR
//! 164.514(c)): the n-th distinct identifier of the run gets the n-th value of a permutation
//! keyed by the run's random seed, so tokens are unique and tell nothing of the value or of the
//! order. The map from identifier to token is compact: a keyed 96-bit fingerprint of the value
//! and the token's number, 16 bytes an identifier; the identifiers themselves are kept only when
//! the run makes a key (the map from token back to identifier), which then also checks every
//! fingerprint against the value it stands for.

use super::category::Category;
use super::report::Method;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A small generator (xoshiro256**) seeded by the caller's 32 random bytes.
pub struct Rng([u64; 4]);

/// SplitMix64's finaliser: a bijection of 64 bits that mixes every bit into every other.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

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
            s[i] = mix(z);
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

/// A permutation of the numbers of `2 * half` bits keyed by random round keys (a balanced
/// Feistel network): distinct numbers in, distinct numbers out.
struct Permutation {
    half: u32,
    keys: [u64; 4],
}

impl Permutation {
    fn new(half: u32, rng: &mut Rng) -> Permutation {
        Permutation { half, keys: [rng.next_u64(), rng.next_u64(), rng.next_u64(), rng.next_u64()] }
    }

    fn apply(&self, n: u64) -> u64 {
        let mask = if self.half == 32 { u64::from(u32::MAX) } else { (1 << self.half) - 1 };
        let (mut left, mut right) = ((n >> self.half) & mask, n & mask);
        for key in self.keys {
            (left, right) = (right, left ^ (mix(right ^ key) & mask));
        }
        (left << self.half) | right
    }
}

/// What the key file says first.
pub const KEY_WARNING: &str = "This key re-identifies the de-identified copy (45 CFR 164.514(c)). Keep it apart from the copy and do not share it.";

/// One entry of the key: the token and the identifier it replaced.
#[derive(Debug, Clone, Serialize)]
pub struct KeyEntry {
    pub category: Category,
    pub token: String,
    pub value: String,
}

/// The identifiers of a run that makes a key: the n-th entry is the n-th token's.
#[derive(Default)]
struct Originals {
    text: String,
    ends: Vec<usize>,
    categories: Vec<Category>,
}

impl Originals {
    fn get(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }
}

/// The run's tokens.
pub struct Tokens {
    rng: Rng,
    /// The keys of the fingerprint.
    salt: [u64; 2],
    codes: Permutation,
    uuids: Permutation,
    /// Fingerprint of (category, value) → the number of its token.
    by_value: HashMap<[u32; 3], u32>,
    count: u32,
    originals: Option<Originals>,
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
    /// The tokens of a run drawn from `rng`; `keep_originals` keeps every identifier for the key.
    pub fn new(mut rng: Rng, keep_originals: bool) -> Tokens {
        Tokens {
            salt: [rng.next_u64(), rng.next_u64()],
            codes: Permutation::new(20, &mut rng),
            uuids: Permutation::new(32, &mut rng),
            rng,
            by_value: HashMap::new(),
            count: 0,
            originals: keep_originals.then(Originals::default),
        }
    }

    /// The run's keyed fingerprint of `value` in `domain` (compared without surrounding blanks
    /// and case), trying again with `attempt` after a collision.
    pub(super) fn fingerprint(&self, domain: u8, value: &str, attempt: u32) -> [u32; 3] {
        let hash = |salt: u64| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (salt, domain, attempt).hash(&mut h);
            for c in value.trim().chars().flat_map(char::to_uppercase) {
                h.write_u32(u32::from(c));
            }
            h.finish()
        };
        let (a, b) = (hash(self.salt[0]), hash(self.salt[1]));
        [a as u32, (a >> 32) as u32, b as u32]
    }

    /// The token number `n` written for `category`, as a UUID when `uuid`.
    fn written(&self, category: Category, n: u32, uuid: bool) -> String {
        if uuid {
            let hi = self.uuids.apply(u64::from(n));
            let lo = mix(hi ^ self.salt[1]);
            return format!(
                "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
                hi >> 32,
                (hi >> 16) & 0xffff,
                hi & 0xfff,
                8 + ((hi >> 12) & 3),
                (((hi >> 14) & 3) << 10) | (lo & 0x3ff),
                lo >> 16
            );
        }
        let mut code = self.codes.apply(u64::from(n));
        let mut t = String::with_capacity(16);
        t.push_str(category.token_prefix());
        t.push('-');
        for _ in 0..8 {
            t.push(ALPHABET[(code & 31) as usize] as char);
            code >>= 5;
        }
        t
    }

    /// The token of `value` (compared without surrounding blanks and case): a new random one the
    /// first time, the same one after.
    pub fn token(&mut self, category: Category, value: &str) -> String {
        let uuid = is_uuid(value.trim());
        let mut attempt = 0;
        let n = loop {
            let fp = self.fingerprint(category as u8, value, attempt);
            match self.by_value.get(&fp) {
                None => {
                    let n = self.count;
                    self.count = self.count.checked_add(1).expect("fewer than 2^32 identifiers in a run");
                    self.by_value.insert(fp, n);
                    if let Some(o) = &mut self.originals {
                        o.text.push_str(value.trim());
                        o.ends.push(o.text.len());
                        o.categories.push(category);
                    }
                    break n;
                }
                Some(&n) => match &self.originals {
                    // Another value with the same fingerprint: try the next.
                    Some(o)
                        if o.categories[n as usize] != category
                            || !same_value(o.get(n as usize), value.trim()) =>
                    {
                        attempt += 1
                    }
                    _ => break n,
                },
            }
        };
        self.written(category, n, uuid)
    }

    /// How many tokens were given.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Every token given so far with the identifier it replaced: the key (empty unless the run
    /// keeps the originals).
    pub fn key(&self) -> impl Iterator<Item = KeyEntry> + '_ {
        let originals = self.originals.as_ref();
        (0..originals.map_or(0, |o| o.ends.len())).filter_map(move |n| {
            let o = originals?;
            let value = o.get(n);
            Some(KeyEntry {
                category: o.categories[n],
                token: self.written(o.categories[n], n as u32, is_uuid(value)),
                value: value.to_string(),
            })
        })
    }

    /// Writes the key file as JSON, entry by entry: a warning, the `method`, and the tokens.
    pub fn write_key(&self, method: Method, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let head = serde_json::json!({ "warning": KEY_WARNING, "method": method });
        let head = serde_json::to_string_pretty(&head).expect("json");
        out.write_all(head.trim_end_matches(['\n', '}']).as_bytes())?;
        out.write_all(b",\n  \"tokens\": [")?;
        for (i, entry) in self.key().enumerate() {
            out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            serde_json::to_writer(&mut *out, &entry)?;
        }
        out.write_all(b"\n  ]\n}\n")
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }
}

/// Equal without case, as the fingerprint compares.
fn same_value(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_uppercase).eq(b.chars().flat_map(char::to_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_token_other_run_other_token() {
        let mut a = Tokens::new(Rng::new([1; 32]), true);
        let t = a.token(Category::Mrn, "4471902");
        assert_eq!(a.token(Category::Mrn, " 4471902 "), t);
        assert_ne!(a.token(Category::Mrn, "4471903"), t);
        assert!(t.starts_with("MRN-") && !t.contains("4471902"));
        let mut b = Tokens::new(Rng::new([2; 32]), false);
        assert_ne!(b.token(Category::Mrn, "4471902"), t);
        assert_eq!(a.key().count(), 2);
        assert_eq!(a.key().next().unwrap().token, t);
        assert!(b.key().next().is_none() && b.len() == 1);
        let mut file = Vec::new();
        a.write_key(Method::SafeHarbor, &mut file).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&file).unwrap();
        assert_eq!(json["tokens"][0]["value"], "4471902");
        assert_eq!(json["tokens"][1]["token"].as_str().map(is_token), Some(true));
        assert_eq!(json["method"], "safe-harbor");
        assert!(is_token(&t) && !is_token("MRN-4471902") && !is_token("4471902"));
        let mut same = Rng::new([7; 32]);
        assert_ne!(same.next_u64(), same.next_u64());
    }

    #[test]
    fn tokens_are_distinct_and_uuids_stay_uuids() {
        let mut t = Tokens::new(Rng::new([3; 32]), false);
        let all: std::collections::HashSet<String> =
            (0..50_000).map(|i| t.token(Category::Account, &format!("V{i}"))).collect();
        assert_eq!(all.len(), 50_000);
        let u = t.token(Category::Other, "9b2c1f0e-3d4a-4b5c-8d6e-7f8091a2b3c4");
        assert!(is_uuid(&u) && u.as_bytes()[14] == b'4', "{u}");
    }

    #[test]
    fn a_fingerprint_collision_gets_its_own_token() {
        let mut t = Tokens::new(Rng::new([4; 32]), true);
        let a = t.token(Category::Mrn, "A1");
        // Plant a collision: "B2" takes the slot of "A1"'s fingerprint.
        let fp = t.fingerprint(Category::Mrn as u8, "B2", 0);
        let n = t.by_value[&t.fingerprint(Category::Mrn as u8, "A1", 0)];
        t.by_value.insert(fp, n);
        let b = t.token(Category::Mrn, "B2");
        assert_ne!(a, b);
        assert_eq!(t.token(Category::Mrn, "b2"), b);
    }

    #[test]
    fn the_permutation_is_one_to_one() {
        let p = Permutation::new(8, &mut Rng::new([5; 32]));
        let out: std::collections::HashSet<u64> = (0..65_536).map(|n| p.apply(n)).collect();
        assert_eq!(out.len(), 65_536);
        assert!(out.iter().all(|&n| n < 65_536));
    }
}
