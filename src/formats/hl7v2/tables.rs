//! The HL7 v2.5 tables recordlint checks coded fields against, generated from
//! `tables/hl7-v2.5-tables.json.gz` (see `tables/PROVENANCE.md`); a test keeps them equal.

/// A coded field and its table: segment, field number, table number, title, values.
pub struct Table {
    pub segment: &'static str,
    pub field: usize,
    pub number: &'static str,
    pub title: &'static str,
    pub values: &'static [&'static str],
}

// Generated: tables_match_their_source prints this block when the source changes.
pub const TABLES: &[Table] = &[
    Table {
        segment: "PID",
        field: 8,
        number: "0001",
        title: "Administrative Sex",
        values: &["A", "F", "M", "N", "O", "U"],
    },
    Table {
        segment: "PV1",
        field: 2,
        number: "0004",
        title: "Patient Class",
        values: &["B", "C", "E", "I", "N", "O", "P", "R", "U"],
    },
    Table { segment: "DG1", field: 6, number: "0052", title: "Diagnosis Type", values: &["A", "F", "W"] },
    Table {
        segment: "PV1",
        field: 36,
        number: "0112",
        title: "Discharge Disposition",
        values: &[
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
            "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32",
            "33", "34", "35", "36", "37", "38", "39", "40", "41", "42",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
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
        let gz = include_bytes!("tables/hl7-v2.5-tables.json.gz");
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
}
