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
    /// The record has no usable date: the newest release of the table is used.
    NewestRelease,
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
        if let Some(date) = e.discharge.as_ref().and_then(|d| d.date) {
            return ServiceDate { date, basis: Basis::Discharge };
        }
        if let Some(date) = e.admit.as_ref().and_then(|d| d.date) {
            return ServiceDate { date, basis: Basis::Admit };
        }
        let date = table.newest_release().unwrap_or(jiff::civil::date(2026, 10, 1));
        ServiceDate { date, basis: Basis::NewestRelease }
    }
}

impl fmt::Display for ServiceDate {
    /// `discharge 2026-03-01`, `admit 2026-03-01` or `the release of 2026-10-01 (no service date)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.basis {
            Basis::Discharge => write!(f, "discharge {}", self.date),
            Basis::Admit => write!(f, "admit {}", self.date),
            Basis::NewestRelease => write!(f, "the release of {} (no service date)", self.date),
        }
    }
}
