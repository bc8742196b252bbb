//! Shell completions and the man page say what `--help` says: every command and every option of
//! every command's help appears in each, and the scripts are valid for their shell.

use std::process::Command;

fn recordlint(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint")).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every command of `recordlint --help` with the options its own `--help` lists (found in its
/// text, independently of how the completions read it).
fn commands_and_options() -> Vec<(String, Vec<String>)> {
    let usage = recordlint(&["--help"]);
    let commands = usage
        .lines()
        .filter_map(|l| l.trim_start_matches("usage:").trim().strip_prefix("recordlint "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| !c.starts_with('-') && *c != "COMMAND");
    commands
        .map(|command| {
            let help = recordlint(&[command, "--help"]);
            // The usage line and the option lines (`  --format …`), not flags of other commands
            // named in the prose.
            let lines = help.lines().filter(|l| l.starts_with("usage:") || l.starts_with("  --"));
            let mut options: Vec<String> = lines
                .flat_map(|l| l.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
                .filter(|w| w.starts_with("--") && w.len() > 2)
                .map(str::to_string)
                .collect();
            options.sort();
            options.dedup();
            (command.to_string(), options)
        })
        .collect()
}

/// Is `word` in `text` as a whole word (not part of a longer one)?
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
        let after =
            text[i + word.len()..].chars().next().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
        before && after
    })
}

#[test]
fn every_command_and_option_is_in_each_completion_and_the_man_page() {
    let listed = commands_and_options();
    assert!(listed.len() >= 10, "{listed:?}");
    assert!(listed.iter().any(|(c, o)| c == "code" && o.contains(&"--from".to_string())), "{listed:?}");
    // The man page escapes hyphens (`\-`); fish names long options without their dashes (`-l format`).
    let man = recordlint(&["man"]).replace("\\-", "-");
    for shell in ["bash", "zsh", "fish", "man"] {
        let text = if shell == "man" { man.clone() } else { recordlint(&["completions", shell]) };
        for (command, options) in &listed {
            assert!(has_word(&text, command), "{shell}: no command {command}");
            for option in options {
                let found = if shell == "fish" {
                    text.lines().any(|l| {
                        l.contains(&format!("__fish_seen_subcommand_from {command}'"))
                            && l.contains(&format!(" -l {} ", option.trim_start_matches('-')))
                    })
                } else {
                    has_word(&text, option)
                };
                assert!(found, "{shell}: no {option} of {command}");
            }
        }
    }
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Runs `script` in bash after sourcing the completion and returns what it prints.
fn bash(script: &str) -> String {
    let completion = recordlint(&["completions", "bash"]);
    let out =
        Command::new("bash").arg("-c").arg(format!("{completion}\n{script}")).output().expect("bash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn bash_completes_commands_options_and_values() {
    let complete = |words: &str| {
        bash(&format!(
            "COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _recordlint; echo \"${{COMPREPLY[*]}}\""
        ))
    };
    assert_eq!(complete("recordlint ch"), "check");
    assert_eq!(complete("recordlint co"), "code completions");
    assert_eq!(complete("recordlint check --format ''"), "text json csv operation-outcome");
    assert_eq!(complete("recordlint code --sy"), "--system");
    assert_eq!(complete("recordlint code --system s"), "snomed");
    assert_eq!(complete("recordlint generate ''"), "csv ndjson bundle hl7");
    assert!(complete("recordlint check --profile ''").contains("inpatient"));
}

#[test]
fn the_scripts_and_the_page_are_valid_for_their_tools() {
    let check = |program: &str, args: &[&str], input: &str| {
        let path = std::env::temp_dir().join(format!("recordlint-{}-{program}", std::process::id()));
        std::fs::write(&path, input).unwrap();
        let out = Command::new(program).args(args).arg(&path).output().expect("runs");
        std::fs::remove_file(&path).unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success() && err.is_empty(), "{program}: {err}");
    };
    check("bash", &["-n"], &recordlint(&["completions", "bash"]));
    // zsh, fish and groff where installed (the CI machine has bash only, perhaps).
    if installed("zsh") {
        check("zsh", &["-n"], &recordlint(&["completions", "zsh"]));
    }
    if installed("fish") {
        check("fish", &["-n"], &recordlint(&["completions", "fish"]));
    }
    if installed("groff") {
        check("groff", &["-man", "-Tutf8", "-ww", "-z"], &recordlint(&["man"]));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_recordlint")).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
