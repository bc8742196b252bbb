//! Throughput of whole-file validation with every rule on (`cargo bench`). Inputs are generated
//! deterministically by `recordlint::synth`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use recordlint::{synth, Profile, Validator};

fn csv(c: &mut Criterion) {
    let mut input = String::from(synth::CSV_HEADER);
    synth::encounter_csv(&mut input, 200_000, 1, 20);
    let mut group = c.benchmark_group("csv");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(10);
    for chunk in [64 * 1024, 1 << 20] {
        group.bench_with_input(BenchmarkId::new("all-rules", chunk), &chunk, |b, &chunk| {
            b.iter(|| {
                let mut v = Validator::with_today(Profile::default(), jiff::civil::date(2026, 11, 22));
                for part in input.as_bytes().chunks(chunk) {
                    v.feed(part);
                }
                v.finish().summary.records
            })
        });
    }
    group.finish();
}

criterion_group!(benches, csv);
criterion_main!(benches);
