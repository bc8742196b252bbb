//! Throughput of validation with every rule on (the opt-in rules too), one benchmark group per
//! format: `cargo bench --bench validate` (or `-- csv`, `-- hl7`…). Inputs come from
//! `recordlint_core::synth` (encounters of repeated patients, about 2% planted defects), fed in
//! 1 MiB chunks as the CLI and the page feed them. One core: the parallel CLI adds the others.
//! The CSV groups also time the `csv` crate merely reading the same bytes (the floor), and
//! `csv-wide` is a file of tens of thousands of distinct codes (`generate --codes wide`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use recordlint_core::synth::{generate_codes, Codes, Kind, Mix};
use recordlint_core::{Profile, RuleSetting, Validator};

const CHUNK: usize = 1 << 20;

/// The default profile with every rule on.
fn every_rule() -> Profile {
    let mut profile = Profile::default();
    for rule in recordlint_core::rules::ALL {
        let default = rule.enabled_by_default.then_some(rule.default_severity);
        if profile.severity_of(rule.id, rule.name, default).is_none() {
            profile.rules.insert(rule.id.to_string(), RuleSetting::Warning);
        }
    }
    profile
}

/// Every rule off: what reading the format costs.
fn no_rule() -> Profile {
    let mut profile = Profile::default();
    for rule in recordlint_core::rules::ALL {
        profile.rules.insert(rule.id.to_string(), RuleSetting::Off);
    }
    profile
}

fn validate(input: &[u8], profile: &Profile) -> u64 {
    let mut v = Validator::with_today(profile.clone(), jiff::civil::date(2026, 11, 22));
    for part in input.chunks(CHUNK) {
        v.feed(part);
    }
    v.finish().summary.records
}

/// Records read by the `csv` crate into one reused record: the floor of CSV throughput.
fn csv_floor(input: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut records = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        records += 1;
    }
    records
}

fn bench_format(c: &mut Criterion, name: &str, kind: Kind, records: u64, codes: Codes) {
    let input = generate_codes(kind, records, 1, Mix::Classic, codes).0;
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(10);
    let all = every_rule();
    group.bench_function("all-rules", |b| b.iter(|| validate(&input, &all)));
    let none = no_rule();
    group.bench_function("parse-only", |b| b.iter(|| validate(&input, &none)));
    if kind == Kind::Csv {
        group.bench_function("csv-crate-floor", |b| b.iter(|| csv_floor(&input)));
    }
    group.finish();
}

fn csv(c: &mut Criterion) {
    bench_format(c, "csv", Kind::Csv, 50_000, Codes::Common);
    bench_format(c, "csv-wide", Kind::Csv, 50_000, Codes::Wide);
}

fn ndjson(c: &mut Criterion) {
    bench_format(c, "ndjson", Kind::Ndjson, 4_000, Codes::Common);
}

fn bundle(c: &mut Criterion) {
    bench_format(c, "bundle", Kind::Bundle, 4_000, Codes::Common);
}

fn hl7(c: &mut Criterion) {
    bench_format(c, "hl7", Kind::Hl7, 10_000, Codes::Common);
}

criterion_group!(benches, csv, ndjson, bundle, hl7);
criterion_main!(benches);
