//! The repository's tools:
//! - `cargo xtask gen-tables` regenerates the committed code tables in
//!   `crates/recordlint-core/src/codes/tables/` (deflate-compressed) from the gzip-compressed
//!   official files in its `source/` folder;
//! - `cargo xtask site DIR`, `zip-site DIR OUT.zip` and `npm-package DIR` are the page build's own
//!   steps (see `xtask::site`), run by `make build`, `make dist` and `make npm`.

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask gen-tables | site DIR | zip-site DIR OUT.zip | npm-package DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["gen-tables"] => gen_tables(),
        ["site", dir] => print(xtask::site::complete(&xtask::repo_root(), Path::new(dir))),
        ["zip-site", dir, out] => {
            print(xtask::site::zip(Path::new(dir), Path::new(out)).map(|line| vec![line]))
        }
        ["npm-package", dir] => print(xtask::site::npm_package(&xtask::repo_root(), Path::new(dir))),
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

/// Prints what a step did, a line each.
fn print(lines: Result<Vec<String>, String>) -> Result<(), String> {
    lines.map(|lines| lines.iter().for_each(|line| println!("{line}")))
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
