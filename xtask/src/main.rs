//! `cargo xtask gen-tables`: regenerates the committed code tables in
//! `crates/recordlint-core/src/codes/tables/` (deflate-compressed) from the gzip-compressed official
//! files in its `source/` folder.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask gen-tables";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["gen-tables"] => gen_tables(),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn gen_tables() -> Result<(), String> {
    use xtask::tables::{generate, generate_notes};
    let source = generate::source_dir();
    for (name, table) in generate::all(|name| generate::gunzip(&source.join(name)))? {
        let path = source.with_file_name(name);
        let deflated = miniz_oxide::deflate::compress_to_vec(&table, 10);
        std::fs::write(&path, &deflated).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{} ({} bytes, {} inflated)", path.display(), deflated.len(), table.len());
    }
    for line in generate_notes::write(&source)? {
        println!("{line}");
    }
    Ok(())
}
