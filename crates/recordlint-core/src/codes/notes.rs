//! The ICD-10-CM tabular list's instructional notes for the look-up: includes, inclusion terms, Excludes1,
//! Excludes2, code first, use additional code and code also, of a code and inherited from its
//! subcategories, category and block. Like the descriptions they are not in the wasm module: the
//! page fetches `icd10cm-notes.txt.deflate` (made by `gen-tables`) and adds it to its
//! [`super::Tables`] (`Tables::with_notes`); natively the bundled file is embedded in the built-in
//! tables and read on first use.

use serde::Serialize;

/// The kinds' names, in the order a code book prints them.
pub const KINDS: [&str; 7] = [
    "includes",
    "inclusion_term",
    "excludes1",
    "excludes2",
    "code_first",
    "use_additional_code",
    "code_also",
];

/// One note as the look-up shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TabularNote {
    /// One of [`KINDS`].
    pub kind: &'static str,
    pub text: String,
    /// Where it stands: the code itself, a subcategory or category above it (dotted), or a
    /// block (`block E08-E13`).
    pub from: String,
}

/// One line of the asset.
#[derive(Debug)]
struct Line {
    kind: u8,
    text: Box<str>,
}

/// A block's notes: its first and last category (bare), its id, one note.
type BlockLine = (Box<str>, Box<str>, Box<str>, Line);

/// Every note, by owner.
#[derive(Debug, Default)]
pub struct Notes {
    /// Notes of codes, sorted by bare code (stable: the list's order within a code).
    codes: Vec<(Box<str>, Line)>,
    /// Notes of blocks: first and last category (bare), id.
    blocks: Vec<BlockLine>,
}

impl Notes {
    /// Reads `owner<TAB>kind<TAB>text` lines (see `generate::icd10cm_notes`); others are skipped.
    pub fn parse(text: &str) -> Notes {
        let mut notes = Notes::default();
        for line in text.lines() {
            let mut f = line.splitn(3, '\t');
            let (Some(owner), Some(kind), Some(text)) = (f.next(), f.next(), f.next()) else { continue };
            let Some(kind) = KINDS.iter().position(|k| *k == kind).and_then(|k| u8::try_from(k).ok()) else {
                continue;
            };
            let note = Line { kind, text: text.into() };
            match owner.split_once(' ').and_then(|(range, id)| Some((range.split_once('-')?, id))) {
                Some(((first, last), id)) => notes.blocks.push((first.into(), last.into(), id.into(), note)),
                None => notes.codes.push((owner.into(), note)),
            }
        }
        notes.codes.sort_by(|a, b| a.0.cmp(&b.0));
        notes
    }

    /// Reads the asset, plain text or deflate-compressed.
    pub fn from_bytes(bytes: &[u8]) -> Result<Notes, String> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                let inflated = miniz_oxide::inflate::decompress_to_vec(bytes)
                    .map_err(|_| "not a text file nor a deflate-compressed one".to_string())?;
                String::from_utf8(inflated).map_err(|e| format!("not UTF-8 text: {e}"))?
            }
        };
        let notes = Notes::parse(&text);
        if notes.is_empty() {
            return Err("no line of the form `CODE<TAB>kind<TAB>text`".into());
        }
        Ok(notes)
    }

    /// How many notes there are.
    pub fn len(&self) -> usize {
        self.codes.len() + self.blocks.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The notes that apply to `bare` (uppercase, no dot): its own, then those of each shorter
    /// code above it, then its block's; within each, by kind in code-book order.
    pub fn for_code(&self, bare: &str) -> Vec<TabularNote> {
        let mut out = Vec::new();
        let mut push = |lines: Vec<&Line>, from: String| {
            let mut lines = lines;
            lines.sort_by_key(|l| l.kind);
            out.extend(lines.into_iter().map(|l| TabularNote {
                kind: KINDS.get(usize::from(l.kind)).copied().unwrap_or("note"),
                text: l.text.to_string(),
                from: from.clone(),
            }));
        };
        for n in (3..=bare.len()).rev() {
            let Some(prefix) = bare.get(..n) else { continue };
            let start = self.codes.partition_point(|(c, _)| &**c < prefix);
            let lines: Vec<&Line> =
                self.codes[start..].iter().take_while(|(c, _)| &**c == prefix).map(|(_, l)| l).collect();
            if !lines.is_empty() {
                push(lines, super::icd10cm::dotted(prefix));
            }
        }
        let Some(category) = bare.get(..3) else { return out };
        let mut blocks: Vec<&str> = Vec::new();
        for (first, last, id, _) in &self.blocks {
            if **first <= *category && *category <= **last && !blocks.contains(&&**id) {
                blocks.push(id);
            }
        }
        // The narrowest block first (a block of blocks, V00-V99, last).
        blocks.reverse();
        for id in blocks {
            let lines = self.blocks.iter().filter(|b| &*b.2 == id).map(|b| &b.3).collect();
            push(lines, format!("block {id}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_and_inherited_notes() {
        let notes = Notes::parse(
            "E08-E13 E08-E13\texcludes1\tgestational diabetes (O24.4-)\nE11\tinclusion_term\tdiabetes NOS\nE11\texcludes1\tdiabetes due to underlying condition (E08.-)\nE119\tuse_additional_code\tinsulin use (Z79.4)\nbad line\n",
        );
        assert_eq!(notes.len(), 4);
        let e119 = notes.for_code("E119");
        let got: Vec<(&str, &str)> = e119.iter().map(|n| (n.kind, n.from.as_str())).collect();
        assert_eq!(
            got,
            [
                ("use_additional_code", "E11.9"),
                ("inclusion_term", "E11"),
                ("excludes1", "E11"),
                ("excludes1", "block E08-E13")
            ]
        );
        assert!(notes.for_code("A00").is_empty());
    }

    #[test]
    fn bundled_notes() {
        let tables = crate::codes::Tables::builtin();
        let notes = tables.notes().unwrap();
        assert!(notes.len() > 10_000, "{}", notes.len());
        let e119 = notes.for_code("E119");
        assert!(e119.iter().any(|n| n.kind == "use_additional_code" && n.from == "E11"), "{e119:?}");
        assert!(e119.iter().any(|n| n.kind == "excludes1" && n.from == "E11"), "{e119:?}");
        let i10 = notes.for_code("I10");
        assert!(
            i10.iter().any(|n| n.kind == "includes" && n.text == "high blood pressure" && n.from == "I10"),
            "{i10:?}"
        );
        assert!(i10.iter().any(|n| n.from == "block I10-I1A"), "{i10:?}");
    }
}
