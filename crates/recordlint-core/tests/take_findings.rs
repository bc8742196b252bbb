//! Findings handed out while an input streams (`Validator::take_findings`, how the page shows
//! them without the engine holding them twice): the findings taken and those the finished report
//! has are, in order, exactly the whole report's, and the limit of kept findings still holds.

use recordlint_core::{synth, validate, Profile, Validator};

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// Feeds `bytes` in chunks of `chunk` bytes, taking the findings after every `every` chunks.
fn streamed_with_takes(
    bytes: &[u8],
    profile: &Profile,
    chunk: usize,
    every: usize,
) -> recordlint_core::Report {
    let mut validator = Validator::with_today(profile.clone(), today());
    let mut taken = Vec::new();
    for (i, part) in bytes.chunks(chunk).enumerate() {
        validator.feed(part);
        if i % every == 0 {
            taken.extend(validator.take_findings());
        }
    }
    let mut report = validator.finish();
    taken.append(&mut report.findings);
    report.findings = taken;
    report
}

#[test]
fn taken_and_finished_findings_are_the_whole_reports() {
    for kind in [synth::Kind::Csv, synth::Kind::Ndjson, synth::Kind::Hl7] {
        let bytes = synth::generate(kind, 600, 7);
        let limited = Profile { max_findings: 5, ..Profile::default() };
        for profile in [Profile::default(), limited] {
            let whole = validate(&bytes, profile.clone(), today());
            assert!(whole.summary.findings() > 5, "{kind:?}: the input should have findings to take");
            for (chunk, every) in [(997, 1), (4096, 3), (1 << 20, 1)] {
                let report = streamed_with_takes(&bytes, &profile, chunk, every);
                assert_eq!(
                    report.findings, whole.findings,
                    "{kind:?} in chunks of {chunk}, max {}",
                    profile.max_findings
                );
                assert_eq!(report.summary, whole.summary, "{kind:?} in chunks of {chunk}");
            }
        }
    }
}
