//! Errors for what cannot be turned into findings: unreadable profiles, bad arguments, I/O.
//!
//! Problems *in records* are never errors; they are findings (see `report`).

use std::fmt;

/// The crate's error: boxed so that `Result<T>` stays one word wide.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A profile (JSON) could not be read; the message says where.
    Profile(String),
    /// The caller used the API or the command line wrongly.
    Usage(String),
    /// Reading a file failed.
    Io { path: String, source: std::io::Error },
}

/// Shorthand used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Which kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub(crate) fn profile(message: impl Into<String>) -> Self {
        Error(Box::new(ErrorKind::Profile(message.into())))
    }

    /// An error in how the API or command line was used.
    pub fn usage(message: impl Into<String>) -> Self {
        Error(Box::new(ErrorKind::Usage(message.into())))
    }

    /// An I/O error while reading `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error(Box::new(ErrorKind::Io { path: path.into(), source }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Profile(m) => write!(f, "profile: {m}"),
            ErrorKind::Usage(m) => f.write_str(m),
            ErrorKind::Io { path, source } => write!(f, "{path}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
