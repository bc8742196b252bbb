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

use recordlint::{validate, Profile, Report, Severity};
use std::fs;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every input under `tests/corpus/<set>/` (not the `.expected` and `.md` files).
fn corpus_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in fs::read_dir(corpus_root()).expect("tests/corpus exists") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_file()
                && !name.ends_with(".expected")
                && !name.ends_with(".md")
                && !name.starts_with('.')
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
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
    let bless = std::env::var_os("RECORDLINT_BLESS").is_some();
    let inputs = corpus_files();
    assert!(!inputs.is_empty(), "no corpus files found");
    let mut failures = Vec::new();
    for input in &inputs {
        let actual: String = check(input).findings.iter().map(|f| format!("{f}\n")).collect();
        let expected_file = expected_path(input);
        if bless {
            fs::write(&expected_file, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{} has no {}", input.display(), expected_file.display()));
        if actual != expected {
            failures.push(format!("{}\n--- expected\n{expected}--- actual\n{actual}", relative(input)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut inputs = corpus_files();
    for dir in fs::read_dir(&fixtures).unwrap().map(|d| d.unwrap().path()).filter(|d| d.is_dir()) {
        for file in fs::read_dir(&dir).unwrap().map(|f| f.unwrap().path()) {
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".expected") && !name.ends_with(".profile.json") {
                inputs.push(file);
            }
        }
    }
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
