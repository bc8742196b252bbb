//! `recordlint check FILE...`: validates files and prints findings.

use super::{output_format, unexpected, Output};
use recordlint::{Finding, Format, Profile, Report, Validator};
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

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
                let path = PathBuf::from(parser.value().map_err(|e| e.to_string())?);
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                profile = Profile::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
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
    let mut reports = Vec::with_capacity(files.len());
    for path in &files {
        let report =
            check_file(path, &profile, input_format).map_err(|e| format!("{}: {e}", path.display()))?;
        reports.push((path.display().to_string(), report));
    }
    match output {
        Output::Text => print_text(&reports),
        Output::Json => print_json(&reports),
    }
    Ok(if reports.iter().any(|(_, r)| r.has_errors()) { 1 } else { 0 })
}

fn check_file(path: &PathBuf, profile: &Profile, format: Option<Format>) -> std::io::Result<Report> {
    let mut file = std::fs::File::open(path)?;
    let mut validator = Validator::new(profile.clone());
    if let Some(format) = format {
        validator.set_format(format);
    }
    let mut buf = vec![0; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(validator.finish());
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
