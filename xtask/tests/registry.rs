//! The rule registry against what is written about it: the README's rule table is generated from
//! it (`RECORDLINT_BLESS=1 cargo test -p xtask --test registry` rewrites the table), and every rule is
//! found by some fixture (`tests/fixtures/**/*.expected`, `tests/corpus/**/*.expected`).

use recordlint_core::rules::{self, Family};
use std::fs;
use std::path::{Path, PathBuf};

const TABLE_START: &str = "## What it checks (";
const TABLE_END: &str = "<!-- end of the generated rule table -->";

/// The "What it checks" heading and table, from the registry: one row per family, its rules by id.
fn rule_table() -> String {
    let mut out = format!("{TABLE_START}{} rules)\n\n", rules::ALL.len());
    out.push_str(
        "<!-- Generated from the rule registry (crates/recordlint-core/src/rules/mod.rs) by \
         xtask/tests/registry.rs: `RECORDLINT_BLESS=1 cargo test -p xtask --test registry` rewrites it. -->\n",
    );
    out.push_str("| family | rules |\n|---|---|\n");
    for family in Family::ALL {
        let mut members: Vec<_> = rules::ALL.iter().filter(|r| r.family == family).collect();
        members.sort_by_key(|r| r.id);
        let listed: Vec<String> = members
            .iter()
            .map(|r| {
                let opt_in = if r.enabled_by_default { "" } else { " (opt-in)" };
                format!("{} {}{opt_in}", r.id, r.name)
            })
            .collect();
        out.push_str(&format!("| {} | {} |\n", family.name(), listed.join(", ")));
    }
    out.push_str(TABLE_END);
    out
}

#[test]
fn the_readme_rule_table_is_the_registry() {
    let path = xtask::repo_root().join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    let start = readme.find(TABLE_START).expect("README has a \"What it checks\" section");
    let end = readme[start..]
        .find(TABLE_END)
        .map(|i| start + i + TABLE_END.len())
        .unwrap_or_else(|| panic!("README: the rule table ends with {TABLE_END}"));
    let table = rule_table();
    if std::env::var_os("RECORDLINT_BLESS").is_some() {
        fs::write(&path, format!("{}{table}{}", &readme[..start], &readme[end..])).unwrap();
        return;
    }
    assert!(
        readme[start..end] == table,
        "README.md's rule table is not the registry's; `RECORDLINT_BLESS=1 cargo test -p xtask --test registry` \
         rewrites it.\n--- README\n{}\n--- registry\n{table}",
        &readme[start..end]
    );
}

fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            expected_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "expected") {
            out.push(path);
        }
    }
}

#[test]
fn every_rule_is_found_by_some_fixture() {
    let root = xtask::repo_root();
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/corpus"] {
        expected_files(&root.join(dir), &mut files);
    }
    assert!(!files.is_empty());
    let mut found = std::collections::HashSet::new();
    for file in &files {
        for line in fs::read_to_string(file).unwrap().lines() {
            if let Some(id) = line.split_whitespace().next() {
                found.insert(id.to_owned());
            }
        }
    }
    let missing: Vec<&str> = rules::ALL.iter().map(|r| r.id).filter(|id| !found.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "no fixture's expected findings have {missing:?}: add a fixture with hits and near misses to tests/fixtures/"
    );
}
