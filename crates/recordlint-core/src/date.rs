//! Calendar dates as records write them: ISO `2026-03-04`, compact `20260304` (HL7),
//! US `3/4/2026`, with an optional time part that is ignored.

use jiff::civil::Date;
use std::fmt;

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not in any accepted layout.
    Layout,
    /// A two-digit year (`3/4/26`) is ambiguous in a birth date.
    TwoDigitYear,
    /// Right layout, impossible day (`2026-02-30`, month 13).
    NoSuchDay { year: i32, month: i32, day: i32 },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Layout => f.write_str("not a date (expected YYYY-MM-DD, YYYYMMDD or M/D/YYYY)"),
            DateError::TwoDigitYear => f.write_str("two-digit year is ambiguous; write all four digits"),
            DateError::NoSuchDay { year, month, day } if !(1..=12).contains(month) => {
                write!(f, "month {month} does not exist (in {year:04}-{month:02}-{day:02})")
            }
            DateError::NoSuchDay { year, month, day } => {
                write!(f, "{year:04}-{month:02} has no day {day}")
            }
        }
    }
}

/// Parses a date in any accepted layout. Leading/trailing blanks are ignored, and so is a time
/// part after `T` or a space (`2026-03-04T10:30:00Z`, `3/4/2026 10:30`).
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    match iso_day(text.as_bytes()) {
        Some(date) => Ok(date),
        None => parse_layouts(text),
    }
}

/// [`parse_date`] the long way: every layout, blanks and a time part allowed.
fn parse_layouts(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    let b = text.as_bytes();
    // The usual layout (`2026-03-04`, maybe with a time) without searching for the time part.
    let iso = b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && matches!(b.get(10), None | Some(b'T' | b' '));
    let day_part = if iso { &text[..10] } else { text.split(['T', ' ']).next().unwrap_or("") };
    let b = day_part.as_bytes();
    let (y, m, d) = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    } else if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) && is_hl7_tail(&b[8..]) {
        (digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?)
    } else if b.contains(&b'/') {
        let mut parts = day_part.split('/');
        let (m, d, y) = (parts.next(), parts.next(), parts.next());
        let (Some(m), Some(d), Some(y), None) = (m, d, y, parts.next()) else {
            return Err(DateError::Layout);
        };
        if !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
            return Err(DateError::Layout);
        }
        match y.len() {
            4 => {}
            2 => return Err(DateError::TwoDigitYear),
            _ => return Err(DateError::Layout),
        }
        (digits(y.as_bytes())?, digits(m.as_bytes())?, digits(d.as_bytes())?)
    } else {
        return Err(DateError::Layout);
    };
    make_date(y, m, d)
}

/// The common case, `YYYY-MM-DD` exactly and a real day, without looking for blanks, a time
/// or another layout (`None`: [`parse_date`] reads it the long way, and says what is wrong).
#[inline]
pub(crate) fn iso_day(b: &[u8]) -> Option<Date> {
    let b: &[u8; 10] = b.try_into().ok()?;
    // `YYYY-MM-` as one word, eight bytes at once: the year's and month's bytes must be digits.
    let w = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    /// Bytes 0–3 and 5–6 (little-endian): the digits of `YYYY-MM-`.
    const DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let low7 = w & LOW7;
    // A byte's high bit: set when it is over '9' (or not ASCII), clear when it is under '0'.
    let over = (low7 + 0x4646_4646_4646_4646) | w;
    let from_zero = low7 + 0x5050_5050_5050_5050;
    let bad = (over | !from_zero) & HIGH & DIGITS;
    let (d1, d2) = (b[8].wrapping_sub(b'0'), b[9].wrapping_sub(b'0'));
    if bad != 0 || b[4] != b'-' || b[7] != b'-' || d1 > 9 || d2 > 9 {
        return None;
    }
    let v = (w & DIGITS) - (0x3030_3030_3030_3030 & DIGITS);
    let digit = |i: u32| i16::from((v >> (8 * i)) as u8);
    let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    if year == 0 {
        return None;
    }
    Date::new(year, (digit(5) * 10 + digit(6)) as i8, (d1 * 10 + d2) as i8).ok()
}

/// HL7 DTM may continue after the date with hours, minutes, seconds, fraction and zone.
fn is_hl7_tail(rest: &[u8]) -> bool {
    rest.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'+' | b'-'))
}

fn digits(b: &[u8]) -> Result<i32, DateError> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return Err(DateError::Layout);
    }
    Ok(b.iter().fold(0, |n, c| n * 10 + i32::from(c - b'0')))
}

fn make_date(year: i32, month: i32, day: i32) -> Result<Date, DateError> {
    let bad = DateError::NoSuchDay { year, month, day };
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad);
    }
    Date::new(year as i16, month as i8, day as i8).map_err(|_| bad)
}

/// Whole years from `birth` to `on` (the age on that day).
pub fn age_in_years(birth: Date, on: Date) -> i32 {
    let mut years = i32::from(on.year()) - i32::from(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Today's date in UTC. Native only: in the browser the bindings read the page's date and pass it
/// in (`Validator::with_today`).
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn accepts_common_layouts() {
        assert_eq!(parse_date("2026-03-04"), Ok(date(2026, 3, 4)));
        assert_eq!(parse_date(" 20260304 "), Ok(date(2026, 3, 4)));
        assert_eq!(parse_date("202603041030-0500"), Ok(date(2026, 3, 4)));
        assert_eq!(parse_date("3/4/2026"), Ok(date(2026, 3, 4)));
        assert_eq!(parse_date("03/04/2026 10:30"), Ok(date(2026, 3, 4)));
        assert_eq!(parse_date("2026-03-04T10:30:00Z"), Ok(date(2026, 3, 4)));
    }

    #[test]
    fn rejects_with_reasons() {
        assert_eq!(parse_date("2026-02-30").unwrap_err().to_string(), "2026-02 has no day 30");
        assert!(parse_date("2026-13-01").unwrap_err().to_string().contains("month 13"));
        assert_eq!(parse_date("3/4/26"), Err(DateError::TwoDigitYear));
        assert_eq!(parse_date("yesterday"), Err(DateError::Layout));
        assert_eq!(parse_date("2026-3-4"), Err(DateError::Layout));
        assert_eq!(parse_date(""), Err(DateError::Layout));
        assert_eq!(parse_date("1/2/3/2026"), Err(DateError::Layout));
        assert_eq!(parse_date("2026-02-29"), Err(DateError::NoSuchDay { year: 2026, month: 2, day: 29 }));
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
    }

    /// The `YYYY-MM-DD` fast path reads every date the long way reads, the same, and nothing else.
    #[test]
    fn iso_fast_path_agrees_with_the_long_way() {
        let mut texts: Vec<String> =
            ["0000-01-01", "0001-01-01", "9999-12-31", "2024-02-29", "2026-02-29"].map(String::from).to_vec();
        for y in ["1900", "2000", "2023", "2024"] {
            for m in 0..=13 {
                for d in [0, 1, 28, 29, 30, 31, 32] {
                    texts.push(format!("{y}-{m:02}-{d:02}"));
                }
            }
        }
        texts.extend(
            ["2026-3-04 ", "2026/03/04", "2026-03-0a", "+026-03-04", "2026-03-04T", "2026-0:-04"]
                .map(String::from),
        );
        for text in &texts {
            let long = parse_layouts(text);
            match iso_day(text.as_bytes()) {
                Some(date) => assert_eq!(Ok(date), long, "{text}"),
                None => assert!(long.is_err() || text.len() != 10, "{text}"),
            }
            assert_eq!(parse_date(text), long, "{text}");
        }
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_in_years(date(1980, 3, 5), date(2026, 3, 4)), 45);
        assert_eq!(age_in_years(date(1980, 3, 4), date(2026, 3, 4)), 46);
        assert_eq!(age_in_years(date(2026, 3, 4), date(2026, 3, 4)), 0);
    }
}
