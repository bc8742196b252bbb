//! Helpers shared by the fixture tests: the fixture inputs and the profile each is checked with.

use recordlint::Profile;
use std::fs;
use std::path::{Path, PathBuf};

/// Every input under `tests/fixtures/<dir>/` (not the `.expected` and `.profile.json` files).
pub fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in fs::read_dir(&root).expect("tests/fixtures exists") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".expected") && !name.ends_with(".profile.json") && !name.starts_with('.') {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The profile `<name>.profile.json` beside `input`, or the default profile.
pub fn profile_for(input: &Path) -> Profile {
    let stem = input.file_stem().unwrap().to_string_lossy();
    let path = input.with_file_name(format!("{stem}.profile.json"));
    match fs::read_to_string(&path) {
        Ok(text) => Profile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        Err(_) => Profile::default(),
    }
}
