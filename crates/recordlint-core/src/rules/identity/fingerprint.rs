//! A fixed 64-bit hash of field bytes for the index's fingerprints (MRNs, duplicate-encounter
//! keys), read eight bytes at a time straight from the field: the same in every run and every
//! index (indexes built apart are merged). Not a defence against crafted collisions: every
//! fingerprint hit is confirmed, or bounded to one patient and one admission day (see `index`).

const K: u64 = 0x9e37_79b9_7f4a_7c15;
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Marks the fold of a field's length.
const LENGTH: u64 = 0x5bd1_e995_0000_0000;

/// Fields folded into a 64-bit state, each as whole words and its length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHash {
    state: u64,
}

impl WordHash {
    /// A hash started with `tag` (keeps hashes of different kinds apart).
    pub(crate) fn new(tag: u64) -> WordHash {
        WordHash { state: tag.wrapping_mul(K) ^ 0x2545_f491_4f6c_dd1d }
    }

    fn fold(&mut self, word: u64) {
        self.state = (self.state ^ word).wrapping_mul(K).rotate_left(31);
    }

    /// Adds a number.
    pub(crate) fn number(&mut self, n: u64) {
        self.fold(n);
    }

    /// Adds `bytes` as they are.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.words(bytes, |w| w);
    }

    /// Adds `text` without case or dots (`e11.9` as `E119`): hashed as [`WordHash::bytes`]
    /// hashes the text so changed.
    #[inline]
    pub(crate) fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let short = match bytes.len() {
            0 => Some(0),
            1..=7 => Some(tail(bytes)),
            8 => Some(word8(bytes)),
            _ => None,
        };
        match short {
            Some(mut w) => {
                // Each dot taken out of the word, the bytes above it moved down.
                let mut len = bytes.len();
                while let Some(at) = first_byte(w, b'.') {
                    let below = (1u64 << (8 * at)) - 1;
                    w = (w & below) | ((w >> 8) & !below);
                    len -= 1;
                }
                if len > 0 {
                    self.fold(upper(w));
                }
                self.fold(len as u64 ^ LENGTH);
            }
            None if !bytes.contains(&b'.') => self.words(bytes, upper),
            None => self.undotted(bytes),
        }
    }

    /// [`WordHash::text`] of a text with dots: its other bytes packed into words one by one.
    fn undotted(&mut self, bytes: &[u8]) {
        let (mut word, mut filled, mut len) = (0u64, 0, 0u64);
        for &b in bytes.iter().filter(|&&b| b != b'.') {
            word |= u64::from(b) << (8 * filled);
            filled += 1;
            len += 1;
            if filled == 8 {
                self.fold(upper(word));
                (word, filled) = (0, 0);
            }
        }
        if filled > 0 {
            self.fold(upper(word));
        }
        self.fold(len ^ LENGTH);
    }

    /// Folds `bytes` as words passed through `each` (a last short one zero-filled), then their
    /// length.
    fn words(&mut self, bytes: &[u8], mut each: impl FnMut(u64) -> u64) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.fold(each(word8(c)));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.fold(each(tail(rest)));
        }
        self.fold(bytes.len() as u64 ^ LENGTH);
    }

    /// The hash, mixed.
    pub(crate) fn finish(self) -> u64 {
        let mut h = self.state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

fn word8(c: &[u8]) -> u64 {
    <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes)
}

fn word4(c: &[u8]) -> u64 {
    <[u8; 4]>::try_from(c).map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

/// 1–7 bytes as a word, little-endian and zero-filled: from two overlapping 4-byte reads, or
/// byte by byte.
fn tail(b: &[u8]) -> u64 {
    let n = b.len();
    match n {
        4..=7 => word4(&b[..4]) | (word4(&b[n - 4..]) >> (8 * (8 - n))) << 32,
        3 => u64::from(b[0]) | u64::from(b[1]) << 8 | u64::from(b[2]) << 16,
        2 => u64::from(b[0]) | u64::from(b[1]) << 8,
        1 => u64::from(b[0]),
        _ => 0,
    }
}

/// The place (0–7) of the first byte `b` in `w` (the lowest flag of the zero-byte test is
/// exact; flags above it may not be).
fn first_byte(w: u64, b: u8) -> Option<u32> {
    let x = w ^ (LOW * u64::from(b));
    let found = x.wrapping_sub(LOW) & !x & HIGH;
    (found != 0).then(|| found.trailing_zeros() / 8)
}

/// Each byte `a`–`z` of `w` made `A`–`Z`, the others as they are.
fn upper(w: u64) -> u64 {
    let ascii = !w & HIGH;
    let low7 = w & !HIGH;
    let above_z = (low7 + LOW * u64::from(0x7f - b'z')) & HIGH;
    let from_a = (low7 + LOW * u64::from(0x80 - b'a')) & HIGH;
    let lower = from_a & !above_z & ascii;
    w ^ (lower >> 2)
}

/// The hash of `bytes` as they are.
pub(crate) fn of_bytes(bytes: &[u8]) -> u64 {
    let mut h = WordHash::new(0);
    h.bytes(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> u64 {
        let mut h = WordHash::new(1);
        h.text(t);
        h.finish()
    }

    #[test]
    fn words_are_uppercased_and_searched_bytewise() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, b'a', b'z', b'Z', 0x80 | b, b'.', b'{', b'`']);
            let expect: Vec<u8> = w.to_le_bytes().iter().map(u8::to_ascii_uppercase).collect();
            assert_eq!(upper(w).to_le_bytes().to_vec(), expect, "{b}");
            assert_eq!(first_byte(w, b'.'), Some(if b == b'.' { 0 } else { 5 }), "{b}");
            let v = u64::from_le_bytes([b, b, b, b, b, b, b, b]);
            assert_eq!(first_byte(v, b'.').is_some(), b == b'.', "{b}");
        }
    }

    #[test]
    fn tails_are_packed_little_endian() {
        let data = *b"abcdefgh";
        for n in 1..8 {
            let mut full = [0u8; 8];
            full[..n].copy_from_slice(&data[..n]);
            assert_eq!(tail(&data[..n]), u64::from_le_bytes(full), "{n}");
        }
    }

    #[test]
    fn texts_ignore_case_and_dots_only() {
        let bytes = |t: &str| {
            let mut h = WordHash::new(1);
            h.bytes(t.as_bytes());
            h.finish()
        };
        let cases = [
            ("e11.9", "E119"),
            ("S72.001A", "S72001A"),
            ("a.bcdefghij", "ABCDEFGHIJ"),
            ("v1", "V1"),
            ("..", ""),
            (".a.b.", "AB"),
            ("12345678", "12345678"),
            ("1.2.3.4.", "1234"),
        ];
        for (t, same) in cases {
            assert_eq!(text(t), bytes(same), "{t}");
            assert_eq!(text(same), bytes(same), "{same}");
        }
        assert_eq!(text("e11.9"), text("E119"));
        assert_eq!(text("s72.001a"), text("S72001A"));
        assert_eq!(text("a.b.c.d.e.f.g.h.i.j"), text("ABCDEFGHIJ"));
        let long = "x".repeat(100);
        assert_eq!(text(&format!("{long}.")), text(&long.to_uppercase()));
        assert_ne!(text("E119"), text("E118"));
        assert_ne!(text("E11"), text("E110"));
        assert_ne!(text(""), text("\0"));
        // Every short text of a few bytes reads differently.
        let mut seen = std::collections::HashSet::new();
        let alphabet = [b'A', b'B', b'0', b'\0', 0xc3];
        for n in 0..=5u32 {
            for i in 0..alphabet.len().pow(n) {
                let mut k = i;
                let bytes: Vec<u8> = (0..n).map(|_| { let b = alphabet[k % alphabet.len()]; k /= alphabet.len(); b }).collect();
                assert!(seen.insert(of_bytes(&bytes)), "{bytes:?}");
            }
        }
    }

    #[test]
    fn sequential_mrns_spread() {
        // All 64-bit hashes distinct, and about one pair alike in the high 32 bits among
        // 100,000 (the birthday bound: 1.16).
        let (mut full, mut high) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        let mut alike = 0;
        for i in 0..100_000 {
            let h = of_bytes(format!("M{i:07}").as_bytes());
            assert!(full.insert(h), "{i}");
            alike += usize::from(!high.insert(h >> 32));
        }
        assert!(alike <= 6, "{alike} pairs alike in 32 bits");
    }
}
