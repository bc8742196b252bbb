//! `recordlint code TEXT... [--system SYSTEM] [--date YYYY-MM-DD] [--format json]`: what each text
//! is in every code system it could belong to (or in `--system` only), on a date (default: the
//! newest release of each table).

use super::{output_format, unexpected, Output};
use lexopt::ValueExt;
use recordlint::codes::lookup::{lookup, lookup_in};
use recordlint::CodeSystem;

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
                date = Some(recordlint::parse_date(&text).map_err(|e| format!("--date {text:?}: {e}"))?);
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
    let answers: Vec<_> = texts
        .iter()
        .map(|t| match system {
            Some(system) => vec![lookup_in(t, system, date)],
            None => lookup(t, date),
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
                if !l.children.is_empty() {
                    let more = l.children_total - l.children.len();
                    let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
                    println!("  {}{tail}", l.children.join(" "));
                }
            }
        }
    }
    Ok(0)
}
