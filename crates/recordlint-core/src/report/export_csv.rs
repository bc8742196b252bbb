//! The CSV export (RFC 4180, CRLF): a header and one row per finding, with a last column
//! `partial` (a note on every row) when the run stopped before the end of its input.

use super::FileReport;
use std::fmt::Write;

/// The header row.
pub const COLUMNS: [&str; 8] = ["file", "location", "rule", "name", "severity", "message", "value", "mrn"];

/// The CSV text: the header, then one row per kept finding, in report order.
pub fn write(files: &[FileReport], partial: Option<&str>) -> String {
    let mut out = String::new();
    row(&mut out, COLUMNS.into_iter().chain(partial.map(|_| "partial")));
    let mut location = String::new();
    for f in files {
        for finding in &f.report.findings {
            location.clear();
            let _ = write!(location, "{}", finding.location);
            row(
                &mut out,
                [
                    f.file,
                    &location,
                    finding.rule,
                    finding.name,
                    finding.severity.as_str(),
                    &finding.message,
                    finding.value.as_deref().unwrap_or(""),
                    finding.mrn.as_deref().unwrap_or(""),
                ]
                .into_iter()
                .chain(partial),
            );
        }
    }
    out
}

fn row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, value) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell(out, value);
    }
    out.push_str("\r\n");
}

/// A cell, quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, as OWASP advises.
fn cell(out: &mut String, value: &str) {
    let guard = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = value.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> String {
        let mut s = String::new();
        cell(&mut s, value);
        s
    }

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(one("plain"), "plain");
        assert_eq!(one("Doe, Jane"), "\"Doe, Jane\"");
        assert_eq!(one("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(one("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(one("-5"), "'-5");
        assert_eq!(one("two\nlines"), "\"two\nlines\"");
    }
}
