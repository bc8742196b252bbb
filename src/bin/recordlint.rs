//! The recordlint command line: `check` files, list `rules`, explain a `rule`.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args_os().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
