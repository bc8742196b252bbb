//! Real-world corpus tests: every file under `tests/corpus/<set>/` (public files nobody on the
//! team wrote, fetched from package registries; see `tests/corpus/PROVENANCE.md`) is validated
//! with the default profile and "today" fixed at 2026-11-22, exactly as `tests/fixtures.rs` does.
//! The findings, one per line as `recordlint check` prints them, must equal `<file>.expected`
//! (the whole file name plus `.expected`, since names differ only by extension in places).
//! Set `RECORDLINT_BLESS=1` to write the `.expected` files from the current output.
//!
//! The `.expected` files record what the engine says today, false alarms included: they guard
//! against unnoticed change, they are not a statement that the findings are right. What is known
//! to be right is in `tests/corpus/valid.txt`: files known to be valid (official examples), which
//! must yield no finding of severity error.

mod common;

use recordlint_core::{validate, Profile, Report, Severity};
use std::fs;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    common::repo_path("tests/corpus")
}

/// Every input under `tests/corpus/<set>/` (not the `.expected` and `.md` files).
fn corpus_files() -> Vec<PathBuf> {
    common::inputs_under(&corpus_root(), &[".expected", ".md"])
}

fn expected_path(input: &Path) -> PathBuf {
    let name = input.file_name().unwrap().to_string_lossy();
    input.with_file_name(format!("{name}.expected"))
}

fn check(input: &Path) -> Report {
    let bytes = fs::read(input).unwrap();
    validate(&bytes, Profile::default(), jiff::civil::date(2026, 11, 22))
}

fn relative(input: &Path) -> String {
    input.strip_prefix(corpus_root()).unwrap_or(input).display().to_string()
}

#[test]
fn corpus_matches_expected_findings() {
    let findings = |input: &Path| check(input).findings.iter().map(|f| format!("{f}\n")).collect();
    common::assert_goldens(&corpus_files(), expected_path, findings);
}

/// The entries of `tests/corpus/valid.txt`: paths relative to `tests/corpus/`, one a line;
/// blank lines and `#` comments are skipped.
fn known_valid() -> Vec<PathBuf> {
    let list = fs::read_to_string(corpus_root().join("valid.txt")).expect("tests/corpus/valid.txt");
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| corpus_root().join(line))
        .collect()
}

#[test]
fn valid_list_names_corpus_files() {
    let files = corpus_files();
    for path in known_valid() {
        assert!(files.contains(&path), "valid.txt names {}, which is not a corpus file", path.display());
    }
}

#[test]
fn known_valid_files_have_no_error() {
    let mut failures = Vec::new();
    for input in known_valid() {
        for finding in check(&input).findings.iter().filter(|f| f.severity == Severity::Error) {
            failures.push(format!("{}: {finding}", relative(&input)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} error findings in files known to be valid:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// No rule reports the same place and value twice (the message stands for the value of a finding
/// that has none), in the corpus and in the fixtures.
#[test]
fn each_fact_is_reported_once() {
    let mut inputs = corpus_files();
    inputs.extend(common::fixtures());
    let mut repeats = Vec::new();
    for input in &inputs {
        let mut seen = std::collections::HashSet::new();
        for f in &check(input).findings {
            let fact = (f.rule, f.location.to_string(), f.value.clone().unwrap_or_else(|| f.message.clone()));
            if !seen.insert(fact) {
                repeats.push(format!("{}: {f}", input.display()));
            }
        }
    }
    assert!(repeats.is_empty(), "facts reported twice:\n{}", repeats.join("\n"));
}
