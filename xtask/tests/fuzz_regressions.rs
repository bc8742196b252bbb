//! Replays the committed fuzz corpus: every file under tests/fuzz-corpus/<target>/ (the corpus
//! minimised with `cargo fuzz cmin`, plus every crash found, named `crash-*`) goes through exactly
//! the code its libFuzzer target runs (fuzz/harness.rs). A panic here is a regression.

#[path = "../../fuzz/harness.rs"]
mod harness;

/// Runs `target` on every file of its corpus directory; fails when the directory is missing or
/// empty, so a lost corpus cannot pass silently.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = xtask::repo_root().join("tests/fuzz-corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no corpus", dir.display());
    for path in files {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "fuzz target {target} panics on {}", path.display());
    }
}

#[test]
fn csv_corpus() {
    replay("csv", harness::csv);
}

#[test]
fn fhir_corpus() {
    replay("fhir", harness::fhir);
}

#[test]
fn hl7v2_corpus() {
    replay("hl7v2", harness::hl7v2);
}

#[test]
fn profile_corpus() {
    replay("profile", harness::profile);
}

#[test]
fn exercise_pack_corpus() {
    replay("exercise_pack", harness::exercise_pack);
}

#[test]
fn chunks_corpus() {
    replay("chunks", harness::chunks);
}
