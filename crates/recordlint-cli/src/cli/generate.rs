//! `recordlint generate csv|ndjson|bundle|hl7 (--rows N | --bytes N) [--seed S] [--mix classic|realistic]
//! [--codes common|wide] [--truth FILE]`: deterministic synthetic records on standard output (same
//! arguments, same bytes), for benchmarks, demonstrations and measuring the checker: encounters
//! of repeated patients with real codes and about 2% planted defects. `--codes wide` draws the
//! codes from tens of thousands of billable ICD-10-CM and ICD-10-PCS codes instead of a few dozen. `--truth` writes the ground truth of the
//! planted defects as CSV (`record_number,location,defect_class,expected_rule`, one row per
//! finding expected).

use super::unexpected;
use lexopt::ValueExt;
use recordlint_core::synth::{Codes, Kind, Mix, Planted, Writer};
use std::io::Write;

/// Records written per buffer flush.
const BATCH: u64 = 10_000;

/// Bytes a record takes in each format, about: to turn `--bytes` into records.
fn bytes_per_record(kind: Kind) -> u64 {
    match kind {
        Kind::Csv => 113,
        Kind::Hl7 => 566,
        Kind::Ndjson => 1257,
        Kind::Bundle => 1559,
    }
}

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    use lexopt::Arg;
    let (mut kind, mut rows, mut bytes, mut seed) = (None, None, None, 1u64);
    let (mut mix, mut codes, mut truth_path) = (Mix::Classic, Codes::Common, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Arg::Value(v) if kind.is_none() => {
                let name = v.string().map_err(|e| e.to_string())?;
                kind = Some(Kind::from_name(&name).ok_or_else(|| {
                    format!("generate needs a kind: csv, ndjson, bundle or hl7, not {name:?}")
                })?);
            }
            Arg::Long("rows") => {
                rows = Some(parser.value().and_then(|v| v.parse::<u64>()).map_err(|e| e.to_string())?)
            }
            Arg::Long("bytes") => bytes = Some(parse_size(&parser.value().map_err(|e| e.to_string())?)?),
            Arg::Long("seed") => seed = parser.value().and_then(|v| v.parse()).map_err(|e| e.to_string())?,
            Arg::Long("mix") => {
                let name = parser.value().and_then(|v| v.string()).map_err(|e| e.to_string())?;
                mix = Mix::from_name(&name)
                    .ok_or_else(|| format!("--mix must be classic or realistic, not {name:?}"))?;
            }
            Arg::Long("codes") => {
                let name = parser.value().and_then(|v| v.string()).map_err(|e| e.to_string())?;
                codes = Codes::from_name(&name)
                    .ok_or_else(|| format!("--codes must be common or wide, not {name:?}"))?;
            }
            Arg::Long("truth") => truth_path = Some(parser.value().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    let kind = kind.ok_or("generate needs a kind: csv, ndjson, bundle or hl7")?;
    let rows = match (rows, bytes) {
        (Some(_), Some(_)) => return Err("give --rows or --bytes, not both".into()),
        (Some(r), None) => r,
        (None, Some(b)) => b.div_ceil(bytes_per_record(kind)),
        (None, None) => 1000,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut writer = Writer::with_mix(kind, rows, seed, mix).with_codes(codes);
    let mut truth = match &truth_path {
        Some(path) => {
            writer.record_truth();
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot write {}: {e}", path.to_string_lossy()))?;
            let mut file = std::io::BufWriter::new(file);
            writeln!(file, "{}", Planted::CSV_HEADER).map_err(|e| e.to_string())?;
            Some(file)
        }
        None => None,
    };
    let mut text = String::new();
    writer.begin(&mut text);
    let mut done = 0;
    while done < rows {
        let n = BATCH.min(rows - done);
        writer.records(&mut text, n);
        if let Err(e) = out.write_all(text.as_bytes()) {
            super::out::stop(e)
        }
        text.clear();
        if let Some(file) = truth.as_mut() {
            for row in writer.take_truth() {
                writeln!(file, "{}", row.csv_row()).map_err(|e| e.to_string())?;
            }
        }
        done += n;
    }
    writer.end(&mut text);
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        super::out::stop(e)
    }
    if let Some(mut file) = truth {
        file.flush().map_err(|e| e.to_string())?;
    }
    Ok(0)
}

/// `1000`, `64K`, `100M`, `2G` (powers of 1024).
fn parse_size(value: &std::ffi::OsStr) -> Result<u64, String> {
    let text = value.to_string_lossy();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (&*text, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("--bytes must be a size like 100M, not {text:?}"))?;
    let scale = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return Err(format!("--bytes must be a size like 100M, not {text:?}")),
    };
    Ok(n * scale)
}
