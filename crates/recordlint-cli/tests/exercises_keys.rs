//! `recordlint exercises lint` names an unknown key of a pack with the key it probably meant.

mod common;

use std::process::Command;

#[test]
fn lint_names_a_misspelt_key_with_a_suggestion() {
    let text = std::fs::read_to_string(common::repo_path("exercises/coding-icd10cm.json")).unwrap();
    let mut pack: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = pack["exercises"][0].as_object_mut().unwrap();
    let hints = first.remove("hints").unwrap();
    first.insert("hint".into(), hints);
    let id = first["id"].as_str().unwrap().to_string();
    pack["licence2"] = pack["licence"].clone();
    let dir = std::env::temp_dir().join(format!("recordlint-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (header, exercise) = (dir.join("header.json"), dir.join("exercise.json"));
    std::fs::write(&header, pack.to_string()).unwrap();
    pack.as_object_mut().unwrap().remove("licence2");
    std::fs::write(&exercise, pack.to_string()).unwrap();

    let lint = |path: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_recordlint"))
            .args(["exercises", "lint"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = lint(&exercise);
    assert!(text.contains(&format!("exercise {id}: unknown key `hint` — did you mean `hints`?")), "{text}");
    let text = lint(&header);
    assert!(text.contains("unknown key `licence2` — did you mean `licence`?"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
