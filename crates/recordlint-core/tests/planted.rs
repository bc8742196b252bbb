//! Planted-defect recall and clean-record error rate, measured on `recordlint generate` output.
//!
//! For each format and mix, generate records with the ground truth of their planted defects
//! (`synth::generate_with_truth`, the same as `recordlint generate … --truth FILE`), check them
//! with the default profile, and compute
//! - per defect class, the recall: truth rows whose expected rule fired at the planted place;
//! - the clean-record error rate: records with no planted defect that carry any error finding.
//!
//! Asserts 100 % recall per class and at most 1 % clean records with errors, except for what
//! [`PENDING`] lists. Print the table with `cargo test -p recordlint-core --test planted -- --nocapture`.

use recordlint_core::synth::{generate_with_truth, Kind, Mix, Planted};
use recordlint_core::{validate, Location, Profile, Severity};
use std::collections::{BTreeMap, HashMap};

const TODAY: (i16, i8, i8) = (2026, 11, 22);
const SEED: u64 = 20_261_207;

/// Known gaps, each with its reason: `(format-mix, key, reason)`, where a kebab-case key is a
/// defect class whose recall may be below 100 % and a rule id (`K310`) a rule whose errors on
/// clean records are left out of the clean-record error rate. None today. An entry that no
/// longer fails makes the test fail: remove it.
const PENDING: &[(&str, &str, &str)] = &[];

/// The defect classes each mix plants (those a format cannot carry are left out per format).
fn classes(kind: Kind, mix: Mix) -> Vec<&'static str> {
    let mut classes = vec![
        "discharge-before-admission",
        "malformed-icd10cm-code",
        "invalid-npi",
        "blank-mrn",
        "impossible-birth-date",
        "mrn-birth-date-conflict",
    ];
    // The classic FHIR output writes a patient's sex once, so a flipped sex is no conflict there.
    if mix == Mix::Realistic || matches!(kind, Kind::Csv | Kind::Hl7) {
        classes.push("mrn-sex-conflict");
    }
    if mix == Mix::Realistic {
        classes.extend(["comma-for-dot", "implausible-birth-year"]);
        if matches!(kind, Kind::Csv | Kind::Hl7) {
            classes.push("unrecognized-procedure");
        }
        if kind != Kind::Csv {
            classes.extend(["loinc-check-digit", "snomed-ct-check-digit"]);
        }
        if kind != Kind::Hl7 {
            classes.push("ndc-layout");
        }
    }
    classes
}

fn name(kind: Kind, mix: Mix) -> String {
    let k = match kind {
        Kind::Csv => "csv",
        Kind::Ndjson => "ndjson",
        Kind::Bundle => "bundle",
        Kind::Hl7 => "hl7",
    };
    let m = match mix {
        Mix::Classic => "classic",
        Mix::Realistic => "realistic",
    };
    format!("{k}-{m}")
}

/// The record (1-based) a location is in: CSV row − 1, HL7 message, FHIR the encounter whose
/// resources own the line (`owner`); `None` for places in no record.
fn record_of(at: &Location, owner: &HashMap<u64, u64>) -> Option<u64> {
    match at {
        Location::Csv { row, .. } => row.checked_sub(1),
        Location::Hl7 { message, .. } => Some(u64::from(*message)),
        Location::Json { line: Some(line), .. } => owner.get(line).copied(),
        _ => None,
    }
}

/// FHIR: line → record, from the generated text (every resource but a Patient names its
/// encounter `enc-N`; a Patient belongs to the encounter that follows it).
fn fhir_owners(text: &str) -> HashMap<u64, u64> {
    let mut owner = HashMap::new();
    let mut waiting = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = (i + 1) as u64;
        let Some(at) = line.find("enc-") else {
            if line.contains(r#""resourceType":"Patient""#) {
                waiting.push(number);
            }
            continue;
        };
        let digits: String = line[at + 4..].chars().take_while(char::is_ascii_digit).collect();
        let Ok(record) = digits.parse::<u64>() else { continue };
        for w in waiting.drain(..) {
            owner.insert(w, record);
        }
        owner.insert(number, record);
    }
    owner
}

/// True when a finding at `found` is at the planted place `truth` (the truth names an HL7 field
/// without its component, a JSON value whose finding may point inside it).
fn same_place(found: &str, truth: &str) -> bool {
    found == truth || found.starts_with(&format!("{truth}.")) || found.starts_with(&format!("{truth}/"))
}

struct Measure {
    name: String,
    records: u64,
    /// class → (planted, found, misses)
    recall: BTreeMap<&'static str, (u64, u64, Vec<String>)>,
    clean: u64,
    /// Clean records with an error (all rules), and without the pending rules.
    clean_with_errors: u64,
    clean_with_errors_not_pending: u64,
    /// rule → (findings, an example)
    false_errors: BTreeMap<&'static str, (u64, String)>,
    /// Warnings on clean records: rule → count.
    clean_warnings: BTreeMap<&'static str, u64>,
}

fn measure(kind: Kind, mix: Mix, records: u64) -> Measure {
    let name = name(kind, mix);
    let (bytes, truth) = generate_with_truth(kind, records, SEED, mix);
    let profile = Profile { max_findings: usize::MAX, ..Profile::default() };
    let report = validate(&bytes, profile, jiff::civil::date(TODAY.0, TODAY.1, TODAY.2));
    assert_eq!(report.summary.records, records, "{name}: records checked");
    let owner = match kind {
        Kind::Ndjson | Kind::Bundle => fhir_owners(std::str::from_utf8(&bytes).unwrap()),
        _ => HashMap::new(),
    };
    let pending_rules: Vec<&str> = PENDING
        .iter()
        .filter(|(f, key, _)| *f == name && key.as_bytes()[0].is_ascii_uppercase())
        .map(|(_, key, _)| *key)
        .collect();

    let mut by_record: HashMap<u64, Vec<(&str, String, Severity, String)>> = HashMap::new();
    for f in &report.findings {
        let record = record_of(&f.location, &owner).unwrap_or(0);
        by_record.entry(record).or_default().push((
            f.rule,
            f.location.to_string(),
            f.severity,
            f.message.clone(),
        ));
    }
    let planted: std::collections::HashSet<u64> = truth.iter().map(|t| t.record).collect();

    let mut recall: BTreeMap<&'static str, (u64, u64, Vec<String>)> = BTreeMap::new();
    for class in classes(kind, mix) {
        recall.entry(class).or_default();
    }
    for Planted { record, location, class, rule } in &truth {
        let entry = recall.entry(class).or_default();
        entry.0 += 1;
        let found = by_record
            .get(record)
            .is_some_and(|fs| fs.iter().any(|(r, at, _, _)| r == rule && same_place(at, location)));
        if found {
            entry.1 += 1;
        } else if entry.2.len() < 3 {
            let there: Vec<String> = by_record
                .get(record)
                .into_iter()
                .flatten()
                .map(|(r, at, _, _)| format!("{r} at {at}"))
                .collect();
            entry.2.push(format!("record {record}: no {rule} at {location}; found [{}]", there.join("; ")));
        }
    }

    let mut m = Measure {
        name,
        records,
        recall,
        clean: 0,
        clean_with_errors: 0,
        clean_with_errors_not_pending: 0,
        false_errors: BTreeMap::new(),
        clean_warnings: BTreeMap::new(),
    };
    for record in 1..=records {
        if planted.contains(&record) {
            continue;
        }
        m.clean += 1;
        let findings = by_record.get(&record).map(Vec::as_slice).unwrap_or(&[]);
        let errors: Vec<_> = findings.iter().filter(|f| f.2 == Severity::Error).collect();
        if !errors.is_empty() {
            m.clean_with_errors += 1;
        }
        if errors.iter().any(|f| !pending_rules.contains(&f.0)) {
            m.clean_with_errors_not_pending += 1;
        }
        for (rule, at, severity, message) in findings {
            if *severity == Severity::Error {
                let e = m.false_errors.entry(rule).or_insert_with(|| (0, format!("{at}: {message}")));
                e.0 += 1;
            } else {
                *m.clean_warnings.entry(rule).or_default() += 1;
            }
        }
    }
    // Findings in no record (the file as a whole) count against the clean rate too.
    if let Some(fs) = by_record.get(&0) {
        for (rule, at, severity, message) in fs {
            if *severity == Severity::Error {
                let e = m.false_errors.entry(rule).or_insert_with(|| (0, format!("{at}: {message}")));
                e.0 += 1;
                m.clean_with_errors_not_pending += 1;
            }
        }
    }
    m
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

fn table(m: &Measure) -> String {
    let mut out = format!("\n== {} ({} records, seed {SEED}, default profile)\n", m.name, m.records);
    out += &format!("  {:<28} {:>7} {:>6} {:>8}\n", "defect class (rule)", "planted", "found", "recall");
    for (class, (planted, found, _)) in &m.recall {
        let pending = PENDING.iter().any(|(f, k, _)| *f == m.name && k == class);
        out += &format!(
            "  {:<28} {:>7} {:>6} {:>7.1}%{}\n",
            class,
            planted,
            found,
            percent(*found, *planted),
            if pending { "  PENDING" } else { "" }
        );
    }
    out += &format!(
        "  clean records: {}; with any error: {} ({:.2}%); without pending rules: {} ({:.2}%)\n",
        m.clean,
        m.clean_with_errors,
        percent(m.clean_with_errors, m.clean),
        m.clean_with_errors_not_pending,
        percent(m.clean_with_errors_not_pending, m.clean)
    );
    for (rule, (n, example)) in &m.false_errors {
        out += &format!("    false error {rule} ×{n}, e.g. {example}\n");
    }
    if !m.clean_warnings.is_empty() {
        let w: Vec<String> = m.clean_warnings.iter().map(|(r, n)| format!("{r} ×{n}")).collect();
        out += &format!("    warnings on clean records: {}\n", w.join(", "));
    }
    out
}

/// Checks `m` against the targets; returns the failures.
fn failures(m: &Measure) -> Vec<String> {
    let mut failed = Vec::new();
    let pending = |key: &str| PENDING.iter().any(|(f, k, _)| *f == m.name && *k == key);
    for (class, (planted, found, misses)) in &m.recall {
        if *planted == 0 {
            failed.push(format!(
                "{}: no {class} defect planted (raise the record count or change the seed)",
                m.name
            ));
        } else if found < planted && !pending(class) {
            failed.push(format!("{}: {class} recall {found}/{planted}: {}", m.name, misses.join(" | ")));
        } else if found == planted && pending(class) {
            failed.push(format!("{}: {class} is found now: remove it from PENDING", m.name));
        }
    }
    if percent(m.clean_with_errors_not_pending, m.clean) > 1.0 {
        failed.push(format!(
            "{}: {:.2}% of clean records carry errors (at most 1%)",
            m.name,
            percent(m.clean_with_errors_not_pending, m.clean)
        ));
    }
    for (f, key, _) in PENDING {
        if *f == m.name && key.as_bytes()[0].is_ascii_uppercase() && !m.false_errors.contains_key(key) {
            failed.push(format!(
                "{}: no false {key} errors on clean records now: remove it from PENDING",
                m.name
            ));
        }
    }
    failed
}

fn run(kind: Kind, mix: Mix, records: u64) {
    let m = measure(kind, mix, records);
    let table = table(&m);
    println!("{table}");
    let failed = failures(&m);
    assert!(failed.is_empty(), "{table}\n{}", failed.join("\n"));
}

#[test]
fn csv_classic() {
    run(Kind::Csv, Mix::Classic, 3000);
}

#[test]
fn hl7_classic() {
    run(Kind::Hl7, Mix::Classic, 3000);
}

#[test]
fn ndjson_classic() {
    run(Kind::Ndjson, Mix::Classic, 3000);
}

#[test]
fn bundle_classic() {
    run(Kind::Bundle, Mix::Classic, 3000);
}

#[test]
fn csv_realistic() {
    run(Kind::Csv, Mix::Realistic, 4000);
}

#[test]
fn hl7_realistic() {
    run(Kind::Hl7, Mix::Realistic, 4000);
}

#[test]
fn ndjson_realistic() {
    run(Kind::Ndjson, Mix::Realistic, 4000);
}

#[test]
fn bundle_realistic() {
    run(Kind::Bundle, Mix::Realistic, 4000);
}

#[test]
fn every_pending_entry_names_a_measured_format_and_a_reason() {
    let formats: Vec<String> = [Kind::Csv, Kind::Hl7, Kind::Ndjson, Kind::Bundle]
        .iter()
        .flat_map(|&k| [name(k, Mix::Classic), name(k, Mix::Realistic)])
        .collect();
    for (format, key, reason) in PENDING {
        assert!(formats.iter().any(|f| f == format), "PENDING names an unknown format {format}");
        assert!(!key.is_empty() && !reason.is_empty(), "PENDING entry without key or reason");
    }
}
