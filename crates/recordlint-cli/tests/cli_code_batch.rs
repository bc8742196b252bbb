//! `recordlint code` on batches: codes from standard input or a file, one answer line each, in
//! order, as they are read.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

fn recordlint(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&bytes));
    let out = child.wait_with_output().expect("it ends");
    let _ = writer.join();
    out
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

/// A deterministic mix: valid codes of every system, headings, unknown codes, bad check digits
/// and text that is no code.
fn batch(n: usize) -> Vec<String> {
    const CODES: &[&str] = &[
        "E11.9",
        "E11",
        "e1165",
        "S52.501",
        "Z00.00",
        "0016070",
        "0016O70",
        "99213",
        "G0008",
        "1234567893",
        "1234567890",
        "2345-7",
        "2345-8",
        "22298006",
        "00002-1433-80",
        "E11.99",
        "XYZ",
        "R69",
        "D69.1",
    ];
    let mut seed = 7u64;
    (0..n)
        .map(|i| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            if i % 5 == 4 {
                // Random letters and digits, 3 to 8 of them.
                let len = 3 + (seed >> 60) as usize % 6;
                (0..len)
                    .map(|k| b"ABCDEFGHJKLMNPQRSTVWXYZ0123456789"[(seed >> (k * 5)) as usize % 33] as char)
                    .collect()
            } else {
                CODES[(seed >> 33) as usize % CODES.len()].to_string()
            }
        })
        .collect()
}

#[test]
fn piped_codes_get_one_json_object_a_line_in_order_with_their_line_numbers() {
    let input = "# my codes\nE11.9\n\n  99213  \n#E11\nD69.1\r\n";
    for args in [
        &["code", "--format", "json", "--date", "2026-03-04"][..],
        &["code", "-", "--format", "json", "--date", "2026-03-04"],
    ] {
        let out = recordlint(args, input.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let answers: Vec<serde_json::Value> =
            lines(&out).iter().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
        let got: Vec<_> =
            answers.iter().map(|a| (a["input"].as_str().unwrap(), a["line"].as_u64().unwrap())).collect();
        assert_eq!(got, [("E11.9", 2), ("99213", 4), ("D69.1", 6)]);
        assert_eq!(answers[0]["answers"][0]["code"], "E11.9");
        assert_eq!(answers[1]["answers"][0]["system"], "cpt");
    }
}

#[test]
fn a_file_of_codes_gives_one_text_line_per_code() {
    let dir = std::env::temp_dir().join(format!("recordlint-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("codes.txt");
    std::fs::write(&file, "E11.9\nE11\n1234567890\n").unwrap();
    let out = recordlint(&["code", "--from", file.to_str().unwrap(), "--date", "2026-03-04"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = lines(&out);
    assert_eq!(text.len(), 3, "{text:?}");
    assert_eq!(
        text[0],
        "E11.9\tE11.9 is a valid ICD-10-CM code on 2026-03-04 — Type 2 diabetes mellitus without complications"
    );
    assert!(text[1].starts_with("E11\tE11 is a category, not a billable code"), "{}", text[1]);
    assert!(text[2].starts_with("1234567890\t") && text[2].contains("NPI"), "{}", text[2]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_mistakes_are_named_with_their_place() {
    let long = format!("E11.9\n{}\n", "A".repeat(5000));
    let out = recordlint(&["code", "-"], long.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard input: line 2: longer than 4096 bytes"), "{err}");
    assert_eq!(lines(&out).len(), 1, "the code before it is answered");

    let out = recordlint(&["code", "--from", "no-such-codes.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from no-such-codes.txt"));
    assert_eq!(recordlint(&["code", "E11", "--from", "x.txt"], b"").status.code(), Some(2));
    assert_eq!(recordlint(&["code", "-", "E11"], b"").status.code(), Some(2));
    // Bytes that are not UTF-8 are a text that is no code, not a failure.
    let out = recordlint(&["code", "-", "--format", "json"], b"E1\xff1\nI10\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out).len(), 2);
}

/// Answers come while codes are still being read: the first code's answer is out before the
/// input ends (the batch is never held in memory).
#[test]
fn answers_stream_while_the_input_is_open() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .args(["code", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let codes = batch(3000).join("\n") + "\n";
    // More answers than the output buffer holds, so some must be written before the input ends.
    input.write_all(codes.as_bytes()).unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"input\":"), "{first}");
    drop(input);
    child.wait().unwrap();
}

/// A large batch in one process: every code answered once, in order, the answers read as they
/// come. `RECORDLINT_CODES` sets the count (`RECORDLINT_CODES=1000000 cargo test --release -p
/// recordlint --test cli_code_batch`); docs/BENCHMARKS.md has the time and memory for 1,000,000.
#[test]
fn a_large_batch_is_answered_code_for_code() {
    let n = std::env::var("RECORDLINT_CODES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let codes = batch(n);
    let mut child = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .args(["code", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = std::io::BufWriter::new(child.stdin.take().unwrap());
    let sent = codes.clone();
    let writer = std::thread::spawn(move || {
        for code in sent {
            writeln!(input, "{code}").unwrap();
        }
    });
    let mut count = 0;
    for (i, line) in BufReader::new(child.stdout.take().unwrap()).lines().enumerate() {
        let answer: serde_json::Value = serde_json::from_str(&line.unwrap()).expect("a JSON line");
        assert_eq!(answer["input"].as_str(), Some(codes[i].as_str()), "line {}", i + 1);
        assert_eq!(answer["line"].as_u64(), Some(i as u64 + 1));
        assert!(!answer["answers"].as_array().unwrap().is_empty());
        count += 1;
    }
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(count, n);
}
