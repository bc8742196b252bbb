//! MRN → patient: an open-addressing table of patient numbers placed by a 32-bit fingerprint of
//! the MRN, in parts that grow one at a time (a doubling of the whole table would hold the old
//! and the new table at once); each probe is confirmed against the MRN itself (kept with the
//! patient: inline when short, else in the text arena), so colliding MRNs stay apart.

use super::fingerprint;
use super::store::Arena;

/// An MRN of up to 10 bytes inline (its length, then the bytes); a longer one as `0xff` and its
/// arena handle. (11 bytes, so that a patient's row, with a flag byte beside it, is 36.)
pub(crate) type StoredMrn = [u8; 11];

const LONG: u8 = 0xff;

/// `mrn` as stored inline, when short enough (then stored MRNs are compared with it as a whole).
pub(crate) fn inline(mrn: &str) -> Option<StoredMrn> {
    let mut stored = [0u8; 11];
    let bytes = stored.get_mut(1..=mrn.len())?;
    bytes.copy_from_slice(mrn.as_bytes());
    stored[0] = mrn.len() as u8;
    Some(stored)
}

/// Stores `mrn`, in `arena` when long (`None` when the arena is full).
pub(crate) fn store(mrn: &str, arena: &mut Arena) -> Option<StoredMrn> {
    if let Some(stored) = inline(mrn) {
        return Some(stored);
    }
    let mut stored = [0u8; 11];
    stored[0] = LONG;
    stored[1..5].copy_from_slice(&arena.push(mrn)?.to_le_bytes());
    Some(stored)
}

/// The MRN `stored` holds.
pub(crate) fn text<'a>(stored: &'a StoredMrn, arena: &'a Arena) -> &'a str {
    std::str::from_utf8(bytes(stored, arena)).unwrap_or("")
}

/// The bytes of the MRN `stored` holds.
pub(crate) fn bytes<'a>(stored: &'a StoredMrn, arena: &'a Arena) -> &'a [u8] {
    match stored[0] {
        LONG => arena.bytes(u32::from_le_bytes([stored[1], stored[2], stored[3], stored[4]])),
        n => stored.get(1..=usize::from(n)).unwrap_or(&[]),
    }
}

/// The MRN's 32-bit fingerprint.
pub(crate) fn fingerprint(mrn: &str) -> u32 {
    fingerprint_of_bytes(mrn.as_bytes())
}

/// The 32-bit fingerprint of an MRN's bytes.
pub(crate) fn fingerprint_of_bytes(mrn: &[u8]) -> u32 {
    (fingerprint::of_bytes(mrn) >> 32) as u32
}

/// Parts of the table, by the low bits of the fingerprint: each grows on its own, so that a growth
/// step copies (and holds twice) one part, never the whole table.
const PARTS: usize = 256;

/// The table: [`PARTS`] parts, each a power of two of 4-byte slots (`patient + 1`, 0 empty), at
/// most three quarters full; a slot's part and place come from the MRN's fingerprint, and a
/// probe is confirmed against the MRN itself.
#[derive(Debug, Default)]
pub(crate) struct MrnTable {
    /// Made at the first MRN.
    parts: Option<Box<[Part; PARTS]>>,
}

/// One part of the table.
#[derive(Debug, Default)]
struct Part {
    slots: Vec<u32>,
    len: usize,
    /// 64 − log2 of the slots.
    shift: u32,
}

/// The part of a fingerprint.
#[inline]
fn part(fingerprint: u32) -> usize {
    usize::from(fingerprint as u8)
}

impl Part {
    #[inline]
    fn home(&self, fingerprint: u32) -> usize {
        // Fibonacci hashing of the fingerprint onto the part (its high bits: the low ones chose
        // the part).
        (u64::from(fingerprint).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize & (self.slots.len() - 1)
    }

    fn place(&mut self, fingerprint: u32, value: u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(fingerprint);
        while self.slots.get(at).is_some_and(|&s| s != 0) {
            at = (at + 1) & mask;
        }
        if let Some(s) = self.slots.get_mut(at) {
            *s = value;
        }
    }
}

impl MrnTable {
    /// The patient whose MRN has `fingerprint` and passes `is`, or the slot (in its part) to
    /// add it in.
    #[inline]
    pub(crate) fn find(&self, fingerprint: u32, is: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let Some(p) = self.parts.as_ref().map(|parts| &parts[part(fingerprint)]).filter(|p| !p.slots.is_empty())
        else {
            return Err(usize::MAX);
        };
        let mask = p.slots.len() - 1;
        let mut at = p.home(fingerprint);
        loop {
            let patient = match p.slots.get(at) {
                None | Some(0) => return Err(at),
                Some(&slot) => slot - 1,
            };
            if is(patient) {
                return Ok(patient);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds `patient` under `fingerprint` at `slot` (from [`MrnTable::find`]); `fingerprint_of`
    /// gives the fingerprints of the patients added before, when the part grows.
    pub(crate) fn insert(&mut self, slot: usize, fingerprint: u32, patient: u32, fingerprint_of: impl Fn(u32) -> u32) {
        let parts = self.parts.get_or_insert_with(|| Box::new(std::array::from_fn(|_| Part::default())));
        let p = &mut parts[part(fingerprint)];
        let value = patient.saturating_add(1);
        if slot >= p.slots.len() || (p.len + 1) * 4 > p.slots.len() * 3 {
            let size = (p.slots.len() * 2).max(16);
            p.shift = 64 - size.trailing_zeros();
            let old = std::mem::replace(&mut p.slots, vec![0; size]);
            for v in old.into_iter().filter(|&v| v != 0) {
                p.place(fingerprint_of(v - 1), v);
            }
            p.place(fingerprint, value);
        } else if let Some(s) = p.slots.get_mut(slot) {
            *s = value;
        }
        p.len += 1;
    }

    /// The bytes of the parts and their slots.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.parts.iter().flat_map(|parts| parts.iter()).map(|p| {
            std::mem::size_of::<Part>() + p.slots.capacity() * std::mem::size_of::<u32>()
        }).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_fingerprints_are_told_apart_by_the_mrn() {
        let mut arena = Arena::default();
        let mrns = ["A", "B", "C"];
        let stored: Vec<StoredMrn> = mrns.iter().map(|m| store(m, &mut arena).unwrap()).collect();
        let mut table = MrnTable::default();
        // Every MRN under one fingerprint.
        for (i, m) in mrns.iter().enumerate() {
            let is = |p: u32| text(&stored[p as usize], &arena) == *m;
            let slot = table.find(42, is).unwrap_err();
            table.insert(slot, 42, i as u32, |_| 42);
        }
        for (i, m) in mrns.iter().enumerate() {
            assert_eq!(table.find(42, |p| text(&stored[p as usize], &arena) == *m), Ok(i as u32));
        }
        assert!(table.find(42, |_| false).is_err());
    }

    #[test]
    fn many_mrns_short_and_long() {
        let mut arena = Arena::default();
        let mut table = MrnTable::default();
        let mut stored = Vec::new();
        let mrn = |i: usize| if i % 3 == 0 { format!("LONG-MEDICAL-RECORD-{i}") } else { format!("M{i}") };
        for i in 0..50_000 {
            let m = mrn(i);
            let slot = table.find(fingerprint(&m), |p| text(&stored[p as usize], &arena) == m).unwrap_err();
            stored.push(store(&m, &mut arena).unwrap());
            table.insert(slot, fingerprint(&m), i as u32, |p| fingerprint(text(&stored[p as usize], &arena)));
        }
        for i in 0..50_000 {
            let m = mrn(i);
            assert_eq!(table.find(fingerprint(&m), |p| text(&stored[p as usize], &arena) == m), Ok(i as u32));
        }
        assert_eq!(text(&stored[3], &arena), "LONG-MEDICAL-RECORD-3");
        // Each part grows alone: none holds much more than its share, so a growth step copies a
        // small part of the table.
        let parts = table.parts.as_ref().unwrap();
        let largest = parts.iter().map(|p| p.slots.len()).max().unwrap_or(0);
        assert!(largest * 4 <= 50_000 * 4 / PARTS * 8, "largest part: {largest} slots");
        assert!(parts.iter().all(|p| p.len * 4 <= p.slots.len() * 3));
        assert!(table.heap_bytes() <= 50_000 * 4 * 8 / 3 + PARTS * 64, "{}", table.heap_bytes());
    }
}
