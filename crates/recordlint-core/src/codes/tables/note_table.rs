//! Tables of tabular-list notes that refer to codes (Excludes1, code first), generated from the
//! ICD-10-CM tabular list by `cargo xtask gen-tables` and embedded deflate-compressed. For
//! each node that has such notes (a block, category, subcategory or code) they hold the ranges of
//! codes its notes refer to, each with the note's text:
//!
//! ```text
//! "RLNT" 1                                magic and version
//! u32 n, n × (LEB128 len, UTF-8)          note texts
//! u32 n, n × node                         blocks first, then codes, each sorted by first code
//! node:  u8 block?, str name, str first, tail last, LEB128 m, m × (str from, tail to, LEB128 note)
//! str:   u8 len, ASCII (a bare code)
//! tail:  u8 (shared << 4 | suffix len), suffix: a code sharing `shared` leading characters
//!        with the code before it, without trailing Z
//! ```
//! `last` and `to` stand for the last code below them (the code padded with Z).
//!
//! A look-up touches only the nodes over one code: its own prefixes, by binary search, and the
//! block that holds its category.

use super::cover::Cover;
use super::{Embedded, Key, Reader, SortedKeys};

/// The magic bytes and format version of a note table.
pub const MAGIC: &[u8; 5] = b"RLNT\x01";

/// The codes one note refers to, from `lo` to `hi` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub lo: Key,
    pub hi: Key,
    note: u32,
}

impl Entry {
    /// The note's place in the tabular list, among the table's notes.
    pub fn note_id(&self) -> u32 {
        self.note
    }

    /// True when `key` is in the range.
    pub fn covers(&self, key: Key) -> bool {
        self.lo <= key && key <= self.hi
    }
}

#[derive(Debug)]
struct Node {
    /// `E08-E13` or `E11.9`.
    name: String,
    lo: Key,
    hi: Key,
    entries: std::ops::Range<usize>,
}

/// A decoded note table.
#[derive(Debug, Default)]
pub struct NoteTable {
    notes: Vec<String>,
    blocks: Vec<Node>,
    codes: Vec<Node>,
    code_keys: SortedKeys,
    /// For each code node, the longest other code node that begins it ([`NO_PARENT`]: none).
    code_parent: Vec<u32>,
    /// For each block, the largest `hi` of it and the blocks before it.
    block_reach: Vec<Key>,
    entries: Vec<Entry>,
    /// For each entry, the largest `hi` of it and the entries before it in its node.
    entry_reach: Vec<Key>,
    /// For each node, by number (see [`NoteTable::node_ids`]), the codes its entries may cover.
    covers: Vec<Cover>,
}

/// The notes of one node over a code.
#[derive(Debug, Clone, Copy)]
pub struct Over<'t> {
    /// The node's name: `E08-E13` for a block, `E11` or `E11.9` for a code.
    pub owner: &'t str,
    /// Sorted by first code.
    pub entries: &'t [Entry],
    reach: &'t [Key],
}

impl<'t> Over<'t> {
    /// An entry that covers `key`, by binary search.
    pub fn find(&self, key: Key) -> Option<&'t Entry> {
        let (Some(first), Some(&reach)) = (self.entries.first(), self.reach.last()) else { return None };
        if key < first.lo || reach < key {
            return None;
        }
        let end = self.entries.partition_point(|e| e.lo <= key);
        (0..end)
            .rev()
            .take_while(|&i| self.reach.get(i).is_some_and(|&r| key <= r))
            .filter_map(|i| self.entries.get(i))
            .find(|e| key <= e.hi)
    }
}

impl NoteTable {
    /// Decodes a table; `None` when the bytes are not one.
    pub fn decode(bytes: &[u8]) -> Option<NoteTable> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let mut table = NoteTable::default();
        for _ in 0..r.u32()? {
            let len = r.leb128()? as usize;
            table.notes.push(String::from_utf8(r.take(len)?.to_vec()).ok()?);
        }
        for _ in 0..r.u32()? {
            let block = r.u8()? == 1;
            let name = read_str(&mut r)?.to_string();
            let first = read_str(&mut r)?;
            let (lo, hi) = (Key::new(first)?, read_tail(&mut r, first)?);
            let start = table.entries.len();
            for _ in 0..r.leb128()? {
                let from = read_str(&mut r)?;
                let (lo, hi) = (Key::new(from)?, read_tail(&mut r, from)?);
                let note = r.leb128().filter(|&n| (n as usize) < table.notes.len())?;
                table.entries.push(Entry { lo, hi, note });
            }
            let node = Node { name, lo, hi, entries: start..table.entries.len() };
            let entries = &table.entries[node.entries.clone()];
            if !entries.windows(2).all(|w| w[0].lo <= w[1].lo) {
                return None;
            }
            table.entry_reach.extend(entries.iter().scan(None, |reach: &mut Option<Key>, e| {
                *reach = Some(reach.map_or(e.hi, |r| r.max(e.hi)));
                *reach
            }));
            if block {
                table.blocks.push(node)
            } else {
                table.codes.push(node)
            }
        }
        table.code_keys = SortedKeys::new(table.codes.iter().map(|n| n.lo).collect());
        table.code_parent = parents(table.code_keys.as_slice());
        table.block_reach = table
            .blocks
            .iter()
            .scan(None, |reach: &mut Option<Key>, b| {
                *reach = Some(reach.map_or(b.hi, |r| r.max(b.hi)));
                *reach
            })
            .collect();
        let cover = |n: &Node| {
            let mut cover = Cover::default();
            table.entries[n.entries.clone()].iter().for_each(|e| cover.add(e.lo, e.hi));
            cover
        };
        table.covers = table.codes.iter().chain(&table.blocks).map(cover).collect();
        let blocks_sorted = table.blocks.windows(2).all(|w| (w[0].lo, w[1].hi) <= (w[1].lo, w[0].hi));
        let codes_sorted = table.code_keys.as_slice().windows(2).all(|w| w[0] < w[1]);
        (r.at == bytes.len() && blocks_sorted && codes_sorted).then_some(table)
    }

    /// The nodes over `code` (bare) that have notes, the most specific first: the code's own,
    /// its subcategories', its category's, then its block's.
    pub fn over(&self, code: &str) -> impl Iterator<Item = Over<'_>> + '_ {
        let nodes = Key::new(code).map_or(NodesOver::NONE, |key| self.nodes_over(key));
        (0..usize::from(nodes.len)).filter_map(move |i| self.node(nodes.ids[i]))
    }

    /// The numbers of the nodes over the code `key` that have notes, as [`NoteTable::over`]
    /// orders them, for [`NoteTable::node`] (to remember them instead of walking the table again).
    pub fn node_ids(&self, key: Key) -> impl Iterator<Item = u32> {
        let nodes = self.nodes_over(key);
        (0..usize::from(nodes.len)).map(move |i| nodes.ids[i])
    }

    /// The notes of the node numbered `id` (see [`NoteTable::node_ids`]).
    pub fn node(&self, id: u32) -> Option<Over<'_>> {
        let id = id as usize;
        let node = match id.checked_sub(self.codes.len()) {
            None => self.codes.get(id),
            Some(block) => self.blocks.get(block),
        }?;
        Some(Over {
            owner: &node.name,
            entries: &self.entries[node.entries.clone()],
            reach: &self.entry_reach[node.entries.clone()],
        })
    }

    /// What the entries of the node numbered `id` may cover (see [`Cover`]).
    pub fn cover(&self, id: u32) -> Cover {
        self.covers.get(id as usize).copied().unwrap_or_default()
    }

    /// The nodes over the code `key`: codes by their index in `codes`, blocks after them.
    fn nodes_over(&self, key: Key) -> NodesOver {
        // The most specific code node that begins `key` begins every node between it and `key`
        // too, so it is the last node not after `key` or one of that node's ancestors; the other
        // code nodes over `key` are its own ancestors.
        let parent = |i: usize| self.code_parent.get(i).filter(|&&p| p != NO_PARENT).map(|&p| p as usize);
        let code_keys = self.code_keys.as_slice();
        let mut own = self.code_keys.count_below(key, true).checked_sub(1);
        while let Some(i) = own.filter(|&i| !code_keys[i].is_prefix_of(key)) {
            own = parent(i);
        }
        let codes = std::iter::successors(own, |&i| parent(i));
        // Blocks may nest (V01-V09 in V00-V99): walk back while an earlier block reaches the key.
        let end = self.blocks.partition_point(|b| b.lo <= key);
        let blocks = (0..end)
            .rev()
            .take_while(|&i| self.block_reach.get(i).is_some_and(|&r| key <= r))
            .filter(|&i| self.blocks.get(i).is_some_and(|b| key <= b.hi))
            .map(|i| i + self.codes.len());
        let mut nodes = NodesOver::NONE;
        for id in codes.chain(blocks) {
            let slot = nodes.ids.get_mut(usize::from(nodes.len));
            // A code has at most five prefixes with notes and two or three blocks over it.
            if let (Some(slot), Ok(id)) = (slot, u32::try_from(id)) {
                *slot = id;
                nodes.len += 1;
            }
        }
        nodes
    }

    /// The text of an entry's note.
    pub fn note(&self, entry: &Entry) -> &str {
        self.notes.get(entry.note as usize).map_or("", String::as_str)
    }

    /// Number of nodes with notes and of (node, range) pairs.
    pub fn size(&self) -> (usize, usize) {
        (self.blocks.len() + self.codes.len(), self.entries.len())
    }
}

/// No code node begins this one.
const NO_PARENT: u32 = u32::MAX;

/// For each of `keys` (sorted), the index of the longest other key that begins it.
fn parents(keys: &[Key]) -> Vec<u32> {
    // The keys that begin the current one, shortest first: a key's ancestors.
    let mut open: Vec<usize> = Vec::new();
    keys.iter()
        .enumerate()
        .map(|(i, &key)| {
            while open.last().is_some_and(|&top| !keys[top].is_prefix_of(key)) {
                open.pop();
            }
            let parent = open.last().map_or(NO_PARENT, |&p| u32::try_from(p).unwrap_or(NO_PARENT));
            open.push(i);
            parent
        })
        .collect()
}

/// The nodes over one code, by number (see [`NoteTable::nodes_over`]).
#[derive(Debug, Clone, Copy)]
struct NodesOver {
    ids: [u32; 8],
    len: u8,
}

impl NodesOver {
    const NONE: NodesOver = NodesOver { ids: [0; 8], len: 0 };
}

/// The last key below `code`: the code padded with `Z`, the largest character.
pub fn upper(code: &str) -> Option<Key> {
    let mut padded = code.to_string();
    while padded.len() < super::MAX_CODE_LEN {
        padded.push('Z');
    }
    Key::new(&padded)
}

/// A node's notes before encoding: name, first and last code, and (from, to, note) ranges.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone)]
pub struct SourceNode {
    pub block: bool,
    pub name: String,
    pub first: String,
    pub last: String,
    pub ranges: Vec<(String, String, usize)>,
}

/// Encodes notes and nodes into the table layout; nodes are sorted here.
#[cfg(not(target_arch = "wasm32"))]
pub fn encode(notes: &[String], mut nodes: Vec<SourceNode>) -> Result<Vec<u8>, String> {
    // Blocks sharing a first category: the wider first, so that the narrower is found first.
    nodes.sort_by_key(|n| (!n.block, Key::new(&n.first), std::cmp::Reverse(upper(&n.last))));
    for node in &mut nodes {
        node.ranges.sort_by_key(|(from, to, note)| (Key::new(from), upper(to), *note));
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&u32::try_from(notes.len()).map_err(|e| e.to_string())?.to_le_bytes());
    for note in notes {
        leb128(&mut out, note.len());
        out.extend_from_slice(note.as_bytes());
    }
    out.extend_from_slice(&u32::try_from(nodes.len()).map_err(|e| e.to_string())?.to_le_bytes());
    let push_str = |out: &mut Vec<u8>, s: &str| -> Result<(), String> {
        out.push(u8::try_from(s.len()).map_err(|e| e.to_string())?);
        out.extend_from_slice(s.as_bytes());
        Ok(())
    };
    for node in &nodes {
        out.push(u8::from(node.block));
        push_str(&mut out, &node.name)?;
        push_str(&mut out, &node.first)?;
        push_tail(&mut out, &node.first, &node.last)?;
        leb128(&mut out, node.ranges.len());
        for (from, to, note) in &node.ranges {
            push_str(&mut out, from)?;
            push_tail(&mut out, from, to)?;
            leb128(&mut out, *note);
        }
    }
    Ok(out)
}

/// Writes `code` (padded with Z or not) as a tail of `before`.
#[cfg(not(target_arch = "wasm32"))]
fn push_tail(out: &mut Vec<u8>, before: &str, code: &str) -> Result<(), String> {
    let code = code.trim_end_matches('Z');
    let shared = before.bytes().zip(code.bytes()).take_while(|(a, b)| a == b).count();
    let suffix = &code[shared..];
    if shared > 15 || suffix.len() > 15 {
        return Err(format!("{code:?} is not a code"));
    }
    out.push((shared as u8) << 4 | suffix.len() as u8);
    out.extend_from_slice(suffix.as_bytes());
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn leb128(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A note table from embedded deflate-compressed bytes (empty if they were damaged, which a test
/// rules out).
fn decode_embedded(deflated: &[u8]) -> NoteTable {
    super::embedded::inflate(deflated).and_then(|b| NoteTable::decode(&b)).unwrap_or_default()
}

/// The Excludes1 notes of the ICD-10-CM tabular list (FY2026) that name codes.
pub(super) static EXCLUDES1: Embedded<NoteTable> =
    Embedded::new(include_bytes!("excludes1.bin.deflate"), decode_embedded);
/// The "code first" notes of the ICD-10-CM tabular list (FY2026) that name codes.
pub(super) static CODE_FIRST: Embedded<NoteTable> =
    Embedded::new(include_bytes!("code-first.bin.deflate"), decode_embedded);

/// A code of the table: `u8 len`, ASCII.
fn read_str<'a>(r: &mut Reader<'a>) -> Option<&'a str> {
    let len = r.u8()?;
    std::str::from_utf8(r.take(usize::from(len))?).ok()
}

/// A code written as a tail of `before`, padded with Z: the last key below it.
fn read_tail(r: &mut Reader, before: &str) -> Option<Key> {
    let head = r.u8()?;
    let shared = before.as_bytes().get(..usize::from(head >> 4))?;
    let suffix = r.take(usize::from(head & 0x0F))?;
    let mut padded = [b'Z'; super::MAX_CODE_LEN];
    padded.get_mut(..shared.len())?.copy_from_slice(shared);
    padded.get_mut(shared.len()..shared.len() + suffix.len())?.copy_from_slice(suffix);
    Key::from_bytes(&padded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_decode() {
        for (name, table) in [("excludes1", &EXCLUDES1), ("code-first", &CODE_FIRST)] {
            assert!(table.inflate().and_then(|b| NoteTable::decode(&b)).is_some(), "{name} does not decode");
        }
    }

    #[test]
    fn nodes_over_a_code_most_specific_first() {
        let node = |block, name: &str, first: &str, last: &str, to: &str| SourceNode {
            block,
            name: name.into(),
            first: first.into(),
            last: last.into(),
            ranges: vec![(to.into(), to.into(), 0)],
        };
        let nodes = vec![
            node(true, "E08-E13", "E08", "E13ZZZZ", "A01"),
            node(false, "E11", "E11", "E11ZZZZ", "A02"),
            node(false, "E11.9", "E119", "E119ZZZ", "A03"),
            node(false, "E10", "E10", "E10ZZZZ", "A04"),
            node(true, "V00-V99", "V00", "V99ZZZZ", "A05"),
            node(true, "V00-V09", "V00", "V09ZZZZ", "A06"),
            node(true, "V10-V19", "V10", "V19ZZZZ", "A07"),
        ];
        let t = NoteTable::decode(&encode(&["n".to_string()], nodes).unwrap()).unwrap();
        let owners: Vec<&str> = t.over("E119").map(|o| o.owner).collect();
        assert_eq!(owners, ["E11.9", "E11", "E08-E13"]);
        assert_eq!(t.over("E1165").map(|o| o.owner).collect::<Vec<_>>(), ["E11", "E08-E13"]);
        assert_eq!(t.over("E14").count(), 0);
        assert_eq!(t.over("x").count(), 0);
        assert_eq!(t.over("V0100").map(|o| o.owner).collect::<Vec<_>>(), ["V00-V09", "V00-V99"]);
        assert_eq!(t.over("V19").map(|o| o.owner).collect::<Vec<_>>(), ["V10-V19", "V00-V99"]);
        assert_eq!(t.over("W00").count(), 0);
        let first = t.over("E119").next().unwrap().find(Key::new("A03").unwrap()).unwrap();
        assert!(t.note(first) == "n");
        assert!(t.over("E119").next().unwrap().find(Key::new("A04").unwrap()).is_none());
        assert!(NoteTable::decode(b"RLNT\x01\x01\x00").is_none());
        // Another table with the same codes answers from its own nodes.
        let other = NoteTable::decode(
            &encode(&["m".to_string()], vec![node(false, "E11", "E11", "E11ZZZZ", "B01")]).unwrap(),
        )
        .unwrap();
        assert_eq!(other.over("E119").map(|o| o.owner).collect::<Vec<_>>(), ["E11"]);
        assert_eq!(t.over("E119").count(), 3);
    }

    /// The code nodes over `code` found by looking each of its prefixes up, then the blocks.
    fn by_prefixes(t: &NoteTable, code: &str) -> Vec<String> {
        let mut out: Vec<String> = (3..=code.len())
            .rev()
            .filter_map(|n| t.code_keys.as_slice().binary_search(&Key::new(code.get(..n)?)?).ok())
            .map(|i| t.codes[i].name.clone())
            .collect();
        let key = Key::new(code).unwrap();
        out.extend(t.blocks.iter().rev().filter(|b| b.lo <= key && key <= b.hi).map(|b| b.name.clone()));
        out
    }

    #[test]
    fn every_code_has_its_nodes_kept() {
        let cm = super::super::ICD10CM.get();
        for (table, row) in [EXCLUDES1.get(), CODE_FIRST.get()]
            .into_iter()
            .flat_map(|t| cm.all_rows().iter().step_by(5).map(move |r| (t, r)))
        {
            let code = row.key.text();
            let names = |t: &NoteTable| t.over(&code).map(|o| o.owner.to_string()).collect::<Vec<_>>();
            let first = names(table);
            let searched = table.nodes_over(row.key);
            assert_eq!(names(table), by_prefixes(table, &code), "{}", code.as_str());
            assert!(searched.len < 8, "{} may have more nodes than are kept", code.as_str());
            assert_eq!(first.len(), usize::from(searched.len), "{}", code.as_str());
            assert_eq!(names(table), first, "{}", code.as_str());
        }
    }
}
