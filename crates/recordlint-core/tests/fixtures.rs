//! Fixture tests: every `tests/fixtures/<format>/<name>.<ext>` is validated with the profile in
//! `<name>.profile.json` (default profile when absent) and "today" fixed at 2026-11-22; the
//! findings, one per line as `recordlint check` prints them, must equal `<name>.expected`.
//! Set `RECORDLINT_BLESS=1` to write the `.expected` files from the current output.

mod common;
use common::{assert_goldens, fixtures, profile_for};
use recordlint_core::validate;
use std::fs;
use std::path::{Path, PathBuf};

fn expected_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().unwrap().to_string_lossy();
    input.with_file_name(format!("{stem}.expected"))
}

fn run(input: &Path) -> String {
    let bytes = fs::read(input).unwrap();
    let report = validate(&bytes, profile_for(input), jiff::civil::date(2026, 11, 22));
    report.findings.iter().map(|f| format!("{f}\n")).collect()
}

#[test]
fn fixtures_match_expected_findings() {
    assert_goldens(&fixtures(), expected_path, run);
}

#[test]
fn chunking_never_changes_the_result() {
    for input in fixtures() {
        let bytes = fs::read(&input).unwrap();
        let whole = validate(&bytes, profile_for(&input), jiff::civil::date(2026, 11, 22));
        for size in [1, 2, 3, 7, 64] {
            let mut v =
                recordlint_core::Validator::with_today(profile_for(&input), jiff::civil::date(2026, 11, 22));
            for chunk in bytes.chunks(size) {
                v.feed(chunk);
            }
            assert_eq!(v.finish(), whole, "{} fed in chunks of {size}", input.display());
        }
    }
}
