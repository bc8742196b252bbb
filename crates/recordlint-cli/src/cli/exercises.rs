//! `recordlint exercises lint PATH...` and `recordlint exercises stats PATH...`: check exercise
//! packs against the engine, and count their exercises. A PATH may be a pack or a folder of packs
//! (every `*.json` in it except `index.json` and `schema.json`).

use super::out::outln;
use super::{output_format, unexpected, Output};
use lexopt::ValueExt;
use recordlint_lab::{lint_packs, Pack, Tally};
use std::path::{Path, PathBuf};

/// Files in a folder of packs that are not packs.
const NOT_PACKS: [&str; 2] = ["index.json", "schema.json"];

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let sub = match parser.next().map_err(|e| e.to_string())? {
        Some(lexopt::Arg::Value(v)) => v.string().map_err(|e| e.to_string())?,
        _ => return Err("exercises needs a subcommand: lint or stats".into()),
    };
    let mut paths = Vec::new();
    let mut output = Output::Text;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Long("format") => output = output_format(parser)?,
            lexopt::Arg::Value(v) => paths.push(PathBuf::from(v)),
            other => return Err(unexpected(other)),
        }
    }
    if paths.is_empty() {
        return Err(format!("exercises {sub} needs at least one PATH (a pack or a folder of packs)"));
    }
    let files = read_packs(&paths)?;
    match sub.as_str() {
        "lint" => Ok(lint(&files)),
        "stats" => stats(&files, output),
        other => Err(format!("unknown exercises subcommand {other:?}; expected lint or stats")),
    }
}

/// Every pack named by `paths`, as (display name, text).
fn read_packs(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter(|p| !p.file_name().is_some_and(|n| NOT_PACKS.iter().any(|skip| n == *skip)))
                .collect();
            inside.sort();
            for p in inside {
                files.push(read(&p)?);
            }
        } else {
            files.push(read(path)?);
        }
    }
    Ok(files)
}

fn read(path: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((path.display().to_string(), text))
}

fn lint(files: &[(String, String)]) -> i32 {
    let problems = lint_packs(&recordlint_core::Tables::builtin(), files);
    for p in &problems {
        outln!("{p}");
    }
    let exercises: usize =
        files.iter().filter_map(|(_, text)| Pack::from_json(text).ok()).map(|p| p.exercises.len()).sum();
    outln!("{} pack(s), {exercises} exercise(s): {} problem(s)", files.len(), problems.len());
    i32::from(!problems.is_empty())
}

fn stats(files: &[(String, String)], output: Output) -> Result<i32, String> {
    let mut tally = Tally::default();
    for (name, text) in files {
        let pack = Pack::from_json(text).map_err(|e| format!("{name}: {e}"))?;
        tally.add(&pack);
    }
    match output {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&tally).map_err(|e| e.to_string())?),
        Output::Text => {
            outln!("{} exercise(s) in {} pack(s)", tally.total, files.len());
            for (title, counts) in
                [("type", &tally.by_type), ("domain", &tally.by_domain), ("difficulty", &tally.by_difficulty)]
            {
                outln!("\nby {title}:");
                for (key, n) in counts {
                    outln!("  {key:<24} {n:>4}");
                }
            }
        }
    }
    Ok(0)
}
