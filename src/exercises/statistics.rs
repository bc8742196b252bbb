//! Hospital statistics: a small census/discharge dataset and one measure to compute, with the
//! standard formulas (Horton, *Calculating and Reporting Healthcare Statistics*) in exact integer
//! arithmetic and the stated rounding (half up).

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
}

/// A statistics exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statistics {
    pub measure: Measure,
    pub data: StatisticsData,
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
    pub percent: bool,
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
        let rate = |name: &str,
                    num: u128,
                    num_label: &str,
                    den: u128,
                    den_label: &str|
         -> Result<Computed, String> {
            let den = nonzero(den, den_label)?;
            Ok(Computed {
                numerator: num * 100,
                denominator: den,
                formula: format!("{name} = {num_label} × 100 ÷ {den_label} = {num} × 100 ÷ {den}"),
                percent: true,
            })
        };
        match self {
            Measure::InpatientServiceDays => {
                let (ipsd, shown) = d.service_days()?;
                Ok(Computed {
                    numerator: ipsd,
                    denominator: 1,
                    formula: format!("Inpatient service days = sum of the daily inpatient census = {shown}"),
                    percent: false,
                })
            }
            Measure::AverageDailyCensus => {
                let (ipsd, _) = d.service_days()?;
                let days = d.period()?;
                Ok(Computed {
                    numerator: ipsd,
                    denominator: days,
                    formula: format!("Average daily census = inpatient service days ÷ days in the period = {ipsd} ÷ {days}"),
                    percent: false,
                })
            }
            Measure::AverageLengthOfStay => {
                let los = need(d.discharge_days, "discharge_days")?;
                let n = nonzero(need(d.discharges, "discharges")?, "discharges")?;
                Ok(Computed {
                    numerator: los,
                    denominator: n,
                    formula: format!("Average length of stay = total length of stay (discharge days) ÷ discharges (including deaths) = {los} ÷ {n}"),
                    percent: false,
                })
            }
            Measure::BedOccupancyRate => {
                let (ipsd, _) = d.service_days()?;
                let beds = need(d.beds, "beds")?;
                let days = d.period()?;
                let den = nonzero(beds * days, "beds")?;
                Ok(Computed {
                    numerator: ipsd * 100,
                    denominator: den,
                    formula: format!("Bed occupancy rate = inpatient service days × 100 ÷ (beds × days in the period) = {ipsd} × 100 ÷ ({beds} × {days})"),
                    percent: true,
                })
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
                    percent: true,
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

    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let given = match answer.get("value").and_then(number) {
            Some(v) => v,
            None => return Grade::malformed(r#"the answer should be a number, like {"value": 85.3}"#),
        };
        let places = self.rounding.min(2);
        let unit = 10f64.powi(-i32::from(places));
        let (key, computed) = match self.compute() {
            Ok(c) => (c.rounded(places).parse::<f64>().unwrap_or(f64::NAN), Some(c)),
            Err(_) => (number(&self.answer.value).unwrap_or(f64::NAN), None),
        };
        let shown = computed.as_ref().map_or(format!("{key}"), |c| c.rounded(places));
        let pct = if computed.as_ref().is_some_and(|c| c.percent) { "%" } else { "" };
        let mut explanation = String::new();
        if let Some(c) = &computed {
            let _ = write!(
                explanation,
                "{} = {:.4}… → {shown}{pct} (rounded to {places} decimal place(s)).",
                c.formula,
                c.value()
            );
        }
        let mut feedback = Vec::new();
        let close = |a: f64, b: f64, tol: f64| (a - b).abs() <= tol + 1e-9;
        let score = if close(given, key, unit / 2.0 - 1e-9) {
            note(&mut feedback, FeedbackKind::Right, given.to_string(), format!("{shown}{pct} is right"));
            1.0
        } else if computed.as_ref().is_some_and(|c| close(given, c.value(), unit)) {
            note(
                &mut feedback,
                FeedbackKind::Partial,
                given.to_string(),
                format!(
                    "close, but rounded wrongly: round half up to {places} decimal place(s) to get {shown}"
                ),
            );
            0.5
        } else if pct == "%" && close(given * 100.0, key, unit * 100.0 / 2.0) {
            note(
                &mut feedback,
                FeedbackKind::Partial,
                given.to_string(),
                format!("that is a proportion; give the rate as a percentage: {shown}"),
            );
            0.5
        } else {
            note(
                &mut feedback,
                FeedbackKind::Wrong,
                given.to_string(),
                format!("the answer is {shown}{pct}"),
            );
            0.0
        };
        Grade::scored(score, feedback).explained(explanation)
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
        assert_eq!(e.grade(&json!({"value": 85.4})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 0.853})).score, 0.5);
        assert_eq!(e.grade(&json!({"value": 90})).score, 0.0);
        assert_eq!(e.grade(&json!({"value": "lots"})).score, 0.0);
        assert_eq!(e.grade(&json!([85.3])).score, 0.0);
    }
}
