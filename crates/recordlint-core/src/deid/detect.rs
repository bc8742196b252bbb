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

/// A pattern and what the text it matches (or its group 1, when it has one) is.
struct Pattern {
    category: Category,
    regex: Regex,
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
        let list: Vec<(Category, String)> = vec![
            (Category::Email, format!(r"{b}[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}{b}")),
            (Category::Url, r"(?i:https?://|www\.)[^\t\n\r <>\x22']+[^\t\n\r <>\x22'.,;:)]".into()),
            (Category::Ip, format!(r"{b}(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){{3}}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]){b}")),
            (Category::Ip, r"(?i)(?-u:\b)(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?-u:\b)|(?-u:\b)(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}(?-u:\b)".into()),
            (Category::Ssn, format!(r"{b}(?:00[1-9]|0[1-9][0-9]|[1-57-8][0-9]{{2}}|6(?:[0-5][0-9]|6[0-57-9]|[7-9][0-9]))[- ](?:0[1-9]|[1-9][0-9])[- ](?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{{2}}|[1-9][0-9]{{3}}){b}")),
            (Category::Ssn, labelled(r"ssn|social[\t\n\r ]+security|ss#|soc[\t\n\r ]+sec")),
            (Category::Fax, format!(r"(?i:fax|facsimile)(?:[\t\n\r ]*(?:number|no\.?|#))?[\t\n\r ]*[:#]?[\t\n\r ]*((?:\+?1[-. ]?)?\(?[2-9][0-9]{{2}}\)?[-. ]?[0-9]{{3}}[-. ]?[0-9]{{4}}{b}(?:[\t\n\r ]*(?i:x|ext\.?)[\t\n\r ]*[0-9]{{1,5}})?)")),
            (Category::Phone, format!(r"(?i:phone|tel\.?|cell|call|mobile|reached[\t\n\r ]+at|contact|home|work|pager)[^0-9\n]{{0,12}}((?:\+?1[-. ]?)?[2-9][0-9]{{2}}[2-9][0-9]{{6}}){b}")),
            (Category::Phone, format!(r"(?:\+?1[-. ])?(?:\([2-9][0-9]{{2}}\)[\t\n\r ]?|{b}[2-9][0-9]{{2}}[-. ])[0-9]{{3}}[-. ][0-9]{{4}}{b}(?:[\t\n\r ]*(?i:x|ext\.?)[\t\n\r ]*[0-9]{{1,5}})?")),
            (Category::Date, format!(r"{b}(?:1[89]|20)[0-9]{{2}}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01]){b}")),
            (Category::Date, format!(r"{b}(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])/(?:(?:1[89]|20)[0-9]{{2}}|[0-9]{{2}}){b}")),
            (Category::Date, format!(r"{b}(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])-(?:1[89]|20)[0-9]{{2}}{b}")),
            (Category::Date, month_words),
            (Category::Date, format!(r"(?i){b}(?:9[0-9]|1[0-2][0-9])(?:[\t\n\r ]*|-)(?:years?|yrs?|y)(?:[\t\n\r ]*|-)(?:old|o|/o){b}|(?i){b}(?:age[d]?|aged)[\t\n\r ]*:?[\t\n\r ]*(?:9[0-9]|1[0-2][0-9]){b}")),
            (Category::Mrn, labelled(r"mrn|mr#|medical[\t\n\r ]+record|med[\t\n\r ]+rec|chart|patient[\t\n\r ]+id|pt[\t\n\r ]+id")),
            (Category::HealthPlan, labelled(r"member|subscriber|policy|medicaid|medicare|mbi|beneficiary|health[\t\n\r ]+plan|insurance|group")),
            (Category::Account, labelled(r"account|acct|a/c|fin|visit|encounter")),
            (Category::Licence, labelled(r"driver'?s?[\t\n\r ]+licen[cs]e|licen[cs]e|dl|certificate|cert")),
            (Category::Vehicle, labelled(r"vin|license[\t\n\r ]+plate|licence[\t\n\r ]+plate|plate|tag")),
            (Category::Vehicle, format!(r"{b}[A-HJ-NPR-Z0-9]{{11}}[0-9]{{6}}{b}")),
            (Category::Device, labelled(r"serial|s/n|sn|device|udi|implant|pacemaker|model")),
            (Category::Geographic, format!(r"{b}[0-9]{{1,6}}[\t\n\r ]+(?:[NSEW]\.?[\t\n\r ]+)?(?:[A-Z][A-Za-z'-]+[\t\n\r ]+){{1,3}}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl)\.?(?:,?[\t\n\r ]+(?:Apt|Suite|Ste|Unit|#)\.?[\t\n\r ]*[0-9A-Za-z-]+)?{b}\.?")),
            (Category::Geographic, format!(r"(?:{b}(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),?[\t\n\r ]+|(?i:zip(?:[\t\n\r ]*code)?|postal[\t\n\r ]+code)[\t\n\r ]*:?[\t\n\r ]*)([0-9]{{5}}(?:-[0-9]{{4}})?){b}")),
            (Category::Name, format!(r"{b}(?:Mr|Mrs|Ms|Miss|Mx)\.?[\t\n\r ]+((?:[A-Z][a-z'-]+[\t\n\r ]+)?[A-Z][A-Za-z'-]+)")),
            (Category::Name, r"(?i:patient|pt|name|patient[\t\n\r ]+name|mother|father|spouse|wife|husband|son|daughter|guardian|emergency[\t\n\r ]+contact|next[\t\n\r ]+of[\t\n\r ]+kin|nok|contact|sister|brother)[\t\n\r ]*:[\t\n\r ]*([A-Z][a-z'-]+(?:[\t\n\r ]+[A-Z]\.)?[\t\n\r ]+[A-Z][A-Za-z'-]+)".into()),
            (Category::Name, r"(?i:named|name[\t\n\r ]+is)[\t\n\r ]+([A-Z][a-z'-]+[\t\n\r ]+[A-Z][A-Za-z'-]+)".into()),
        ];
        list.into_iter()
            .map(|(category, re)| Pattern { category, regex: Regex::new(&re).expect("valid detection pattern") })
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
    let mut hits: Vec<Hit> = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b':' || b == b'.') {
        return hits;
    }
    for p in patterns() {
        for c in p.regex.captures_iter(text) {
            let m = c.get(1).or_else(|| c.get(0)).expect("a match has group 0");
            let range = m.range();
            if range.is_empty() || hits.iter().any(|h| h.range.start < range.end && range.start < h.range.end)
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
    fn whole_words_only() {
        assert_eq!(occurrences("Jo and John", "jo"), vec![0..2]);
        assert_eq!(visible_text("<a href=\"http://x\">Jo</a>").trim(), "Jo");
    }
}
