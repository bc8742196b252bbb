//! `recordlint profiles`, `recordlint profile NAME`, and `--profile NAME|FILE`.

use super::out::outln;
use super::unexpected;
use lexopt::ValueExt;
use recordlint_core::Profile;
use std::ffi::OsStr;
use std::path::Path;

/// The profile `--profile` names: a file when one exists at that path, else a preset.
pub fn load(arg: &OsStr) -> Result<Profile, String> {
    let path = Path::new(arg);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return Profile::from_json(&text).map_err(|e| format!("{}: {e}", path.display()));
    }
    let name = arg.to_string_lossy();
    Profile::preset(&name).ok_or_else(|| format!("no profile file or preset {name:?}; presets: {}", names()))
}

fn names() -> String {
    Profile::presets().iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn list(parser: &mut lexopt::Parser) -> Result<i32, String> {
    if let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        return Err(unexpected(arg));
    }
    for p in Profile::presets() {
        outln!("{:<13} {}: {}", p.name, p.title, p.description);
    }
    Ok(0)
}

pub fn show(parser: &mut lexopt::Parser) -> Result<i32, String> {
    let mut name = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Value(v) if name.is_none() => name = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(unexpected(other)),
        }
    }
    let name = name.ok_or_else(|| format!("profile needs a preset name: {}", names()))?;
    let profile =
        Profile::preset(&name).ok_or_else(|| format!("no preset {name:?}; presets: {}", names()))?;
    outln!("{}", serde_json::to_string_pretty(&profile).map_err(|e| e.to_string())?);
    Ok(0)
}
