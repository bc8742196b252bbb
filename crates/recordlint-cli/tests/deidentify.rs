//! `recordlint deidentify`: the copy and the report in the output folder, and the key only when
//! `--key` asks for it, written entry by entry as JSON with every token and its identifier.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder of this test's own under the system's temporary folder.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recordlint-deid-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CSV: &str = "mrn,last_name,first_name,dob,clinical_notes\n\
4471902,Nguyen,Maria,1962-03-14,\"Nguyen seen; SSN 123-45-6789\"\n\
4471902,Nguyen,Maria,1962-03-14,stable\n";

fn run(dir: &Path, key: bool) -> String {
    let input = dir.join("visits.csv");
    std::fs::write(&input, CSV).unwrap();
    let out = dir.join("out");
    let mut args =
        vec!["deidentify".into(), input.display().to_string(), "--out".into(), out.display().to_string()];
    if key {
        args.extend(["--key".into(), dir.join("key.json").display().to_string()]);
    }
    let status = Command::new(env!("CARGO_BIN_EXE_recordlint")).args(&args).output().unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    std::fs::read_to_string(out.join("visits.csv")).unwrap()
}

#[test]
fn the_key_is_written_only_when_asked_and_maps_each_token_back() {
    let dir = folder("nokey");
    let copy = run(&dir, false);
    for value in ["4471902", "Nguyen", "Maria", "1962-03-14", "123-45-6789"] {
        assert!(!copy.contains(value), "{value} in {copy}");
    }
    assert!(!dir.join("key.json").exists());
    assert!(dir.join("out/deidentify-report.json").exists());

    let dir = folder("key");
    let copy = run(&dir, true);
    let key: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("key.json")).unwrap()).unwrap();
    assert!(key["warning"].as_str().unwrap().contains("164.514(c)"));
    let tokens = key["tokens"].as_array().unwrap();
    let mrn = tokens.iter().find(|t| t["value"] == "4471902").expect("the MRN in the key");
    let token = mrn["token"].as_str().unwrap();
    // The same MRN on both rows: one token, in both.
    assert_eq!(copy.matches(token).count(), 2, "{copy}");
    assert_eq!(tokens.iter().filter(|t| t["value"] == "4471902").count(), 1);
    let _ = std::fs::remove_dir_all(dir);
}
