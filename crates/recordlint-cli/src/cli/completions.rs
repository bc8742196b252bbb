//! `recordlint completions bash|zsh|fish`: a completion script for the shell, written from the
//! help texts (`help_parts`), so it offers exactly the commands and options `--help` lists.

use super::help_parts::{commands, CommandHelp, Value};
use super::unexpected;
use lexopt::ValueExt;

pub fn run(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut shell = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Value(v) if shell.is_none() => shell = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    let script = match shell.as_deref() {
        Some("bash") => bash(),
        Some("zsh") => zsh(),
        Some("fish") => fish(),
        Some(other) => return Err(format!("completions for bash, zsh or fish, not {other:?}")),
        None => return Err("completions needs a shell: bash, zsh or fish".into()),
    };
    print!("{script}");
    Ok(0)
}

/// What a command does, in a line: its first paragraph up to the first `. `, `; ` or `: ` past
/// its first words.
fn summary(command: &CommandHelp) -> String {
    let text = command.paragraphs.first().map(String::as_str).unwrap_or_default();
    let end = [". ", "; ", ": "]
        .iter()
        .filter_map(|sep| text.get(16..).and_then(|rest| rest.find(sep)).map(|i| i + 16))
        .min()
        .unwrap_or(text.len());
    text[..end].trim_end_matches('.').to_string()
}

/// Top-level words besides the commands.
const GLOBAL: [&str; 3] = ["help", "--help", "--version"];

/// `'text'` for a shell word in single quotes.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn words_of(value: &Value) -> (String, bool) {
    match value {
        Value::Words { words, files } => (words.join(" "), *files),
        Value::Free => (String::new(), false),
    }
}

pub fn bash() -> String {
    let commands = commands();
    let names: Vec<_> = commands.iter().map(|c| c.name).chain(GLOBAL).collect();
    let mut out = String::from("# recordlint completion for bash: `source <(recordlint completions bash)`\n");
    out.push_str("_recordlint() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
    out.push_str(&format!(
        "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n    COMPREPLY=($(compgen -W {} -- \"$cur\"))\n    return\n  fi\n",
        quoted(&names.join(" "))
    ));
    out.push_str("  case ${COMP_WORDS[1]} in\n");
    for c in &commands {
        out.push_str(&format!("  {})\n    case $prev in\n", c.name));
        for o in c.options.iter().filter(|o| !o.value.is_empty()) {
            let (words, files) = words_of(&o.completes());
            let files = if files { "; COMPREPLY+=($(compgen -f -- \"$cur\"))" } else { "" };
            out.push_str(&format!(
                "    {}) COMPREPLY=($(compgen -W {} -- \"$cur\")){files}; return ;;\n",
                o.flag,
                quoted(&words)
            ));
        }
        out.push_str("    esac\n");
        let flags: Vec<_> = c.options.iter().map(|o| o.flag).chain(["--help"]).collect();
        out.push_str(&format!(
            "    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W {} -- \"$cur\")); return; fi\n",
            quoted(&flags.join(" "))
        ));
        let (words, files) = words_of(&c.argument);
        if !words.is_empty() {
            out.push_str(&format!("    COMPREPLY=($(compgen -W {} -- \"$cur\"))\n", quoted(&words)));
        }
        if files {
            out.push_str("    COMPREPLY+=($(compgen -f -- \"$cur\"))\n");
        }
        out.push_str("    ;;\n");
    }
    out.push_str(&format!(
        "  help) COMPREPLY=($(compgen -W {} -- \"$cur\")) ;;\n",
        quoted(&names[..commands.len()].join(" "))
    ));
    out.push_str("  esac\n}\ncomplete -o default -F _recordlint recordlint\n");
    out
}

/// Text inside a zsh `_arguments` description: brackets and colons escaped.
fn zsh_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace(':', "\\:")
        .replace('\'', "'\\''")
}

pub fn zsh() -> String {
    let commands = commands();
    let mut out = String::from(
        "#compdef recordlint\n# recordlint completion for zsh: save as _recordlint in a folder of $fpath\n",
    );
    out.push_str("_recordlint() {\n  local -a commands\n  commands=(\n");
    for c in &commands {
        out.push_str(&format!("    '{}:{}'\n", c.name, zsh_text(&summary(c))));
    }
    out.push_str("    'help:the help of a command'\n  )\n");
    out.push_str("  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    _arguments '--help[every command and its options]' '--version[the version]'\n    return\n  fi\n");
    out.push_str("  case $words[2] in\n");
    for c in &commands {
        out.push_str(&format!("  {})\n    _arguments \\\n", c.name));
        for o in &c.options {
            let action = match (o.value.is_empty(), o.completes()) {
                (true, _) => String::new(),
                (false, Value::Free) => format!(":{}: ", o.value.to_lowercase()),
                (false, Value::Words { words, files }) => {
                    let words = format!("({})", words.join(" "));
                    format!(
                        ":{}:{}",
                        o.flag.trim_start_matches('-'),
                        if files {
                            format!("_alternative 'presets:preset:{words}' 'files:file:_files'")
                        } else {
                            words
                        }
                    )
                }
            };
            out.push_str(&format!(
                "      '{}[{}]{}' \\\n",
                o.flag,
                zsh_text(o.description),
                action.replace('\'', "'\\''")
            ));
        }
        out.push_str("      '--help[this help]' \\\n");
        let argument = match &c.argument {
            Value::Words { words, files: true } if words.is_empty() => "'*:file:_files'".to_string(),
            // The words first (`lint|stats`), then files (`PATH...`) or nothing worse than files.
            Value::Words { words, .. } => format!("'1:argument:({})' '*:file:_files'", words.join(" ")),
            Value::Free => "'*:argument: '".to_string(),
        };
        out.push_str(&format!("      {argument}\n    ;;\n"));
    }
    out.push_str(&format!(
        "  help)\n    _arguments '1:command:({})'\n    ;;\n  esac\n}}\n_recordlint \"$@\"\n",
        commands.iter().map(|c| c.name).collect::<Vec<_>>().join(" ")
    ));
    out
}

pub fn fish() -> String {
    let commands = commands();
    let names: Vec<_> = commands.iter().map(|c| c.name).collect();
    let mut out = String::from("# recordlint completion for fish: `recordlint completions fish > ~/.config/fish/completions/recordlint.fish`\n");
    out.push_str("complete -c recordlint -f\n");
    out.push_str(
        "complete -c recordlint -n __fish_use_subcommand -l help -d 'every command and its options'\n",
    );
    out.push_str("complete -c recordlint -n __fish_use_subcommand -l version -d 'the version'\n");
    out.push_str(&format!(
        "complete -c recordlint -n __fish_use_subcommand -a help -d 'the help of a command'\ncomplete -c recordlint -n '__fish_seen_subcommand_from help' -a {}\n",
        quoted(&names.join(" "))
    ));
    for c in &commands {
        let when = quoted(&format!("__fish_seen_subcommand_from {}", c.name));
        out.push_str(&format!(
            "complete -c recordlint -n __fish_use_subcommand -a {} -d {}\n",
            c.name,
            quoted(&summary(c))
        ));
        for o in &c.options {
            let mut line = format!("complete -c recordlint -n {when} -l {}", o.flag.trim_start_matches('-'));
            match (o.value.is_empty(), o.completes()) {
                (true, _) => {}
                (false, Value::Free) => line.push_str(" -x"),
                (false, Value::Words { words, files }) => {
                    line.push_str(if files { " -r -F" } else { " -x" });
                    if !words.is_empty() {
                        line.push_str(&format!(" -a {}", quoted(&words.join(" "))));
                    }
                }
            }
            line.push_str(&format!(" -d {}\n", quoted(o.description)));
            out.push_str(&line);
        }
        out.push_str(&format!("complete -c recordlint -n {when} -l help -d 'this help'\n"));
        match &c.argument {
            Value::Words { words, files } => {
                if !words.is_empty() {
                    out.push_str(&format!(
                        "complete -c recordlint -n {when} -a {}\n",
                        quoted(&words.join(" "))
                    ));
                }
                if *files {
                    out.push_str(&format!("complete -c recordlint -n {when} -F\n"));
                }
            }
            Value::Free => {}
        }
    }
    out
}
