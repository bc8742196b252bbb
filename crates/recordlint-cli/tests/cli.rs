//! The real binary: several files checked as one run share the cross-record index, and presets.

mod common;

use std::process::{Command, Output};

fn recordlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recordlint"))
        .current_dir(common::repo_path("tests"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_files_are_one_run_for_cross_record_rules() {
    let out = recordlint(&["check", "cross-file/clinic-a.csv", "cross-file/clinic-b.csv"]);
    let text = stdout(&out);
    let expected = [
        "cross-file/clinic-b.csv: X401 error row 2, dob: MRN 5001 has birth date 1980-03-01 here but 1980-02-01 at row 2 of cross-file/clinic-a.csv: possible overlay of two patients",
        "cross-file/clinic-b.csv: D206 error row 3, admit_date: encounter on 2026-05-04 is after the patient was discharged expired on 2026-02-10 at row 3 of cross-file/clinic-a.csv",
        "cross-file/clinic-b.csv: X404 warning row 4: MRN 9003 (\"Lee, Kim\", born 1955-11-30) is probably MRN 5003 (\"Lee, Kim\", born 1955-11-30) at row 4 of cross-file/clinic-a.csv: similar name, same birth date",
        "cross-file/clinic-b.csv: X405 warning row 5: MRN 5003: same admit date and encounter id as row 4 of cross-file/clinic-a.csv",
    ];
    for line in expected {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("clinic-a.csv: X"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");
}

#[test]
fn each_file_alone_lacks_the_cross_file_findings() {
    for file in ["cross-file/clinic-a.csv", "cross-file/clinic-b.csv"] {
        let text = stdout(&recordlint(&["check", file]));
        for rule in [" X401 ", " D206 ", " X405 "] {
            assert!(!text.contains(rule), "{file}: {text}");
        }
    }
}

#[test]
fn profile_by_preset_name_or_file_and_unknown_names_list_presets() {
    let out = recordlint(&["check", "--profile", "registration", "cross-file/clinic-b.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let out = recordlint(&["check", "--profile", "no-such-profile", "cross-file/clinic-a.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inpatient, outpatient, registration, lab"), "{err}");
    let out = recordlint(&[
        "check",
        "--profile",
        "fixtures/lifetime/length-of-stay-inpatient.profile.json",
        "fixtures/lifetime/length-of-stay-inpatient.csv",
    ]);
    assert!(stdout(&out).contains("D207 warning row 2"), "{}", stdout(&out));
}

#[test]
fn profiles_are_listed_and_printed_as_loadable_json() {
    let list = stdout(&recordlint(&["profiles"]));
    for name in ["inpatient", "outpatient", "registration", "lab"] {
        assert!(list.lines().any(|l| l.starts_with(name)), "{list}");
        let out = recordlint(&["profile", name]);
        assert_eq!(out.status.code(), Some(0));
        let profile = recordlint_core::Profile::from_json(&stdout(&out)).expect("printed preset loads");
        assert_eq!(profile, recordlint_core::Profile::preset(name).unwrap());
    }
    assert_eq!(recordlint(&["profile", "nope"]).status.code(), Some(2));
}

/// The JSON of `recordlint code` has the fields scripts rely on, for valid, heading and bad codes.
#[test]
fn code_lookup_json_has_the_summary_fields() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = recordlint(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        // One object a line; each line's `answers` (one per system).
        let text = stdout(&out);
        let lines = text.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON"));
        lines.map(|mut v| v["answers"].take()).collect()
    };
    let v = json(&["code", "e119", "--system", "icd10cm", "--date", "2026-03-04", "--format", "json"]);
    let l = &v[0][0];
    assert_eq!((l["system"].as_str(), l["code"].as_str()), (Some("icd10cm"), Some("E11.9")));
    assert_eq!((l["valid"].as_bool(), l["billable"].as_bool()), (Some(true), Some(true)));
    assert_eq!(l["description"].as_str(), Some("Type 2 diabetes mellitus without complications"));
    assert!(l.get("reason").is_none());

    let l = &json(&["code", "E11", "--format", "json"])[0][0];
    assert_eq!((l["valid"].as_bool(), l["billable"].as_bool()), (Some(false), Some(false)));
    assert!(l["reason"].as_str().unwrap().starts_with("E11 is a category"), "{l}");

    let l = &json(&["code", "S52.501", "--date", "2026-03-04", "--format", "json"])[0][0];
    assert!(l["reason"].as_str().unwrap().starts_with("S52.501 needs a 7th character: one of the 16"), "{l}");
    assert_eq!(l["seventh_characters"][0]["meaning"].as_str(), Some("initial encounter for closed fracture"));

    let l = &json(&["code", "D69.1", "--date", "2026-10-01", "--format", "json"])[0][0];
    assert_eq!(l["billable"].as_bool(), Some(false));
    let l = &json(&["code", "D69.1", "--date", "2026-09-30", "--format", "json"])[0][0];
    assert_eq!(l["billable"].as_bool(), Some(true));

    let l = &json(&["code", "0016070", "--format", "json"])[0][0];
    assert_eq!((l["system"].as_str(), l["valid"].as_bool()), (Some("icd10pcs"), Some(true)));
    let l = &json(&["code", "0016O70", "--system", "icd10pcs", "--format", "json"])[0][0];
    assert_eq!(l["valid"].as_bool(), Some(false));
    assert!(l["reason"].as_str().unwrap().contains('O'), "{l}");

    let l = &json(&["code", "1234567890", "--system", "npi", "--format", "json"])[0][0];
    assert_eq!((l["valid"].as_bool(), l.get("billable")), (Some(false), None));
    assert!(l["reason"].is_string());
    let l = &json(&["code", "1234567893", "--system", "npi", "--format", "json"])[0][0];
    assert_eq!(l["valid"].as_bool(), Some(true));

    assert_eq!(recordlint(&["code", "E11", "--system", "nope"]).status.code(), Some(2));
}

#[test]
fn every_command_answers_help() {
    let usage = stdout(&recordlint(&["--help"]));
    let commands: Vec<&str> = usage
        .lines()
        .filter_map(|l| l.trim_start_matches("usage:").trim().strip_prefix("recordlint "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| !c.starts_with('-') && *c != "COMMAND")
        .collect();
    assert_eq!(
        commands,
        [
            "check",
            "profiles",
            "profile",
            "rules",
            "rule",
            "code",
            "exercises",
            "generate",
            "completions",
            "man",
            "deidentify"
        ],
        "{usage}"
    );
    for command in commands {
        let help = recordlint(&[command, "--help"]);
        let text = stdout(&help);
        assert_eq!(help.status.code(), Some(0), "{command} --help: {text}");
        assert!(text.starts_with(&format!("usage: recordlint {command}")), "{command} --help: {text}");
        assert!(usage.contains(text.lines().next().unwrap().trim_start_matches("usage: ")), "{command}");
        assert_eq!(stdout(&recordlint(&[command, "-h"])), text, "{command} -h");
        assert_eq!(stdout(&recordlint(&["help", command])), text, "help {command}");
    }
    // Also after other arguments, and not after `--`.
    let help = recordlint(&["code", "E11.9", "--date", "2026-03-04", "--help"]);
    assert!(stdout(&help).starts_with("usage: recordlint code TEXT..."), "{}", stdout(&help));
    assert!(stdout(&recordlint(&["check", "--help"])).contains("--input-format csv|fhir|hl7v2"));
    let after = recordlint(&["code", "--", "--help"]);
    assert!(!stdout(&after).starts_with("usage:"));
}

/// The text of `recordlint code`: CPT's format-only verdict, "did you mean", the 7th-character
/// table and the codes under a heading with their descriptions.
#[test]
fn code_lookup_text_says_what_it_checked() {
    let out = recordlint(&["code", "99213", "E11.99", "S52.501", "E11", "--date", "2026-03-04"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("99213 is format valid — CPT content is licensed by the AMA and not checked"),
        "{text}"
    );
    assert!(text.contains("E11.99 does not exist in ICD-10-CM on 2026-03-04"), "{text}");
    assert!(text.contains("did you mean E11.9 (complete code)?"), "{text}");
    assert!(
        text.contains("    E11.9  complete code — Type 2 diabetes mellitus without complications"),
        "{text}"
    );
    assert!(
        text.contains("S52.501 needs a 7th character: one of the 16 in the 7th-character table"),
        "{text}"
    );
    assert!(
        text.contains("  7th characters (defined at S52):\n    A  initial encounter for closed fracture\n"),
        "{text}"
    );
    assert!(
        text.contains("  codes under E11 (87):\n    E11.00    Type 2 diabetes mellitus with hyperosmolarity"),
        "{text}"
    );
}
