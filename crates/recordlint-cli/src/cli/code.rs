//! `recordlint code TEXT... | - | --from FILE [--system SYSTEM] [--date YYYY-MM-DD] [--format json]`:
//! what each text is in every code system it could belong to (or in `--system` only), on a date
//! (default: the newest release of each table). Codes from standard input or a file are a batch
//! of any size, answered one line each as they are read; JSON is one object a line.

use super::code_lines::CodeLines;
use super::{output_format, unexpected, Output};
use lexopt::ValueExt;
use recordlint_core::codes::lookup::{lookup, lookup_in, Choice, Lookup};
use recordlint_core::CodeSystem;
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Write};

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut output = Output::Text;
    let mut date = None;
    let mut system: Option<CodeSystem> = None;
    let mut texts = Vec::new();
    let mut from: Option<String> = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Long("format") => output = output_format(parser)?,
            lexopt::Arg::Long("date") => {
                let text = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                date = Some(recordlint_core::parse_date(&text).map_err(|e| format!("--date {text:?}: {e}"))?);
            }
            lexopt::Arg::Long("system") => {
                let text = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                let parsed = serde_json::from_value::<CodeSystem>(serde_json::Value::String(
                    text.to_ascii_lowercase(),
                ))
                .ok()
                .filter(|s| *s != CodeSystem::Other);
                system = Some(parsed.ok_or_else(|| {
                    format!("--system {text:?}: expected icd10cm, icd10pcs, hcpcs, cpt, npi, loinc, snomed or ndc")
                })?);
            }
            lexopt::Arg::Long("from") => {
                from = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?);
            }
            lexopt::Arg::Value(v) => texts.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    let tables = recordlint_core::Tables::builtin();
    let answer = |text: &str| match system {
        Some(system) => vec![lookup_in(&tables, text, system, date)],
        None => lookup(&tables, text, date),
    };
    let stdin_wanted =
        texts == ["-"] || (texts.is_empty() && from.is_none() && !std::io::stdin().is_terminal());
    if from.is_some() && !texts.is_empty() {
        return Err("code takes TEXT... or --from FILE, not both".into());
    }
    if texts.iter().any(|t| t == "-") && !stdin_wanted {
        return Err("code reads `-` (standard input) alone, without other TEXT".into());
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if stdin_wanted || from.is_some() {
        let mut lines: CodeLines<Box<dyn BufRead>> = match &from {
            Some(path) => {
                let file = std::fs::File::open(path).map_err(|e| format!("--from {path}: {e}"))?;
                CodeLines::new(Box::new(std::io::BufReader::with_capacity(1 << 16, file)), path.clone())
            }
            None => CodeLines::new(Box::new(std::io::stdin().lock()), "standard input"),
        };
        let mut status = Ok(());
        while let Some((line, text)) = lines.next_code()? {
            let answers = answer(&text);
            status = match output {
                Output::Json => write_json(&mut out, &text, Some(line), &answers),
                Output::Text => write_line(&mut out, &text, &answers),
            };
            if status.is_err() {
                break;
            }
        }
        status
    } else if texts.is_empty() {
        return Err(
            "code needs at least one TEXT, `-` or --from FILE (or codes piped to standard input)".into()
        );
    } else {
        texts.iter().try_for_each(|text| match output {
            Output::Json => write_json(&mut out, text, None, &answer(text)),
            Output::Text => write_full(&mut out, &answer(text)),
        })
    };
    match written.and_then(|()| out.flush()) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing the answers: {e}")),
        _ => Ok(0),
    }
}

/// One code's answers as one JSON line (schemas/code-answer.v1.schema.json).
fn write_json(
    out: &mut impl Write,
    input: &str,
    line: Option<usize>,
    answers: &[Lookup],
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Answer<'a> {
        input: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        answers: &'a [Lookup],
    }
    serde_json::to_writer(&mut *out, &Answer { input, line, answers })?;
    out.write_all(b"\n")
}

/// One code's answers on one line: the text as given, a tab, then each system's answer in plain
/// words (with the code's description) separated by ` | `.
fn write_line(out: &mut impl Write, input: &str, answers: &[Lookup]) -> std::io::Result<()> {
    write!(out, "{input}\t")?;
    for (i, l) in answers.iter().enumerate() {
        let sep = if i == 0 { "" } else { " | " };
        match &l.description {
            Some(d) => write!(out, "{sep}{} — {d}", l.answer)?,
            None => write!(out, "{sep}{}", l.answer)?,
        }
    }
    out.write_all(b"\n")
}

/// One code's answers in full: descriptions, axes, notes, 7th characters, suggestions, children.
fn write_full(out: &mut impl Write, answers: &[Lookup]) -> std::io::Result<()> {
    for l in answers {
        writeln!(out, "{}", l.answer)?;
        if let Some(d) = &l.description {
            writeln!(out, "  {d}")?;
        }
        for a in &l.pcs_axes {
            writeln!(out, "  character {} {}: {} ({})", a.position, a.value, a.meaning, a.axis)?;
        }
        for note in &l.notes {
            writeln!(out, "  - {note}")?;
        }
        if !l.seventh_characters.is_empty() {
            let from = l.seventh_from.as_deref().map(|f| format!(" (defined at {f})")).unwrap_or_default();
            writeln!(out, "  7th characters{from}:")?;
            for o in &l.seventh_characters {
                writeln!(out, "    {}  {}", o.character, o.meaning)?;
            }
        }
        if !l.suggestions.is_empty() {
            writeln!(out, "  did you mean:")?;
            write_choices(out, &l.suggestions, true)?;
        }
        if !l.children.is_empty() {
            writeln!(out, "  codes under {} ({}):", l.code, l.children_total)?;
            write_choices(out, &l.children, false)?;
            let more = l.children_total - l.children.len();
            if more > 0 {
                writeln!(out, "    (and {more} more)")?;
            }
        }
    }
    Ok(())
}

/// One code a line, aligned, with its description (and what it is, when `kind`).
fn write_choices(out: &mut impl Write, choices: &[Choice], kind: bool) -> std::io::Result<()> {
    let width = choices.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in choices {
        let what =
            [kind.then_some(c.kind), c.description.as_deref()].into_iter().flatten().collect::<Vec<_>>();
        writeln!(out, "    {:width$}  {}", c.code, what.join(" — "))?;
    }
    Ok(())
}
