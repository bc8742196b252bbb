//! `cargo run --bin gen-tables`: regenerates the committed code tables in `src/codes/tables/`
//! (deflate-compressed) from the gzip-compressed official files in `src/codes/tables/source/`.
//! Native only: a wasm build of this binary does nothing.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-tables: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn run() -> Result<(), String> {
    use recordlint::codes::tables::generate;
    let source = generate::source_dir();
    for (name, table) in generate::all(|name| generate::gunzip(&source.join(name)))? {
        let path = source.with_file_name(name);
        let deflated = miniz_oxide::deflate::compress_to_vec(&table, 10);
        std::fs::write(&path, &deflated).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{} ({} bytes, {} inflated)", path.display(), deflated.len(), table.len());
    }
    for line in recordlint::codes::tables::generate_notes::write(&source)? {
        println!("{line}");
    }
    Ok(())
}

#[cfg(target_arch = "wasm32")]
fn main() {}
