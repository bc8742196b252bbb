//! Beds over a period: bed count days when the bed count changes within the period, and the bed
//! turnover rate by the direct formula (discharges ÷ average bed count) and the indirect one
//! (occupancy rate × days ÷ average length of stay) (Horton, *Calculating and Reporting
//! Healthcare Statistics*, AHIMA).

use super::stays::{days_between, iso_opt};
use super::{need, nonzero, Computed, Decimal, StatisticsData, Unit};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer};

/// A stretch of the period with one bed count: `{"beds": 120, "days": 74}`, or with its dates
/// (both included) `{"beds": 120, "from": "2026-01-01", "through": "2026-03-15"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BedPeriod {
    pub beds: u64,
    #[serde(default)]
    pub days: Option<u64>,
    #[serde(default, deserialize_with = "iso_opt")]
    pub from: Option<Date>,
    #[serde(default, deserialize_with = "iso_opt")]
    pub through: Option<Date>,
}

impl BedPeriod {
    /// Days in this stretch: given, or counted from `from` through `through`.
    fn days(&self) -> Result<u128, String> {
        match (self.days, self.from, self.through) {
            (Some(d), None, None) => Ok(u128::from(d)),
            (None, Some(from), Some(through)) => match days_between(from, through)? {
                n if n < 0 => Err(format!("a bed period runs from {from} through {through}, backwards")),
                n => Ok(n as u128 + 1),
            },
            _ => Err("a bed period gives either `days` or both `from` and `through`".into()),
        }
    }
}

/// Bed count days over the period and how they were formed.
pub(super) struct BedDays {
    pub bed_days: u128,
    pub days: u128,
    /// `120 × 74 + 140 × 16`, or `100 × 30` for one bed count.
    pub shown: String,
    /// True when the bed count changed within the period.
    pub changed: bool,
}

impl StatisticsData {
    /// Bed count days: Σ beds × days over `bed_periods`, or `beds` × days in the period.
    pub(super) fn bed_days(&self) -> Result<BedDays, String> {
        let Some(periods) = &self.bed_periods else {
            let beds = need(self.beds, "beds")?;
            let days = self.period()?;
            let bed_days = nonzero(beds * days, "beds")?;
            return Ok(BedDays { bed_days, days, shown: format!("{beds} × {days}"), changed: false });
        };
        if periods.is_empty() {
            return Err("`bed_periods` is empty".into());
        }
        if self.beds.is_some() {
            return Err("give either `beds` or `bed_periods`, not both".into());
        }
        let mut bed_days = 0;
        let mut days = 0;
        let mut terms = Vec::new();
        for p in periods {
            let d = p.days()?;
            bed_days += u128::from(p.beds) * d;
            days += d;
            terms.push(format!("{} × {d}", p.beds));
        }
        let stated = match (self.days, &self.daily_census) {
            (Some(d), _) => Some(u128::from(d)),
            (None, Some(c)) => Some(c.len() as u128),
            (None, None) => None,
        };
        if let Some(stated) = stated.filter(|&s| s != days) {
            return Err(format!("the bed periods cover {days} day(s) but the period has {stated}"));
        }
        Ok(BedDays {
            bed_days: nonzero(bed_days, "bed_periods")?,
            days: nonzero(days, "days")?,
            shown: terms.join(" + "),
            changed: true,
        })
    }
}

/// Direct bed turnover rate = discharges (including deaths) ÷ average bed count, where the
/// average bed count is bed count days ÷ days in the period.
pub(super) fn turnover_direct(d: &StatisticsData) -> Result<Computed, String> {
    let n = need(d.discharges, "discharges")?;
    if d.bed_periods.is_none() {
        let beds = nonzero(need(d.beds, "beds")?, "beds")?;
        return Ok(Computed {
            numerator: n,
            denominator: beds,
            formula: format!("Bed turnover rate (direct) = discharges (including deaths) ÷ average bed count = {n} ÷ {beds}"),
            unit: Unit::Number,
        });
    }
    let b = d.bed_days()?;
    Ok(Computed {
        numerator: n * b.days,
        denominator: b.bed_days,
        formula: format!(
            "Bed turnover rate (direct) = discharges (including deaths) ÷ average bed count, average bed count = bed count days ÷ days in the period = ({}) ÷ {}; {n} ÷ ({} ÷ {}) = {n} × {} ÷ {}",
            b.shown, b.days, b.bed_days, b.days, b.days, b.bed_days
        ),
        unit: Unit::Number,
    })
}

/// Indirect bed turnover rate = (occupancy rate as a proportion × days in the period) ÷ average
/// length of stay.
pub(super) fn turnover_indirect(d: &StatisticsData) -> Result<Computed, String> {
    let occ = d.occupancy_rate.ok_or("data lacks `occupancy_rate`")?;
    let alos = d.average_length_of_stay.ok_or("data lacks `average_length_of_stay`")?;
    let days = d.period()?;
    let alos_digits = nonzero(alos.digits, "average_length_of_stay")?;
    // (occ.digits / 10^occ.places / 100) × days ÷ (alos.digits / 10^alos.places)
    let numerator =
        occ.digits.checked_mul(days).and_then(|v| v.checked_mul(10u128.checked_pow(alos.places)?));
    let denominator =
        alos_digits.checked_mul(100).and_then(|v| v.checked_mul(10u128.checked_pow(occ.places)?));
    let (Some(numerator), Some(denominator)) = (numerator, denominator) else {
        return Err("`occupancy_rate` or `average_length_of_stay` has too many digits".into());
    };
    Ok(Computed {
        numerator,
        denominator,
        formula: format!(
            "Bed turnover rate (indirect) = (occupancy rate × days in the period) ÷ average length of stay = ({} × {days}) ÷ {}",
            Decimal { digits: occ.digits, places: occ.places + 2 }.to_text_trimmed(),
            alos.to_text_trimmed()
        ),
        unit: Unit::Number,
    })
}

impl<'de> Deserialize<'de> for Decimal {
    /// A non-negative JSON number read as the decimal it shows (`82.5`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let v = f64::deserialize(d)?;
        Decimal::of(v)
            .ok_or_else(|| serde::de::Error::custom(format!("{v} is not a non-negative decimal number")))
    }
}
