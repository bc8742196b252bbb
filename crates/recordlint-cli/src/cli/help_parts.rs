//! The help texts of `help::COMMANDS` read into their parts — usage, what the command does, its
//! options with their values and descriptions — for the shell completions and the man page, so
//! both say what `--help` says.

use super::help::COMMANDS;

/// One command's help, in parts.
pub struct CommandHelp {
    pub name: &'static str,
    /// The usage line (`recordlint check FILE... [--format …]`).
    pub usage: &'static str,
    /// The paragraphs of text, options left out (each paragraph's lines joined by spaces).
    pub paragraphs: Vec<String>,
    pub options: Vec<OptionHelp>,
    /// What the first argument after the command can be.
    pub argument: Value,
}

/// One option: `--format text|json   output (default text)`.
pub struct OptionHelp {
    /// `--format`.
    pub flag: &'static str,
    /// `text|json`, empty for a flag that takes no value.
    pub value: &'static str,
    pub description: &'static str,
}

/// What a value (or an argument) can be, for completion.
#[derive(Debug, PartialEq, Eq)]
pub enum Value {
    /// One of these words (and, with `files`, a file).
    Words { words: Vec<String>, files: bool },
    /// Anything: nothing to offer.
    Free,
}

impl OptionHelp {
    pub fn completes(&self) -> Value {
        value_of(self.value)
    }
}

/// Every command's help in parts, in `help::COMMANDS` order.
pub fn commands() -> Vec<CommandHelp> {
    COMMANDS.iter().map(|(name, text)| parse(name, text)).collect()
}

/// The profile presets' names (what a `NAME` value completes to).
pub fn preset_names() -> Vec<String> {
    recordlint_core::Profile::presets().into_iter().map(|p| p.name).collect()
}

fn parse(name: &'static str, text: &'static str) -> CommandHelp {
    let mut lines = text.lines();
    let usage = lines.next().unwrap_or_default();
    let mut paragraphs = Vec::new();
    let mut options = Vec::new();
    let mut paragraph = String::new();
    for line in lines {
        if let Some(option) = line.strip_prefix("  ").filter(|l| l.starts_with('-')).and_then(option_line) {
            options.push(option);
        } else if line.trim().is_empty() || line == "options:" {
            if !paragraph.is_empty() {
                paragraphs.push(std::mem::take(&mut paragraph));
            }
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line.trim());
        }
    }
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    let first = usage.split_whitespace().nth(2).unwrap_or_default();
    let argument = if first.starts_with('[') { Value::Free } else { value_of(first.trim_end_matches("...")) };
    CommandHelp { name, usage, paragraphs, options, argument }
}

/// `--flag VALUE   description` (two or more spaces before the description).
fn option_line(line: &'static str) -> Option<OptionHelp> {
    let (head, description) = line.split_once("  ")?;
    let mut head = head.split_whitespace();
    let flag = head.next()?;
    Some(OptionHelp { flag, value: head.next().unwrap_or_default(), description: description.trim() })
}

/// `text|json` → those words; `FILE`, `PATH` → files; `NAME|FILE` → presets and files; `NAME` →
/// presets; anything else in capitals is free.
fn value_of(value: &str) -> Value {
    let mut words = Vec::new();
    let mut files = false;
    for part in value.split('|').filter(|p| !p.is_empty()) {
        match part {
            "FILE" | "PATH" => files = true,
            "NAME" => words.extend(preset_names()),
            p if p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') => {
                words.push(p.to_string())
            }
            _ => {}
        }
    }
    if words.is_empty() && !files {
        Value::Free
    } else {
        Value::Words { words, files }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_values_and_arguments_are_read_from_the_help() {
        let commands = commands();
        let check = commands.iter().find(|c| c.name == "check").unwrap();
        let format = check.options.iter().find(|o| o.flag == "--format").unwrap();
        let words = ["text", "json", "csv", "operation-outcome"].map(String::from).to_vec();
        assert_eq!(format.completes(), Value::Words { words, files: false });
        assert_eq!(check.argument, Value::Words { words: vec![], files: true });
        assert!(check.paragraphs[0].starts_with("Checks CSV exports"), "{:?}", check.paragraphs);
        let profile = check.options.iter().find(|o| o.flag == "--profile").unwrap();
        assert!(
            matches!(profile.completes(), Value::Words { ref words, files: true } if words.contains(&"inpatient".to_string()))
        );
        let generate = commands.iter().find(|c| c.name == "generate").unwrap();
        assert!(matches!(&generate.argument, Value::Words { words, .. } if words.len() == 4));
        assert_eq!(commands.iter().find(|c| c.name == "rule").unwrap().argument, Value::Free);
    }
}
