//! The date a code must be valid on: the discharge date (as the MCE uses), else the admission
//! date, else the newest release of the table, saying so.

use super::tables::Table;
use crate::model::Record;
use jiff::civil::Date;
use std::fmt;

/// Where the date of service came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Discharge,
    Admit,
    /// A date a person asked about (code look-up).
    Asked,
    /// The record has no usable date: the newest release of the table is used.
    NewestRelease,
    /// The date (kept here) is after the last date the bundled tables cover, so the last date
    /// they cover is used.
    AfterTables(Date),
}

/// The date codes are checked on, and why that date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceDate {
    pub date: Date,
    pub basis: Basis,
}

impl ServiceDate {
    /// The date of service of `record` for codes of `table`.
    pub fn of(record: &Record, table: &Table) -> ServiceDate {
        let e = &record.encounter;
        let (date, basis) = if let Some(date) = e.discharge.as_ref().and_then(|d| d.date) {
            (date, Basis::Discharge)
        } else if let Some(date) = e.admit.as_ref().and_then(|d| d.date) {
            (date, Basis::Admit)
        } else {
            return ServiceDate::newest(table);
        };
        ServiceDate { date, basis }.within(table)
    }

    /// The newest release of `table`.
    pub fn newest(table: &Table) -> ServiceDate {
        let date = table.newest_release().unwrap_or(jiff::civil::date(2026, 10, 1));
        ServiceDate { date, basis: Basis::NewestRelease }
    }

    /// This date, or the last date `table` covers when it is later.
    pub fn within(self, table: &Table) -> ServiceDate {
        match table.horizon() {
            Some(end) if self.date > end => ServiceDate { date: end, basis: Basis::AfterTables(self.date) },
            _ => self,
        }
    }
}

impl fmt::Display for ServiceDate {
    /// `discharge 2026-03-01`, `admit 2026-03-01` or `the release of 2026-10-01 (no service date)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.basis {
            Basis::Discharge => write!(f, "discharge {}", self.date),
            Basis::Admit => write!(f, "admit {}", self.date),
            Basis::Asked => write!(f, "{}", self.date),
            Basis::NewestRelease => write!(f, "the release of {} (no service date)", self.date),
            Basis::AfterTables(asked) => {
                write!(f, "{} (the bundled tables end then; the date asked was {asked})", self.date)
            }
        }
    }
}
