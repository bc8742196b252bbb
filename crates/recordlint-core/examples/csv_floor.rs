//! The floor of CSV throughput that recordlint is measured against: the `csv` crate reading a
//! file into one reused `ByteRecord`, counting records and fields, nothing else (no allocation
//! per row, no validation). `benches/run.py` times it on the same files as `recordlint check`:
//!
//! ```sh
//! cargo run --release -p recordlint-core --example csv_floor -- FILE
//! ```
//!
//! prints `records R fields F bytes B`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: csv_floor FILE");
        return ExitCode::from(2);
    };
    match count(&path) {
        Ok((records, fields, bytes)) => {
            println!("records {records} fields {fields} bytes {bytes}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            ExitCode::from(2)
        }
    }
}

/// Records (after the header), fields and bytes of the CSV file at `path`.
fn count(path: &std::ffi::OsStr) -> Result<(u64, u64, u64), csv::Error> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut fields) = (0u64, 0u64);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        fields += record.len() as u64;
    }
    Ok((records, fields, reader.position().byte()))
}
