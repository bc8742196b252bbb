//! `recordlint check FILE...`: validates files and prints findings.

use super::out::outln;
use super::unexpected;
use rayon::prelude::*;
use recordlint_core::pieces::{check_piece, Merger, PieceReport};
use recordlint_core::{
    CrossRecordIndex, ExportFormat, FileReport, Format, Profile, Report, Tables, Validator,
};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod in_pieces;
use in_pieces::check_in_pieces;

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

/// Bytes of one piece when a file is checked in pieces on several cores: 4 MiB, or
/// `RECORDLINT_PIECE_BYTES` (for tests and tuning). Files under two pieces are checked whole.
fn piece_bytes() -> usize {
    let set = std::env::var("RECORDLINT_PIECE_BYTES").ok().and_then(|v| v.parse().ok());
    set.filter(|&n: &usize| n > 0).unwrap_or(4 << 20)
}

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    use lexopt::Arg;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut output = None; // text
    let mut profile = Profile::default();
    let mut input_format: Option<Format> = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Arg::Long("format") => output = check_format(parser)?,
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
    // file is checked in pieces on all cores (a large FHIR file, which does not split, is
    // streamed); smaller files are checked on all cores at once and
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
        if threads == 1 || (size(&files[i]) >= parallel_min && stays_one_piece(&files[i], input_format)) {
            let (report, next) = check_file(&files[i], &name, &profile, input_format, index.take())
                .map_err(|e| format!("{name}: {e}"))?;
            index = next;
            reports.push((name, report));
            i += 1;
        } else if size(&files[i]) >= parallel_min {
            // The last file hands its index on to none: its merge may run in parallel.
            let hand_on = i + 1 < files.len();
            let (report, next) = check_in_pieces(
                &files[i],
                &name,
                (&profile, input_format),
                (index.take(), hand_on),
                (threads, piece),
            )
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
    // Every file is checked: the index is no longer needed while the reports are written.
    drop(index);
    match output {
        None => print_text(&reports),
        Some(format) => {
            let files: Vec<FileReport> =
                reports.iter().map(|(file, report)| FileReport { file, report }).collect();
            let text = recordlint_core::export(format, &files);
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                super::out::stop(e)
            }
        }
    }
    Ok(if reports.iter().any(|(_, r)| r.has_errors()) { 1 } else { 0 })
}

/// True for a file in a format that is not cut into pieces (FHIR JSON): a large one is streamed
/// through one validator instead of being read into memory whole.
fn stays_one_piece(path: &Path, format: Option<Format>) -> bool {
    let mut head = vec![0; CHUNK];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    format.unwrap_or_else(|| Format::sniff(&head[..n])) == Format::Fhir
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
    let today = recordlint_core::today();
    let tables = Tables::builtin();
    let checked: Vec<Result<PieceReport, String>> = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let format = format.unwrap_or_else(|| Format::sniff(&bytes[..bytes.len().min(CHUNK)]));
            let piece = recordlint_core::pieces::split(&bytes, Some(format), 1).remove(0);
            Ok(check_piece(&bytes, &piece.context, profile, today, &tables))
        })
        .collect();
    let mut reports = Vec::with_capacity(files.len());
    for (path, piece) in files.iter().zip(checked) {
        let name = path.display().to_string();
        let mut merger = Merger::new(profile, today, Arc::clone(&tables));
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

fn print_text(reports: &[(String, Report)]) {
    let mut total = recordlint_core::Summary::default();
    for (file, report) in reports {
        for f in &report.findings {
            outln!("{file}: {f}");
        }
        if report.summary.truncated {
            outln!(
                "{file}: (only the first {} findings are shown; all are counted below)",
                report.findings.len()
            );
        }
        total.add(&report.summary);
    }
    outln!(
        "{} file(s), {} record(s), {} clean; {} error(s), {} warning(s), {} info",
        reports.len(),
        total.records,
        total.clean_records,
        total.errors,
        total.warnings,
        total.infos
    );
}

/// Parses `--format`: `text` (None) or an export format.
fn check_format(parser: &mut lexopt::Parser) -> Result<Option<ExportFormat>, String> {
    let value = parser.value().map_err(|e| e.to_string())?;
    match value.to_str() {
        Some("text") => Ok(None),
        name => name
            .and_then(ExportFormat::from_name)
            .map(Some)
            .ok_or_else(|| format!("--format must be text, json, csv or operation-outcome, not {value:?}")),
    }
}
