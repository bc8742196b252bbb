//! Pieces checked apart and merged give exactly the report of checking the input whole: every
//! fixture and generated inputs of each format, at several piece counts, with and without a
//! findings limit.

mod common;
use common::{fixtures, profile_for};
use recordlint_core::pieces::{
    check_piece, split, validate_in_pieces, Merger, PieceReport, Pipeline, Splitter,
};
use recordlint_core::{synth, validate, Format, Profile};
use std::fs;

const COUNTS: [usize; 7] = [2, 3, 4, 7, 16, 64, 100_000];

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// Checks `bytes` whole and in pieces at every count, with `profile` and with a limit of a few
/// findings; returns how many pieces the largest split made.
fn assert_pieces_equal_whole(name: &str, bytes: &[u8], profile: &Profile) -> usize {
    let mut limited = profile.clone();
    limited.max_findings = 3;
    for profile in [profile, &limited] {
        let whole = validate(bytes, profile.clone(), today());
        for count in COUNTS {
            let merged = validate_in_pieces(bytes, None, count, profile, today());
            assert_eq!(
                merged,
                whole,
                "{name} in {count} pieces (max_findings {}): {:#?}",
                profile.max_findings,
                split(bytes, None, count).iter().map(|p| p.range.clone()).collect::<Vec<_>>()
            );
            for partitions in [1, 2, 5] {
                let merged = in_parallel(bytes, count, partitions, profile);
                assert_eq!(
                    merged, whole,
                    "{name} in {count} pieces merged in {partitions} partitions (max_findings {})",
                    profile.max_findings,
                );
            }
        }
    }
    split(bytes, None, usize::MAX).len()
}

/// Checks `bytes` in `count` pieces and merges them in `partitions` MRN partitions (the jobs
/// run last to first, as threads may finish them).
fn in_parallel(bytes: &[u8], count: usize, partitions: usize, profile: &Profile) -> recordlint_core::Report {
    let tables = recordlint_core::Tables::builtin();
    let mut merger = Merger::new(profile, today(), tables.clone()).in_parallel(partitions);
    for piece in split(bytes, None, count) {
        let report = check_piece(&bytes[piece.range.clone()], &piece.context, profile, today(), &tables);
        merger.push_with(report, |jobs| jobs.iter_mut().rev().for_each(|j| j.run()));
    }
    let (report, index) = merger.finish_with_index();
    assert!(index.is_none(), "a merge in parallel hands on no index");
    report
}

#[test]
fn every_fixture_in_pieces_equals_the_whole() {
    let mut split_files = 0;
    for input in fixtures() {
        let bytes = fs::read(&input).unwrap();
        if assert_pieces_equal_whole(&input.display().to_string(), &bytes, &profile_for(&input)) > 1 {
            split_files += 1;
        }
    }
    assert!(split_files >= 20, "only {split_files} fixtures split into several pieces");
}

/// The identity fixtures' rows again and again under one header, so that cross-record conflicts
/// span pieces.
#[test]
fn cross_record_conflicts_between_pieces() {
    let dir = common::repo_path("tests/fixtures/identity");
    for name in ["duplicate-encounters.csv", "duplicate-patients.csv", "one-of-each.csv"] {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        let (header, rows) = text.split_once('\n').unwrap();
        let mut input = format!("{header}\n");
        for _ in 0..5 {
            input.push_str(rows);
        }
        let bytes = input.as_bytes();
        let whole = validate(bytes, Profile::default(), today());
        assert!(whole.findings.iter().any(|f| f.rule.starts_with('X')), "{name}");
        assert!(assert_pieces_equal_whole(name, bytes, &Profile::default()) > 10);
    }
}

/// X404 names the MRN first seen among the matches, by its first record: here A (seen first,
/// matchable only after B), in whichever partition A and B fall.
#[test]
fn duplicate_patients_are_matched_in_first_seen_order_in_parallel() {
    let mut csv = String::from("mrn,patient_name,birth_date,sex\n");
    for i in 0..40 {
        csv.push_str(&format!("A{i},,,\nB{i},\"Smith, John\",1980-02-0{},M\n", 1 + i % 2));
        csv.push_str(&format!(
            "A{i},\"Smith, John\",1980-0{}-01,\nC{i},\"Smith, John\",1980-02-01,M\n",
            1 + i % 2
        ));
    }
    let whole = validate(csv.as_bytes(), Profile::default(), today());
    let x404: Vec<_> = whole.findings.iter().filter(|f| f.rule == "X404").collect();
    assert!(x404.iter().any(|f| f.message.contains("is probably MRN A0 ")), "{x404:#?}");
    for count in [1, 3, 8] {
        for partitions in [1, 2, 3] {
            assert_eq!(
                in_parallel(csv.as_bytes(), count, partitions, &Profile::default()),
                whole,
                "{count} {partitions}"
            );
        }
    }
}

#[test]
fn generated_inputs_in_pieces_equal_the_whole() {
    for (format, bytes) in [
        (Format::Csv, synth::generate(synth::Kind::Csv, 1200, 11)),
        (Format::Hl7v2, synth::generate(synth::Kind::Hl7, 300, 12)),
        (Format::Fhir, synth::generate(synth::Kind::Ndjson, 200, 13)),
    ] {
        let report = validate(&bytes, Profile::default(), today());
        assert_eq!(report.format, Some(format.name()));
        assert!(
            report.findings.iter().any(|f| f.rule.starts_with('X')),
            "{format:?} has cross-record findings"
        );
        let pieces = assert_pieces_equal_whole(format.name(), &bytes, &Profile::default());
        if format != Format::Fhir {
            assert!(pieces > 100, "{format:?}: {pieces} pieces");
        }
    }
}

#[test]
fn pieces_cover_the_input_and_start_at_record_ends() {
    let csv = b"\xEF\xBB\xBFmrn,name,dob\n1,\"Doe,\nJane\",1980-01-01\r\n\n2,x,1990-01-01\n3,\"a\"\"b\",2000-01-01\n";
    let pieces = split(csv, None, 100);
    let starts: Vec<usize> = pieces.iter().map(|p| p.range.start).collect();
    let lines: Vec<u64> = pieces.iter().map(|p| p.context.line).collect();
    assert_eq!(&csv[starts[1]..starts[1] + 1], b"\n", "{starts:?}");
    assert_eq!(lines, [1, 4, 5, 6]);
    assert_eq!(pieces[1].context.header, b"\xEF\xBB\xBFmrn,name,dob\n");
    assert!(pieces.windows(2).all(|w| w[0].range.end == w[1].range.start));
    assert_eq!(pieces.last().unwrap().range.end, csv.len());
    assert!(pieces.last().unwrap().context.last);
    let hl7 = b"MSH|^~\\&|A\rPID|1\r\nMSH|^~\\&|B\rPID|2\n\nMSH|^~\\&|C\r";
    let lines: Vec<u64> = split(hl7, None, 100).iter().map(|p| p.context.line).collect();
    assert_eq!(lines, [1, 3, 6]);
}

/// The splitter fed in chunks of any size (a browser reading a file) cuts where it cuts the
/// input held whole, and hands each piece out as soon as its end is known.
#[test]
fn streamed_splitter_cuts_as_the_whole_input() {
    let inputs = [
        synth::generate(synth::Kind::Csv, 2000, 21),
        synth::generate(synth::Kind::Hl7, 400, 22),
        b"\xEF\xBB\xBFmrn,name,dob\n1,\"Doe,\nJane\",1980-01-01\r\n\n2,x,1990-01-01\n3,\"a\"\"b\",2000-01-01\n".to_vec(),
    ];
    for bytes in &inputs {
        for count in [2, 5, 64] {
            let whole = split(bytes, None, count);
            for chunk in [1, 7, 4096, 65536] {
                let mut splitter = Splitter::new(None, bytes.len() as u64, count);
                let mut streamed = Vec::new();
                for part in bytes.chunks(chunk) {
                    splitter.feed(part);
                    streamed.extend(splitter.ready());
                }
                let handed_early = streamed.len();
                streamed.extend(splitter.finish());
                assert_eq!(streamed, whole, "{count} pieces, chunks of {chunk}");
                if whole.len() > 2 && chunk < 4096 && bytes.len() > 65536 {
                    assert!(
                        handed_early >= whole.len() - 2,
                        "pieces handed out while streaming: {handed_early} of {}, {} bytes",
                        whole.len(),
                        bytes.len()
                    );
                }
            }
        }
    }
}

/// Pieces checked in other workers cross as JSON; the merge of what arrives is still exact.
#[test]
fn piece_reports_survive_json() {
    let bytes = synth::generate(synth::Kind::Csv, 3000, 31);
    let profile = Profile::default();
    let whole = validate(&bytes, profile.clone(), today());
    let tables = recordlint_core::Tables::builtin();
    let mut merger = Merger::new(&profile, today(), tables.clone());
    for piece in split(&bytes, None, 8) {
        let json =
            check_piece(&bytes[piece.range.clone()], &piece.context, &profile, today(), &tables).to_json();
        merger.push(PieceReport::from_json(&json).unwrap());
    }
    assert_eq!(merger.finish(), whole);
    assert!(PieceReport::from_json("{\"format\":\"csv\"}").is_err());
}

/// The pipeline fed in small chunks, holding the bytes, with the pieces checked and pushed out
/// of order (as threads finish), gives the whole-input report; its held bytes are dropped as
/// the pieces are merged.
#[test]
fn pipeline_streamed_and_pushed_out_of_order_equals_the_whole() {
    let profile = Profile::default();
    for (kind, seed) in [(synth::Kind::Csv, 41), (synth::Kind::Hl7, 42), (synth::Kind::Ndjson, 43)] {
        let bytes = synth::generate(kind, 2000, seed);
        let whole = validate(&bytes, profile.clone(), today());
        for (count, chunk) in [(5, 1000), (16, 4096), (3, 1 << 20)] {
            let mut pipeline = Pipeline::new(
                None,
                bytes.len() as u64,
                count,
                &profile,
                today(),
                recordlint_core::Tables::builtin(),
            )
            .holding_bytes();
            let mut waiting = Vec::new();
            for part in bytes.chunks(chunk) {
                waiting.extend(pipeline.feed(part));
                // Check what is ready, merge the later half first.
                if waiting.len() >= 2 {
                    for piece in waiting.drain(..).rev() {
                        let report = pipeline.check(&piece).expect("bytes held until merged");
                        pipeline.push(piece.context.number, report);
                    }
                }
                assert!(!pipeline.done());
            }
            waiting.extend(pipeline.end_input());
            assert_eq!(pipeline.splittable(), Some(pipeline.merged() + waiting.len() > 1));
            for piece in waiting.into_iter().rev() {
                let report = pipeline.check(&piece).expect("bytes held until merged");
                pipeline.push(piece.context.number, report);
            }
            assert!(pipeline.done());
            assert_eq!(pipeline.merged_bytes(), bytes.len() as u64);
            assert_eq!(pipeline.finish(), whole, "{kind:?} in {count} pieces, fed {chunk} bytes at a time");
        }
    }
}
