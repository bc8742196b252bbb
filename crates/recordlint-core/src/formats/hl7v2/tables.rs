//! The HL7 v2.5 tables recordlint checks coded fields against, generated from
//! `tables/hl7-v2.5-tables.json.gz` (see `tables/PROVENANCE.md`); a test keeps them equal
//! (`xtask/tests/hl7_tables.rs`).

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
