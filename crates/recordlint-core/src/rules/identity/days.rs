//! Days as the index stores them: a date as a `u32` that sorts as dates do, and in 16 bits for the
//! 128 years a patient row or a record holds (other days are kept apart).

use jiff::civil::Date;

/// A date as a `u32` that sorts as dates do (0 is no date).
pub(crate) fn day(d: Date) -> u32 {
    let year = (i32::from(d.year()) + 0x8000) as u32;
    year << 9 | (d.month() as u32) << 5 | d.day() as u32
}

/// The date of a [`day`] (`None` for 0).
pub(crate) fn date(day: u32) -> Option<Date> {
    if day == 0 {
        return None;
    }
    let year = i16::try_from(i64::from(day >> 9) - 0x8000).ok()?;
    Date::new(year, ((day >> 5) & 15) as i8, (day & 31) as i8).ok()
}

/// A [`day`] of the 128 years from `from` in 16 bits: the year from `from`, and the month and
/// day as they are (0 stays "no date"); [`FAR`] for a day of another year (kept apart).
#[inline]
pub(crate) fn compact(day: u32, from: i32) -> u16 {
    let year = (day >> 9).wrapping_sub((0x8000 + from) as u32);
    match day {
        0 => 0,
        _ if year < 128 => (year << 9 | (day & 0x1ff)) as u16,
        _ => FAR,
    }
}

/// The [`day`] of a [`compact`] one other than [`FAR`].
#[inline]
pub(crate) fn full(compact: u16, from: i32) -> u32 {
    match compact {
        0 => 0,
        c => (u32::from(c >> 9) + (0x8000 + from) as u32) << 9 | u32::from(c & 0x1ff),
    }
}

/// A compact day standing for a day kept apart (no compact day reaches it: months end at 12).
pub(crate) const FAR: u16 = u16::MAX;

/// The first year of the admission days a row holds.
pub(crate) const ADMISSIONS_FROM: i32 = 1950;
