//! Versions of a dated table: the stretches of dates on which every row of the table is in force
//! or not alike, so that what the table says about a code is the same on every date of one
//! version and can be worked out once for it.

use super::mce::SEX_EDITS_ENDED;
use super::tables::Table;
use jiff::civil::Date;

/// Where the versions of one table begin.
#[derive(Debug, Default)]
pub struct Versions {
    /// The first day of every version but the earliest, sorted: the day a row's range starts,
    /// the day after one ends, and the day after the MCE sex edits ended (what a code's sex limit
    /// is depends on that day too, see [`super::mce::sex_limit`]).
    starts: Vec<u32>,
}

impl Versions {
    /// `date` as a number that sorts like it (and whose 9 low bits are the month and day).
    pub fn day(date: Date) -> u32 {
        let year = u32::try_from(i32::from(date.year()) + 10_000).unwrap_or(0);
        year << 9 | u32::from(date.month().unsigned_abs()) << 5 | u32::from(date.day().unsigned_abs())
    }
}

impl Versions {
    /// The versions of `table`.
    pub fn of(table: &Table) -> Versions {
        let ends = table.spans().iter().filter_map(|s| s.to.tomorrow().ok());
        let mut starts: Vec<Date> = table.spans().iter().map(|s| s.from).chain(ends).collect();
        starts.extend(SEX_EDITS_ENDED.tomorrow().ok());
        starts.sort_unstable();
        starts.dedup();
        Versions { starts: starts.into_iter().map(Versions::day).collect() }
    }

    /// The number of the version in force on `date`.
    pub fn on(&self, date: Date) -> u32 {
        // At most twice the table's 65,535 ranges, and one: the number fits.
        let date = Versions::day(date);
        self.starts.partition_point(|&s| s <= date) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Tables;
    use jiff::civil::date;

    #[test]
    fn a_release_is_one_version_and_its_ends_are_not() {
        let tables = Tables::builtin();
        let v = Versions::of(tables.icd10cm());
        // The April 2026 update is in force to the end of the fiscal year.
        assert_eq!(v.on(date(2026, 4, 1)), v.on(date(2026, 9, 30)));
        assert_ne!(v.on(date(2026, 3, 31)), v.on(date(2026, 4, 1)));
        assert_ne!(v.on(date(2026, 9, 30)), v.on(date(2026, 10, 1)));
        assert_ne!(v.on(date(2024, 9, 30)), v.on(date(2024, 10, 1)));
        assert!(v.on(date(1900, 1, 1)) < v.on(date(2016, 3, 1)));
    }
}
