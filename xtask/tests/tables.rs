//! The committed code tables are exactly what `gen-tables` makes from the sources in
//! `src/codes/tables/source/`, so tables and sources cannot drift apart. Native only.
#![cfg(not(target_arch = "wasm32"))]

use xtask::tables::generate;

#[test]
fn committed_tables_match_their_sources() {
    let source = generate::source_dir();
    let tables = generate::all(|name| generate::gunzip(&source.join(name))).unwrap();
    assert_eq!(tables.len(), 9);
    for (name, expected) in tables {
        let deflated = std::fs::read(source.with_file_name(name)).unwrap();
        let committed = miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap();
        assert!(committed == expected, "{name} differs from its source: run `cargo xtask gen-tables`");
    }
}
