//! `recordlint check` on all cores (files at once, large files in pieces, their cross-record
//! checks merged in MRN partitions) prints exactly what the single-threaded run prints, for every
//! format, with cross-record findings between files and between pieces.

use recordlint_core::synth::{generate, Kind};
use std::process::Command;

fn check(files: &[std::path::PathBuf], threads: &str, piece_bytes: &str, format: &str) -> (String, i32) {
    check_with(files, format, &[("RAYON_NUM_THREADS", threads), ("RECORDLINT_PIECE_BYTES", piece_bytes)])
}

/// The output and exit status of `recordlint check FILES --format FORMAT` with `env` set.
fn check_with(files: &[std::path::PathBuf], format: &str, env: &[(&str, &str)]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .arg("check")
        .args(files)
        .args(["--format", format])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

#[test]
fn all_cores_print_what_one_core_prints() {
    let dir = std::env::temp_dir().join(format!("recordlint-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (kind, ext, records, seed) in [
        (Kind::Csv, "csv", 3000, 1),
        (Kind::Hl7, "hl7", 500, 2),
        (Kind::Ndjson, "ndjson", 100, 3),
        (Kind::Csv, "csv", 200, 1),
        (Kind::Bundle, "json", 50, 4),
    ] {
        let path = dir.join(format!("{}-{seed}.{ext}", files.len()));
        std::fs::write(&path, generate(kind, records, seed)).unwrap();
        files.push(path);
    }
    for format in ["text", "json"] {
        let (one, status) = check(&files, "1", "4096", format);
        assert!(one.contains("X401") || one.contains("mrn-birth-date-conflict"), "{one}");
        assert!(one.contains(" of "), "cross-file findings name the other file");
        for (threads, piece) in [("2", "4096"), ("3", "20000"), ("4", "100000000")] {
            let (many, many_status) = check(&files, threads, piece, format);
            assert_eq!(many_status, status);
            assert!(many == one, "{threads} threads, pieces of {piece} bytes, --format {format}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// One large CSV (the last file of a run hands no index on, so its pieces are merged in MRN
/// partitions on the rayon pool) prints what one core prints, whatever the partitions.
#[test]
fn a_large_csv_merged_in_partitions_prints_what_one_core_prints() {
    let dir = std::env::temp_dir().join(format!("recordlint-parallel-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("large.csv");
    std::fs::write(&file, generate(Kind::Csv, 20_000, 7)).unwrap();
    let files = [file];
    let check = |threads, partitions| {
        let env = [
            ("RAYON_NUM_THREADS", threads),
            ("RECORDLINT_PIECE_BYTES", "8192"),
            ("RECORDLINT_PARTITIONS", partitions),
        ];
        check_with(&files, "json", &env)
    };
    let (one, status) = check("1", "1");
    for rule in ["X401", "X402", "X404"] {
        assert!(one.contains(rule), "{rule} among the findings");
    }
    for (threads, partitions) in [("2", "1"), ("2", "2"), ("3", "5")] {
        let (many, many_status) = check(threads, partitions);
        assert_eq!(many_status, status);
        assert!(many == one, "{threads} threads, {partitions} partitions");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
