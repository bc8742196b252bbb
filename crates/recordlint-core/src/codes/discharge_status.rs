//! UB-04 patient discharge status codes (form locator 17) by date, as the Medicare Code Editor
//! accepts them: copied from `tables/source/mce-discharge-status.csv.gz` (a test compares them).

use super::tables::{ymd, Span};

/// `(code, valid from, valid to)`, dates as YYYYMMDD.
pub const CODES: [(u8, u32, u32); 45] = [
    (1, 19801001, 20270331),
    (2, 19801001, 20270331),
    (3, 19801001, 20270331),
    (4, 19801001, 20270331),
    (5, 19801001, 20270331),
    (6, 19801001, 20270331),
    (7, 19801001, 20270331),
    (8, 19941001, 20050930),
    (10, 19931001, 20030930),
    (10, 20051001, 20060930),
    (13, 19931001, 20030930),
    (13, 20051001, 20060930),
    (20, 19801001, 20270331),
    (21, 20091001, 20270331),
    (22, 19901001, 19930930),
    (23, 19901001, 19930930),
    (30, 19801001, 20270331),
    (43, 20031001, 20270331),
    (50, 19801001, 20270331),
    (51, 19801001, 20270331),
    (61, 20011001, 20270331),
    (62, 20011001, 20270331),
    (63, 20011001, 20270331),
    (64, 20021001, 20270331),
    (65, 20031001, 20270331),
    (66, 20051001, 20270331),
    (69, 20131001, 20270331),
    (70, 20080401, 20270331),
    (71, 20011001, 20030930),
    (72, 20011001, 20030930),
    (81, 20131001, 20270331),
    (82, 20131001, 20270331),
    (83, 20131001, 20270331),
    (84, 20131001, 20270331),
    (85, 20131001, 20270331),
    (86, 20131001, 20270331),
    (87, 20131001, 20270331),
    (88, 20131001, 20270331),
    (89, 20131001, 20270331),
    (90, 20131001, 20270331),
    (91, 20131001, 20270331),
    (92, 20131001, 20270331),
    (93, 20131001, 20270331),
    (94, 20131001, 20270331),
    (95, 20131001, 20270331),
];

/// Why a discharge status is not valid on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusError {
    /// Not a code of the list at any date.
    Unknown,
    /// A code of the list, but only in these spans.
    OtherDates(Vec<Span>),
}

/// Checks a discharge status written as one or two digits (`1` or `01`) on `date`; `None` for
/// text that is not such a number (a FHIR disposition like `home` is not this code set).
pub fn check(text: &str, date: jiff::civil::Date) -> Option<Result<u8, StatusError>> {
    let text = text.trim();
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code: u8 = text.parse().ok()?;
    let spans: Vec<Span> = CODES
        .iter()
        .filter(|c| c.0 == code)
        .filter_map(|&(_, from, to)| Some(Span { from: ymd(from)?, to: ymd(to)? }))
        .collect();
    Some(if spans.iter().any(|s| s.covers(date)) {
        Ok(code)
    } else if spans.is_empty() {
        Err(StatusError::Unknown)
    } else {
        Err(StatusError::OtherDates(spans))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn by_date() {
        let on = date(2026, 3, 4);
        assert_eq!(check("01", on), Some(Ok(1)));
        assert_eq!(check(" 1 ", on), Some(Ok(1)));
        assert_eq!(check("09", on), Some(Err(StatusError::Unknown)));
        assert!(matches!(check("08", on), Some(Err(StatusError::OtherDates(_)))));
        assert_eq!(check("home", on), None);
        assert_eq!(check("001", on), None);
    }
}
