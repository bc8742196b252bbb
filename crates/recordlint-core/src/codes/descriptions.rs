//! ICD-10-CM descriptions (and those of ICD-10-PCS and HCPCS Level II). They are not in the wasm
//! module (it stays small): the page fetches `icd10cm-descriptions.txt.deflate` (made by
//! `gen-tables` from the FY2026 tabular list) and adds it to its [`super::Tables`]
//! (`Tables::with_descriptions`); a user can load an official CDC `icd10cm-codes-YYYY.txt` the
//! same way to add newer codes. ICD-10-PCS and HCPCS descriptions come the same way from
//! `icd10pcs-descriptions.txt.deflate` and `hcpcs-descriptions.txt.deflate`. Natively the bundled
//! files are embedded in the built-in tables and read on first use.
//!
//! The format is the CDC's: one code a line, without dot, then blanks, then the description.

use super::tables::Key;

/// Descriptions by code.
#[derive(Debug, Default)]
pub struct Descriptions {
    /// Sorted by key.
    entries: Vec<(Key, Box<str>)>,
}

impl Descriptions {
    /// Reads `code description` lines; lines that do not start with an ICD-10-CM code are skipped.
    pub fn parse(text: &str) -> Descriptions {
        Descriptions::parse_as(text, icd10cm_key)
    }

    /// Reads `code description` lines of the system whose codes `key` packs.
    fn parse_as(text: &str, key: fn(&str) -> Option<Key>) -> Descriptions {
        let mut entries: Vec<(Key, Box<str>)> = text
            .lines()
            .filter_map(|line| {
                let (code, desc) = line.trim().split_once(char::is_whitespace)?;
                let key = key(code)?;
                let desc = desc.trim();
                (!desc.is_empty()).then(|| (key, desc.into()))
            })
            .collect();
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        Descriptions { entries }
    }

    /// Reads a description file, plain text or deflate-compressed.
    pub fn from_bytes(bytes: &[u8]) -> Result<Descriptions, String> {
        Descriptions::from_bytes_as(bytes, icd10cm_key)
    }

    /// Reads an ICD-10-PCS description file (same line format).
    pub fn from_pcs_bytes(bytes: &[u8]) -> Result<Descriptions, String> {
        Descriptions::from_bytes_as(bytes, icd10pcs_key)
    }

    /// Reads a HCPCS Level II description file (same line format).
    pub fn from_hcpcs_bytes(bytes: &[u8]) -> Result<Descriptions, String> {
        Descriptions::from_bytes_as(bytes, hcpcs_key)
    }

    fn from_bytes_as(bytes: &[u8], key: fn(&str) -> Option<Key>) -> Result<Descriptions, String> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                let inflated = miniz_oxide::inflate::decompress_to_vec(bytes)
                    .map_err(|_| "not a text file nor a deflate-compressed one".to_string())?;
                String::from_utf8(inflated).map_err(|e| format!("not UTF-8 text: {e}"))?
            }
        };
        let d = Descriptions::parse_as(&text, key);
        if d.entries.is_empty() {
            return Err("no line of the form `CODE description` (as in icd10cm-codes-YYYY.txt)".into());
        }
        Ok(d)
    }

    /// The description of a code without dot (`E119`).
    pub fn get(&self, bare: &str) -> Option<&str> {
        let key = Key::new(bare)?;
        let i = self.entries.binary_search_by_key(&key, |e| e.0).ok()?;
        Some(&self.entries[i].1)
    }

    /// How many codes are described.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no code is described.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// These descriptions with `newer` ones added, replacing those of the same codes.
    pub fn merged(&self, newer: Descriptions) -> Descriptions {
        let mut entries = newer.entries;
        entries.extend(self.entries.iter().cloned());
        entries.sort_by_key(|e| e.0); // stable: the newer of two equal keys stays first
        entries.dedup_by_key(|e| e.0);
        Descriptions { entries }
    }
}

fn icd10cm_key(code: &str) -> Option<Key> {
    Key::new(&super::icd10cm::bare(&super::icd10cm::canonical(code).ok()?))
}

fn icd10pcs_key(code: &str) -> Option<Key> {
    Key::new(&super::icd10pcs::canonical(code).ok()?)
}

fn hcpcs_key(code: &str) -> Option<Key> {
    Key::new(&super::hcpcs::canonical(code).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cdc_lines() {
        let d = Descriptions::parse(
            "A000    Cholera due to Vibrio cholerae 01, biovar cholerae\nE11.9 Type 2\n\nnot a code line\n",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d.get("E119"), Some("Type 2"));
        assert_eq!(d.get("A000"), Some("Cholera due to Vibrio cholerae 01, biovar cholerae"));
        assert!(Descriptions::from_bytes(b"hello").is_err());
    }

    #[test]
    fn newer_replace_older() {
        let old = Descriptions::parse("D691 Qualitative platelet defects\nI10 Old text\n");
        let new = old.merged(Descriptions::parse(
            "D6911 Glanzmann thrombasthenia\nI10 Essential (primary) hypertension\n",
        ));
        assert_eq!(new.get("I10"), Some("Essential (primary) hypertension"));
        assert_eq!(new.get("D691"), Some("Qualitative platelet defects"));
        assert_eq!(new.get("D6911"), Some("Glanzmann thrombasthenia"));
    }

    #[test]
    fn bundled_pcs_descriptions() {
        let tables = crate::codes::Tables::builtin();
        assert_eq!(
            tables.describe_pcs("0016070").as_deref(),
            Some("Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach")
        );
        assert_eq!(tables.describe_pcs("0016O70"), None);
    }

    #[test]
    fn bundled_hcpcs_descriptions() {
        let tables = crate::codes::Tables::builtin();
        assert_eq!(tables.describe_hcpcs("G0438").as_deref(), Some("Ppps, initial visit"));
        assert_eq!(tables.describe_hcpcs("J0001"), None);
        let d = Descriptions::parse_as("G0438 Ppps, initial visit\nE119 not hcpcs\n", hcpcs_key);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn bundled_descriptions() {
        let tables = crate::codes::Tables::builtin();
        let d = tables.descriptions().unwrap();
        assert!(d.len() > 90_000, "{}", d.len());
        assert_eq!(d.get("E119"), Some("Type 2 diabetes mellitus without complications"));
        assert_eq!(d.get("D6911"), None); // FY2027: not in the FY2026 tabular list
    }
}
