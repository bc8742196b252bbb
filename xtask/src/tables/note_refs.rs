//! Resolves the code references in the text of a tabular-list note into ranges of codes:
//! `(A50.-)`, `(E10-E13)`, `(O24.4-)`, `(K35.2-K35.3-)`, `(R10.0)`, `(J09.X2, J10.1, J11.1)`,
//! `(M05.00 to M05.8A)`, and the qualified forms `(E08-E13 with .42)`,
//! `(S02.- with 7th character B)`, `(T36-T65 with fifth or sixth character 1-4)`,
//! `(I69. with final characters -23)`.
//!
//! A reference means the code and every code below it; a range runs from its first code to the
//! last code below its last one. When a note has codes in parentheses, only those count (the
//! words around them may name codes that are not excluded: "tuberculosis, any type in A15 (J65)");
//! otherwise codes anywhere in the text count ("classified to Q87.-").

use recordlint_core::codes::tables::note_table::upper;
use recordlint_core::codes::tables::Key;

/// An inclusive range of codes.
pub type KeyRange = (Key, Key);

/// A reference that could not be turned into codes, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub reference: String,
    pub reason: String,
}

/// The codes a note refers to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Number of references found (a qualified list counts each code or range once).
    pub references: usize,
    pub ranges: Vec<KeyRange>,
    pub unresolved: Vec<Unresolved>,
}

/// Resolves the references of `note` against `codes`, every code of the classification (sorted):
/// a reference no code matches is unresolved.
pub fn resolve(note: &str, codes: &[Key]) -> Resolved {
    let groups = parenthesized(note);
    let groups = if groups.iter().any(|g| !tokens(g).is_empty()) { groups } else { vec![note] };
    let mut out = Resolved::default();
    for group in groups {
        resolve_group(group, codes, &mut out);
    }
    out
}

/// The text inside each pair of parentheses; an unclosed one runs to the end.
fn parenthesized(note: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in note.char_indices() {
        match c {
            '(' => start = Some(i + 1),
            ')' => {
                if let Some(s) = start.take() {
                    out.push(&note[s..i]);
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&note[s..]);
    }
    out
}

/// A code in the text: where it starts, where its characters end, where its `-`/`.-` ends.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    core_end: usize,
    end: usize,
    code: String,
}

fn tokens(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let code_char = |c: u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= b.len() {
        let starts = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_digit()
            && code_char(b[i + 2]);
        if !starts {
            i += 1;
            continue;
        }
        let mut code: String = text[i..i + 3].to_string();
        let mut j = i + 3;
        if b.get(j) == Some(&b'.') && b.get(j + 1).copied().is_some_and(code_char) {
            j += 1;
            while code.len() < 7 && b.get(j).copied().is_some_and(code_char) {
                code.push(char::from(b[j]));
                j += 1;
            }
        }
        if b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            i = j;
            continue;
        }
        let core_end = j;
        if text[j..].starts_with(".-") {
            j += 2;
        } else if b.get(j) == Some(&b'-')
            || (b.get(j) == Some(&b'.') && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric))
        {
            j += 1;
        }
        out.push(Token { start: i, core_end, end: j, code });
        i = j;
    }
    out
}

/// True when the text between two codes makes them a range (`-`, ` - `, ` to `).
fn is_range(between: &str) -> bool {
    let rest = between
        .strip_prefix(".-")
        .or_else(|| between.strip_prefix('-'))
        .or_else(|| between.strip_prefix('.'));
    match rest {
        Some("") => true,
        Some(r) => matches!(r.trim(), "-" | "to"),
        None => matches!(between.trim(), "-" | "to"),
    }
}

/// One code or range as written.
struct Item {
    first: String,
    last: String,
    text: String,
}

fn resolve_group(group: &str, codes: &[Key], out: &mut Resolved) {
    let tokens = tokens(group);
    let mut items: Vec<Item> = Vec::new();
    let mut unqualified = 0;
    let mut k = 0;
    while k < tokens.len() {
        let first = &tokens[k];
        if tokens.get(k + 1).is_some_and(|next| is_range(&group[first.core_end..next.start])) {
            k += 1;
        }
        let last = &tokens[k];
        items.push(Item {
            first: first.code.clone(),
            last: last.code.clone(),
            text: group[first.start..last.end].to_string(),
        });
        let next_start = tokens.get(k + 1).map_or(group.len(), |t| t.start);
        if let Some(q) = qualifier(&group[last.end..next_start]) {
            for item in items.drain(unqualified..) {
                out.references += 1;
                qualified(&item, q, codes, out);
            }
            unqualified = items.len();
        }
        k += 1;
    }
    for item in items.drain(unqualified..) {
        out.references += 1;
        let (Some(lo), Some(hi)) = (Key::new(&item.first), upper(&item.last)) else {
            out.unresolved.push(Unresolved { reference: item.text, reason: "not a code".into() });
            continue;
        };
        let start = codes.partition_point(|&c| c < lo);
        if lo > hi || codes.get(start).is_none_or(|&c| c > hi) {
            out.unresolved.push(Unresolved {
                reference: item.text,
                reason: "no ICD-10-CM code is in this range".into(),
            });
        } else {
            out.ranges.push((lo, hi));
        }
    }
}

/// The `with …` words after a reference, up to a comma.
fn qualifier(after: &str) -> Option<&str> {
    let at = after
        .match_indices("with")
        .map(|(i, _)| i + 4)
        .find(|&i| !after[i..].starts_with(char::is_alphabetic))?;
    let q = &after[at..];
    // A list of endings (`with .17, .27, .97`) runs on past its commas.
    let end = if q.trim_start().starts_with('.') { q.len() } else { q.find([',', ';']).unwrap_or(q.len()) };
    Some(q[..end].trim())
}

/// Resolves a qualified reference to the runs of codes in its range that the qualifier admits.
fn qualified(item: &Item, q: &str, codes: &[Key], out: &mut Resolved) {
    let reference = format!("{} with {q}", item.text);
    let Some(admits) = Filter::parse(q) else {
        out.unresolved.push(Unresolved { reference, reason: "qualifier in words, not characters".into() });
        return;
    };
    let (Some(lo), Some(hi)) = (Key::new(&item.first), upper(&item.last)) else {
        out.unresolved.push(Unresolved { reference, reason: "not a code".into() });
        return;
    };
    let start = codes.partition_point(|&c| c < lo);
    let end = codes.partition_point(|&c| c <= hi);
    let before = out.ranges.len();
    let mut run: Option<KeyRange> = None;
    for &key in &codes[start..end] {
        if admits.admits(&key.code()) {
            run = Some(run.map_or((key, key), |(a, _)| (a, key)));
        } else if let Some(r) = run.take() {
            out.ranges.push(r);
        }
    }
    out.ranges.extend(run);
    if out.ranges.len() == before {
        out.unresolved
            .push(Unresolved { reference, reason: "no ICD-10-CM code matches the qualifier".into() });
    }
}

/// Which codes of a range a `with …` qualifier admits.
#[derive(Debug, PartialEq, Eq)]
enum Filter {
    /// The characters after the category start with one of these, each range inclusive
    /// (`with .51-.52`, `with .17, .27`).
    Tail(Vec<(String, String)>),
    /// The code ends with this (`with final characters -23`).
    Ending(String),
    /// The character at one of these positions (0-based) is in the set
    /// (`with fifth or sixth character 1-4`).
    AnyOf(Vec<usize>, String),
    /// The characters from this position are exactly these (`with fifth to sixth characters 51`).
    Exactly(usize, String),
}

/// The seventh characters of an open fracture (initial, subsequent, nonunion, malunion).
const OPEN_FRACTURE: &str = "BCEFHJMNQR";

impl Filter {
    fn parse(q: &str) -> Option<Filter> {
        let q = q.to_ascii_lowercase().replace("-character", " character");
        if q.starts_with('.') {
            let mut tails = Vec::new();
            for part in q.split(',').map(str::trim) {
                let mut ends = part.split(['-', '.']).filter(|s| !s.is_empty()).map(str::to_ascii_uppercase);
                let a = ends.next()?;
                let b = ends.next().unwrap_or_else(|| a.clone());
                if ends.next().is_some()
                    || a.len() != b.len()
                    || !a.bytes().all(|c| c.is_ascii_alphanumeric())
                {
                    return None;
                }
                tails.push((a, b));
            }
            return Some(Filter::Tail(tails));
        }
        if let Some(end) = q.strip_prefix("final characters") {
            return Some(Filter::Ending(end.trim().trim_start_matches('-').to_ascii_uppercase()));
        }
        let mut words: Vec<&str> = q.split_whitespace().collect();
        let open = words.starts_with(&["open", "fracture"]);
        if open {
            words.drain(..2);
        }
        let mut w = words.into_iter();
        let first = ordinal(w.next()?)?;
        let mut word = w.next()?;
        let mut second = None;
        if word == "or" || word == "to" {
            second = Some((word, ordinal(w.next()?)?));
            word = w.next()?;
        }
        if word != "character" && word != "characters" {
            return None;
        }
        let value = w.collect::<Vec<_>>().join(" ");
        let value = value.trim_start_matches('.').to_ascii_uppercase();
        let set = match (open, value.as_str()) {
            (true, "") => OPEN_FRACTURE.to_string(),
            (false, "TO INDICATE INTENT") => "1234".to_string(),
            (false, v) => match (v.as_bytes(), second) {
                (_, Some(("to", last))) => {
                    return (v.len() == last + 1 - first).then(|| Filter::Exactly(first, v.to_string()))
                }
                ([c], _) => char::from(*c).to_string(),
                ([a, b'-', b], _) if a <= b => (*a..=*b).map(char::from).collect(),
                _ => return None,
            },
            _ => return None,
        };
        let positions = std::iter::once(first).chain(second.map(|(_, p)| p)).collect();
        Some(Filter::AnyOf(positions, set))
    }

    fn admits(&self, code: &str) -> bool {
        match self {
            Filter::Tail(tails) => tails
                .iter()
                .any(|(a, b)| code.get(3..3 + a.len()).is_some_and(|t| a.as_str() <= t && t <= b.as_str())),
            Filter::Ending(end) => code.len() > 3 && code.ends_with(end.as_str()),
            Filter::AnyOf(positions, set) => {
                positions.iter().any(|&p| code.as_bytes().get(p).is_some_and(|c| set.as_bytes().contains(c)))
            }
            Filter::Exactly(at, chars) => code.get(*at..*at + chars.len()) == Some(chars.as_str()),
        }
    }
}

/// `fifth`/`5th` → 4 (0-based position).
fn ordinal(word: &str) -> Option<usize> {
    Some(match word {
        "fourth" | "4th" => 3,
        "fifth" | "5th" => 4,
        "sixth" | "6th" => 5,
        "seventh" | "7th" => 6,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(codes: &[&str]) -> Vec<Key> {
        let mut out: Vec<Key> = codes.iter().map(|c| Key::new(c).unwrap()).collect();
        out.sort();
        out
    }

    fn ranges(note: &str, codes: &[Key]) -> Vec<(String, String)> {
        let r = resolve(note, codes);
        assert!(r.unresolved.is_empty(), "{note}: {:?}", r.unresolved);
        r.ranges.iter().map(|(a, b)| (a.code(), b.code())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn every_plain_form() {
        let codes = keys(&[
            "A500", "E109", "E139", "O2441", "K352", "K3532", "R100", "J09X2", "J101", "J111", "M0500",
            "M058A", "I010", "I019", "P283", "P2841", "F982", "F983", "Z8952", "Q870",
        ]);
        assert_eq!(ranges("congenital syphilis (A50.-)", &codes), pairs(&[("A50", "A50ZZZZ")]));
        assert_eq!(ranges("diabetes (E10-E13)", &codes), pairs(&[("E10", "E13ZZZZ")]));
        assert_eq!(ranges("x (O24.4-)", &codes), pairs(&[("O244", "O244ZZZ")]));
        assert_eq!(ranges("x (K35.2-K35.3-)", &codes), pairs(&[("K352", "K353ZZZ")]));
        assert_eq!(ranges("pain (R10.0)", &codes), pairs(&[("R100", "R100ZZZ")]));
        let list = pairs(&[("J09X2", "J09X2ZZ"), ("J101", "J101ZZZ"), ("J111", "J111ZZZ")]);
        assert_eq!(ranges("influenza (J09.X2, J10.1, J11.1)", &codes), list);
        assert_eq!(ranges("ra (M05.00 to M05.8A)", &codes), pairs(&[("M0500", "M058AZZ")]));
        assert_eq!(ranges("fever (I01.0 -I01.9)", &codes), pairs(&[("I010", "I019ZZZ")]));
        assert_eq!(ranges("apnea (P28.3- - P28.4-)", &codes), pairs(&[("P283", "P284ZZZ")]));
        assert_eq!(ranges("eating (F98.2.-F98.3)", &codes), pairs(&[("F982", "F983ZZZ")]));
        assert_eq!(ranges("absence (Z89.52-", &codes), pairs(&[("Z8952", "Z8952ZZ")]));
        assert_eq!(ranges("syndromes classified to Q87.-", &codes), pairs(&[("Q87", "Q87ZZZZ")]));
        // Codes outside parentheses do not count when some inside do.
        assert_eq!(ranges("tuberculosis, any type in A15 (A50.-)", &codes), pairs(&[("A50", "A50ZZZZ")]));
        // Words that look like codes are not references; a note without any has none.
        let r = resolve("deficiency (G6PD) (H1N1) with C3 glomerulopathy", &codes);
        assert_eq!((r.references, r.ranges.len()), (0, 0));
        // A space between two open references makes a list.
        assert_eq!(ranges("x (I01.0- I01.9-)", &codes), pairs(&[("I010", "I010ZZZ"), ("I019", "I019ZZZ")]));
    }

    #[test]
    fn qualified_forms() {
        let codes = keys(&[
            "E0842", "E0843", "E1042", "E1144", "E11620", "E11621", "E1165", "S020XXA", "S020XXB", "S0211XB",
            "T360X1A", "T360X2A", "T360X5A", "T391X4A", "I6920", "I69123", "I69193", "F1026", "F1120",
            "F11151",
        ]);
        assert_eq!(ranges("x (E08-E13 with .42)", &codes), pairs(&[("E0842", "E0842"), ("E1042", "E1042")]));
        assert_eq!(ranges("x (E08-E13 with .62-)", &codes), pairs(&[("E11620", "E11621")]));
        let listed = pairs(&[("E0843", "E0843"), ("E1165", "E1165")]);
        assert_eq!(ranges("x (E08-E13, with .43, .65)", &codes), listed);
        assert_eq!(ranges("x (S02.- with 7th character B)", &codes), pairs(&[("S020XXB", "S0211XB")]));
        let poisoning = pairs(&[("T360X1A", "T360X2A"), ("T391X4A", "T391X4A")]);
        assert_eq!(ranges("x (T36-T65 with fifth or sixth character 1-4)", &codes), poisoning);
        assert_eq!(ranges("x (I69. with final characters -23)", &codes), pairs(&[("I69123", "I69123")]));
        assert_eq!(ranges("x (F10-F19 with 5th character .6)", &codes), pairs(&[("F1026", "F1026")]));
        assert_eq!(
            ranges("x (F11-F19 with fifth to sixth characters 51)", &codes),
            pairs(&[("F11151", "F11151")])
        );
        let r = resolve("diabetic acidosis - see categories E08-E10, E11, E13 with ketoacidosis", &codes);
        assert_eq!((r.references, r.ranges.len(), r.unresolved.len()), (3, 0, 3));
        assert_eq!(r.unresolved[0].reason, "qualifier in words, not characters");
        let r = resolve("x (B99.9)", &codes);
        assert_eq!(r.unresolved[0].reason, "no ICD-10-CM code is in this range");
    }
}
