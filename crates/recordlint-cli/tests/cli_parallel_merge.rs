//! `recordlint check` of one large CSV on several cores, its cross-record checks merged in MRN
//! partitions on the rayon pool (the last file of a run hands no index on), prints exactly what
//! one core prints, whatever the partitions.

use recordlint_core::synth::{generate, Kind};
use std::process::Command;

fn check(file: &std::path::Path, threads: &str, partitions: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .arg("check")
        .arg(file)
        .args(["--format", "json"])
        .env("RAYON_NUM_THREADS", threads)
        .env("RECORDLINT_PIECE_BYTES", "8192")
        .env("RECORDLINT_PARTITIONS", partitions)
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

#[test]
fn a_large_csv_merged_in_partitions_prints_what_one_core_prints() {
    let dir = std::env::temp_dir().join(format!("recordlint-parallel-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("large.csv");
    std::fs::write(&file, generate(Kind::Csv, 20_000, 7)).unwrap();
    let (one, status) = check(&file, "1", "1");
    for rule in ["X401", "X402", "X404"] {
        assert!(one.contains(rule), "{rule} among the findings");
    }
    for (threads, partitions) in [("2", "1"), ("2", "2"), ("3", "5")] {
        let (many, many_status) = check(&file, threads, partitions);
        assert_eq!(many_status, status);
        assert!(many == one, "{threads} threads, {partitions} partitions");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
