//! The code tables' generators: they read the official files in
//! `crates/recordlint-core/src/codes/tables/source/` and write the committed tables beside it.

pub mod generate;
pub mod generate_notes;
pub mod note_refs;
mod tabular;
pub mod tabular_notes;
