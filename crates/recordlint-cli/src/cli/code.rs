//! `recordlint code TEXT... [--system SYSTEM] [--date YYYY-MM-DD] [--format json]`: what each text
//! is in every code system it could belong to (or in `--system` only), on a date (default: the
//! newest release of each table).

use super::{output_format, unexpected, Output};
use lexopt::ValueExt;
use recordlint_core::codes::lookup::{lookup, lookup_in, Choice};
use recordlint_core::CodeSystem;

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut output = Output::Text;
    let mut date = None;
    let mut system: Option<CodeSystem> = None;
    let mut texts = Vec::new();
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
            lexopt::Arg::Value(v) => texts.push(v.string().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    if texts.is_empty() {
        return Err("code needs at least one TEXT".into());
    }
    let tables = recordlint_core::Tables::builtin();
    let answers: Vec<_> = texts
        .iter()
        .map(|t| match system {
            Some(system) => vec![lookup_in(&tables, t, system, date)],
            None => lookup(&tables, t, date),
        })
        .collect();
    match output {
        Output::Json => {
            println!("{}", serde_json::to_string_pretty(&answers).expect("look-ups serialise"));
        }
        Output::Text => {
            for l in answers.iter().flatten() {
                println!("{}", l.answer);
                if let Some(d) = &l.description {
                    println!("  {d}");
                }
                for a in &l.pcs_axes {
                    println!("  character {} {}: {} ({})", a.position, a.value, a.meaning, a.axis);
                }
                for note in &l.notes {
                    println!("  - {note}");
                }
                if !l.seventh_characters.is_empty() {
                    let from =
                        l.seventh_from.as_deref().map(|f| format!(" (defined at {f})")).unwrap_or_default();
                    println!("  7th characters{from}:");
                    for o in &l.seventh_characters {
                        println!("    {}  {}", o.character, o.meaning);
                    }
                }
                if !l.suggestions.is_empty() {
                    println!("  did you mean:");
                    print_choices(&l.suggestions, true);
                }
                if !l.children.is_empty() {
                    println!("  codes under {} ({}):", l.code, l.children_total);
                    print_choices(&l.children, false);
                    let more = l.children_total - l.children.len();
                    if more > 0 {
                        println!("    (and {more} more)");
                    }
                }
            }
        }
    }
    Ok(0)
}

/// One code a line, aligned, with its description (and what it is, when `kind`).
fn print_choices(choices: &[Choice], kind: bool) {
    let width = choices.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in choices {
        let what =
            [kind.then_some(c.kind), c.description.as_deref()].into_iter().flatten().collect::<Vec<_>>();
        println!("    {:width$}  {}", c.code, what.join(" — "));
    }
}
