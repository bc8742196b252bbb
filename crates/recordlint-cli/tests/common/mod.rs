//! Where the command-line tests find the repository's shared test data.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `rel`, a path from the repository's root (`tests/fixtures`, `tests/data`…).
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}
