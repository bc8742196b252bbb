//! `recordlint check FILE...`: validates files and prints findings.

use super::{output_format, unexpected, Output};
use rayon::prelude::*;
use recordlint::pieces::{check_piece, Merger, PieceReport, Splitter};
use recordlint::{CrossRecordIndex, Finding, Format, Profile, Report, Validator};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

/// Bytes of one piece when a file is checked in pieces on several cores: 4 MiB, or
/// `RECORDLINT_PIECE_BYTES` (for tests and tuning). Files under two pieces are checked whole.
fn piece_bytes() -> usize {
    let set = std::env::var("RECORDLINT_PIECE_BYTES").ok().and_then(|v| v.parse().ok());
    set.filter(|&n: &usize| n > 0).unwrap_or(4 << 20)
}

#[derive(Serialize)]
struct FileFinding<'a> {
    file: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct FileSummary<'a> {
    file: &'a str,
    format: Option<&'static str>,
    #[serde(flatten)]
    summary: &'a recordlint::Summary,
}

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    use lexopt::Arg;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut output = Output::Text;
    let mut profile = Profile::default();
    let mut input_format: Option<Format> = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Arg::Long("format") => output = output_format(parser)?,
            Arg::Long("profile") => {
                profile = super::profiles::load(&parser.value().map_err(|e| e.to_string())?)?;
            }
            Arg::Long("input-format") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let name = value.to_string_lossy();
                input_format = Some(
                    Format::from_name(&name)
                        .ok_or_else(|| format!("--input-format must be csv, fhir or hl7v2, not {name:?}"))?,
                );
            }
            Arg::Value(v) => files.push(v.into()),
            other => return Err(unexpected(other)),
        }
    }
    if files.is_empty() {
        return Err("check needs at least one FILE".into());
    }
    // All files are one run: the cross-record index goes from each file to the next. A large
    // file is checked in pieces on all cores; smaller files are checked on all cores at once and
    // their indexes replayed in order, which gives the same report as one after the other.
    let threads = rayon::current_num_threads();
    let mut reports = Vec::with_capacity(files.len());
    let mut index = None;
    let piece = piece_bytes();
    let parallel_min = 2 * piece as u64;
    let size = |path: &PathBuf| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut i = 0;
    while i < files.len() {
        let name = files[i].display().to_string();
        if threads == 1 {
            let (report, next) = check_file(&files[i], &name, &profile, input_format, index.take())
                .map_err(|e| format!("{name}: {e}"))?;
            index = next;
            reports.push((name, report));
            i += 1;
        } else if size(&files[i]) >= parallel_min {
            let (report, next) =
                check_in_pieces(&files[i], &name, &profile, input_format, index.take(), (threads, piece))
                    .map_err(|e| format!("{name}: {e}"))?;
            index = next;
            reports.push((name, report));
            i += 1;
        } else {
            let batch: Vec<&PathBuf> =
                files[i..].iter().take(threads).take_while(|p| size(p) < parallel_min).collect();
            for (name, report) in check_small_files(&batch, &profile, input_format, &mut index)? {
                reports.push((name, report));
            }
            i += batch.len();
        }
    }
    match output {
        Output::Text => print_text(&reports),
        Output::Json => print_json(&reports),
    }
    Ok(if reports.iter().any(|(_, r)| r.has_errors()) { 1 } else { 0 })
}

fn check_file(
    path: &PathBuf,
    name: &str,
    profile: &Profile,
    format: Option<Format>,
    index: Option<CrossRecordIndex>,
) -> std::io::Result<(Report, Option<CrossRecordIndex>)> {
    let mut file = std::fs::File::open(path)?;
    let mut validator = Validator::new(profile.clone());
    if let Some(format) = format {
        validator.set_format(format);
    }
    if let Some(index) = index {
        validator.set_index(index);
    }
    validator.set_source(name);
    let mut buf = vec![0; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(validator.finish_with_index());
        }
        validator.feed(&buf[..n]);
    }
}

/// Checks small files at once, each as one piece, and merges them in order, carrying the
/// cross-record index from one to the next: the same reports as [`check_file`] one by one.
fn check_small_files(
    files: &[&PathBuf],
    profile: &Profile,
    format: Option<Format>,
    index: &mut Option<CrossRecordIndex>,
) -> Result<Vec<(String, Report)>, String> {
    let today = recordlint::today();
    let checked: Vec<Result<PieceReport, String>> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let format = format.unwrap_or_else(|| Format::sniff(&bytes[..bytes.len().min(CHUNK)]));
            let piece = recordlint::pieces::split(&bytes, Some(format), 1).remove(0);
            Ok(check_piece(&bytes, &piece.context, profile, today))
        })
        .collect();
    let mut reports = Vec::with_capacity(files.len());
    for (path, piece) in files.iter().zip(checked) {
        let name = path.display().to_string();
        let mut merger = Merger::new(profile, today);
        if let Some(index) = index.take() {
            merger.set_index(index);
        }
        merger.set_source(&name);
        merger.push(piece?);
        let (report, next) = merger.finish_with_index();
        *index = next;
        reports.push((name, report));
    }
    Ok(reports)
}

/// Checks one file in pieces of about `piece` bytes, `threads` pieces at a time (the bytes after
/// the last complete piece wait for the next batch), merged in
/// order: the same report as [`check_file`], in memory bounded by `threads` pieces.
fn check_in_pieces(
    path: &Path,
    name: &str,
    profile: &Profile,
    format: Option<Format>,
    index: Option<CrossRecordIndex>,
    (threads, piece): (usize, usize),
) -> std::io::Result<(Report, Option<CrossRecordIndex>)> {
    let mut file = std::fs::File::open(path)?;
    let today = recordlint::today();
    let mut merger = Merger::new(profile, today);
    if let Some(index) = index {
        merger.set_index(index);
    }
    merger.set_source(name);
    let mut buf = Vec::with_capacity((threads + 1) * piece + CHUNK);
    let mut splitter: Option<Splitter> = None;
    let mut at_end = false;
    loop {
        while !at_end && buf.len() < (threads + 1) * piece {
            let old = buf.len();
            buf.resize(old + CHUNK, 0);
            let n = file.read(&mut buf[old..])?;
            buf.truncate(old + n);
            at_end = n == 0;
        }
        let splitter = splitter.get_or_insert_with(|| {
            Splitter::new(format.unwrap_or_else(|| Format::sniff(&buf[..buf.len().min(CHUNK)])), &buf)
        });
        let pieces = splitter.cut(&buf, piece, at_end);
        let checked: Vec<PieceReport> = pieces
            .par_iter()
            .map(|p| check_piece(&buf[p.range.clone()], &p.context, profile, today))
            .collect();
        for report in checked {
            merger.push(report);
        }
        let consumed = pieces.last().map_or(0, |p| p.range.end);
        buf.drain(..consumed);
        if at_end {
            return Ok(merger.finish_with_index());
        }
        if pieces.is_empty() {
            // One record longer than the buffer: read more before cutting again.
            let old = buf.len();
            buf.resize(old + CHUNK, 0);
            let n = file.read(&mut buf[old..])?;
            buf.truncate(old + n);
            at_end = n == 0;
        }
    }
}

fn print_text(reports: &[(String, Report)]) {
    let mut total = recordlint::Summary::default();
    for (file, report) in reports {
        for f in &report.findings {
            println!("{file}: {f}");
        }
        if report.summary.truncated {
            println!(
                "{file}: (only the first {} findings are shown; all are counted below)",
                report.findings.len()
            );
        }
        add(&mut total, &report.summary);
    }
    println!(
        "{} file(s), {} record(s), {} clean; {} error(s), {} warning(s), {} info",
        reports.len(),
        total.records,
        total.clean_records,
        total.errors,
        total.warnings,
        total.infos
    );
}

fn print_json(reports: &[(String, Report)]) {
    let findings: Vec<FileFinding> = reports
        .iter()
        .flat_map(|(file, r)| r.findings.iter().map(move |finding| FileFinding { file, finding }))
        .collect();
    let files: Vec<FileSummary> =
        reports.iter().map(|(file, r)| FileSummary { file, format: r.format, summary: &r.summary }).collect();
    let mut summary = recordlint::Summary::default();
    for (_, r) in reports {
        add(&mut summary, &r.summary);
    }
    let out = serde_json::json!({ "findings": findings, "summary": summary, "files": files });
    println!("{}", serde_json::to_string_pretty(&out).expect("report serialises"));
}

fn add(total: &mut recordlint::Summary, s: &recordlint::Summary) {
    total.records += s.records;
    total.clean_records += s.clean_records;
    total.errors += s.errors;
    total.warnings += s.warnings;
    total.infos += s.infos;
    total.truncated |= s.truncated;
    for (rule, n) in &s.by_rule {
        *total.by_rule.entry(rule).or_default() += n;
    }
}
