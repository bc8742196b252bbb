//! What each fuzz target does with one input, shared by the libFuzzer targets (fuzz/fuzz_targets/)
//! and the native regression test that replays the committed corpus (tests/fuzz_regressions.rs).
//! Every function must return normally for any input; a panic is a bug.
// Each fuzz target uses one of these functions; the regression test uses them all.
#![allow(dead_code)]

use recordlint_core::{Format, Profile, Report, Validator};
use recordlint_lab::Pack;

/// The fixed "today" of every run, so a crash reproduces on any day.
fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// A small CSV with one record of every field, validated under each fuzzed profile.
const SAMPLE_CSV: &[u8] =
    b"MRN,Patient Name,DOB,Sex,Admission Date,Discharge Date,DX1,DX2,PX1,Attending NPI\n\
1001,Doe^Jane,1970-02-03,F,2026-03-01,2026-03-04,E11.9;I10,O80,0DTJ4ZZ,1234567893\n";

/// Validates `data` as `format` in one piece and turns the report into the JSON the page gets.
pub fn validate_as(format: Format, data: &[u8]) -> Report {
    let mut validator = Validator::with_today(Profile::default(), today());
    validator.set_format(format);
    validator.feed(data);
    let report = validator.finish();
    assert_located(&report);
    serde_json::to_string(&report).expect("a report always serialises");
    report
}

/// Every finding says what is wrong.
fn assert_located(report: &Report) {
    for finding in &report.findings {
        assert!(!finding.message.trim().is_empty(), "finding {} has no message", finding.rule);
    }
}

/// CSV exports.
pub fn csv(data: &[u8]) {
    validate_as(Format::Csv, data);
}

/// FHIR R4 JSON: resources, Bundles, NDJSON.
pub fn fhir(data: &[u8]) {
    validate_as(Format::Fhir, data);
}

/// HL7 v2 messages.
pub fn hl7v2(data: &[u8]) {
    validate_as(Format::Hl7v2, data);
}

/// A profile as imported in the page: read it, and when it reads, validate a sample with it.
pub fn profile(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(profile) = Profile::from_json(&text) {
        let mut validator = Validator::with_today(profile, today());
        validator.feed(SAMPLE_CSV);
        assert_located(&validator.finish());
    }
}

/// An exercise pack as loaded in the page: read it and grade each exercise that reads against a
/// few answers (empty, null, and the exercise's own JSON as a wrong-shaped answer).
pub fn exercise_pack(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(pack) = Pack::from_json(&text) else { return };
    let answers = [serde_json::Value::Null, serde_json::json!({}), serde_json::json!([])];
    let own: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let tables = recordlint_core::Tables::builtin();
    for exercise in pack.exercises.iter().flatten() {
        for answer in answers.iter().chain(own.get("exercises")) {
            exercise.grade(&tables, answer);
        }
    }
}

/// Streaming: the first byte picks the format (or sniffing) and a chunk size of 1 to 64 bytes; the
/// rest is fed in chunks of that size. The findings must equal those of feeding it whole: a
/// chunk boundary must never change what is found.
pub fn chunks(data: &[u8]) {
    let Some((&control, input)) = data.split_first() else { return };
    let format = match control & 3 {
        0 => None,
        1 => Some(Format::Csv),
        2 => Some(Format::Fhir),
        _ => Some(Format::Hl7v2),
    };
    let size = 1 + usize::from(control >> 2);
    let run = |chunk_size: usize| {
        let mut validator = Validator::with_today(Profile::default(), today());
        if let Some(format) = format {
            validator.set_format(format);
        }
        for chunk in input.chunks(chunk_size.max(1)) {
            validator.feed(chunk);
        }
        validator.finish()
    };
    let whole = run(input.len());
    let streamed = run(size);
    assert_eq!(whole.format, streamed.format, "sniffed format differs in chunks of {size}");
    let text = |r: &Report| r.findings.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(text(&whole), text(&streamed), "findings differ in chunks of {size}");
    assert_eq!(whole.summary, streamed.summary, "summary differs in chunks of {size}");
}
