//! Patient names for matching: split into family and given name, compared with Jaro-Winkler and
//! the nickname table. Only used when two names differ as written, never on the common path.

use super::nicknames::{formal_keys, same_given_name};
use strsim::jaro_winkler;

/// Jaro-Winkler similarity at or above which two name parts are taken as one spelled two ways
/// (`JON`/`JOHN` 0.93, `SMITH`/`SMYTH` 0.89; `JANE`/`JOHN` 0.70).
const SIMILAR: f64 = 0.88;

/// Words after a name that are not part of it.
const SUFFIXES: &[&str] = &["JR", "SR", "II", "III", "IV", "MD", "PHD"];

/// A name split for matching: uppercase letters only, titles and suffixes dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub family: Word,
    pub given: Word,
}

impl NameParts {
    /// Splits `Doe, Jane A.` or `Jane A. Doe` into family `DOE` and given `JANE`, without
    /// allocating for words of up to [`Word::INLINE`] bytes.
    pub fn parse(text: &str) -> NameParts {
        if text.is_ascii() {
            return NameParts::parse_ascii(text.as_bytes());
        }
        let comma = text.split_once(',').map(|(family, rest)| (letters(family), words(rest)));
        NameParts::from_words(comma, words(text))
    }

    /// [`NameParts::parse`] of ASCII text, byte by byte.
    fn parse_ascii(text: &[u8]) -> NameParts {
        let letters = |w: &[u8]| {
            let mut out = Word::default();
            w.iter().filter(|b| b.is_ascii_alphabetic()).for_each(|b| out.push_ascii(b.to_ascii_uppercase()));
            out
        };
        // `str::split_whitespace` on ASCII.
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        let words = |t| <[u8]>::split(t, space).filter(|w| !w.is_empty()).map(letters).filter(kept);
        let comma = text.iter().position(|&b| b == b',').map(|c| (letters(&text[..c]), words(&text[c + 1..])));
        NameParts::from_words(comma, words(text))
    }

    /// The parts: with a comma, the family name before it (`family`) and the first word after
    /// (`rest`); else the last word of `all` and its first.
    fn from_words<W: Iterator<Item = Word>>(comma: Option<(Word, W)>, mut all: W) -> NameParts {
        let (family, given) = match comma {
            Some((family, mut rest)) => (family, rest.next().unwrap_or_default()),
            None => {
                let first = all.next().unwrap_or_default();
                match all.last() {
                    Some(last) => (last, first),
                    None => (first, Word::default()),
                }
            }
        };
        NameParts { family, given }
    }
}

/// A word of a name: its text inline when short (the common case), else on the heap.
#[derive(Debug, Clone)]
pub enum Word {
    Inline { len: u8, bytes: [u8; Word::INLINE] },
    Heap(String),
}

impl Word {
    /// Bytes a word holds inline.
    pub const INLINE: usize = 22;

    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        let add = c.encode_utf8(&mut buf).as_bytes();
        match self {
            Word::Inline { len, bytes } if usize::from(*len) + add.len() <= Word::INLINE => {
                let at = usize::from(*len);
                bytes[at..at + add.len()].copy_from_slice(add);
                *len += add.len() as u8;
            }
            Word::Inline { .. } => {
                let mut text = String::from(&**self);
                text.push(c);
                *self = Word::Heap(text);
            }
            Word::Heap(text) => text.push(c),
        }
    }

    /// Appends an ASCII letter.
    fn push_ascii(&mut self, b: u8) {
        match self {
            Word::Inline { len, bytes } if usize::from(*len) < Word::INLINE => {
                bytes[usize::from(*len)] = b;
                *len += 1;
            }
            _ => self.push(char::from(b)),
        }
    }
}

impl Default for Word {
    fn default() -> Word {
        Word::Inline { len: 0, bytes: [0; Word::INLINE] }
    }
}

impl std::ops::Deref for Word {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Word::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or(""),
            Word::Heap(text) => text,
        }
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        **self == **other
    }
}

impl Eq for Word {}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        let mut w = Word::default();
        text.chars().for_each(|c| w.push(c));
        w
    }
}

/// The words of `text` as uppercase letters, without suffixes or empty words.
fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    text.split_whitespace().map(letters).filter(kept)
}

/// True for a word that is part of a name (not empty, not a suffix).
fn kept(w: &Word) -> bool {
    match w {
        Word::Inline { len: 0, .. } => false,
        // No suffix is longer.
        Word::Inline { len: 4.., .. } => true,
        _ => !w.is_empty() && !SUFFIXES.contains(&&**w),
    }
}

/// Uppercase letters of `text` (`O'Brien-Lee` → `OBRIENLEE`); ASCII without Unicode tables.
fn letters(text: &str) -> Word {
    let mut w = Word::default();
    if text.is_ascii() {
        for b in text.bytes().filter(u8::is_ascii_alphabetic) {
            w.push_ascii(b.to_ascii_uppercase());
        }
    } else {
        text.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_uppercase).for_each(|c| w.push(c));
    }
    w
}

fn similar(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a == b || jaro_winkler(a, b) >= SIMILAR)
}

/// Given names that denote the same person: equal, nickname and formal name, or a typo apart
/// with the same first letter (`JON`/`JOHN`, not `DOTTED`/`UNDOTTED`).
fn given_names_match(a: &str, b: &str) -> bool {
    (similar(a, b) && a.chars().next() == b.chars().next()) || (!a.is_empty() && same_given_name(a, b))
}

/// Jaro-Winkler similarity at or above which plain Jaro must be: `jw = j + 0.1·l·(1 − j)` with a
/// common prefix `l` of at most 4 (and no boost at or below 0.7) is at most `0.6·j + 0.4`.
const SIMILAR_JARO: f64 = (SIMILAR - 0.4) / 0.6;

/// What bounds a name's similarity to others without its text, in 12 bytes: for its family and
/// given parts, the set of the part's letters (a bit each for A–Z, other letters hashed into six
/// more bits) and its length in characters (`u8::MAX` for a part that long or longer: then
/// nothing is ruled out). Kept per patient in the duplicate search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameSketch {
    letters: [u32; 2],
    len: [u8; 2],
    /// The [`given_keys`] of both parts (either may be the given name, swapped).
    keys: u16,
}

impl NameSketch {
    pub fn of(name: &NameParts) -> NameSketch {
        let (family, given) = (sketch(&name.family), sketch(&name.given));
        let keys = given_keys(&name.family) | given_keys(&name.given);
        NameSketch { letters: [family.0, given.0], len: [family.1, given.1], keys }
    }

    /// False only when `name` cannot [probably be the same person](probably_same_person) as the
    /// sketched name: no part of it can be similar to `name`'s family part, or none can match
    /// its given part (`given`: its [`given_keys`]).
    pub fn may_match_name(&self, name: &NameParts, given: u16) -> bool {
        self.keys & given != 0 && self.may_match(&name.family)
    }

    /// False only when no part of the sketched name can be similar to `family` (the other name's
    /// family part), so [`probably_same_person`] is false for the two: a cheap test before it.
    pub fn may_match(&self, family: &str) -> bool {
        (0..2).any(|i| may_be_similar(self.letters[i], self.len[i], family))
    }
}

/// Bits of a name part that any given name it [matches](given_names_match) shares: one for its
/// first letter, one for each formal name it is or stands for (`BOB`: `ROBERT`'s). None for
/// an empty part, which matches nothing.
pub fn given_keys(part: &str) -> u16 {
    match part.chars().next() {
        Some(first) => 1 << (first as u32 % 16) | formal_keys(part),
        None => 0,
    }
}

fn letter_bit(c: char) -> u32 {
    match c {
        'A'..='Z' => 1 << (c as u32 - 'A' as u32),
        _ => 1 << (26 + c as u32 % 6),
    }
}

/// A part's letters and length.
fn sketch(part: &str) -> (u32, u8) {
    if part.is_ascii() {
        let letters = part.bytes().fold(0, |m, b| m | letter_bit(char::from(b)));
        return (letters, u8::try_from(part.len()).unwrap_or(u8::MAX));
    }
    let len = part.chars().count();
    (part.chars().fold(0, |m, c| m | letter_bit(c)), u8::try_from(len).unwrap_or(u8::MAX))
}

/// False only when `a` cannot be [`similar`] to a part of `letters` and `len`: Jaro's matches are
/// at most the characters of `a` whose letter the part has, and at most the part's length, and
/// Jaro = (m/|a| + m/|b| + (m − t)/m) / 3 must reach [`SIMILAR_JARO`].
fn may_be_similar(letters: u32, len: u8, a: &str) -> bool {
    if len == u8::MAX {
        return true;
    }
    let (mut la, mut shared) = (0usize, 0usize);
    for c in a.chars() {
        la += 1;
        shared += usize::from(letters & letter_bit(c) != 0);
    }
    let lb = usize::from(len);
    let m = shared.min(lb);
    if m == 0 {
        return false;
    }
    let bound = (m as f64 / la as f64 + m as f64 / lb as f64 + 1.0) / 3.0;
    bound >= SIMILAR_JARO - 1e-9
}

/// True when two names probably belong to one person: similar family names and matching given
/// names (also when given and family were swapped in one of them).
pub fn probably_same_person(a: &NameParts, b: &NameParts) -> bool {
    let straight = similar(&a.family, &b.family) && given_names_match(&a.given, &b.given);
    let swapped = similar(&a.family, &b.given) && given_names_match(&a.given, &b.family);
    straight || swapped
}

/// True when two names recorded for one MRN cannot be the same person: the given names neither
/// match nor are an initial of each other, in either order. A changed family name alone (marriage)
/// is not clearly different.
pub fn clearly_different(a: &NameParts, b: &NameParts) -> bool {
    let compatible = |x: &str, y: &str| {
        x.is_empty()
            || y.is_empty()
            || given_names_match(x, y)
            || (x.len() == 1 && y.starts_with(x))
            || (y.len() == 1 && x.starts_with(y))
    };
    let straight = compatible(&a.given, &b.given);
    let swapped = compatible(&a.given, &b.family) && similar(&a.family, &b.given);
    !(straight || swapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> NameParts {
        NameParts::parse(text)
    }

    #[test]
    fn the_sketch_never_rules_out_a_probable_match() {
        let names = [
            "Smith, John",
            "Smyth, Jon",
            "Smith, Jonathan",
            "Smiht, John",
            "Xmith, John",
            "John Smith",
            "Smith John",
            "Garcia, Maria",
            "Maria Garcia",
            "Garcya, Mari",
            "Lee, Kim",
            "Kim Lee",
            "Li, Kim",
            "Lee, Kimberly",
            "O'Brien-Lee, Peggy",
            "Obrienlee, Margaret",
            "Brown, Bob",
            "Browne, Robert",
            "Nguyen, Wei",
            "Ngyuen, Wei",
            "Müller, Jürgen",
            "Muller, Jurgen",
            "Mueller, Jürgen",
            "Ø, Å",
            "A, B",
            "Ab, Ba",
            "Johnson, Kwame",
            "Jonson, Kwame",
            "Johnsen, Kwami",
            "Zhang, Li",
            "Dotted, Undotted",
            "Undotted, Dotted",
            "Jane Doe",
            "Doe, Jane A.",
            "Doe Jr, Jane",
            "Jones, Bob",
            "Jones, Robert",
            "Robert, Jones",
            "Jones, Rob",
            "Smith, Peggy",
            "Smith, Margaret",
            "Margaret Smith",
            "Liz Taylor",
            "Beth Taylor",
            "Taylor, Elizabeth",
        ];
        let (mut ruled_out, mut matched) = (0, 0);
        for a in names {
            for b in names {
                let (pa, pb) = (n(a), n(b));
                let may = NameSketch::of(&pb).may_match_name(&pa, given_keys(&pa.given));
                if probably_same_person(&pa, &pb) {
                    matched += 1;
                    assert!(may, "{a:?} and {b:?} match but the sketch rules them out");
                } else if !may {
                    ruled_out += 1;
                }
            }
        }
        assert!(matched > names.len(), "{matched}");
        assert!(ruled_out > names.len() * names.len() / 2, "the sketch rules out only {ruled_out}");
    }

    #[test]
    fn the_sketch_is_sound_on_random_near_names() {
        // Names of 1–9 letters from a six-letter alphabet: many typos and near-misses apart.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| -> String {
            (0..1 + next(9)).map(|_| char::from(b"AEJNOS"[next(6) as usize])).collect()
        };
        // One random edit: a letter changed, dropped, added or swapped with the next.
        let edit = |w: &str, next: &mut dyn FnMut(u64) -> u64| -> String {
            let mut c: Vec<char> = w.chars().collect();
            let i = next(c.len() as u64 + 1) as usize;
            let letter = char::from(b"AEJNOS"[next(6) as usize]);
            match next(4) {
                0 if i < c.len() => c[i] = letter,
                1 if i < c.len() => drop(c.remove(i)),
                2 if i + 1 < c.len() => c.swap(i, i + 1),
                _ => c.insert(i, letter),
            }
            c.into_iter().collect()
        };
        let (mut checked, mut matched) = (0, 0);
        for _ in 0..20_000 {
            let (family, given) = (word(&mut next), word(&mut next));
            let a = format!("{family}, {given}");
            let mut f2 = family.clone();
            for _ in 0..next(3) {
                f2 = edit(&f2, &mut next);
            }
            let g2 = if next(2) == 0 { edit(&given, &mut next) } else { given.clone() };
            let b = if next(4) == 0 { format!("{g2}, {f2}") } else { format!("{f2}, {g2}") };
            let (pa, pb) = (n(&a), n(&b));
            if probably_same_person(&pa, &pb) {
                matched += 1;
                assert!(NameSketch::of(&pb).may_match_name(&pa, given_keys(&pa.given)), "{a:?} / {b:?}");
            }
            checked += 1;
        }
        assert!(matched > 50, "{matched} of {checked}");
    }

    #[test]
    fn parses_both_orders() {
        assert_eq!(n("Doe, Jane A."), NameParts { family: "DOE".into(), given: "JANE".into() });
        assert_eq!(n("Jane A. Doe Jr."), NameParts { family: "DOE".into(), given: "JANE".into() });
        assert_eq!(n("O'Brien-Lee, Mary"), NameParts { family: "OBRIENLEE".into(), given: "MARY".into() });
        assert_eq!(&*n("García, José").family, "GARCÍA");
        assert_eq!(n("Cher"), NameParts { family: "CHER".into(), given: Word::default() });
        assert_eq!(n(""), NameParts { family: Word::default(), given: Word::default() });
        let long = "Wolfeschlegelsteinhausenbergerdorff";
        assert_eq!(&*n(&format!("{long}, Hubert")).family, long.to_uppercase());
        assert_eq!(&*n("Ab Cd Ef").given, "AB");
        assert_eq!(&*n("Ab Cd Ef").family, "EF");
        // Unicode and ASCII text split alike.
        for t in ["Doe,\u{b}Jane", "Jane\u{c}Doe Jr", " Doe , Jane A. ", "Jr, Sr", "Mary Ann\tSmith-Jones III"] {
            let unicode = NameParts::from_words(
                t.split_once(',').map(|(f, rest)| (letters(f), words(rest))),
                words(t),
            );
            assert_eq!(n(t), unicode, "{t:?}");
        }
    }

    #[test]
    fn same_person() {
        assert!(probably_same_person(&n("Jon Smith"), &n("Smith, John")));
        assert!(probably_same_person(&n("Bob Jones"), &n("Robert Jones")));
        assert!(probably_same_person(&n("Smith, John"), &n("John, Smith")));
        assert!(!probably_same_person(&n("Jane Smith"), &n("John Smith")));
        assert!(!probably_same_person(&n("John Smith"), &n("John Baker")));
    }

    #[test]
    fn clearly_different_names() {
        assert!(clearly_different(&n("Smith, Jane"), &n("Smith, John")));
        assert!(!clearly_different(&n("Smith, Robert"), &n("Smith, Bob")));
        assert!(!clearly_different(&n("Smith, Jane"), &n("Baker, Jane")));
        assert!(!clearly_different(&n("Smith, J"), &n("Smith, Jane")));
        assert!(!clearly_different(&n("Smith, Jane"), &n("Jane, Smith")));
        assert!(!clearly_different(&n("Smith"), &n("Smith, Jane")));
    }
}
