//! The GitHub workflows (`.github/workflows/`) call only make targets that `make test` runs, so CI
//! proves their steps; Pages deploys the folder `make build` writes and the release attaches the
//! zip `make dist` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// The Makefile's rules: target → the targets it needs (prerequisites and `$(MAKE) …` calls).
fn make_rules() -> BTreeMap<String, Vec<String>> {
    let text = fs::read_to_string(xtask::repo_root().join("Makefile")).unwrap();
    let mut rules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(recipe) = line.strip_prefix('\t') {
            if let (Some(target), Some(calls)) = (&current, recipe.trim().strip_prefix("$(MAKE) ")) {
                let deps = rules.get_mut(target).unwrap();
                deps.extend(calls.split_whitespace().filter(|w| !w.contains('=')).map(str::to_string));
            }
            continue;
        }
        current = None;
        let Some((target, deps)) = line.split_once(':') else { continue };
        if target.contains(' ') || target.contains('$') || target.starts_with('.') || deps.starts_with('=') {
            continue;
        }
        rules.insert(target.to_string(), deps.split_whitespace().map(str::to_string).collect());
        current = Some(target.to_string());
    }
    rules
}

/// Every target `make test` runs.
fn run_by_make_test() -> BTreeSet<String> {
    let rules = make_rules();
    let mut seen = BTreeSet::new();
    let mut todo = vec!["test".to_string()];
    while let Some(t) = todo.pop() {
        if seen.insert(t.clone()) {
            todo.extend(rules.get(&t).into_iter().flatten().cloned());
        }
    }
    seen
}

fn workflows() -> Vec<(String, String)> {
    let mut out: Vec<_> = fs::read_dir(xtask::repo_root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| (p.display().to_string(), fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn workflows_call_only_make_targets_that_make_test_runs() {
    let tested = run_by_make_test();
    assert!(tested.contains("dist") && tested.contains("build"), "make test runs make dist: {tested:?}");
    let mut calls = 0;
    for (path, text) in workflows() {
        for line in text.lines() {
            let Some(run) = line.trim().strip_prefix("run: ") else { continue };
            for target in run.split("make ").skip(1).filter_map(|rest| rest.split_whitespace().next()) {
                calls += 1;
                assert!(
                    tested.contains(target),
                    "{path} runs `make {target}`, which `make test` does not run"
                );
            }
        }
    }
    assert!(calls >= 2, "each workflow builds with make");
}

#[test]
fn pages_deploys_the_built_site_and_the_release_attaches_the_zip() {
    let all = workflows();
    let get = |name: &str| &all.iter().find(|(p, _)| p.ends_with(name)).unwrap_or_else(|| panic!("{name}")).1;
    let pages = get("pages.yml");
    assert!(pages.contains("run: make dist"));
    assert!(pages.contains("actions/upload-pages-artifact@") && pages.contains("path: dist/site"));
    assert!(pages.contains("actions/deploy-pages@"));
    let release = get("release.yml");
    assert!(release.contains("run: make dist"));
    assert!(release.contains("gh release upload \"$GITHUB_REF_NAME\" dist/recordlint-site-*.zip"));
    let makefile = fs::read_to_string(xtask::repo_root().join("Makefile")).unwrap();
    assert!(
        makefile.contains("SITE := dist/site")
            && makefile.contains("SITE_ZIP := dist/recordlint-site-$(VERSION).zip")
    );
}
