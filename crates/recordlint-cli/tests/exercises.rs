//! `recordlint exercises lint|stats` prints located problems with the documented exit codes.

mod common;

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .current_dir(common::repo_path(""))
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn cli_lint_and_stats() {
    let (code, out) = cli(&["exercises", "lint", "tests/data/example-pack.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 pack(s), 11 exercise(s): 0 problem(s)"), "{out}");

    let dir = std::env::temp_dir().join(format!("recordlint-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(common::repo_path("tests/data/example-pack.json")).unwrap();
    let bad = text
        .replace("\"value\": 85.3", "\"value\": 85.2")
        .replace("\"id\": \"example-pack\"", "\"id\": \"bad\"");
    let path = dir.join("bad.json");
    std::fs::write(&path, bad).unwrap();
    let (code, out) = cli(&["exercises", "lint", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("bad.json: exercise example-statistics: answer 85.2 but the data give 85.3"),
        "{out}"
    );

    let (code, _) = cli(&["exercises", "lint", dir.join("absent.json").to_str().unwrap()]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&dir).ok();

    let (code, out) = cli(&["exercises", "stats", "tests/data/example-pack.json"]);
    assert_eq!(code, 0);
    assert!(out.contains("11 exercise(s) in 1 pack(s)") && out.contains("data-content"), "{out}");
}
