//! Length of stay from admission and discharge dates: the discharge date minus the admission
//! date (the day of admission counts, the day of discharge does not), and 1 day for a patient
//! admitted and discharged on the same day (Horton, *Calculating and Reporting Healthcare
//! Statistics*, AHIMA).

use crate::parse_iso_date;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer};

/// One inpatient stay.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stay {
    #[serde(deserialize_with = "iso")]
    pub admit: Date,
    #[serde(deserialize_with = "iso")]
    pub discharge: Date,
}

/// A strict `YYYY-MM-DD` date.
pub(super) fn iso<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let text = String::deserialize(d)?;
    parse_iso_date(&text).map_err(serde::de::Error::custom)
}

/// An optional strict `YYYY-MM-DD` date.
pub(super) fn iso_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    iso(d).map(Some)
}

/// Whole days from `from` to `to` (negative when `to` comes first).
pub(super) fn days_between(from: Date, to: Date) -> Result<i64, String> {
    from.until(to).map(|span| i64::from(span.get_days())).map_err(|e| e.to_string())
}

impl Stay {
    /// The length of stay in days (same day = 1).
    pub fn days(&self) -> Result<u128, String> {
        let n = days_between(self.admit, self.discharge)?;
        match n {
            n if n < 0 => Err(format!(
                "the stay admitted {} is discharged before admission ({})",
                self.admit, self.discharge
            )),
            0 => Ok(1),
            n => Ok(n as u128),
        }
    }
}

/// The total length of stay of `stays`, and how it was formed (`4 + 1 + 10`).
pub fn total(stays: &[Stay]) -> Result<(u128, String), String> {
    if stays.is_empty() {
        return Err("`stays` is empty".into());
    }
    let days = stays.iter().map(Stay::days).collect::<Result<Vec<_>, _>>()?;
    let shown = if days.len() > 10 {
        format!("sum of {} lengths of stay", days.len())
    } else {
        days.iter().map(u128::to_string).collect::<Vec<_>>().join(" + ")
    };
    Ok((days.iter().sum(), shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn stay(a: Date, d: Date) -> Stay {
        Stay { admit: a, discharge: d }
    }

    #[test]
    fn same_day_is_one_and_the_discharge_day_is_not_counted() {
        assert_eq!(stay(date(2026, 3, 14), date(2026, 3, 14)).days(), Ok(1));
        assert_eq!(stay(date(2026, 3, 14), date(2026, 3, 15)).days(), Ok(1));
        assert_eq!(stay(date(2026, 1, 28), date(2026, 2, 3)).days(), Ok(6));
        assert_eq!(stay(date(2028, 2, 26), date(2028, 3, 2)).days(), Ok(5));
        assert!(stay(date(2026, 3, 5), date(2026, 3, 4)).days().unwrap_err().contains("before admission"));
        let (sum, shown) =
            total(&[stay(date(2026, 3, 1), date(2026, 3, 5)), stay(date(2026, 3, 3), date(2026, 3, 3))])
                .unwrap();
        assert_eq!((sum, shown.as_str()), (5, "4 + 1"));
        assert!(total(&[]).is_err());
    }
}
