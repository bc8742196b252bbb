//! A reader that stops early (`recordlint generate csv | head`) ends the command quietly: no
//! panic, no error message, status 0.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .args(["generate", "csv", "--rows", "200000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("recordlint starts");
    let mut first = [0u8; 16];
    child.stdout.take().expect("stdout").read_exact(&mut first).expect("some output");
    // The read end is dropped here: the rest of the output (megabytes) meets a closed pipe.
    let output = child.wait_with_output().expect("recordlint ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.is_empty(), "nothing is said on a closed pipe: {stderr}");
    assert_eq!(output.status.code(), Some(0));
    assert!(first.starts_with(b"mrn,"));
}
