//! `recordlint check` on all cores (files at once, large files in pieces) prints exactly what
//! the single-threaded run prints, for every format, with cross-record findings between files
//! and between pieces.

use recordlint_core::synth::{generate, Kind};
use std::process::Command;

fn check(files: &[std::path::PathBuf], threads: &str, piece_bytes: &str, format: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .arg("check")
        .args(files)
        .args(["--format", format])
        .env("RAYON_NUM_THREADS", threads)
        .env("RECORDLINT_PIECE_BYTES", piece_bytes)
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
