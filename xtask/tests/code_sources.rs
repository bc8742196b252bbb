//! The code constants written by hand in `recordlint-core` (discharge status codes, MCE age
//! ranges, the first IOCE version) equal the official source files they come from.

use recordlint_core::codes::{discharge_status, hcpcs, mce};
use xtask::tables::generate::{gunzip, source_dir};

fn source_lines(name: &str) -> Vec<String> {
    let csv = gunzip(&source_dir().join(name)).unwrap();
    csv.lines().skip(1).map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn discharge_status_codes_match_their_source() {
    let ours: Vec<String> = discharge_status::CODES.iter().map(|(c, f, t)| format!("{c},{f},{t}")).collect();
    assert_eq!(source_lines("mce-discharge-status.csv.gz"), ours);
}

#[test]
fn age_ranges_match_their_source() {
    let ours: Vec<String> = mce::AGE_RANGES
        .iter()
        .map(|(e, min, max, from, to)| format!("{:?},{min},{max},{from},{to}", e))
        .collect();
    assert_eq!(source_lines("mce-age-ranges.csv.gz"), ours);
}

#[test]
fn hcpcs_data_begins_with_the_first_ioce_version() {
    let lines = source_lines("ioce-version-ranges.csv.gz");
    let first = lines.iter().filter_map(|l| l.split(',').nth(2)).min().unwrap();
    assert_eq!(first, hcpcs::DATA_BEGINS.strftime("%Y%m%d").to_string());
}
