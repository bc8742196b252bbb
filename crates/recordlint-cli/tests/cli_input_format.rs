//! `recordlint check` sniffs the format by content and accepts `--input-format` to override it.

mod common;

use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint")).arg("check").args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn fixture(path: &str) -> String {
    common::repo_path("tests/fixtures").join(path).display().to_string()
}

#[test]
fn sniffs_fhir_and_hl7_by_content() {
    let (code, out) =
        check(&["--format", "json", &fixture("hl7v2/batch.hl7"), &fixture("fhir/bulk-export.ndjson")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\"format\": \"hl7v2\"") && out.contains("\"format\": \"fhir\""), "{out}");
    assert!(out.contains("\"path\": \"PV1-45.1\""), "{out}");
}

#[test]
fn input_format_overrides_sniffing() {
    let (code, out) = check(&["--input-format", "hl7v2", &fixture("csv/dates.csv")]);
    assert_eq!(code, 1);
    assert!(out.contains("H101 error line 1"), "{out}");
    let (code, out) = check(&["--input-format", "xml", &fixture("csv/dates.csv")]);
    assert_eq!(code, 2);
    assert!(out.contains("--input-format must be csv, fhir or hl7v2"), "{out}");
}
