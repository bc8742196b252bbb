//! Loading a newer ICD-10-CM release (order file) for a session: validity and descriptions change
//! from its effective date on, and not before. (Its own test binary: the release is global.)

mod common;

use recordlint_core::codes::lookup::{lookup, Verdict};
use recordlint_core::codes::release;
use recordlint_core::{validate, Profile};

fn verdict(code: &str, date: (i16, i8, i8)) -> Verdict {
    lookup(code, Some(jiff::civil::date(date.0, date.1, date.2))).remove(0).verdict
}

#[test]
fn an_order_file_release_applies_from_its_effective_date() {
    let text = &std::fs::read_to_string(common::repo_path("tests/data/icd10cm_order_2028.txt")).unwrap();
    let entries = release::parse(text).expect("order file");
    assert_eq!(entries.len(), 9);
    assert_ne!(verdict("D69.13", (2027, 10, 2)), Verdict::Valid, "not a code before loading");

    let from = release::effective_date("icd10cm_order_2028.txt");
    assert_eq!(from, jiff::civil::date(2027, 10, 1));
    let summary = release::activate(&entries, from).expect("activates");
    assert_eq!((summary.codes, summary.billable, summary.new_codes), (9, 5, 1));
    assert!(summary.ended_codes > 70_000, "codes the small file does not list end: {summary:?}");

    assert_eq!(verdict("D69.13", (2027, 10, 2)), Verdict::Valid);
    assert_eq!(verdict("D69.13", (2026, 3, 1)), Verdict::OtherDates, "the release does not reach back");
    assert_eq!(verdict("E11.9", (2027, 10, 2)), Verdict::Valid);
    assert_eq!(verdict("I10", (2027, 10, 2)), Verdict::OtherDates, "not listed by the newer release");
    assert_eq!(verdict("I10", (2026, 3, 1)), Verdict::Valid, "bundled tables still apply before");
    assert_eq!(verdict("E11", (2027, 10, 2)), Verdict::Heading);
    let d = lookup("D6913", None).remove(0);
    assert_eq!(
        d.description.as_deref(),
        Some("Acquired platelet function defect (a fictional FY2028 code for tests)")
    );

    let csv = "mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx\n\
               1,\"Doe, Jane\",1970-01-01,F,2027-10-02,2027-10-05,D69.13\n\
               2,\"Roe, Ann\",1971-01-01,F,2027-10-02,2027-10-05,I10\n";
    let report = validate(csv.as_bytes(), Profile::default(), jiff::civil::date(2027, 12, 1));
    let lines: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("K303 error row 3, principal_dx: I10 is valid"), "{lines:#?}");
}
