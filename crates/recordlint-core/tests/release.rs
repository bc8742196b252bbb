//! Loading a newer ICD-10-CM release (order file): the set of tables it makes changes validity and
//! descriptions from its effective date on, and not before; the set it was loaded over is unchanged.

mod common;

use recordlint_core::codes::lookup::{lookup, Verdict};
use recordlint_core::codes::release;
use recordlint_core::{Profile, Tables, Validator};
use std::sync::Arc;

fn verdict(tables: &Tables, code: &str, date: (i16, i8, i8)) -> Verdict {
    lookup(tables, code, Some(jiff::civil::date(date.0, date.1, date.2))).remove(0).verdict
}

fn validate(tables: &Arc<Tables>, csv: &str) -> Vec<String> {
    let mut v =
        Validator::with_tables(Profile::default(), jiff::civil::date(2027, 12, 1), Arc::clone(tables));
    v.feed(csv.as_bytes());
    v.finish().findings.iter().map(|f| f.to_string()).collect()
}

#[test]
fn an_order_file_release_applies_from_its_effective_date() {
    let text = &std::fs::read_to_string(common::repo_path("tests/data/icd10cm_order_2028.txt")).unwrap();
    let entries = release::parse(text).expect("order file");
    assert_eq!(entries.len(), 9);
    let builtin = Tables::builtin();
    assert_ne!(verdict(&builtin, "D69.13", (2027, 10, 2)), Verdict::Valid, "not a code before loading");

    let from = release::effective_date(&builtin, "icd10cm_order_2028.txt");
    assert_eq!(from, jiff::civil::date(2027, 10, 1));
    let (loaded, summary) = release::activate(&builtin, &entries, from).expect("activates");
    let loaded = Arc::new(loaded);
    assert_eq!((summary.codes, summary.billable, summary.new_codes), (9, 5, 1));
    assert!(summary.ended_codes > 70_000, "codes the small file does not list end: {summary:?}");

    assert_eq!(verdict(&loaded, "D69.13", (2027, 10, 2)), Verdict::Valid);
    assert_eq!(
        verdict(&loaded, "D69.13", (2026, 3, 1)),
        Verdict::OtherDates,
        "the release does not reach back"
    );
    assert_eq!(verdict(&loaded, "E11.9", (2027, 10, 2)), Verdict::Valid);
    assert_eq!(
        verdict(&loaded, "I10", (2027, 10, 2)),
        Verdict::OtherDates,
        "not listed by the newer release"
    );
    assert_eq!(verdict(&loaded, "I10", (2026, 3, 1)), Verdict::Valid, "bundled tables still apply before");
    assert_eq!(verdict(&loaded, "E11", (2027, 10, 2)), Verdict::Heading);
    let d = lookup(&loaded, "D6913", None).remove(0);
    assert_eq!(
        d.description.as_deref(),
        Some("Acquired platelet function defect (a fictional FY2028 code for tests)")
    );

    let csv = "mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx\n\
               1,\"Doe, Jane\",1970-01-01,F,2027-10-02,2027-10-05,D69.13\n\
               2,\"Roe, Ann\",1971-01-01,F,2027-10-02,2027-10-05,I10\n";
    let lines = validate(&loaded, csv);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("K303 error row 3, principal_dx: I10 is valid"), "{lines:#?}");

    // The built-in set is as it was: a check given it knows nothing of the release.
    assert_ne!(verdict(&builtin, "D69.13", (2027, 10, 2)), Verdict::Valid);
    assert_eq!(verdict(&Tables::builtin(), "I10", (2027, 10, 2)), Verdict::Valid);
    let lines = validate(&builtin, csv);
    assert!(lines.iter().any(|l| l.contains("D69.13")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("I10 is valid")), "{lines:#?}");
}
