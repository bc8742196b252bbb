//! Where the engine's unit tests find the repository's shared test data (`tests/fixtures`…).

use std::path::{Path, PathBuf};

/// `rel`, a path from the repository's root.
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}
