//! The cross-record index's size per record on generated CSV, and its growth with the input.

use recordlint_core::synth::{generate, Kind};
use recordlint_core::{Profile, Validator};

/// Heap bytes of the index after checking `rows` generated CSV rows, per row.
fn bytes_per_row(rows: u64) -> f64 {
    let csv = generate(Kind::Csv, rows, 1);
    let mut v = Validator::with_today(Profile::default(), jiff::civil::date(2026, 11, 22));
    v.feed(&csv);
    let (_, index) = v.finish_with_index();
    let index = index.expect("the default profile runs the cross-record rules");
    for (part, bytes) in index.heap_parts() {
        eprintln!("{part:>20}: {:5.1} bytes a row", bytes as f64 / rows as f64);
    }
    index.heap_bytes() as f64 / rows as f64
}

#[test]
fn the_index_takes_at_most_40_bytes_a_row() {
    let rows: u64 =
        std::env::var("RECORDLINT_INDEX_ROWS").ok().and_then(|r| r.parse().ok()).unwrap_or(100_000);
    let per_row = bytes_per_row(rows);
    eprintln!("{rows} rows: {per_row:.1} bytes a row");
    assert!(per_row <= 40.0, "{per_row:.1} bytes a row");
}
