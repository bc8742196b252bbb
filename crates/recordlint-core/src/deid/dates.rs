//! Dates under de-identification: reduced to the year (Safe Harbor, 45 CFR 164.514(b)(2)(i)(C)),
//! or moved by a number of days in their own layout (date shift, which is not Safe Harbor).
//! Layouts: ISO (`2026-03-04`, `2026-03`, FHIR dateTime and instant), HL7 v2 DT/DTM
//! (`20260304120000.5-0500`) and US (`3/4/2026`, with a time after a blank).

use jiff::civil::Date;
use jiff::ToSpan;

/// The parts of a date as written: year, month and day when present, and where the day ends.
struct Parsed {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
    layout: Layout,
}

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    Iso,
    Hl7,
    Us,
}

fn num(s: &str) -> Option<i32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn parse(text: &str) -> Option<Parsed> {
    let t = text.trim();
    let b = t.as_bytes();
    let ok_year = |y: i32| (1000..=2999).contains(&y);
    let ok_month = |m: i32| (1..=12).contains(&m);
    let ok_day = |d: i32| (1..=31).contains(&d);
    if b.len() >= 7 && b[4] == b'-' {
        let year = num(&t[..4]).filter(|&y| ok_year(y))?;
        let month = num(t.get(5..7)?).filter(|&m| ok_month(m))?;
        let day = match b.get(7) {
            None => None,
            Some(b'-') => Some(num(t.get(8..10)?).filter(|&d| ok_day(d))?),
            _ => return None,
        };
        if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
            return None;
        }
        return Some(Parsed {
            year: year as i16,
            month: Some(month as i8),
            day: day.map(|d| d as i8),
            layout: Layout::Iso,
        });
    }
    if b.contains(&b'/') {
        let date = t.split(' ').next()?;
        let mut parts = date.split('/');
        let (m, d, y) = (num(parts.next()?)?, num(parts.next()?)?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || !ok_month(m) || !ok_day(d) {
            return None;
        }
        let y = num(y).filter(|&y| ok_year(y))?;
        return Some(Parsed { year: y as i16, month: Some(m as i8), day: Some(d as i8), layout: Layout::Us });
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &t[digits..];
    let tail_ok = rest.is_empty()
        || (rest.starts_with('.') && digits >= 14)
        || ((rest.starts_with('+') || rest.starts_with('-')) && rest.len() == 5 && num(&rest[1..]).is_some());
    let tail_ok = tail_ok
        || (rest.starts_with('.') && {
            let (frac, tz) = rest[1..].split_at(rest[1..].find(['+', '-']).unwrap_or(rest.len() - 1));
            num(frac).is_some() && (tz.is_empty() || (tz.len() == 5 && num(&tz[1..]).is_some()))
        });
    if !matches!(digits, 6 | 8 | 10 | 12 | 14) || !tail_ok {
        return None;
    }
    let year = num(&t[..4]).filter(|&y| ok_year(y))?;
    let month = num(&t[4..6]).filter(|&m| ok_month(m))?;
    let day = if digits >= 8 { Some(num(&t[6..8]).filter(|&d| ok_day(d))?) } else { None };
    Some(Parsed {
        year: year as i16,
        month: Some(month as i8),
        day: day.map(|d| d as i8),
        layout: Layout::Hl7,
    })
}

/// True when `text` is a date with at least a month, in any layout above (a year alone is
/// already what Safe Harbor allows).
pub fn is_date(text: &str) -> bool {
    parse(text).is_some()
}

/// True when `text` is an ISO date with at least a month (`2026-03`, `2026-03-04T10:30:00Z`): the
/// only layout FHIR writes.
pub fn is_iso_date(text: &str) -> bool {
    parse(text).is_some_and(|p| p.layout == Layout::Iso)
}

/// The year of a date with a month or day, as Safe Harbor keeps it; `None` when `text` is no
/// such date.
pub fn year_of(text: &str) -> Option<String> {
    parse(text).map(|p| format!("{:04}", p.year))
}

/// The year of a date, for ages.
pub fn year(text: &str) -> Option<i16> {
    let t = text.trim();
    parse(t).map(|p| p.year).or_else(|| (t.len() == 4).then(|| t.parse().ok()).flatten())
}

/// `text` moved by `days`, in its own layout (time and zone kept); a date without a day is
/// kept as written.
pub fn shifted(text: &str, days: i32) -> Option<String> {
    let p = parse(text)?;
    let (Some(m), Some(d)) = (p.month, p.day) else { return Some(text.to_string()) };
    let date = Date::new(p.year, m, d).ok()?.checked_add(days.days()).ok()?;
    let t = text.trim();
    Some(match p.layout {
        Layout::Iso => format!("{}{}", date.strftime("%Y-%m-%d"), &t[10..]),
        Layout::Hl7 => format!("{}{}", date.strftime("%Y%m%d"), &t[8..]),
        Layout::Us => {
            let time = t.find(' ').map_or("", |i| &t[i..]);
            format!("{}/{}/{}{time}", date.month(), date.day(), date.year())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_every_layout() {
        for (text, year) in [
            ("2026-03-04", "2026"),
            ("2026-03-04T10:30:00Z", "2026"),
            ("2026-03", "2026"),
            ("20260304120000.5-0500", "2026"),
            ("202603041200", "2026"),
            ("19620314", "1962"),
            ("3/14/1962", "1962"),
        ] {
            assert_eq!(year_of(text).as_deref(), Some(year), "{text}");
        }
        for text in ["2026", "E11.9", "12345678901", "4471902", "1234-56"] {
            assert_eq!(year_of(text), None, "{text}");
        }
    }

    #[test]
    fn shifts_keep_the_layout() {
        assert_eq!(shifted("2026-03-04T10:30:00Z", -10).unwrap(), "2026-02-22T10:30:00Z");
        assert_eq!(shifted("20260304120000", 30).unwrap(), "20260403120000");
        assert_eq!(shifted("3/4/2026", 1).unwrap(), "3/5/2026");
        assert_eq!(shifted("2026-03", 5).unwrap(), "2026-03");
    }
}
