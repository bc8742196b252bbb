//! `recordlint check FILE...`: validates files and prints findings.

use super::unexpected;
use recordlint::{CrossRecordIndex, ExportFormat, FileReport, Format, Profile, Report, Validator};
use std::io::{Read, Write};
use std::path::PathBuf;

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

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
    // All files are one run: the cross-record index goes from each file to the next.
    let mut reports = Vec::with_capacity(files.len());
    let mut index = None;
    for path in &files {
        let name = path.display().to_string();
        let (report, next) = check_file(path, &name, &profile, input_format, index.take())
            .map_err(|e| format!("{name}: {e}"))?;
        index = next;
        reports.push((name, report));
    }
    match output {
        None => print_text(&reports),
        Some(format) => {
            let files: Vec<FileReport> =
                reports.iter().map(|(file, report)| FileReport { file, report }).collect();
            let text = recordlint::export(format, &files);
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| format!("writing: {e}"))?;
        }
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
        total.add(&report.summary);
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
