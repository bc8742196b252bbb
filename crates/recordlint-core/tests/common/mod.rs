//! Helpers shared by the fixture tests: the fixture inputs, the profile each is checked with, and
//! the comparison with expected findings. Each test crate uses its part of them.
#![allow(dead_code)]

use recordlint_core::Profile;
use std::fs;
use std::path::{Path, PathBuf};

/// `rel`, a path from the repository's root (where the shared test data lives: `tests/fixtures`,
/// `tests/corpus`…).
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

/// Every file under `<root>/<dir>/` whose name ends in none of `skip` (hidden files left out),
/// sorted.
pub fn inputs_under(root: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in fs::read_dir(root).unwrap_or_else(|_| panic!("{} exists", root.display())) {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_file() && !name.starts_with('.') && !skip.iter().any(|s| name.ends_with(s)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every input under `tests/fixtures/<dir>/` (not the `.expected` and `.profile.json` files).
pub fn fixtures() -> Vec<PathBuf> {
    inputs_under(&repo_path("tests/fixtures"), &[".expected", ".profile.json"])
}

/// Compares what `actual` gives for each input with the file `expected` names (one finding a
/// line); `RECORDLINT_BLESS=1` writes the files instead. Panics with every difference.
pub fn assert_goldens(
    inputs: &[PathBuf],
    expected: impl Fn(&Path) -> PathBuf,
    actual: impl Fn(&Path) -> String,
) {
    assert!(!inputs.is_empty(), "no inputs found");
    let bless = std::env::var_os("RECORDLINT_BLESS").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let actual = actual(input);
        let expected_file = expected(input);
        if bless {
            fs::write(&expected_file, &actual).unwrap();
            continue;
        }
        let want = fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{} has no {}", input.display(), expected_file.display()));
        if actual != want {
            failures.push(format!("{}\n--- expected\n{want}--- actual\n{actual}", input.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The profile `<name>.profile.json` beside `input`, or the default profile.
pub fn profile_for(input: &Path) -> Profile {
    let stem = input.file_stem().unwrap().to_string_lossy();
    let path = input.with_file_name(format!("{stem}.profile.json"));
    match fs::read_to_string(&path) {
        Ok(text) => Profile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        Err(_) => Profile::default(),
    }
}
