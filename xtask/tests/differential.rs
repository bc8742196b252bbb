//! Differential tests: the answers of the tables and of `recordlint code` (the look-up) against
//! the committed source file they are generated from (`mce-dx-attributes.csv.gz`), for every row,
//! every heading, and deterministic near misses. Native only.
#![cfg(not(target_arch = "wasm32"))]

use jiff::civil::Date;
use recordlint_core::codes::lookup::{Lookup, Verdict};
use recordlint_core::codes::tables::{ymd, Status, Tables};
use recordlint_core::codes::{icd10cm, seventh};
use recordlint_core::CodeSystem;
use std::collections::{BTreeMap, BTreeSet};
use xtask::tables::generate;

/// The look-up by the built-in tables.
fn lookup_in(text: &str, system: CodeSystem, date: Option<Date>) -> Lookup {
    recordlint_core::codes::lookup::lookup_in(&Tables::builtin(), text, system, date)
}

fn source_rows() -> BTreeMap<String, Vec<(Date, Date)>> {
    let text = generate::gunzip(&generate::source_dir().join("mce-dx-attributes.csv.gz")).unwrap();
    let mut out: BTreeMap<String, Vec<(Date, Date)>> = BTreeMap::new();
    for row in generate::mce_rows(&text).unwrap() {
        out.entry(row.code).or_default().push((ymd(row.from).unwrap(), ymd(row.to).unwrap()));
    }
    out
}

/// True when the source has codes longer than `prefix` that start with it.
fn has_longer(rows: &BTreeMap<String, Vec<(Date, Date)>>, prefix: &str) -> bool {
    rows.range::<str, _>((std::ops::Bound::Excluded(prefix), std::ops::Bound::Unbounded))
        .next()
        .is_some_and(|(k, _)| k.starts_with(prefix))
}

fn covered(rows: &[(Date, Date)], date: Date) -> bool {
    rows.iter().any(|&(from, to)| from <= date && date <= to)
}

/// Every row is valid on its first and last day, and (before the end of the data) not the day
/// after unless another row covers it; every 97th answer is also checked through the look-up.
#[test]
fn every_row_is_valid_exactly_on_its_dates() {
    let rows = source_rows();
    let tables = Tables::builtin();
    let table = tables.icd10cm();
    let horizon = table.horizon().unwrap();
    let (mut checked, mut rejected) = (0, 0);
    for (i, (code, spans)) in rows.iter().enumerate() {
        for &(from, to) in spans {
            for date in [from, to] {
                assert!(table.status(code, date).is_valid(), "{code} on {date}");
                checked += 1;
            }
            if to < horizon {
                let after = to.tomorrow().unwrap();
                if !covered(spans, after) {
                    assert!(!table.status(code, after).is_valid(), "{code} on {after}");
                    rejected += 1;
                    if i % 97 == 0 {
                        let l = lookup_in(code, CodeSystem::Icd10cm, Some(after));
                        assert!(!l.valid && l.reason.is_some(), "{code} on {after}: {l:?}");
                    }
                }
            }
            if i % 97 == 0 {
                let l = lookup_in(code, CodeSystem::Icd10cm, Some(from));
                assert!(l.valid && l.billable == Some(true) && l.reason.is_none(), "{code} on {from}: {l:?}");
                assert_eq!(l.code, icd10cm::dotted(code));
            }
        }
    }
    assert!(checked > 150_000 && rejected > 1_000, "{checked} {rejected}");
}

/// Every heading (a code with longer codes under it on a date, not itself a code then) is reported
/// as not billable, at the start of every release in the data.
#[test]
fn every_heading_is_not_billable() {
    let rows = source_rows();
    let tables = Tables::builtin();
    let table = tables.icd10cm();
    let releases: BTreeSet<Date> = rows.values().flatten().map(|&(from, _)| from).collect();
    let mut headings = 0;
    for &date in &releases {
        let valid: BTreeSet<&str> =
            rows.iter().filter(|(_, s)| covered(s, date)).map(|(c, _)| c.as_str()).collect();
        let prefixes: BTreeSet<&str> =
            valid.iter().flat_map(|c| (3..c.len()).filter_map(move |n| c.get(..n))).collect();
        for (i, prefix) in prefixes.iter().filter(|p| !valid.contains(*p)).enumerate() {
            assert!(matches!(table.status(prefix, date), Status::Header { .. }), "{prefix} on {date}");
            if i % 211 == 0 {
                let l = lookup_in(prefix, CodeSystem::Icd10cm, Some(date));
                assert_eq!((l.valid, l.billable), (false, Some(false)), "{prefix} on {date}: {l:?}");
            }
            headings += 1;
        }
    }
    assert!(headings > 100_000, "{headings}");
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const DATE: fn() -> Date = || jiff::civil::date(2026, 3, 4);

/// The reason a look-up gives, in classes.
fn reason_class(l: &Lookup) -> &'static str {
    let reason = l.reason.as_deref().unwrap_or("");
    match l.verdict {
        Verdict::Valid => "valid",
        Verdict::FormatValid => "format valid",
        Verdict::Invalid => "format",
        _ if reason.contains("7th character") => "seventh",
        Verdict::Heading => "heading",
        Verdict::OtherDates => "dates",
        Verdict::Unknown => "unknown",
    }
}

/// Near misses of real codes get the right reason: a missing, wrong or unplaceheld 7th character;
/// a character no code has (format); an altered character (unknown, unless it makes a real code).
#[test]
fn near_misses_are_rejected_with_the_right_reason() {
    let rows = source_rows();
    let date = DATE();
    let valid: Vec<&str> = rows.iter().filter(|(_, s)| covered(s, date)).map(|(c, _)| c.as_str()).collect();
    let is_valid = |c: &str| rows.get(c).is_some_and(|s| covered(s, date));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..3000 {
        let code = valid[rng.below(valid.len())];
        let defined = seventh::definitions().of(code).is_some() && code.len() == 7;
        // Drop the last character.
        let dropped = &code[..code.len() - 1];
        if dropped.len() >= 3 && !is_valid(dropped) {
            let l = lookup_in(dropped, CodeSystem::Icd10cm, Some(date));
            let expected = if defined { "seventh" } else { "heading" };
            assert_eq!(reason_class(&l), expected, "{dropped}: {l:?}");
            *counts.entry("dropped").or_default() += 1;
        }
        // A 7th character the definition does not have.
        if defined {
            let def = seventh::definitions().of(code).unwrap();
            if let Some(bad) = ('A'..='Z').chain('0'..='9').find(|c| def.meaning(*c).is_none()) {
                let altered = format!("{}{bad}", &code[..6]);
                let l = lookup_in(&altered, CodeSystem::Icd10cm, Some(date));
                assert_eq!(reason_class(&l), "seventh", "{altered}: {l:?}");
                assert!(l.reason.as_deref().unwrap().contains(&format!("has {bad} as 7th character")));
                *counts.entry("bad seventh").or_default() += 1;
            }
            // Placeholders left out.
            if code[3..6].contains('X') {
                let squeezed: String =
                    code.char_indices().filter(|&(i, c)| i < 3 || c != 'X').map(|(_, c)| c).collect();
                if !is_valid(&squeezed) && !has_longer(&rows, &squeezed) {
                    let l = lookup_in(&squeezed, CodeSystem::Icd10cm, Some(date));
                    let reason = l.reason.clone().unwrap_or_default();
                    assert!(reason.contains("placeholder X"), "{squeezed}: {l:?}");
                    assert!(
                        reason.contains(&icd10cm::dotted(code)) || reason.contains("and "),
                        "{squeezed}: {reason}"
                    );
                    *counts.entry("placeholder").or_default() += 1;
                }
            }
        }
        // A character that never occurs in codes: a format error.
        let at = 1 + rng.below(code.len() - 1);
        let broken = format!("{}{}{}", &code[..at], ['-', '/', '*', '_'][rng.below(4)], &code[at..]);
        let l = lookup_in(&broken, CodeSystem::Icd10cm, Some(date));
        assert_eq!(reason_class(&l), "format", "{broken}: {l:?}");
        *counts.entry("format").or_default() += 1;
        // An altered character after the category: valid only if the source says so.
        let at = 3 + rng.below(code.len().saturating_sub(3).max(1)).min(code.len() - 3);
        if at < code.len() {
            let c = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"[rng.below(34)] as char;
            let altered = format!("{}{c}{}", &code[..at], &code[at + 1..]);
            let l = lookup_in(&altered, CodeSystem::Icd10cm, Some(date));
            assert_eq!(l.valid, is_valid(&altered), "{altered}: {l:?}");
            if !rows.contains_key(&altered) && !has_longer(&rows, &altered) {
                let class = reason_class(&l);
                assert!(class == "unknown" || class == "seventh", "{altered}: {l:?}");
                *counts.entry("altered").or_default() += 1;
            }
        }
    }
    for kind in ["dropped", "bad seventh", "placeholder", "format", "altered"] {
        assert!(counts.get(kind).copied().unwrap_or(0) > 20, "{counts:?}");
    }
}

/// Random strings never panic, and are valid only when the source has them.
#[test]
fn random_strings_are_rejected_unless_real() {
    let rows = source_rows();
    let date = DATE();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz.-  ";
    for _ in 0..5000 {
        let len = rng.below(10);
        let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())] as char).collect();
        let l = lookup_in(&text, CodeSystem::Icd10cm, Some(date));
        let bare = icd10cm::canonical(&text).map(|c| icd10cm::bare(&c));
        match bare {
            Err(_) => assert_eq!(reason_class(&l), "format", "{text:?}: {l:?}"),
            Ok(bare) => {
                let real = rows.get(&bare).is_some_and(|s| covered(s, date));
                assert_eq!(l.valid, real, "{text:?}: {l:?}");
            }
        }
    }
}
