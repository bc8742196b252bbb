//! Argument parsing and dispatch. Exit status: 0 no errors, 1 errors found, 2 bad usage or input
//! that cannot be read.

mod check;
mod code;
mod exercises;
mod generate;
mod profiles;
mod rules;

use lexopt::ValueExt;
use std::ffi::OsString;

/// Output format of a command.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

const USAGE: &str = "\
usage: recordlint check FILE... [--format text|json|csv|operation-outcome] [--profile NAME|FILE] [--input-format csv|fhir|hl7v2]
       recordlint profiles
       recordlint profile NAME
       recordlint rules [--format text|json]
       recordlint rule ID
       recordlint code TEXT... [--date YYYY-MM-DD] [--format text|json]
       recordlint exercises lint|stats PATH... [--format text|json]
       recordlint generate csv|ndjson|bundle|hl7 [--rows N | --bytes SIZE] [--seed S] [--mix classic|realistic] [--truth FILE]
       recordlint --version";

/// Runs the command line and returns the exit status.
pub fn run(args: Vec<OsString>) -> i32 {
    match dispatch(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("recordlint: {message}");
            2
        }
    }
}

fn dispatch(args: Vec<OsString>) -> Result<i32, String> {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(lexopt::Arg::Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(lexopt::Arg::Long("version")) | Some(lexopt::Arg::Short('V')) => {
            println!("recordlint {}", env!("CARGO_PKG_VERSION"));
            return Ok(0);
        }
        Some(lexopt::Arg::Long("help")) | Some(lexopt::Arg::Short('h')) => {
            println!("{USAGE}");
            return Ok(0);
        }
        _ => return Err(format!("missing command\n{USAGE}")),
    };
    match command.as_str() {
        "check" => check::run(&mut parser),
        "rules" => rules::list(&mut parser),
        "rule" => rules::explain(&mut parser),
        "code" => code::run(&mut parser),
        "exercises" => exercises::run(&mut parser),
        "generate" => generate::run(&mut parser),
        "profiles" => profiles::list(&mut parser),
        "profile" => profiles::show(&mut parser),
        "help" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

/// Parses the value of `--format`.
pub fn output_format(parser: &mut lexopt::Parser) -> Result<Output, String> {
    let value = parser.value().map_err(|e| e.to_string())?;
    match value.to_str() {
        Some("text") => Ok(Output::Text),
        Some("json") => Ok(Output::Json),
        _ => Err(format!("--format must be text or json, not {value:?}")),
    }
}

/// The error for an argument a command does not take.
pub fn unexpected(arg: lexopt::Arg) -> String {
    arg.unexpected().to_string()
}
