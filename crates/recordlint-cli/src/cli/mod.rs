//! Argument parsing and dispatch. Exit status: 0 no errors, 1 errors found, 2 bad usage or input
//! that cannot be read.

mod check;
mod code;
mod code_lines;
mod completions;
mod exercises;
mod generate;
mod help;
mod help_parts;
mod man;
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

/// A command's entry point: it parses the rest of the arguments.
type Handler = fn(&mut lexopt::Parser) -> Result<i32, String>;

/// Every command and its entry point (each has its help in `help::COMMANDS`: a test says so).
const HANDLERS: &[(&str, Handler)] = &[
    ("check", check::run),
    ("profiles", profiles::list),
    ("profile", profiles::show),
    ("rules", rules::list),
    ("rule", rules::explain),
    ("code", code::run),
    ("exercises", exercises::run),
    ("generate", generate::run),
    ("completions", completions::run),
    ("man", man::run),
];

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
    // `recordlint COMMAND … --help` (or -h, before any `--`): the command's help, whatever else is given.
    if let Some(help) = args.first().and_then(|c| help::of(&c.to_string_lossy())) {
        if args[1..].iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h") {
            println!("{help}");
            return Ok(0);
        }
    }
    let usage = help::usage();
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(lexopt::Arg::Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(lexopt::Arg::Long("version")) | Some(lexopt::Arg::Short('V')) => {
            println!("recordlint {}", env!("CARGO_PKG_VERSION"));
            return Ok(0);
        }
        Some(lexopt::Arg::Long("help")) | Some(lexopt::Arg::Short('h')) => {
            println!("{usage}");
            return Ok(0);
        }
        _ => return Err(format!("missing command\n{usage}")),
    };
    if let Some((_, run)) = HANDLERS.iter().find(|(name, _)| *name == command) {
        return run(&mut parser);
    }
    match command.as_str() {
        "help" => match parser.next().map_err(|e| e.to_string())? {
            Some(lexopt::Arg::Value(v)) => {
                let name = v.string().map_err(|e| e.to_string())?;
                let help = help::of(&name).ok_or_else(|| format!("no command {name:?}\n{usage}"))?;
                println!("{help}");
                Ok(0)
            }
            _ => {
                println!("{usage}");
                Ok(0)
            }
        },
        other => Err(format!("unknown command {other:?}\n{usage}")),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_help_and_every_help_a_command() {
        let commands: Vec<_> = HANDLERS.iter().map(|(name, _)| *name).collect();
        let helped: Vec<_> = help::COMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(commands, helped);
        for (name, text) in help::COMMANDS {
            assert!(
                text.starts_with(&format!("recordlint {name}")),
                "{name}: the help starts with its usage"
            );
        }
    }
}
