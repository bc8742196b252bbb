//! ICD-10-PCS for learners: what the first characters of a code mean. Character 1 is the section
//! (a fixed list); in the Medical and Surgical section character 2 is the body system (a fixed
//! list); the root operation (3), body part (4) and approach (5) are derived from the codes' long
//! descriptions by `gen-tables` (`icd10pcs-axes.txt.deflate`, about 10 KB, embedded).

use serde::Serialize;
use std::sync::OnceLock;

/// What one character of a code means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Axis {
    /// 1–7.
    pub position: u8,
    /// `section`, `body system`, `root operation`, `body part`, `approach`.
    pub axis: &'static str,
    pub value: String,
    pub meaning: String,
}

/// The sections of ICD-10-PCS (character 1).
const SECTIONS: [(char, &str); 17] = [
    ('0', "Medical and Surgical"),
    ('1', "Obstetrics"),
    ('2', "Placement"),
    ('3', "Administration"),
    ('4', "Measurement and Monitoring"),
    ('5', "Extracorporeal or Systemic Assistance and Performance"),
    ('6', "Extracorporeal or Systemic Therapies"),
    ('7', "Osteopathic"),
    ('8', "Other Procedures"),
    ('9', "Chiropractic"),
    ('B', "Imaging"),
    ('C', "Nuclear Medicine"),
    ('D', "Radiation Therapy"),
    ('F', "Physical Rehabilitation and Diagnostic Audiology"),
    ('G', "Mental Health"),
    ('H', "Substance Abuse Treatment"),
    ('X', "New Technology"),
];

/// The body systems of the Medical and Surgical section (character 2).
const BODY_SYSTEMS: [(char, &str); 31] = [
    ('0', "Central Nervous System and Cranial Nerves"),
    ('1', "Peripheral Nervous System"),
    ('2', "Heart and Great Vessels"),
    ('3', "Upper Arteries"),
    ('4', "Lower Arteries"),
    ('5', "Upper Veins"),
    ('6', "Lower Veins"),
    ('7', "Lymphatic and Hemic Systems"),
    ('8', "Eye"),
    ('9', "Ear, Nose, Sinus"),
    ('B', "Respiratory System"),
    ('C', "Mouth and Throat"),
    ('D', "Gastrointestinal System"),
    ('F', "Hepatobiliary System and Pancreas"),
    ('G', "Endocrine System"),
    ('H', "Skin and Breast"),
    ('J', "Subcutaneous Tissue and Fascia"),
    ('K', "Muscles"),
    ('L', "Tendons"),
    ('M', "Bursae and Ligaments"),
    ('N', "Head and Facial Bones"),
    ('P', "Upper Bones"),
    ('Q', "Lower Bones"),
    ('R', "Upper Joints"),
    ('S', "Lower Joints"),
    ('T', "Urinary System"),
    ('U', "Female Reproductive System"),
    ('V', "Male Reproductive System"),
    ('W', "Anatomical Regions, General"),
    ('X', "Anatomical Regions, Upper Extremities"),
    ('Y', "Anatomical Regions, Lower Extremities"),
];

/// The derived meanings: (axis position, key, meaning), sorted.
fn derived() -> &'static [(u8, String, String)] {
    static TABLE: OnceLock<Vec<(u8, String, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let bytes = include_bytes!("tables/icd10pcs-axes.txt.deflate");
        let text =
            miniz_oxide::inflate::decompress_to_vec(bytes).ok().and_then(|b| String::from_utf8(b).ok());
        let mut out: Vec<(u8, String, String)> = text
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let mut f = line.splitn(3, '\t');
                Some((f.next()?.parse().ok()?, f.next()?.to_string(), f.next()?.to_string()))
            })
            .collect();
        out.sort();
        out
    })
}

fn meaning(position: u8, key: &str) -> Option<&'static str> {
    let table = derived();
    let i = table.binary_search_by(|(p, k, _)| (*p, k.as_str()).cmp(&(position, key))).ok()?;
    table.get(i).map(|(_, _, m)| m.as_str())
}

/// What the characters of a well-formed ICD-10-PCS code (7 characters, uppercase) mean, as far
/// as recordlint knows.
pub fn explain(code: &str) -> Vec<Axis> {
    let c: Vec<char> = code.chars().collect();
    let [s, b, op, part, approach, ..] = c[..] else { return Vec::new() };
    let mut out = Vec::new();
    let mut push = |position: u8, axis: &'static str, value: char, meaning: Option<&str>| {
        if let Some(m) = meaning {
            out.push(Axis { position, axis, value: value.to_string(), meaning: m.to_string() });
        }
    };
    push(1, "section", s, SECTIONS.iter().find(|(k, _)| *k == s).map(|(_, m)| *m));
    let system = (s == '0').then(|| BODY_SYSTEMS.iter().find(|(k, _)| *k == b).map(|(_, m)| *m)).flatten();
    push(2, "body system", b, system);
    push(3, "root operation", op, meaning(3, &format!("{s}{op}")));
    push(4, "body part", part, meaning(4, &format!("{s}{b}{part}")));
    push(5, "approach", approach, meaning(5, &format!("{s}{approach}")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(code: &str) -> Vec<String> {
        explain(code).iter().map(|a| format!("{} {}: {}", a.position, a.value, a.meaning)).collect()
    }

    #[test]
    fn explains_a_medical_and_surgical_code() {
        assert_eq!(
            words("0DTJ4ZZ"),
            [
                "1 0: Medical and Surgical",
                "2 D: Gastrointestinal System",
                "3 T: Resection",
                "4 J: Appendix",
                "5 4: Percutaneous Endoscopic Approach"
            ]
        );
        assert_eq!(
            words("0016070")[2..4],
            ["3 1: Bypass".to_string(), "4 6: Cerebral Ventricle".to_string()]
        );
    }

    #[test]
    fn other_sections_and_odd_input() {
        assert_eq!(words("BW03ZZZ")[0], "1 B: Imaging");
        assert!(explain("").is_empty());
        assert!(explain("0D").is_empty());
    }
}
