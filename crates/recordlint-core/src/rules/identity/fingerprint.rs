//! A fixed 64-bit hash of field bytes for the index's fingerprints (MRNs, duplicate-encounter
//! keys), folding eight bytes at a time: the same in every run and every index (indexes built
//! apart are merged). Not a defence against crafted collisions: every fingerprint hit is
//! confirmed, or bounded to one patient and one admission day (see `index`).

const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// Bytes folded into a 64-bit state a word at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHash {
    state: u64,
    /// Bytes not yet folded, little-endian, and how many.
    word: u64,
    filled: u32,
}

impl WordHash {
    /// A hash started with `tag` (keeps hashes of different kinds apart).
    pub(crate) fn new(tag: u64) -> WordHash {
        WordHash { state: tag.wrapping_mul(K) ^ 0x2545_f491_4f6c_dd1d, word: 0, filled: 0 }
    }

    fn fold(&mut self, word: u64) {
        self.state = (self.state ^ word).wrapping_mul(K).rotate_left(31);
    }

    /// Adds one byte.
    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.word |= u64::from(b) << (8 * self.filled);
        self.filled += 1;
        if self.filled == 8 {
            self.fold(self.word);
            self.word = 0;
            self.filled = 0;
        }
    }

    /// Adds `bytes` as they are.
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        if self.filled != 0 {
            bytes.iter().for_each(|&b| self.byte(b));
            return;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.fold(u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]));
        }
        words.remainder().iter().for_each(|&b| self.byte(b));
    }

    /// Adds `text` without case or dots (`e11.9` as `E119`), then a separator.
    pub(crate) fn text(&mut self, text: &str) {
        for b in text.bytes().filter(|&b| b != b'.') {
            self.byte(b.to_ascii_uppercase());
        }
        self.byte(0xff);
    }

    /// Adds a 32-bit number.
    pub(crate) fn number(&mut self, n: u32) {
        self.bytes(&n.to_le_bytes());
    }

    /// The hash (the bytes left and their count folded in, then mixed).
    pub(crate) fn finish(mut self) -> u64 {
        let tail = self.word ^ u64::from(self.filled) << 59;
        self.fold(tail);
        let mut h = self.state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
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

    #[test]
    fn words_and_bytes_agree_and_texts_differ() {
        let data = b"M0103219-and-some-more-bytes";
        for n in 0..data.len() {
            let mut a = WordHash::new(3);
            data[..n].iter().for_each(|&b| a.byte(b));
            let mut b = WordHash::new(3);
            b.bytes(&data[..n]);
            assert_eq!(a.finish(), b.finish(), "{n}");
        }
        // Lengths are told apart (a trailing zero byte is not nothing).
        assert_ne!(of_bytes(b"A"), of_bytes(b"A\0"));
        assert_ne!(of_bytes(b""), of_bytes(b"\0"));
        let text = |t: &str| {
            let mut h = WordHash::new(1);
            h.text(t);
            h.finish()
        };
        assert_eq!(text("e11.9"), text("E119"));
        assert_ne!(text("E119"), text("E118"));
        // Sequential MRNs spread as random ones would: all 64-bit hashes distinct, and about
        // one pair alike in the high 32 bits among 100,000 (the birthday bound: 1.16).
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
