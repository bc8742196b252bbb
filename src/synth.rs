//! Deterministic synthetic records for benchmarks and demos: realistic encounter rows with real
//! ICD-10-CM codes and a small share of planted defects. Same seed, same bytes.

use std::fmt::Write;

/// Principal and secondary diagnoses common in inpatient claims: valid FY2026 codes that suit an
/// adult of either sex and are acceptable as principal (no O80, Z38.00, Z87.891: the code edits
/// would rightly flag them in random rows).
const DIAGNOSES: &[&str] = &[
    "I50.23", "J18.9", "N39.0", "A41.9", "I21.4", "J44.1", "K35.80", "I63.9", "E11.65", "N17.9", "I48.91",
    "K92.2", "S72.001A", "F32.A", "I10", "E78.5", "E11.9", "Z79.4", "N18.31", "E66.9", "I25.10", "E87.1",
    "D64.9",
];
const GIVEN: &[&str] = &[
    "Maria", "James", "Aisha", "Wei", "Olivia", "Mateo", "Fatima", "Liam", "Priya", "Noah", "Sofia", "Kwame",
    "Elena", "Hiroshi", "Grace", "Omar",
];
const FAMILY: &[&str] = &[
    "Garcia",
    "Smith",
    "Okafor",
    "Chen",
    "Johnson",
    "Nguyen",
    "Haddad",
    "Brown",
    "Patel",
    "Kowalski",
    "Rossi",
    "Mensah",
    "Lindqvist",
    "Tanaka",
    "Murphy",
    "Alvarez",
];
const PAYERS: &[&str] = &["Medicare", "Medicaid", "BlueCross", "Aetna", "Self-pay", "UnitedHealthcare"];
/// Valid NPIs (Luhn over 80840 + 9 digits).
const NPIS: &[&str] = &["1234567893", "1245319599", "1003000126", "1497758544"];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// The header of [`encounter_csv`].
pub const CSV_HEADER: &str =
    "mrn,last_name,first_name,dob,sex,admit_date,discharge_date,principal_dx,dx2,attending_npi,payer\n";

/// Appends `rows` encounter rows (no header) to `out`; about `defect_per_mille`/1000 of them
/// carry one planted defect (date order, bad code, bad NPI, blank field, impossible date).
pub fn encounter_csv(out: &mut String, rows: u64, seed: u64, defect_per_mille: u32) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 0..rows {
        let mrn = 100_000 + i;
        // Born 1930–2009: an adult (15+) in 2026, as the adult-only codes (I25.10) require.
        let (year, month, day) = (1930 + rng.below(80), 1 + rng.below(12), 1 + rng.below(28));
        let admit_day = 1 + rng.below(20);
        let stay = rng.below(8);
        let mut dob = format!("{year}-{month:02}-{day:02}");
        let mut admit = format!("2026-03-{admit_day:02}");
        let mut discharge = format!("2026-03-{:02}", admit_day + stay);
        // Three different diagnoses: the principal and two secondaries.
        let first = rng.below(DIAGNOSES.len());
        let second = (first + 1 + rng.below(DIAGNOSES.len() - 2)) % DIAGNOSES.len();
        let third = (0..DIAGNOSES.len())
            .map(|k| (second + 1 + k) % DIAGNOSES.len())
            .find(|&k| k != first)
            .unwrap_or(0);
        let mut principal = DIAGNOSES[first].to_string();
        let mut npi = rng.pick(NPIS).to_string();
        let mut mrn_text = mrn.to_string();
        if (rng.below(1000) as u32) < defect_per_mille {
            match rng.below(5) {
                0 => std::mem::swap(&mut admit, &mut discharge),
                1 => principal = principal.replace('.', "-"),
                2 => npi.replace_range(9..10, if npi.ends_with('0') { "1" } else { "0" }),
                3 => mrn_text.clear(),
                _ => dob = format!("{year}-02-30"),
            }
        }
        let _ = writeln!(
            out,
            "{mrn_text},{},{},{dob},{},{admit},{discharge},{principal},{};{},{npi},{}",
            rng.pick(FAMILY),
            rng.pick(GIVEN),
            if rng.below(2) == 0 { "F" } else { "M" },
            DIAGNOSES[second],
            DIAGNOSES[third],
            rng.pick(PAYERS),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_with_planted_defects() {
        let (mut a, mut b) = (String::from(CSV_HEADER), String::from(CSV_HEADER));
        encounter_csv(&mut a, 2000, 7, 20);
        encounter_csv(&mut b, 2000, 7, 20);
        assert_eq!(a, b);
        let report =
            crate::validate(a.as_bytes(), crate::Profile::default(), jiff::civil::date(2026, 11, 22));
        assert_eq!(report.summary.records, 2000);
        let dirty = report.summary.records - report.summary.clean_records;
        assert!((20..=80).contains(&dirty), "about 2% defective, got {dirty}");
    }
}
