//! Free text de-identified: every identifier the patterns of [`super::detect`] find and every
//! known identifier of the record (its patient's names and numbers) written in the text is
//! replaced — a known or labelled number by its token, a date by its year (or shifted), an age
//! over 89 by "90 or older", anything else by its category in brackets (`[PHONE]`).

use super::category::Category;
use super::detect;
use super::names;
use super::session::Session;
use std::ops::Range;

/// Identifiers of the record being written, looked for in its free text.
#[derive(Debug, Default, Clone)]
pub struct Known {
    values: Vec<(Category, String, String)>,
    /// The words of its people's names (see [`names::words`]), and the replacement of each.
    name_words: Vec<String>,
    name_replacements: Vec<String>,
}

impl Known {
    /// Adds `value` of `category`, which the copy writes as `replacement` (its token).
    pub fn add(&mut self, category: Category, value: &str, replacement: &str) {
        let value = value.trim();
        if value.chars().count() >= 2 && !self.values.iter().any(|(_, v, _)| v.eq_ignore_ascii_case(value)) {
            self.values.push((category, value.to_string(), replacement.to_string()));
        }
    }

    /// Adds a person's name: whole when it has several words, and by its words (found as
    /// [`names::mentions`] finds them, so that a name that is a common word is not taken alone).
    pub fn add_name(&mut self, name: &str, replacement: &str) {
        if name.split_whitespace().count() > 1 {
            self.add(Category::Name, name, replacement);
        }
        for word in names::words(name) {
            if !self.name_words.contains(&word) {
                self.name_words.push(word);
                self.name_replacements.push(replacement.to_string());
            }
        }
    }

    /// The replacement of a value that is exactly a known identifier (an order number that is
    /// the MRN, a query's copy of the patient's name), when it is one.
    pub fn replacement_for(&self, value: &str) -> Option<&str> {
        let value = value.trim();
        self.values
            .iter()
            .find(|(_, v, _)| v.eq_ignore_ascii_case(value))
            .map(|(_, _, r)| r.as_str())
            .or_else(|| {
                let lower = value.to_lowercase();
                let i = self.name_words.iter().position(|w| *w == lower)?;
                Some(self.name_replacements[i].as_str())
            })
    }

    pub fn clear(&mut self) {
        self.values.clear();
        self.name_words.clear();
        self.name_replacements.clear();
    }
}

/// Categories whose patterns are found before the record's known values: an e-mail address or a
/// URL is replaced whole, not the name inside it.
const FIRST: &[Category] =
    &[Category::Email, Category::Url, Category::Ip, Category::Ssn, Category::Phone, Category::Fax];

/// `text` (a value of `field`) with its identifiers replaced, and how many were.
pub fn scrub(text: &str, known: &Known, patient: &str, field: &str, session: &mut Session) -> (String, u64) {
    let mut edits: Vec<(Range<usize>, String, Category)> = Vec::new();
    let hits = detect::find(text);
    let replace_hit = |hit: &detect::Hit, session: &mut Session| {
        let written = &text[hit.range.clone()];
        match hit.category {
            Category::Date if hit.birth => session.text_birth_date(written, patient),
            Category::Date => session.text_date(written, patient),
            Category::Ssn
            | Category::Mrn
            | Category::HealthPlan
            | Category::Account
            | Category::Licence
            | Category::Vehicle
            | Category::Device => session.tokens.token(hit.category, written),
            c => format!("[{}]", c.token_prefix()),
        }
    };
    for hit in hits.iter().filter(|h| FIRST.contains(&h.category)) {
        let replacement = replace_hit(hit, session);
        edits.push((hit.range.clone(), replacement, hit.category));
    }
    // Known values, longest first, so that a whole name wins over its words.
    let mut values: Vec<&(Category, String, String)> = known.values.iter().collect();
    values.sort_by_key(|(_, v, _)| std::cmp::Reverse(v.len()));
    for (category, value, replacement) in values {
        for range in detect::occurrences(text, value) {
            if !overlaps(&edits, &range) {
                edits.push((range, replacement.clone(), *category));
            }
        }
    }
    // A person's words side by side with one token (`Maria Nguyen` of a FHIR name) become one.
    let mut last: Option<usize> = None;
    for mention in names::mentions(text, &known.name_words) {
        let replacement = &known.name_replacements[mention.name];
        if overlaps(&edits, &mention.range) {
            continue;
        }
        match last.map(|i| &mut edits[i]) {
            Some((range, r, _)) if r == replacement && names::beside(text, range, &mention.range) => {
                range.end = mention.range.end;
            }
            _ => {
                last = Some(edits.len());
                edits.push((mention.range, replacement.clone(), Category::Name));
            }
        }
    }
    for hit in hits.iter().filter(|h| !FIRST.contains(&h.category)) {
        if !overlaps(&edits, &hit.range) {
            let replacement = replace_hit(hit, session);
            edits.push((hit.range.clone(), replacement, hit.category));
        }
    }
    if edits.is_empty() {
        return (text.to_string(), 0);
    }
    for (range, replacement, category) in &edits {
        session.redacted(*category, field, &text[range.clone()], replacement);
    }
    edits.sort_by_key(|(r, _, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement, _) in &edits {
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    (out, edits.len() as u64)
}

fn overlaps(edits: &[(Range<usize>, String, Category)], range: &Range<usize>) -> bool {
    edits.iter().any(|(r, _, _)| r.start < range.end && range.start < r.end)
}

/// A free-text value of `field`, with the identifiers found in it replaced; counted in the
/// residual-risk list of the run's report.
pub fn free_text(session: &mut Session, text: &str, known: &Known, patient: &str, field: &str) -> String {
    if text.trim().is_empty() {
        return text.to_string();
    }
    let (after, redactions) = scrub(text, known, patient, field, session);
    session.kept_text(field, redactions);
    after
}
