//! Standard output for the commands. A reader that stops early (`recordlint rules | head`) ends
//! the command quietly, as a closed pipe ends other command-line tools, instead of a panic.

use std::io::{self, Write};

/// `print!` to standard output through [`write`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!($($arg)*)) };
}

/// `println!` to standard output through [`write`].
macro_rules! outln {
    () => { $crate::cli::out::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {out, outln};

/// Writes to standard output; a failed write ends the program (see [`stop`]).
pub fn write(args: std::fmt::Arguments) {
    if let Err(e) = io::stdout().lock().write_fmt(args) {
        stop(e)
    }
}

/// Ends the program after an output error: quietly when the reader has closed the pipe, else
/// with the error and status 2.
pub fn stop(e: io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0)
    }
    eprintln!("recordlint: writing the output: {e}");
    std::process::exit(2)
}
