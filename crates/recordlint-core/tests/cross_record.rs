//! Cross-record rules across inputs: one run over two inputs (the index carried from the first to
//! the second), and two inputs checked apart whose indexes are merged, find the same conflicts.

mod common;

use recordlint_core::rules::Checker;
use recordlint_core::{Profile, Report, Validator};
use std::collections::BTreeMap;

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(common::repo_path("tests/cross-file").join(name)).unwrap()
}

fn check(
    name: &str,
    index: Option<recordlint_core::CrossRecordIndex>,
) -> (Report, recordlint_core::CrossRecordIndex) {
    let mut v = Validator::with_today(Profile::default(), today());
    if let Some(index) = index {
        v.set_index(index);
    }
    v.set_source(name);
    for chunk in read(name).chunks(5) {
        v.feed(chunk);
    }
    let (report, index) = v.finish_with_index();
    (report, index.expect("the default profile runs the cross-record rules"))
}

fn rule_counts<'a>(reports: impl IntoIterator<Item = &'a Report>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for r in reports {
        for f in &r.findings {
            *counts.entry(f.rule).or_default() += 1;
        }
    }
    counts
}

#[test]
fn merging_two_indexes_finds_what_one_run_finds() {
    let (_, index_a) = check("clinic-a.csv", None);
    let (one_run, _) = check("clinic-b.csv", Some(index_a));

    let (_, index_a) = check("clinic-a.csv", None);
    let (b_alone, index_b) = check("clinic-b.csv", None);
    let mut checker = Checker::new(&Profile::default(), today(), recordlint_core::Tables::builtin());
    checker.set_index(index_a);
    checker.merge_index(index_b);
    let merged = checker.into_report();

    let rules: Vec<_> = merged.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["X401", "D206", "X405"], "{:#?}", merged.findings);
    assert!(
        merged.findings[0].message.contains("1980-02-01 at row 2 of clinic-a.csv"),
        "{}",
        merged.findings[0]
    );
    assert_eq!(rule_counts([&b_alone, &merged]), rule_counts([&one_run]));
}

#[test]
fn merge_is_deterministic() {
    let run = || {
        let (_, a) = check("clinic-a.csv", None);
        let (_, b) = check("clinic-b.csv", None);
        let mut checker = Checker::new(&Profile::default(), today(), recordlint_core::Tables::builtin());
        checker.set_index(a);
        checker.merge_index(b);
        checker.into_report()
    };
    let first = run();
    for _ in 0..5 {
        assert_eq!(run(), first);
    }
}

#[test]
fn many_mrns_with_one_name_and_birth_date_give_one_finding_each() {
    let mut csv = String::from("mrn,patient_name,birth_date,sex\n");
    for i in 0..8_000 {
        csv.push_str(&format!("M{i:04},\"Smith, John\",1980-02-01,M\n"));
    }
    let mut v = Validator::with_today(Profile::default(), today());
    v.feed(csv.as_bytes());
    let report = v.finish();
    let found: Vec<_> = report.findings.iter().filter(|f| f.rule == "X404").collect();
    assert_eq!(found.len(), 7_999, "one per MRN after the first");
    assert!(found.iter().all(|f| f.message.contains("is probably MRN M0000 ")), "{}", found[5]);
    assert!(found[0].message.ends_with("same birth date"), "{}", found[0]);
    assert!(found[1].message.ends_with("(1 other MRN matches too)"), "{}", found[1]);
    assert!(found[7_998].message.ends_with("(7998 other MRNs match too)"), "{}", found[7_998]);
}
