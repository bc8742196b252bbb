//! Hospital statistics: a small census/discharge dataset and one measure to compute, with the
//! standard formulas (Horton, *Calculating and Reporting Healthcare Statistics*, AHIMA; CDC NHSN
//! *Patient Safety Component Manual*) in exact integer arithmetic and the stated rounding (half
//! up).

mod beds;
#[cfg(test)]
mod measure_tests;
mod nhsn;
mod stays;
mod vital;

pub use beds::BedPeriod;
pub use stays::Stay;

use super::grade::{note, FeedbackKind, Grade};
use serde::Deserialize;
use std::fmt::Write;

/// The measures the lab teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    InpatientServiceDays,
    AverageDailyCensus,
    AverageLengthOfStay,
    BedOccupancyRate,
    GrossDeathRate,
    NetDeathRate,
    PostoperativeDeathRate,
    CesareanSectionRate,
    ConsultationRate,
    NosocomialInfectionRate,
    /// Total length of stay of `stays`, from their dates.
    LengthOfStay,
    GrossAutopsyRate,
    NetAutopsyRate,
    HospitalAutopsyRate,
    FetalDeathRate,
    MaternalDeathRate,
    NewbornDeathRate,
    NeonatalMortalityRate,
    BedTurnoverRate,
    BedTurnoverRateIndirect,
    DeviceAssociatedInfectionRate,
    DeviceUtilizationRatio,
}

/// The numbers a formula needs (only those relevant to the measure are given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsData {
    pub daily_census: Option<Vec<u64>>,
    pub inpatient_service_days: Option<u64>,
    pub days: Option<u64>,
    pub beds: Option<u64>,
    pub discharges: Option<u64>,
    pub discharge_days: Option<u64>,
    pub deaths: Option<u64>,
    pub deaths_under_48h: Option<u64>,
    pub postoperative_deaths: Option<u64>,
    pub surgical_patients: Option<u64>,
    pub cesarean_sections: Option<u64>,
    pub deliveries: Option<u64>,
    pub consultations: Option<u64>,
    pub infections: Option<u64>,
    /// Stays with their dates, for lengths of stay.
    pub stays: Option<Vec<Stay>>,
    /// The bed count over the period when it changes within it (instead of `beds`).
    pub bed_periods: Option<Vec<BedPeriod>>,
    pub autopsies: Option<u64>,
    /// Inpatient deaths released to the medical examiner or coroner and not autopsied.
    pub unautopsied_examiner_cases: Option<u64>,
    /// Hospital autopsies on other hospital patients (outpatients, home care, former inpatients).
    pub other_autopsies: Option<u64>,
    /// Deaths of other hospital patients whose bodies were available (default `other_autopsies`).
    pub other_bodies_available: Option<u64>,
    pub live_births: Option<u64>,
    /// Under 20 weeks: shown, never counted in the fetal death rate.
    pub early_fetal_deaths: Option<u64>,
    pub intermediate_fetal_deaths: Option<u64>,
    pub late_fetal_deaths: Option<u64>,
    pub direct_maternal_deaths: Option<u64>,
    /// Shown, never counted in the hospital maternal death rate.
    pub indirect_maternal_deaths: Option<u64>,
    pub maternal_discharges: Option<u64>,
    pub newborn_deaths: Option<u64>,
    pub newborn_discharges: Option<u64>,
    /// Deaths of infants under 28 days of age.
    pub neonatal_deaths: Option<u64>,
    /// A percentage (`82.5`), for the indirect bed turnover rate.
    pub occupancy_rate: Option<Decimal>,
    /// Days (`4.5`), for the indirect bed turnover rate.
    pub average_length_of_stay: Option<Decimal>,
    pub device_associated_infections: Option<u64>,
    pub device_days: Option<u64>,
    pub patient_days: Option<u64>,
}

/// A statistics exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statistics {
    pub measure: Measure,
    /// Boxed: the data has a key for every measure.
    pub data: Box<StatisticsData>,
    /// Decimal places: 0, 1 or 2.
    pub rounding: u8,
    pub answer: StatisticsAnswer,
}

/// The key, and the shape of a student's answer (a number, or a numeric string).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsAnswer {
    pub value: serde_json::Value,
}

/// A computed measure: the exact fraction and how it was formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub numerator: u128,
    pub denominator: u128,
    /// The formula in words and with the numbers.
    pub formula: String,
    pub unit: Unit,
}

/// What a computed value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days, a census, a ratio, a turnover.
    Number,
    /// A rate per 100.
    Percent,
    /// A rate per 1,000 of the named denominator.
    PerThousand(&'static str),
}

impl Unit {
    /// What follows a value of this unit in feedback (`%`, ` per 1,000 device days`).
    fn suffix(self) -> String {
        match self {
            Unit::Number => String::new(),
            Unit::Percent => "%".into(),
            Unit::PerThousand(what) => format!(" per 1,000 {what}"),
        }
    }

    fn multiplier(self) -> u128 {
        match self {
            Unit::Number => 1,
            Unit::Percent => 100,
            Unit::PerThousand(_) => 1000,
        }
    }
}

/// `name = num_label × 100 ÷ den_label = num × 100 ÷ den` (× 1,000 for rates per 1,000).
fn rate(
    name: &str,
    num: u128,
    num_label: &str,
    den: u128,
    den_label: &str,
    unit: Unit,
) -> Result<Computed, String> {
    let den = nonzero(den, den_label)?;
    let times = match unit {
        Unit::PerThousand(_) => "1,000",
        _ => "100",
    };
    Ok(Computed {
        numerator: num * unit.multiplier(),
        denominator: den,
        formula: format!("{name} = {num_label} × {times} ÷ {den_label} = {num} × {times} ÷ {den}"),
        unit,
    })
}

impl Computed {
    /// The value rounded half up to `places` decimals, as text (`85.3`).
    pub fn rounded(&self, places: u8) -> String {
        let scale = 10u128.pow(u32::from(places));
        let r = (2 * self.numerator * scale + self.denominator) / (2 * self.denominator);
        if places == 0 {
            r.to_string()
        } else {
            format!("{}.{:0width$}", r / scale, r % scale, width = usize::from(places))
        }
    }

    /// The unrounded value.
    pub fn value(&self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

fn need(value: Option<u64>, key: &str) -> Result<u128, String> {
    value.map(u128::from).ok_or_else(|| format!("data lacks `{key}`"))
}

fn nonzero(value: u128, key: &str) -> Result<u128, String> {
    if value == 0 {
        Err(format!("`{key}` is 0: the formula would divide by zero"))
    } else {
        Ok(value)
    }
}

impl StatisticsData {
    /// Inpatient service days: given, or the sum of the daily census.
    fn service_days(&self) -> Result<(u128, String), String> {
        match (&self.daily_census, self.inpatient_service_days) {
            (Some(c), _) => {
                let sum: u128 = c.iter().map(|&n| u128::from(n)).sum();
                let terms: Vec<String> = c.iter().map(u64::to_string).collect();
                let shown = if terms.len() > 10 {
                    format!("sum of {} daily census counts", terms.len())
                } else {
                    terms.join(" + ")
                };
                Ok((sum, shown))
            }
            (None, Some(n)) => Ok((u128::from(n), n.to_string())),
            (None, None) => Err("data lacks `daily_census` or `inpatient_service_days`".into()),
        }
    }

    /// True when both `days` and `daily_census` are given and disagree.
    pub fn census_mismatch(&self) -> bool {
        matches!((self.days, &self.daily_census), (Some(d), Some(c)) if d as usize != c.len())
    }

    /// Days in the period: given, or the length of the daily census.
    fn period(&self) -> Result<u128, String> {
        let days = match (self.days, &self.daily_census) {
            (Some(d), _) => u128::from(d),
            (None, Some(c)) => c.len() as u128,
            (None, None) => return Err("data lacks `days`".into()),
        };
        nonzero(days, "days")
    }
}

impl Measure {
    /// Computes the measure from `data`.
    pub fn compute(self, d: &StatisticsData) -> Result<Computed, String> {
        let rate = |name: &str, num: u128, num_label: &str, den: u128, den_label: &str| {
            rate(name, num, num_label, den, den_label, Unit::Percent)
        };
        match self {
            Measure::InpatientServiceDays => {
                let (ipsd, shown) = d.service_days()?;
                Ok(Computed {
                    numerator: ipsd,
                    denominator: 1,
                    formula: format!("Inpatient service days = sum of the daily inpatient census = {shown}"),
                    unit: Unit::Number,
                })
            }
            Measure::AverageDailyCensus => {
                let (ipsd, _) = d.service_days()?;
                let days = d.period()?;
                Ok(Computed {
                    numerator: ipsd,
                    denominator: days,
                    formula: format!("Average daily census = inpatient service days ÷ days in the period = {ipsd} ÷ {days}"),
                    unit: Unit::Number,
                })
            }
            Measure::AverageLengthOfStay if d.stays.is_some() => {
                if d.discharge_days.is_some() || d.discharges.is_some() {
                    return Err("give either `stays` or `discharge_days` and `discharges`, not both".into());
                }
                let stays = d.stays.as_deref().unwrap_or_default();
                let (los, shown) = stays::total(stays)?;
                let n = stays.len() as u128;
                Ok(Computed {
                    numerator: los,
                    denominator: n,
                    formula: format!("Average length of stay = total length of stay (discharge date − admission date, same day = 1) ÷ discharges = ({shown}) ÷ {n} = {los} ÷ {n}"),
                    unit: Unit::Number,
                })
            }
            Measure::LengthOfStay => {
                let (los, shown) = stays::total(d.stays.as_deref().ok_or("data lacks `stays`")?)?;
                Ok(Computed {
                    numerator: los,
                    denominator: 1,
                    formula: format!("Length of stay = discharge date − admission date (same day = 1), added over the stays = {shown}"),
                    unit: Unit::Number,
                })
            }
            Measure::AverageLengthOfStay => {
                let los = need(d.discharge_days, "discharge_days")?;
                let n = nonzero(need(d.discharges, "discharges")?, "discharges")?;
                Ok(Computed {
                    numerator: los,
                    denominator: n,
                    formula: format!("Average length of stay = total length of stay (discharge days) ÷ discharges (including deaths) = {los} ÷ {n}"),
                    unit: Unit::Number,
                })
            }
            Measure::BedOccupancyRate => {
                let (ipsd, _) = d.service_days()?;
                let b = d.bed_days()?;
                let formula = if b.changed {
                    format!("Bed occupancy rate = inpatient service days × 100 ÷ bed count days (beds × days, for each bed count in the period) = {ipsd} × 100 ÷ ({}) = {ipsd} × 100 ÷ {}", b.shown, b.bed_days)
                } else {
                    format!("Bed occupancy rate = inpatient service days × 100 ÷ (beds × days in the period) = {ipsd} × 100 ÷ ({})", b.shown)
                };
                Ok(Computed { numerator: ipsd * 100, denominator: b.bed_days, formula, unit: Unit::Percent })
            }
            Measure::GrossDeathRate => rate(
                "Gross death rate",
                need(d.deaths, "deaths")?,
                "deaths",
                need(d.discharges, "discharges")?,
                "discharges (including deaths)",
            ),
            Measure::NetDeathRate => {
                let deaths = need(d.deaths, "deaths")?;
                let early = need(d.deaths_under_48h, "deaths_under_48h")?;
                let n = need(d.discharges, "discharges")?;
                if early > deaths || early >= n {
                    return Err(
                        "`deaths_under_48h` must not exceed `deaths` and must be below `discharges`".into()
                    );
                }
                Ok(Computed {
                    numerator: (deaths - early) * 100,
                    denominator: n - early,
                    formula: format!("Net death rate = (deaths − deaths under 48 hours) × 100 ÷ (discharges − deaths under 48 hours) = ({deaths} − {early}) × 100 ÷ ({n} − {early})"),
                    unit: Unit::Percent,
                })
            }
            Measure::PostoperativeDeathRate => rate(
                "Postoperative death rate",
                need(d.postoperative_deaths, "postoperative_deaths")?,
                "postoperative deaths (within 10 days of surgery)",
                need(d.surgical_patients, "surgical_patients")?,
                "patients operated on",
            ),
            Measure::CesareanSectionRate => rate(
                "Cesarean section rate",
                need(d.cesarean_sections, "cesarean_sections")?,
                "cesarean sections",
                need(d.deliveries, "deliveries")?,
                "deliveries",
            ),
            Measure::ConsultationRate => rate(
                "Consultation rate",
                need(d.consultations, "consultations")?,
                "consultations",
                need(d.discharges, "discharges")?,
                "discharges (including deaths)",
            ),
            Measure::NosocomialInfectionRate => rate(
                "Nosocomial (hospital-acquired) infection rate",
                need(d.infections, "infections")?,
                "hospital-acquired infections",
                need(d.discharges, "discharges")?,
                "discharges (including deaths)",
            ),
            Measure::GrossAutopsyRate => vital::gross_autopsy(d),
            Measure::NetAutopsyRate => vital::net_autopsy(d),
            Measure::HospitalAutopsyRate => vital::hospital_autopsy(d),
            Measure::FetalDeathRate => vital::fetal_death(d),
            Measure::MaternalDeathRate => vital::maternal_death(d),
            Measure::NewbornDeathRate => vital::newborn_death(d),
            Measure::NeonatalMortalityRate => vital::neonatal_mortality(d),
            Measure::BedTurnoverRate => beds::turnover_direct(d),
            Measure::BedTurnoverRateIndirect => beds::turnover_indirect(d),
            Measure::DeviceAssociatedInfectionRate => nhsn::infection_rate(d),
            Measure::DeviceUtilizationRatio => nhsn::utilization_ratio(d),
        }
    }
}

/// A number from a JSON number or a numeric string (`"85,3"` and `"85.3%"` are accepted).
pub fn number(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => {
            let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
            s.parse::<f64>().ok().filter(|v| v.is_finite())
        }
        _ => None,
    }
}

impl Statistics {
    /// The measure computed from the data.
    pub fn compute(&self) -> Result<Computed, String> {
        if self.rounding > 2 {
            return Err(format!("rounding is {}; it must be 0, 1 or 2", self.rounding));
        }
        self.measure.compute(&self.data)
    }

    /// Grades a student's value. Right: the value at the stated rounding (trailing zeros
    /// free). Half credit only for a true rounding slip at the stated precision (the value
    /// truncated where half up rounds up, or the exact value left unrounded with more decimals)
    /// or a clearly identified unit slip (a rate given as the proportion: 0.88 for 88.0 %).
    /// Anything that is not a number is an input error, not an attempt.
    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let raw = answer.get("value");
        let given = match raw.and_then(number) {
            Some(v) => v,
            None => {
                let shown = match raw {
                    Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
                    Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
                    Some(serde_json::Value::Null) | None => None,
                    Some(other) => Some(other.to_string()),
                };
                return Grade::input_error(match shown {
                    None => "no value was entered: type the result as a number, such as 85.3".to_string(),
                    Some(s) => format!("“{s}” is not a number: type the result as a number, such as 85.3"),
                });
            }
        };
        let places = self.rounding.min(2);
        let computed = self.compute().ok();
        let key = match &computed {
            Some(c) => c.rounded(places),
            None => number(&self.answer.value)
                .map_or_else(|| "?".into(), |v| format!("{v:.*}", usize::from(places))),
        };
        let pct = computed.as_ref().map_or_else(String::new, |c| c.unit.suffix());
        let mut explanation = String::new();
        if let Some(c) = &computed {
            let _ = write!(
                explanation,
                "{} = {:.4}… → {key}{pct} (rounded half up to {places} decimal place(s)).",
                c.formula,
                c.value()
            );
        }
        let item = format!("{given}");
        let mut feedback = Vec::new();
        let verdict = match (&computed, Decimal::of(given)) {
            (Some(c), Some(d)) => c.judge(d, places),
            _ => {
                let right = number(&self.answer.value).is_some_and(|k| (k - given).abs() < 1e-9);
                if right {
                    Verdict::Right
                } else {
                    Verdict::Wrong
                }
            }
        };
        let score = match verdict {
            Verdict::Right => {
                note(&mut feedback, FeedbackKind::Right, item, format!("{key}{pct} is right"));
                1.0
            }
            Verdict::Truncated => {
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    item,
                    format!("a rounding slip: the digit after the last kept place is 5 or more, so round half up to {key}"),
                );
                0.5
            }
            Verdict::Unrounded => {
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    item,
                    format!("the value is right but not rounded as asked: round half up to {places} decimal place(s), {key}"),
                );
                0.5
            }
            Verdict::Proportion => {
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    item,
                    format!("that is the proportion, not the rate: multiply by 100 and give the percentage, {key}"),
                );
                0.5
            }
            Verdict::PerUnit => {
                note(
                    &mut feedback,
                    FeedbackKind::Wrong,
                    item,
                    format!("that is the rate per single unit of the denominator: this rate is{pct}, so multiply by 1,000: {key}"),
                );
                0.0
            }
            Verdict::Wrong => {
                note(&mut feedback, FeedbackKind::Wrong, item, format!("the answer is {key}{pct}"));
                0.0
            }
        };
        Grade::scored(score, feedback).explained(explanation)
    }
}

/// How a student's value compares with the exact result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Right,
    /// Truncated at the stated precision where half up rounds up.
    Truncated,
    /// The exact value rounded at more decimals than asked.
    Unrounded,
    /// A rate given as the proportion (÷ 100), right at the stated precision or more.
    Proportion,
    /// A rate per 1,000 given per single unit (÷ 1,000): named, but no credit.
    PerUnit,
    Wrong,
}

/// A non-negative decimal `digits / 10^places`, as the student wrote it (trailing zeros dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    digits: u128,
    places: u32,
}

impl Decimal {
    /// The decimal as text (`0.825`).
    fn to_text_trimmed(self) -> String {
        let text = format!("{:0>width$}", self.digits, width = self.places as usize + 1);
        let (int, frac) = text.split_at(text.len() - self.places as usize);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        }
    }

    /// The shortest decimal that reads back as `value` (`0.88`, `302`); none for negatives or
    /// values too long to compare exactly.
    fn of(value: f64) -> Option<Decimal> {
        if !(value.is_finite() && value >= 0.0) {
            return None;
        }
        let text = format!("{value}");
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let frac = frac.trim_end_matches('0');
        if int.len() + frac.len() > 30 {
            return None;
        }
        let digits = format!("{int}{frac}").parse::<u128>().ok()?;
        Some(Decimal { digits, places: frac.len() as u32 })
    }

    /// True when this decimal equals `n / 10^places`.
    fn equals(self, n: u128, places: u32) -> bool {
        let (a, b) = (self.places.max(places) - self.places, self.places.max(places) - places);
        match (self.digits.checked_mul(10u128.pow(a)), n.checked_mul(10u128.pow(b))) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

impl Computed {
    /// The exact value × 10^places, rounded half up (`None` when too large).
    fn scaled_half_up(&self, places: u32) -> Option<u128> {
        let scale = 10u128.checked_pow(places)?;
        let num = self.numerator.checked_mul(scale)?.checked_mul(2)?.checked_add(self.denominator)?;
        Some(num / (2 * self.denominator))
    }

    /// The exact value × 10^places, truncated.
    fn scaled_down(&self, places: u32) -> Option<u128> {
        Some(self.numerator.checked_mul(10u128.checked_pow(places)?)? / self.denominator)
    }

    /// Judges `given` against this result at `places` decimals.
    fn judge(&self, given: Decimal, places: u8) -> Verdict {
        let places = u32::from(places);
        let at = |p: u32| self.scaled_half_up(p);
        if at(places).is_some_and(|k| given.equals(k, places)) {
            return Verdict::Right;
        }
        if given.places <= places
            && self.scaled_down(places).is_some_and(|t| given.equals(t, places) && Some(t) != at(places))
        {
            return Verdict::Truncated;
        }
        if given.places > places && at(given.places).is_some_and(|k| given.equals(k, given.places)) {
            return Verdict::Unrounded;
        }
        let shift = match self.unit {
            Unit::Percent => 2,
            Unit::PerThousand(_) => 3,
            Unit::Number => return Verdict::Wrong,
        };
        // given × 10^shift is the rate: the same digits, `shift` places fewer.
        let rate = if given.places >= shift {
            Decimal { digits: given.digits, places: given.places - shift }
        } else {
            match given.digits.checked_mul(10u128.pow(shift - given.places)) {
                Some(digits) => Decimal { digits, places: 0 },
                None => return Verdict::Wrong,
            }
        };
        let right_at = |p: u32| at(p).is_some_and(|k| rate.equals(k, p));
        if given.digits != 0 && (right_at(places) || (rate.places > places && right_at(rate.places))) {
            return if shift == 2 { Verdict::Proportion } else { Verdict::PerUnit };
        }
        Verdict::Wrong
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(measure: &str, data: serde_json::Value, rounding: u8) -> Statistics {
        serde_json::from_value(
            json!({"measure": measure, "data": data, "rounding": rounding, "answer": {"value": 0}}),
        )
        .unwrap()
    }

    fn value(measure: &str, data: serde_json::Value, rounding: u8) -> String {
        ex(measure, data, rounding).compute().unwrap().rounded(rounding)
    }

    #[test]
    fn the_ten_measures() {
        assert_eq!(value("inpatient_service_days", json!({"daily_census": [10, 12, 11]}), 0), "33");
        assert_eq!(value("average_daily_census", json!({"daily_census": [10, 12, 11, 12]}), 1), "11.3");
        assert_eq!(
            value("average_daily_census", json!({"inpatient_service_days": 2560, "days": 30}), 2),
            "85.33"
        );
        assert_eq!(
            value("average_length_of_stay", json!({"discharge_days": 1250, "discharges": 300}), 1),
            "4.2"
        );
        assert_eq!(
            value("bed_occupancy_rate", json!({"inpatient_service_days": 2560, "beds": 100, "days": 30}), 1),
            "85.3"
        );
        assert_eq!(value("gross_death_rate", json!({"deaths": 7, "discharges": 350}), 2), "2.00");
        assert_eq!(
            value("net_death_rate", json!({"deaths": 7, "deaths_under_48h": 2, "discharges": 350}), 2),
            "1.44"
        );
        assert_eq!(
            value(
                "postoperative_death_rate",
                json!({"postoperative_deaths": 2, "surgical_patients": 160}),
                2
            ),
            "1.25"
        );
        assert_eq!(
            value("cesarean_section_rate", json!({"cesarean_sections": 31, "deliveries": 100}), 1),
            "31.0"
        );
        assert_eq!(value("consultation_rate", json!({"consultations": 45, "discharges": 200}), 1), "22.5");
        assert_eq!(
            value("nosocomial_infection_rate", json!({"infections": 3, "discharges": 400}), 2),
            "0.75"
        );
    }

    #[test]
    fn rounds_half_up_exactly() {
        // 1.125 and 0.285 are not exact in binary; integer arithmetic rounds them correctly.
        assert_eq!(value("average_length_of_stay", json!({"discharge_days": 9, "discharges": 8}), 2), "1.13");
        assert_eq!(
            value("nosocomial_infection_rate", json!({"infections": 57, "discharges": 20000}), 2),
            "0.29"
        );
    }

    #[test]
    fn missing_data_and_zero() {
        assert!(ex("bed_occupancy_rate", json!({"inpatient_service_days": 10}), 1)
            .compute()
            .unwrap_err()
            .contains("beds"));
        assert!(ex("gross_death_rate", json!({"deaths": 1, "discharges": 0}), 1)
            .compute()
            .unwrap_err()
            .contains("zero"));
    }

    #[test]
    fn grades_right_rounding_proportion_wrong_malformed() {
        let e = ex("bed_occupancy_rate", json!({"inpatient_service_days": 2560, "beds": 100, "days": 30}), 1);
        let g = e.grade(&json!({"value": 85.3}));
        assert!(g.correct);
        assert!(g.explanation.contains("2560 × 100 ÷ (100 × 30)"), "{}", g.explanation);
        assert!(e.grade(&json!({"value": "85,3 %"})).correct);
        // 85.4 is not a rounding of 85.333… (issue 23); 85.33 is the value left unrounded.
        assert_eq!(e.grade(&json!({"value": 85.4})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": 85.33})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 0.853})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 90})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": "lots"})).score, 0.0);
        assert_eq!(e.grade(&json!([85.3])).score, 0.0);
    }
}

#[cfg(test)]
mod issue23 {
    use super::*;
    use serde_json::json;

    fn ex(measure: &str, data: serde_json::Value, rounding: u8) -> Statistics {
        serde_json::from_value(
            json!({"measure": measure, "data": data, "rounding": rounding, "answer": {"value": 0}}),
        )
        .unwrap()
    }

    #[test]
    fn a_proportion_earns_half_only_when_it_is_the_rate() {
        // 88.0 %: 0.88 is a unit slip, 0.84 is wrong.
        let e = ex("cesarean_section_rate", json!({"cesarean_sections": 88, "deliveries": 100}), 1);
        assert!(e.grade(&json!({"value": 88})).correct);
        assert_eq!(e.grade(&json!({"value": 0.88})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 0.84})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": 0.9})).score, 0.0);
    }

    #[test]
    fn only_a_true_rounding_slip_earns_half() {
        let e = ex("inpatient_service_days", json!({"daily_census": [100, 101, 101]}), 0);
        assert!(e.grade(&json!({"value": 302})).correct);
        assert_eq!(e.grade(&json!({"value": 301})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": 303})).score, 0.0);
        // 85.333…: 85.3 right; 85.4 is not a rounding of 85.333; 85.33 is not rounded as asked.
        let e = ex("bed_occupancy_rate", json!({"inpatient_service_days": 2560, "beds": 100, "days": 30}), 1);
        assert_eq!(e.grade(&json!({"value": 85.4})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": 85.26})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": 85.33})).score, 0.5);
        // 4.15 → 4.2 half up; 4.1 rounds the 5 down: a rounding slip.
        let e = ex("average_length_of_stay", json!({"discharge_days": 83, "discharges": 20}), 1);
        assert!(e.grade(&json!({"value": 4.2})).correct);
        assert_eq!(e.grade(&json!({"value": 4.1})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 4.3})).score, 0.0);
    }

    #[test]
    fn text_that_is_not_a_number_is_an_input_error() {
        let e = ex("inpatient_service_days", json!({"daily_census": [100, 101, 101]}), 0);
        let g = e.grade(&json!({"value": "abc"}));
        assert!(g.input_error, "{g:?}");
        assert!(!g.feedback.iter().any(|f| f.message.contains('{')), "{g:?}");
        assert!(g.explanation.is_empty());
        let g = e.grade(&json!({"value": ""}));
        assert!(g.input_error);
    }
}
