//! `recordlint generate csv --rows N [--seed S] [--defects PER_MILLE]`: deterministic synthetic
//! records on standard output, for benchmarks and demonstrations.

use super::unexpected;
use lexopt::ValueExt;
use recordlint::synth;
use std::io::Write;

/// Rows written per buffer flush.
const BATCH: u64 = 10_000;

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    use lexopt::Arg;
    let (mut kind, mut rows, mut seed, mut defects) = (None, 1000u64, 1u64, 20u32);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Arg::Value(v) if kind.is_none() => kind = Some(v.string().map_err(|e| e.to_string())?),
            Arg::Long("rows") => rows = parser.value().and_then(|v| v.parse()).map_err(|e| e.to_string())?,
            Arg::Long("seed") => seed = parser.value().and_then(|v| v.parse()).map_err(|e| e.to_string())?,
            Arg::Long("defects") => {
                defects = parser.value().and_then(|v| v.parse()).map_err(|e| e.to_string())?
            }
            other => return Err(unexpected(other)),
        }
    }
    if kind.as_deref() != Some("csv") {
        return Err("generate needs a kind: csv".into());
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut text = String::from(synth::CSV_HEADER);
    let mut done = 0;
    while done < rows {
        let n = BATCH.min(rows - done);
        synth::encounter_csv(&mut text, n, seed.wrapping_add(done), defects);
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        text.clear();
        done += n;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(0)
}
