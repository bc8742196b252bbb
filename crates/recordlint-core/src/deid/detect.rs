//! Identifiers in free text: the patterns that find Social Security numbers, telephone and fax
//! numbers, e-mail addresses, URLs, IP addresses, labelled record, plan, account, licence,
//! device and vehicle numbers, dates, ages over 89, street addresses, ZIP codes and names with
//! a title or a label. Used by the PHI rules (`rules/phi/`) and by de-identification, which
//! redacts what is found. Free text can never be certified by patterns: what they miss is why
//! the de-identification report lists every free-text field it kept.

use super::category::Category;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// An identifier found in a text: its category and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub category: Category,
    pub range: Range<usize>,
    /// For a date: written after a birth label (`DOB`, `born`), so a date of birth.
    pub birth: bool,
}

/// A pattern and what the text it matches (or its group 1, when it has one) is, with what a
/// text must hold for it to match; the regex is compiled the first time a text may match it.
struct Pattern {
    category: Category,
    need: Need,
    source: String,
    regex: OnceLock<Regex>,
}

impl Pattern {
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| Regex::new(&self.source).expect("valid detection pattern"))
    }
}

/// What a text must hold for a pattern to match: each field a necessary condition of the pattern,
/// tested on the text's bytes before the regex runs (and so before it is ever compiled).
#[derive(Clone, Copy, Default)]
struct Need {
    /// ASCII digits in the text, at least.
    digits: u8,
    /// The longest run of consecutive ASCII digits, at least.
    run: u8,
    /// A byte the text holds at least so many times.
    byte: Option<(u8, u8)>,
    /// One of these words, ASCII case-insensitively (lowercase needles). Tested only on ASCII
    /// texts: with Unicode case folding `(?i)s` also matches `ſ` and `(?i)k` the Kelvin sign.
    words: &'static [&'static str],
}

impl Need {
    const fn digits(digits: u8) -> Need {
        Need { digits, run: 0, byte: None, words: &[] }
    }

    const fn run(run: u8) -> Need {
        Need { digits: run, run, byte: None, words: &[] }
    }

    const fn byte(byte: u8, times: u8) -> Need {
        Need { digits: 0, run: 0, byte: Some((byte, times)), words: &[] }
    }

    const fn words(self, words: &'static [&'static str]) -> Need {
        Need { words, ..self }
    }
}

/// The cheap facts of a text the [`Need`]s test, counted once per text.
struct Features<'a> {
    text: &'a str,
    digits: usize,
    run: usize,
    /// The ASCII letters the text holds, case folded: bit 0 for `a`…
    letters: u32,
    ascii: bool,
}

impl<'a> Features<'a> {
    fn of(text: &'a str) -> Features<'a> {
        let (mut digits, mut run, mut current, mut letters) = (0, 0, 0, 0u32);
        for b in text.bytes() {
            if b.is_ascii_digit() {
                digits += 1;
                current += 1;
                run = run.max(current);
                continue;
            }
            current = 0;
            if b.is_ascii_alphabetic() {
                letters |= 1 << ((b | 0x20) - b'a');
            }
        }
        Features { text, digits, run, letters, ascii: text.is_ascii() }
    }

    /// False only when `need` shows the pattern cannot match the text.
    fn may_match(&self, need: &Need) -> bool {
        if self.digits < usize::from(need.digits) || self.run < usize::from(need.run) {
            return false;
        }
        if let Some((byte, times)) = need.byte {
            if self.text.bytes().filter(|&b| b == byte).take(usize::from(times)).count() < usize::from(times)
            {
                return false;
            }
        }
        need.words.is_empty() || !self.ascii || need.words.iter().any(|w| self.has_word(w))
    }

    /// True when the text holds `word` (lowercase), ASCII case-insensitively.
    fn has_word(&self, word: &str) -> bool {
        let letters_there =
            word.bytes().all(|b| !b.is_ascii_lowercase() || self.letters & 1 << (b - b'a') != 0);
        letters_there
            && self.text.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    }
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// The patterns, in priority order: where two overlap, the earlier wins.
fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        let b = r"(?-u:\b)";
        // A labelled number: the label, a separator, and a value with at least one digit.
        let labelled = |label: &str| {
            format!(r"(?i){b}(?:{label})(?:[\t\n\r ]*(?:number|num|no\.?|#|id))?[\t\n\r ]*[:#=.]?[\t\n\r ]*(?:is[\t\n\r ]+)?([A-Za-z0-9]*[0-9][A-Za-z0-9-]{{2,}}[A-Za-z0-9])")
        };
        let month_words = format!(r"{b}{MONTH}\.?[\t\n\r ]+[0-3]?[0-9](?:st|nd|rd|th)?,?[\t\n\r ]+(?:1[89]|20)[0-9]{{2}}{b}|{b}[0-3]?[0-9][\t\n\r ]+{MONTH}\.?,?[\t\n\r ]+(?:1[89]|20)[0-9]{{2}}{b}|{b}{MONTH}\.?[\t\n\r ]+(?:1[89]|20)[0-9]{{2}}{b}");
        let list: Vec<(Category, Need, String)> = vec![
            (Category::Email, Need::byte(b'@', 1), format!(r"{b}[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}{b}")),
            (Category::Url, Need::default().words(&["http", "www."]), r"(?i:https?://|www\.)[^\t\n\r <>\x22']+[^\t\n\r <>\x22'.,;:)]".into()),
            (Category::Ip, Need { byte: Some((b'.', 3)), ..Need::digits(4) }, format!(r"{b}(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){{3}}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]){b}")),
            (Category::Ip, Need::byte(b':', 2), r"(?i)(?-u:\b)(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?-u:\b)|(?-u:\b)(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}(?-u:\b)".into()),
            (Category::Ssn, Need { run: 4, ..Need::digits(9) }, format!(r"{b}(?:00[1-9]|0[1-9][0-9]|[1-57-8][0-9]{{2}}|6(?:[0-5][0-9]|6[0-57-9]|[7-9][0-9]))[- ](?:0[1-9]|[1-9][0-9])[- ](?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{{2}}|[1-9][0-9]{{3}}){b}")),
            (Category::Ssn, Need::digits(1).words(&["ssn", "soc", "ss#"]), labelled(r"ssn|social[\t\n\r ]+security|ss#|soc[\t\n\r ]+sec")),
            (Category::Fax, Need::digits(10).words(&["fax", "facsimile"]), format!(r"(?i:fax|facsimile)(?:[\t\n\r ]*(?:number|no\.?|#))?[\t\n\r ]*[:#]?[\t\n\r ]*((?:\+?1[-. ]?)?\(?[2-9][0-9]{{2}}\)?[-. ]?[0-9]{{3}}[-. ]?[0-9]{{4}}{b}(?:[\t\n\r ]*(?i:x|ext\.?)[\t\n\r ]*[0-9]{{1,5}})?)")),
            (Category::Phone, Need::run(10), format!(r"(?i:phone|tel\.?|cell|call|mobile|reached[\t\n\r ]+at|contact|home|work|pager)[^0-9\n]{{0,12}}((?:\+?1[-. ]?)?[2-9][0-9]{{2}}[2-9][0-9]{{6}}){b}")),
            (Category::Phone, Need::digits(10), format!(r"(?:\+?1[-. ])?(?:\([2-9][0-9]{{2}}\)[\t\n\r ]?|{b}[2-9][0-9]{{2}}[-. ])[0-9]{{3}}[-. ][0-9]{{4}}{b}(?:[\t\n\r ]*(?i:x|ext\.?)[\t\n\r ]*[0-9]{{1,5}})?")),
            (Category::Date, Need { byte: Some((b'-', 2)), ..Need::run(4) }, format!(r"{b}(?:1[89]|20)[0-9]{{2}}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01]){b}")),
            (Category::Date, Need { byte: Some((b'/', 2)), ..Need::digits(4) }, format!(r"{b}(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])/(?:(?:1[89]|20)[0-9]{{2}}|[0-9]{{2}}){b}")),
            (Category::Date, Need { byte: Some((b'-', 2)), ..Need::run(4) }, format!(r"{b}(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])-(?:1[89]|20)[0-9]{{2}}{b}")),
            (Category::Date, Need::run(4), month_words),
            (Category::Date, Need::run(2).words(&["y", "age"]), format!(r"(?i){b}(?:9[0-9]|1[0-2][0-9])(?:[\t\n\r ]*|-)(?:years?|yrs?|y)(?:[\t\n\r ]*|-)(?:old|o|/o){b}|(?i){b}(?:age[d]?|aged)[\t\n\r ]*:?[\t\n\r ]*(?:9[0-9]|1[0-2][0-9]){b}")),
            (Category::Mrn, Need::digits(1).words(&["mr", "med", "chart", "patient", "pt"]), labelled(r"mrn|mr#|medical[\t\n\r ]+record|med[\t\n\r ]+rec|chart|patient[\t\n\r ]+id|pt[\t\n\r ]+id")),
            (Category::HealthPlan, Need::digits(1).words(&["member", "subscriber", "policy", "medica", "mbi", "beneficiary", "health", "insurance", "group"]), labelled(r"member|subscriber|policy|medicaid|medicare|mbi|beneficiary|health[\t\n\r ]+plan|insurance|group")),
            (Category::Account, Need::digits(1).words(&["acc", "a/c", "fin", "visit", "encounter"]), labelled(r"account|acct|a/c|fin|visit|encounter")),
            (Category::Licence, Need::digits(1).words(&["licen", "dl", "cert"]), labelled(r"driver'?s?[\t\n\r ]+licen[cs]e|licen[cs]e|dl|certificate|cert")),
            (Category::Vehicle, Need::digits(1).words(&["vin", "plate", "tag"]), labelled(r"vin|license[\t\n\r ]+plate|licence[\t\n\r ]+plate|plate|tag")),
            (Category::Vehicle, Need::run(6), format!(r"{b}[A-HJ-NPR-Z0-9]{{11}}[0-9]{{6}}{b}")),
            (Category::Device, Need::digits(1).words(&["serial", "s/n", "sn", "device", "udi", "implant", "pacemaker", "model"]), labelled(r"serial|s/n|sn|device|udi|implant|pacemaker|model")),
            (Category::Geographic, Need::digits(1), format!(r"{b}[0-9]{{1,6}}[\t\n\r ]+(?:[NSEW]\.?[\t\n\r ]+)?(?:[A-Z][A-Za-z'-]+[\t\n\r ]+){{1,3}}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl)\.?(?:,?[\t\n\r ]+(?:Apt|Suite|Ste|Unit|#)\.?[\t\n\r ]*[0-9A-Za-z-]+)?{b}\.?")),
            (Category::Geographic, Need::run(5), format!(r"(?:{b}(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),?[\t\n\r ]+|(?i:zip(?:[\t\n\r ]*code)?|postal[\t\n\r ]+code)[\t\n\r ]*:?[\t\n\r ]*)([0-9]{{5}}(?:-[0-9]{{4}})?){b}")),
            (Category::Name, Need::byte(b'M', 1).words(&["mr", "ms", "mi", "mx"]), format!(r"{b}(?:Mr|Mrs|Ms|Miss|Mx)\.?[\t\n\r ]+((?:[A-Z][a-z'-]+[\t\n\r ]+)?[A-Z][A-Za-z'-]+)")),
            (Category::Name, Need::byte(b':', 1), r"(?i:patient|pt|name|patient[\t\n\r ]+name|mother|father|spouse|wife|husband|son|daughter|guardian|emergency[\t\n\r ]+contact|next[\t\n\r ]+of[\t\n\r ]+kin|nok|contact|sister|brother)[\t\n\r ]*:[\t\n\r ]*([A-Z][a-z'-]+(?:[\t\n\r ]+[A-Z]\.)?[\t\n\r ]+[A-Z][A-Za-z'-]+)".into()),
            (Category::Name, Need::default().words(&["name"]), r"(?i:named|name[\t\n\r ]+is)[\t\n\r ]+([A-Z][a-z'-]+[\t\n\r ]+[A-Z][A-Za-z'-]+)".into()),
        ];
        list.into_iter()
            .map(|(category, need, source)| Pattern { category, need, source, regex: OnceLock::new() })
            .collect()
    })
}

/// A birth label just before a date (`DOB:`, `born on`, `date of birth`).
fn birth_label() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?:d\.?o\.?b\.?|date[\t\n\r ]+of[\t\n\r ]+birth|birth[\t\n\r ]*date|birthday|born(?:[\t\n\r ]+on)?)[\t\n\r ]*[:#-]?[\t\n\r ]*$")
            .expect("valid birth label")
    })
}

/// The identifiers in `text`, in order, none overlapping (where patterns overlap, the one listed
/// first wins: an e-mail address before the URL inside it, a fax label before a telephone).
pub fn find(text: &str) -> Vec<Hit> {
    find_by(text, patterns())
}

/// The identifiers of `categories` in `text`: those [`find`] finds. A pattern listed after the
/// last one of `categories` could only add a later hit, never take a place from theirs, so it is
/// not run.
pub fn find_of(text: &str, categories: &[Category]) -> Vec<Hit> {
    let all = patterns();
    let used = all.iter().rposition(|p| categories.contains(&p.category)).map_or(0, |last| last + 1);
    let mut hits = find_by(text, &all[..used]);
    hits.retain(|h| categories.contains(&h.category));
    hits
}

/// The matches of `patterns` in `text`, in order, none overlapping (the pattern first in the
/// list wins).
fn find_by(text: &str, patterns: &[Pattern]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b':' || b == b'.') {
        return hits;
    }
    let features = Features::of(text);
    for p in patterns {
        if !features.may_match(&p.need) {
            continue;
        }
        let mut add = |range: Range<usize>| {
            if range.is_empty() || hits.iter().any(|h| h.range.start < range.end && range.start < h.range.end)
            {
                return;
            }
            let birth = p.category == Category::Date && birth_label().is_match(&text[..range.start]);
            hits.push(Hit { category: p.category, range, birth });
        };
        let regex = p.regex();
        // Without a group the match itself is the identifier, found without tracking groups.
        if regex.captures_len() == 1 {
            regex.find_iter(text).for_each(|m| add(m.range()));
        } else {
            for c in regex.captures_iter(text) {
                add(c.get(1).or_else(|| c.get(0)).expect("a match has group 0").range());
            }
        }
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// Every whole-word occurrence of `value` (case-insensitive) in `text`: a known identifier of the
/// record (its patient's name, its MRN) written in free text.
pub fn occurrences(text: &str, value: &str) -> Vec<Range<usize>> {
    let value = value.trim();
    if value.chars().count() < 2 || text.len() < value.len() {
        return Vec::new();
    }
    let lower_text = text.to_ascii_lowercase();
    let lower_value = value.to_ascii_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower_text[from..].find(&lower_value) {
        let start = from + i;
        let end = start + lower_value.len();
        if !word(text[..start].chars().next_back()) && !word(text[end..].chars().next()) {
            out.push(start..end);
        }
        from = end;
    }
    out
}

/// `text` with the markup of an XHTML narrative blanked out (tags become spaces, so byte offsets
/// stay those of the original): identifiers are looked for in what a reader sees, not in links.
pub fn visible_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
                continue;
            }
            _ => {}
        }
        if in_tag {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Category, &str)> {
        find(text).into_iter().map(|h| (h.category, &text[h.range])).collect()
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(found("SSN 123-45-6789."), vec![(Category::Ssn, "123-45-6789")]);
        assert_eq!(
            found("call (555) 123-4567 or fax: 555-123-9999"),
            vec![(Category::Phone, "(555) 123-4567"), (Category::Fax, "555-123-9999")]
        );
        assert_eq!(found("mail jane.doe@example.org"), vec![(Category::Email, "jane.doe@example.org")]);
        assert_eq!(
            found("see https://portal.example.com/x?id=3."),
            vec![(Category::Url, "https://portal.example.com/x?id=3")]
        );
        assert_eq!(found("from 192.168.10.4 today"), vec![(Category::Ip, "192.168.10.4")]);
        assert_eq!(found("MRN: 00482913"), vec![(Category::Mrn, "00482913")]);
        assert_eq!(found("Member ID W123456789"), vec![(Category::HealthPlan, "W123456789")]);
        assert_eq!(found("DOB 03/14/1962"), vec![(Category::Date, "03/14/1962")]);
        assert!(find("DOB 03/14/1962")[0].birth);
        assert!(!find("seen 03/14/2020")[0].birth);
        assert_eq!(found("a 93-year-old man"), vec![(Category::Date, "93-year-old")]);
        assert_eq!(
            found("lives at 12 Oak Street, Apt 4"),
            vec![(Category::Geographic, "12 Oak Street, Apt 4")]
        );
        assert_eq!(found("Mrs. Alvarez called"), vec![(Category::Name, "Alvarez")]);
    }

    #[test]
    fn leaves_clinical_numbers_alone() {
        for text in [
            "BP 120/80, HR 72, glucose 5.4 mmol/L",
            "Hemoglobin A1c 7.2 % on 2 occasions",
            "Take 1 tablet twice daily for 10 days",
            "E11.9 Type 2 diabetes mellitus",
            "a 45-year-old woman",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn the_prefilter_skips_only_patterns_that_cannot_match() {
        for text in SAMPLES {
            assert_eq!(find(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn the_identifiers_of_some_categories_are_those_find_finds() {
        let categories: Vec<Category> = patterns().iter().map(|p| p.category).collect();
        for text in SAMPLES {
            let all = find(text);
            for wanted in
                categories.iter().map(std::slice::from_ref).chain([&[Category::Ssn, Category::Phone][..]])
            {
                let expected: Vec<Hit> =
                    all.iter().filter(|h| wanted.contains(&h.category)).cloned().collect();
                assert_eq!(find_of(text, wanted), expected, "{text:?} for {wanted:?}");
            }
        }
    }

    /// Texts with and without identifiers of every category.
    const SAMPLES: &[&str] = &[
        "SSN 123-45-6789.",
        "ssn: 123456789",
        "Social  Security # 078-05-1120",
        "ſocial ſecurity 123-45-6789",
        "call (555) 123-4567 or fax: 555-123-9999",
        "Facsimile no. 2125551234 x12",
        "cell 2125551234",
        "tel. +1 212 555 1234 ext 5",
        "mail jane.doe@example.org",
        "HTTPS://x.example/a",
        "WWW.example.com/b.",
        "from 192.168.10.4 today",
        "fe80::1ff:fe23:4567:890a",
        "MRN: 00482913",
        "Pt ID 4471-22",
        "Member ID W123456789",
        "MEDICARE 1EG4-TE5-MK73",
        "Acct# 99812",
        "a/c 123456",
        "FIN 77812",
        "DL: D1234567",
        "Cert 44-1234",
        "VIN 1HGCM82633A004352",
        "plate 7ABC123",
        "1HGCM82633A004352",
        "S/N 88123-X1",
        "UDI (01)00844588003288",
        "Pacemaker model 5076-52",
        "DOB 03/14/1962",
        "born on 1962-03-14",
        "seen 3-14-2020",
        "March 14, 1962",
        "14 Mar 1962",
        "Sept. 2001",
        "a 93-year-old man",
        "93 yo",
        "AGED 101",
        "aged: 95",
        "lives at 12 Oak Street, Apt 4",
        "12 Main St",
        "Springfield, MA 01103",
        "zip code 02139-1234",
        "Mrs. Alvarez called",
        "Mr Lee Park",
        "patient: John Q. Public",
        "Name is Ann Smith",
        "named Bo Li",
        "contact: Jo Ann",
        "E11.9 Type 2 diabetes mellitus",
        "BP 120/80, HR 72",
        "Kelvin 5 K 123",
        "mixed ſsn 123-45-6789 and ſerial 4471",
        "20 Elm Rd.",
        "",
        "…",
        "x:y",
        "a.b.c.d",
    ];

    /// [`find`] as it was written first: every pattern, every match through its groups.
    fn reference(text: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        if !text.bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b':' || b == b'.') {
            return hits;
        }
        for p in patterns() {
            for c in p.regex().captures_iter(text) {
                let range = c.get(1).or_else(|| c.get(0)).unwrap().range();
                if range.is_empty()
                    || hits.iter().any(|h| h.range.start < range.end && range.start < h.range.end)
                {
                    continue;
                }
                let birth = p.category == Category::Date && birth_label().is_match(&text[..range.start]);
                hits.push(Hit { category: p.category, range, birth });
            }
        }
        hits.sort_by_key(|h| h.range.start);
        hits
    }

    #[test]
    fn the_prefilter_changes_nothing_in_the_fixtures() {
        let mut dirs = vec![crate::test_data::repo_path("tests/fixtures")];
        let mut lines = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                // Whole lines and their fields, as the readers hand texts on.
                for line in text.lines() {
                    for piece in std::iter::once(line).chain(line.split(['|', '^', ',', '"'])) {
                        assert_eq!(find(piece), reference(piece), "{piece:?} in {path:?}");
                        lines += 1;
                    }
                }
            }
        }
        assert!(lines > 1000);
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(occurrences("Jo and John", "jo"), vec![0..2]);
        assert_eq!(visible_text("<a href=\"http://x\">Jo</a>").trim(), "Jo");
    }
}
