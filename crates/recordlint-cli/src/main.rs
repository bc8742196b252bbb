//! The recordlint command line: `check` files, list `rules`, explain a `rule`.

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args_os().skip(1).collect()));
}
