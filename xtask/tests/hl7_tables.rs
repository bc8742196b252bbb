//! The HL7 v2.5 tables in `recordlint-core` (`formats/hl7v2/tables.rs`) equal their gzip-compressed
//! source beside them.
use recordlint_core::formats::hl7v2::tables::TABLES;
use std::io::Read;

/// `10 _19` and `21 ... 29` in the source are ranges.
fn expand(codes: &[serde_json::Value]) -> Vec<String> {
    let mut out = Vec::new();
    for c in codes.iter().filter_map(|c| c.as_str()) {
        let parts: Vec<&str> = c.split(['_', '.', ' ']).filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [a, b] if a.len() == 2 && b.len() == 2 && c.contains(['_', '.']) => {
                let (a, b): (u32, u32) = (a.parse().unwrap(), b.parse().unwrap());
                out.extend((a..=b).map(|i| format!("{i:02}")));
            }
            _ => out.push(c.to_string()),
        }
    }
    out
}

#[test]
fn tables_match_their_source() {
    let gz = std::fs::read(
        xtask::repo_root().join("crates/recordlint-core/src/formats/hl7v2/tables/hl7-v2.5-tables.json.gz"),
    )
    .unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut json).unwrap();
    let source: serde_json::Value = serde_json::from_str(&json).unwrap();
    for t in TABLES {
        let entry = &source[format!("HL7{}", t.number)];
        let values = expand(entry["codes"].as_array().unwrap());
        let title = entry["title"].as_str().unwrap();
        assert_eq!(
            (t.title, t.values.to_vec()),
            (title, values.iter().map(String::as_str).collect::<Vec<_>>()),
            "table {} differs from its source; regenerate it as: values: &{values:?}",
            t.number
        );
    }
}
