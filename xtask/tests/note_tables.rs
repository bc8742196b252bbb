//! The committed Excludes1 and code-first tables are exactly what `gen-tables` makes from the
//! tabular list in `src/codes/tables/source/`, and every code reference of those notes is either
//! resolved or listed, with its reason, in the committed `*-unresolved.txt`.

use xtask::tables::generate;
use xtask::tables::generate_notes::{self, Stats};

#[test]
fn committed_note_tables_match_their_source() {
    let source = generate::source_dir();
    let built = generate_notes::all(|name| generate::gunzip(&source.join(name))).unwrap();
    assert_eq!(built.len(), 2);
    for b in &built {
        let deflated = std::fs::read(source.with_file_name(b.name)).unwrap();
        let committed = miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap();
        assert!(committed == b.table, "{} differs from its source: run `cargo xtask gen-tables`", b.name);
        let listed = std::fs::read_to_string(source.with_file_name(b.unresolved_name)).unwrap();
        assert_eq!(listed, b.unresolved, "{} is stale: run `cargo xtask gen-tables`", b.unresolved_name);
        let lines = listed.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(lines, b.stats.unresolved, "{}: one line per unresolved reference", b.unresolved_name);
    }
    // Every note on a block, category, subcategory or code, and what became of its references.
    let excludes1 = Stats {
        notes: 5404,
        chapter_notes: 3,
        text_only: 127,
        references: 5693,
        unresolved: 5,
        nodes: 2615,
        pairs: 7470,
    };
    assert_eq!(built[0].stats, excludes1, "{}", built[0].stats);
    let code_first = Stats {
        notes: 809,
        chapter_notes: 0,
        text_only: 210,
        references: 730,
        unresolved: 1,
        nodes: 288,
        pairs: 2895,
    };
    assert_eq!(built[1].stats, code_first, "{}", built[1].stats);
}
