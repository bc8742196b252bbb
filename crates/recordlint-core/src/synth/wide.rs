//! The wide code draw (`generate --codes wide`): diagnoses and procedures drawn uniformly from
//! every ICD-10-CM and ICD-10-PCS code of the built-in tables that suits any adult of either sex
//! on every 2025 date of service, so that a file holds tens of thousands of distinct codes where
//! the common draw repeats a few dozen. Same seed, same codes.

use crate::codes::icd10cm;
use crate::codes::mce::{self, AgeEdit};
use crate::codes::tables::{Key, Row, Table};
use crate::codes::Tables;
use jiff::civil::{date, Date};
use std::sync::OnceLock;

/// Which codes the generator draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Codes {
    /// A few dozen common inpatient codes (the bytes benchmarks and tests were written against).
    #[default]
    Common,
    /// Any of tens of thousands of billable codes ([`pool`]).
    Wide,
}

impl Codes {
    /// `common` or `wide`.
    pub fn from_name(name: &str) -> Option<Codes> {
        match name {
            "common" => Some(Codes::Common),
            "wide" => Some(Codes::Wide),
            _ => None,
        }
    }
}

/// The codes of the wide draw, in table order.
pub struct Pool {
    /// ICD-10-CM codes, dotted (`S72.001A`), acceptable as principal diagnosis.
    pub diagnoses: Vec<String>,
    /// ICD-10-PCS codes.
    pub procedures: Vec<String>,
}

/// The generator's dates of service: every day of 2025.
const FIRST_DAY: Date = date(2025, 1, 1);
const LAST_DAY: Date = date(2025, 12, 31);

/// Row attributes that no generated record contradicts: none means a limit of sex or age, a
/// principal-diagnosis edit, a manifestation (which needs its etiology) or a coverage edit.
const HARMLESS: &[&str] = &["unspecified", "cc", "mcc"];

/// The codes valid on every 2025 date whose attributes are [`HARMLESS`] (no perinatal
/// diagnosis), built once.
pub fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let tables = Tables::builtin();
        // Perinatal conditions (P00–P96) are a newborn's, although no edit limits most of them.
        let adult = |code: &String| !code.starts_with('P');
        let diagnoses = usable(tables.icd10cm()).filter(adult).map(|code| icd10cm::dotted(&code)).collect();
        Pool { diagnoses, procedures: usable(tables.icd10pcs()).collect() }
    })
}

/// The bare codes of `table` valid all 2025 with harmless attributes.
fn usable(table: &Table) -> impl Iterator<Item = String> + '_ {
    let rows = table.all_rows();
    let firsts = rows.iter().enumerate().filter(move |&(i, r)| i == 0 || rows[i - 1].key != r.key);
    firsts.map(|(_, r)| r.key).filter(move |&key| suits(table, key)).map(Key::code)
}

fn suits(table: &Table, key: Key) -> bool {
    let rows = table.rows_of(key);
    [FIRST_DAY, LAST_DAY].into_iter().all(|day| {
        let Some(row) = rows.iter().find(|r| table.span(r).covers(day)) else { return false };
        harmless(table, rows, row, day)
    })
}

fn harmless(table: &Table, rows: &[Row], row: &Row, day: Date) -> bool {
    table.attributes(row).all(|a| HARMLESS.contains(&a))
        && AgeEdit::of(table, row).is_none()
        && mce::sex_limit(table, rows, row, day).is_none()
}

/// Three distinct diagnoses (principal first) of which no Excludes1 note lists another (redrawn
/// up to eight times), and one procedure.
pub(super) fn draw(rng: &mut super::Rng) -> ([&'static str; 3], &'static str) {
    let pool = pool();
    let tables = Tables::builtin();
    let mut pick = |list: &'static [String]| list[rng.below(list.len())].as_str();
    let mut dx = [pick(&pool.diagnoses), pick(&pool.diagnoses), pick(&pool.diagnoses)];
    for _ in 0..8 {
        let distinct = dx[0] != dx[1] && dx[1] != dx[2] && dx[0] != dx[2];
        if distinct && !excludes_another(&tables, &dx) {
            break;
        }
        dx = [dx[0], pick(&pool.diagnoses), pick(&pool.diagnoses)];
    }
    (dx, procedure(rng))
}

/// One procedure.
pub(super) fn procedure(rng: &mut super::Rng) -> &'static str {
    let list = &pool().procedures;
    &list[rng.below(list.len())]
}

/// True when an Excludes1 note of one of `codes` (dotted) lists another of them.
pub fn excludes_another(tables: &Tables, codes: &[&str]) -> bool {
    let bare: Vec<String> = codes.iter().map(|c| icd10cm::bare(c)).collect();
    let keys: Vec<Option<Key>> = bare.iter().map(|b| Key::new(b)).collect();
    bare.iter().enumerate().any(|(i, a)| {
        tables.excludes1().over(a).any(|over| {
            keys.iter().enumerate().any(|(j, k)| i != j && k.is_some_and(|k| over.find(k).is_some()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_holds_tens_of_thousands_of_billable_codes() {
        let pool = pool();
        eprintln!("{} diagnoses, {} procedures", pool.diagnoses.len(), pool.procedures.len());
        assert!(pool.diagnoses.len() > 40_000, "{} diagnoses", pool.diagnoses.len());
        assert!(pool.procedures.len() > 40_000, "{} procedures", pool.procedures.len());
        let tables = Tables::builtin();
        for code in pool.diagnoses.iter().step_by(997) {
            let status = tables.icd10cm().status(&icd10cm::bare(code), date(2025, 6, 1));
            assert!(status.is_valid(), "{code}");
        }
        // Sex-limited, maternity and manifestation codes stay out.
        for code in ["O80", "N40.0", "C61", "G63", "P07.30", "V43.52XA"] {
            assert!(!pool.diagnoses.iter().any(|c| c == code), "{code}");
        }
    }

    #[test]
    fn excludes1_pairs_are_found() {
        let tables = Tables::builtin();
        // E11 (type 2 diabetes) excludes type 1 (E10).
        assert!(excludes_another(&tables, &["E11.9", "E10.9"]));
        assert!(!excludes_another(&tables, &["I10", "E78.5"]));
    }
}
