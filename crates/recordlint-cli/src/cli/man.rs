//! `recordlint man`: the manual page (roff, section 1), written from the help texts
//! (`help_parts`), so it says what `--help` says. `recordlint man | man -l -` shows it.

use super::help_parts::commands;
use super::unexpected;

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    if let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        return Err(unexpected(arg));
    }
    print!("{}", page());
    Ok(0)
}

/// Text for roff: backslashes and hyphens escaped, a line never starting with a control character.
fn roff(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\e"),
            '-' => escaped.push_str("\\-"),
            '—' => escaped.push_str("\\(em"),
            '–' => escaped.push_str("\\(en"),
            c if c.is_ascii() => escaped.push(c),
            c => escaped.push_str(&format!("\\[u{:04X}]", c as u32)),
        }
    }
    match escaped.chars().next() {
        Some('.') | Some('\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}

/// The whole page.
pub fn page() -> String {
    let mut out = format!(
        ".TH RECORDLINT 1 \"\" \"recordlint {}\" \"User Commands\"\n.SH NAME\nrecordlint \\- {}\n",
        env!("CARGO_PKG_VERSION"),
        roff("checks health records (CSV exports, FHIR R4 JSON, HL7 v2) for missing, malformed and contradictory data")
    );
    out.push_str(".SH SYNOPSIS\n");
    for c in commands() {
        out.push_str(&format!(
            ".B recordlint {}\n{}\n.br\n",
            c.name,
            roff(c.usage.splitn(3, ' ').nth(2).unwrap_or_default())
        ));
    }
    out.push_str(".B recordlint\n\\fICOMMAND\\fR \\-\\-help\n.br\n.B recordlint\n\\-\\-version\n");
    out.push_str(".SH DESCRIPTION\n");
    out.push_str(&roff("recordlint checks records natively with the same engine as its web page: required fields, impossible dates, ICD-10-CM/PCS and HCPCS codes against the tables in force on the date of service, check digits and conflicts between records. Nothing is sent anywhere."));
    out.push_str("\n.SH COMMANDS\n");
    for c in commands() {
        out.push_str(&format!(".SS \"{}\"\n", roff(c.name)));
        out.push_str(&format!(".B {}\n", roff(c.usage)));
        for p in &c.paragraphs {
            out.push_str(&format!(".PP\n{}\n", roff(p)));
        }
        for o in &c.options {
            let value =
                if o.value.is_empty() { String::new() } else { format!(" \\fI{}\\fR", roff(o.value)) };
            out.push_str(&format!(".TP\n.B {}{value}\n{}\n", roff(o.flag), roff(o.description)));
        }
    }
    out.push_str(".SH EXIT STATUS\n");
    out.push_str(&roff("0 when no finding is an error, 1 when some are, 2 when a file cannot be read or the arguments are wrong (with a one-line reason)."));
    out.push_str("\n.SH SEE ALSO\n");
    out.push_str(&roff("docs/CLI.md in the recordlint repository: the command line in full, output formats and the JSON Schemas of the JSON outputs (schemas/)."));
    out.push('\n');
    out
}
