//! A newer ICD-10-CM release loaded by a user for one session: the CMS/CDC order file
//! (`icd10cm_order_YYYY.txt`, fixed width: order number in columns 1–5, code in 7–13, header 0 /
//! billable 1 in 15, short description in 17–76, long description from 78). From its effective
//! date on, its billable codes are the valid ones and its descriptions are used; earlier dates
//! keep the tables it was loaded over. Loading makes a new [`Tables`]; the old set is unchanged.

use super::icd10cm;
use super::tables::{Key, Tables};
use jiff::civil::Date;
use serde::Serialize;

/// One line of an order file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEntry {
    /// Without dot, uppercase (`E119`).
    pub code: String,
    /// 1: a billable code; 0: a header.
    pub billable: bool,
    pub short: String,
    pub long: String,
}

/// What activating a release did, for the page's banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseSummary {
    pub codes: usize,
    pub billable: usize,
    /// The first date of service the release applies to.
    pub effective_from: String,
    /// Codes valid on that date that the bundled tables did not know.
    pub new_codes: usize,
    /// Bundled codes valid on their last date before the release that it no longer lists as
    /// billable.
    pub ended_codes: usize,
}

/// Reads an order file. Lines that do not fit the layout are errors with their line number;
/// blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<OrderEntry>, String> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches(['\r', ' ']);
        if line.trim().is_empty() {
            continue;
        }
        entries.push(entry(line).map_err(|why| format!("line {}: {why}", i + 1))?);
    }
    if entries.is_empty() {
        return Err(
            "no lines in the icd10cm_order layout (order number, code, 0/1 flag, descriptions)".into()
        );
    }
    Ok(entries)
}

fn entry(line: &str) -> Result<OrderEntry, String> {
    let col = |from: usize, to: usize| line.get(from..to.min(line.len())).unwrap_or("").trim();
    if line.len() < 15 || !line.is_char_boundary(16.min(line.len())) {
        return Err("too short for the order-file layout".into());
    }
    if !col(0, 5).bytes().all(|b| b.is_ascii_digit()) || col(0, 5).is_empty() {
        return Err(format!("columns 1–5 should be the order number, not {:?}", col(0, 5)));
    }
    let code = col(6, 13);
    let canonical = icd10cm::canonical(code).map_err(|e| format!("code {code:?} {e}"))?;
    let billable = match col(14, 15) {
        "1" => true,
        "0" => false,
        other => return Err(format!("column 15 should be 0 (header) or 1 (billable), not {other:?}")),
    };
    Ok(OrderEntry {
        code: icd10cm::bare(&canonical),
        billable,
        short: col(16, 76).to_string(),
        long: line.get(77..).unwrap_or("").trim().to_string(),
    })
}

/// The effective date of a release from its file name (`icd10cm_order_2027.txt` is FY2027,
/// effective 2026-10-01); without a year in the name, the fiscal year after the newest release in
/// `tables`.
pub fn effective_date(tables: &Tables, file_name: &str) -> Date {
    let year = file_name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<i16>().ok())
        .find(|y| (2015..=2100).contains(y));
    let fiscal_year = year.unwrap_or_else(|| {
        let newest = tables.icd10cm().newest_release().map_or(2026, |d| d.year());
        newest + 2 // a release effective October 1 of year Y is FY Y+1; the next one is FY Y+2
    });
    jiff::civil::date(fiscal_year - 1, 10, 1)
}

/// `tables` with `entries` as the ICD-10-CM release for dates of service from `from` on, and their
/// long descriptions added.
pub fn activate(
    tables: &Tables,
    entries: &[OrderEntry],
    from: Date,
) -> Result<(Tables, ReleaseSummary), String> {
    let billable: Vec<Key> =
        entries.iter().filter(|e| e.billable).filter_map(|e| Key::new(&e.code)).collect();
    let bundled = tables.icd10cm();
    let day_before = from.yesterday().map_err(|e| e.to_string())?;
    let new_codes = billable.iter().filter(|k| bundled.rows(&k.code()).is_empty()).count();
    let last_bundled = bundled.horizon().map_or(day_before, |h| h.min(day_before));
    let ended_codes = bundled
        .all_rows()
        .iter()
        .filter(|r| bundled.span(r).covers(last_bundled) && billable.binary_search(&r.key).is_err())
        .count();
    let table = bundled.with_release(&billable, from)?;
    let lines: String = entries
        .iter()
        .filter(|e| !e.long.is_empty() || !e.short.is_empty())
        .map(|e| format!("{} {}\n", e.code, if e.long.is_empty() { &e.short } else { &e.long }))
        .collect();
    let (tables, _) = tables.with_icd10cm(table).with_descriptions(lines.as_bytes())?;
    let summary = ReleaseSummary {
        codes: entries.len(),
        billable: billable.len(),
        effective_from: from.to_string(),
        new_codes,
        ended_codes,
    };
    Ok((tables, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixed_width_layout_with_located_errors() {
        let text = "00001 A00     0 Cholera                                                      Cholera\n\
                    00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae\n";
        let e = parse(text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[1].code.as_str(), e[1].billable), ("A000", true));
        assert_eq!(e[1].long, "Cholera due to Vibrio cholerae 01, biovar cholerae");
        assert!(parse("").is_err());
        let bad = parse("00001 A00     0 Cholera\nnot an order line at all\n").unwrap_err();
        assert!(bad.starts_with("line 2:"), "{bad}");
        assert!(parse("00001 A00     7 x").unwrap_err().contains("column 15"));
    }

    #[test]
    fn effective_date_from_the_file_name() {
        let tables = Tables::builtin();
        assert_eq!(effective_date(&tables, "icd10cm_order_2027.txt"), jiff::civil::date(2026, 10, 1));
        assert_eq!(effective_date(&tables, "icd10cm-order-2028.txt"), jiff::civil::date(2027, 10, 1));
    }
}
