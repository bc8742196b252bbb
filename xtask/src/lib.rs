//! The repository's tools: the code table generators (`cargo xtask gen-tables`), shared with the
//! tests that prove the committed tables match their sources, and the page build's own steps
//! (`cargo xtask site`, `zip-site`, `npm-package`).

pub mod site;
pub mod tables;

use std::path::{Path, PathBuf};

/// The repository's root folder (the workspace's).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ is in the repository").to_path_buf()
}
