//! A record's own people named in its free text without a title: the words of the patient's
//! (and a relative's or contact's) name, which the structured fields give, found as whole words
//! in a note. A name that is also a common word (`May`, `Will`, `Grant`) is a name only next to
//! another word of the record's names (`Will May`, `May, Will`); any other name word counts when
//! it is written capitalized (`Nguyen`, `NGUYEN`), or next to another name word in any case
//! (`maria nguyen`). A name before an eponym's noun (`Parkinson disease`) is no person.

use super::tokens::is_token;
use std::ops::Range;

/// The words of a name that are not part of the person's name: titles, suffixes, degrees.
const NOT_NAME: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "jr", "sr", "ii", "iii", "iv", "md", "do", "phd", "rn", "np",
    "pa", "dds",
];

/// Names that are also words a note writes capitalized for another reason: months, weekdays and
/// seasons, languages, and words that start a clinical sentence (`Will call`, `Brown sputum`,
/// `Day 3 of antibiotics`, `Frank blood`). Such a name is a name only beside another name word.
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "summer", "autumn", "winter", "spring", "english", "french", "german",
    "spanish", "will", "can", "hope", "mark", "bill", "grant", "pat", "drew", "don", "nick", "said",
    "read", "white", "black", "brown", "green", "gray", "grey", "little", "long", "young", "early",
    "fair", "frank", "sharp", "bright", "free", "best", "strong", "sweet", "day", "ward", "page",
    "case", "care", "stone", "walker", "gene", "north", "south", "east", "west", "patient",
    "doctor", "nurse", "mother", "father", "son", "baby", "unknown", "test",
];

/// Words after a name that make it an eponym (`Parkinson disease`, `Bell's palsy`), not a person.
const EPONYM_NOUNS: &[&str] = &[
    "disease",
    "syndrome",
    "sign",
    "test",
    "disorder",
    "palsy",
    "phenomenon",
    "reflex",
    "ulcer",
    "tumor",
    "tumour",
    "lymphoma",
    "anomaly",
    "procedure",
    "operation",
    "fracture",
    "scale",
    "score",
    "classification",
    "maneuver",
    "manoeuvre",
    "law",
    "cell",
    "cells",
];

/// The words of a person's name worth looking for: two letters or more, not a title, not a
/// token of a de-identified copy, lower-cased.
pub fn words(name: &str) -> Vec<String> {
    if is_token(name) {
        return Vec::new();
    }
    name.split(|c: char| !c.is_alphabetic() && !is_apostrophe(c))
        .map(|w| w.trim_matches(is_apostrophe).to_lowercase())
        .filter(|w| w.chars().count() >= 2 && !NOT_NAME.contains(&w.as_str()) && !is_token(w))
        .collect()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// A word of a text: its bytes, without a possessive `'s`.
struct Word {
    range: Range<usize>,
    lower: String,
    capitalized: bool,
}

/// The words of `text` (letters, with apostrophes inside).
fn text_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    // A word starts on a letter, so only its end may lose an apostrophe or a possessive `'s`.
    let mut push = |range: Range<usize>| {
        let mut word = text[range.clone()].trim_end_matches(is_apostrophe);
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                word = &word[..word.len() - suffix.len()];
            }
        }
        out.push(Word {
            range: range.start..range.start + word.len(),
            lower: word.to_lowercase(),
            capitalized: word.chars().next().is_some_and(char::is_uppercase),
        });
    };
    for (i, c) in text.char_indices() {
        let inside = c.is_alphabetic() || (is_apostrophe(c) && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s..text.len());
    }
    out
}

/// True when only blanks, a comma, a hyphen or a middle initial (`J.`) stand between two words.
pub fn beside(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let between = text[a.end..b.start].trim();
    let initial = between.trim_end_matches('.').trim();
    between.is_empty()
        || between == ","
        || between == "-"
        || (initial.chars().count() == 1 && initial.chars().all(char::is_uppercase))
}

/// True when the word at `range` of `text` is followed by an eponym's noun.
fn eponym(text: &str, range: &Range<usize>) -> bool {
    let after = text[range.end..].trim_start_matches("'s").trim_start_matches(is_apostrophe).trim_start();
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    EPONYM_NOUNS.contains(&word.as_str())
}

/// True when the word at `range` of `text` begins a compound word (`Rose-colored`), which a
/// name (`Smith-Jones`) does not: a hyphen and a lower-case letter follow.
fn compound(text: &str, range: &Range<usize>) -> bool {
    let mut after = text[range.end..].chars();
    after.next() == Some('-') && after.next().is_some_and(char::is_lowercase)
}

/// One name word of the record found in a text: its bytes and which of `names` it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub name: usize,
}

/// The words of `names` (each from [`words`]) written in `text`, in order.
pub fn mentions(text: &str, names: &[String]) -> Vec<Mention> {
    if names.is_empty() {
        return Vec::new();
    }
    let words = text_words(text);
    let index = |w: &Word| names.iter().position(|n| *n == w.lower);
    let found: Vec<Option<usize>> = words.iter().map(index).collect();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Some(name) = found[i] else { continue };
        let next_to_name = |j: usize| {
            found[j].is_some_and(|other| other != name || words[j].lower != word.lower) && {
                let (a, b) = if j < i { (&words[j], word) } else { (word, &words[j]) };
                beside(text, &a.range, &b.range)
            }
        };
        let paired = (i > 0 && next_to_name(i - 1)) || (i + 1 < words.len() && next_to_name(i + 1));
        let common = COMMON.contains(&word.lower.as_str());
        let named = if common {
            // Two common words side by side (`will may`) are a name only when capitalized.
            paired && (word.capitalized || !both_common(&words, &found, i))
        } else {
            paired || word.capitalized
        };
        if named && !(!paired && (eponym(text, &word.range) || compound(text, &word.range))) {
            out.push(Mention { range: word.range.clone(), name });
        }
    }
    out
}

/// True when every name word beside word `i` is a common word too.
fn both_common(words: &[Word], found: &[Option<usize>], i: usize) -> bool {
    [i.wrapping_sub(1), i + 1]
        .into_iter()
        .filter(|&j| j < words.len() && found[j].is_some())
        .all(|j| COMMON.contains(&words[j].lower.as_str()))
}

/// Mentions side by side joined into one range per person (`Maria Nguyen`, `Nguyen, Maria`).
pub fn joined(text: &str, mentions: &[Mention]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for m in mentions {
        match out.last_mut() {
            Some(last) if beside(text, last, &m.range) => last.end = m.range.end,
            _ => out.push(m.range.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, names: &[&str]) -> Vec<String> {
        let words: Vec<String> = names.iter().flat_map(|n| words(n)).collect();
        joined(text, &mentions(text, &words)).into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn a_name_without_a_title() {
        assert_eq!(found("Spoke with Nguyen about insulin.", &["Nguyen, Maria"]), ["Nguyen"]);
        assert_eq!(found("maria nguyen seen today", &["Nguyen, Maria"]), ["maria nguyen"]);
        assert_eq!(found("Seen: Nguyen, Maria J. at bedside", &["Nguyen, Maria J"]), ["Nguyen, Maria"]);
        assert_eq!(found("NGUYEN'S daughter called", &["Nguyen, Maria"]), ["NGUYEN"]);
        assert_eq!(
            found("Mary O'Neil and Smith-Jones", &["O'Neil, Mary", "Smith-Jones, Al"]),
            ["Mary O'Neil", "Smith-Jones"]
        );
        // A relative named in the record (NK1, RelatedPerson) is found as the patient is.
        assert_eq!(found("Husband Tomasz at bedside", &["Kowalski, Olga", "Kowalski, Tomasz"]), ["Tomasz"]);
    }

    #[test]
    fn common_words_are_no_name_alone() {
        let may = &["May, Will"];
        assert!(found("We will follow up in May. Will call.", may).is_empty());
        assert!(found("may need insulin; will recheck", may).is_empty());
        assert_eq!(found("Will May was seen", may), ["Will May"]);
        assert_eq!(found("seen: May, Will", may), ["May, Will"]);
        assert!(found("will may", may).is_empty());
        assert_eq!(found("Grant Nguyen improving; grant pending", &["Nguyen, Grant"]), ["Grant Nguyen"]);
    }

    #[test]
    fn lowercase_alone_eponyms_and_titles_are_not_found() {
        assert!(found("lee side", &["Lee, Sam"]).is_empty());
        assert!(found("Parkinson disease, stable", &["Parkinson, Ann"]).is_empty());
        assert!(found("Rose-colored rash", &["Brown, Rose"]).is_empty());
        assert_eq!(found("Ann Parkinson disease follow-up", &["Parkinson, Ann"]), ["Ann Parkinson"]);
        assert!(words("DOE^JANE^A^^DR").iter().eq(["doe", "jane"].iter()));
        assert!(words("NAME-7K3Q9D2F").is_empty());
    }
}
