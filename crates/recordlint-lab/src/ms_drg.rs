//! MS-DRG exercises: the codes of a stay, and the exercise's own excerpt of the CC/MCC table and
//! DRG family, stated as data ("weights as given in this exercise", not CMS's). The student picks
//! the DRG the stay groups to, the secondary diagnoses that drive it, or computes a payment or a
//! case-mix index — every key recomputed from the data by the lint and graded exactly.
//!
//! The grouping logic is the part of MS-DRG severity the exercises teach: a secondary diagnosis
//! counts at its CC or MCC level unless the excerpt excludes it with this principal diagnosis,
//! or it is a hospital-acquired condition (HAC) not present on admission (POA N or U).

use super::code_info::{canonical, check_code, CodingSystem};
use super::grade::{note, read_answer, FeedbackKind, Grade};
use super::statistics::number;
use jiff::civil::Date;
use recordlint_core::Tables;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The severity level of a stay, from its secondary diagnoses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    None,
    Cc,
    Mcc,
}

impl Tier {
    fn words(self) -> &'static str {
        match self {
            Tier::Mcc => "with MCC",
            Tier::Cc => "with CC",
            Tier::None => "without CC/MCC",
        }
    }
}

/// A CC/MCC table entry's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Level {
    #[serde(rename = "CC")]
    Cc,
    #[serde(rename = "MCC")]
    Mcc,
}

/// A diagnosis of the stay with its POA indicator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrgDiagnosis {
    pub code: String,
    pub poa: String,
}

/// The coded stay.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrgCase {
    pub principal: String,
    #[serde(default)]
    pub secondary: Vec<DrgDiagnosis>,
    #[serde(default)]
    pub procedures: Vec<String>,
}

/// One DRG of the family, the severity tiers it takes and its relative weight as given.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyDrg {
    pub drg: String,
    pub title: String,
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub weight: Option<f64>,
}

/// The DRG family of the principal diagnosis (the exercise's data).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrgFamily {
    pub title: String,
    pub drgs: Vec<FamilyDrg>,
}

/// One line of a case-mix computation: a DRG, its weight as given, its number of cases.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMixLine {
    pub drg: String,
    pub weight: f64,
    pub cases: u32,
}

/// What the student is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DrgAsk {
    /// The DRG of the family the stay groups to.
    Drg,
    /// The secondary diagnoses that set the stay's level.
    Drivers,
    /// Payment: the base rate × the grouped DRG's weight.
    Payment,
    /// Case-mix index of `cases`.
    Cmi,
}

/// An MS-DRG exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MsDrg {
    pub ask: DrgAsk,
    #[serde(default)]
    pub case: Option<DrgCase>,
    #[serde(default)]
    pub family: Option<DrgFamily>,
    /// The exercise's CC/MCC table excerpt: code → CC or MCC.
    #[serde(default)]
    pub cc_table: BTreeMap<String, Level>,
    /// Codes the excerpt excludes as CC/MCC with this principal diagnosis.
    #[serde(default)]
    pub cc_exclusions: Vec<String>,
    /// Hospital-acquired conditions of the excerpt: code → HAC category.
    #[serde(default)]
    pub hac: BTreeMap<String, String>,
    #[serde(default)]
    pub base_rate: Option<f64>,
    #[serde(default)]
    pub cases: Vec<CaseMixLine>,
    /// Decimal places of a computed value (payment 2, case-mix index 4 by default).
    #[serde(default)]
    pub rounding: Option<u8>,
    pub answer: DrgKey,
}

/// The key: one of `drg`, `codes` or `value`, as `ask` says.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrgKey {
    #[serde(default)]
    pub drg: Option<String>,
    #[serde(default)]
    pub codes: Option<Vec<String>>,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
}

/// How the stay groups: its level, the DRG, the codes that set the level, and why others do not.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    pub tier: Tier,
    pub drg: Option<FamilyDrg>,
    pub drivers: Vec<String>,
    pub notes: Vec<String>,
}

fn cm(code: &str) -> String {
    canonical(CodingSystem::Icd10cm, code).unwrap_or_else(|_| code.trim().to_uppercase())
}

impl MsDrg {
    fn places(&self) -> usize {
        usize::from(self.rounding.unwrap_or(if self.ask == DrgAsk::Cmi { 4 } else { 2 }))
    }

    fn level_of(&self, code: &str) -> Option<Level> {
        self.cc_table.iter().find(|(c, _)| cm(c) == code).map(|(_, l)| *l)
    }

    /// Groups the stay with the exercise's table excerpt.
    pub fn group(&self) -> Result<Grouping, String> {
        let case = self.case.as_ref().ok_or("this exercise needs a \"case\"")?;
        let family = self.family.as_ref().ok_or("this exercise needs a \"family\"")?;
        let excluded: BTreeSet<String> = self.cc_exclusions.iter().map(|c| cm(c)).collect();
        let hac: BTreeMap<String, &String> = self.hac.iter().map(|(c, h)| (cm(c), h)).collect();
        let (mut tier, mut drivers, mut notes) = (Tier::None, Vec::new(), Vec::new());
        for dx in &case.secondary {
            let code = cm(&dx.code);
            let Some(level) = self.level_of(&code) else { continue };
            let level_word = if level == Level::Mcc { "an MCC" } else { "a CC" };
            if excluded.contains(&code) {
                notes.push(format!(
                    "{code} is {level_word} in the table, but excluded with this principal diagnosis"
                ));
                continue;
            }
            if let Some(category) = hac.get(&code) {
                if matches!(dx.poa.trim(), "N" | "U") {
                    notes.push(format!("{code} is {level_word}, but it is a hospital-acquired condition ({category}) with POA {}: it is not used as a CC/MCC", dx.poa.trim()));
                    continue;
                }
            }
            let t = if level == Level::Mcc { Tier::Mcc } else { Tier::Cc };
            if t > tier {
                tier = t;
                drivers.clear();
            }
            if t == tier {
                drivers.push(code);
            }
        }
        let drg = family.drgs.iter().find(|d| d.tiers.contains(&tier)).cloned();
        Ok(Grouping { tier, drg, drivers, notes })
    }

    /// The value asked for (payment or case-mix index), rounded to its places.
    pub fn compute(&self) -> Result<String, String> {
        let places = self.places();
        match self.ask {
            DrgAsk::Payment => {
                let rate = self.base_rate.ok_or("a payment exercise needs \"base_rate\"")?;
                let g = self.group()?;
                let drg = g.drg.ok_or("the family has no DRG for the stay's level")?;
                let weight = drg.weight.ok_or(format!("DRG {} has no weight", drg.drg))?;
                Ok(format!("{:.*}", places, round_half_up(rate * weight, places)))
            }
            DrgAsk::Cmi => {
                let cases: u32 = self.cases.iter().map(|c| c.cases).sum();
                if cases == 0 {
                    return Err("a case-mix exercise needs \"cases\" with at least one case".into());
                }
                let total: f64 = self.cases.iter().map(|c| c.weight * f64::from(c.cases)).sum();
                Ok(format!("{:.*}", places, round_half_up(total / f64::from(cases), places)))
            }
            DrgAsk::Drg | DrgAsk::Drivers => Err("nothing to compute".into()),
        }
    }

    fn working(&self) -> String {
        match self.ask {
            DrgAsk::Cmi => {
                let cases: u32 = self.cases.iter().map(|c| c.cases).sum();
                let terms: Vec<String> =
                    self.cases.iter().map(|c| format!("{} × {}", c.weight, c.cases)).collect();
                let total: f64 = self.cases.iter().map(|c| c.weight * f64::from(c.cases)).sum();
                format!(
                    "Case-mix index = sum of (weight × cases) ÷ cases = ({}) ÷ {cases} = {:.4} ÷ {cases}.",
                    terms.join(" + "),
                    total
                )
            }
            _ => match self.group() {
                Err(_) => String::new(),
                Ok(g) => {
                    let mut text = match &g.drivers[..] {
                        [] => {
                            "No secondary diagnosis counts as a CC or MCC, so the stay groups without CC/MCC."
                                .to_string()
                        }
                        list => format!("{} sets the level: {}.", list.join(", "), g.tier.words()),
                    };
                    for n in &g.notes {
                        text.push(' ');
                        text.push_str(n);
                        text.push('.');
                    }
                    if let Some(d) = &g.drg {
                        text.push_str(&format!(" The stay groups to DRG {} ({}).", d.drg, d.title));
                        if let (DrgAsk::Payment, Some(rate), Some(w)) = (self.ask, self.base_rate, d.weight) {
                            text.push_str(&format!(" Payment = base rate × weight = {rate} × {w}."));
                        }
                    }
                    text
                }
            },
        }
    }

    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let mut feedback = Vec::new();
        let score = match self.ask {
            DrgAsk::Drg => {
                let drg = match answer.get("drg").and_then(|v| v.as_str()).map(str::trim) {
                    Some(d) if !d.is_empty() => d.to_string(),
                    _ => return Grade::input_error("choose a DRG"),
                };
                let key = self.answer.drg.clone().unwrap_or_default();
                let family = self.family.as_ref().map(|f| f.drgs.as_slice()).unwrap_or_default();
                match family.iter().find(|d| d.drg == drg) {
                    None => return Grade::input_error(format!("DRG {drg} is not in this family")),
                    Some(d) if d.drg == key => {
                        note(&mut feedback, FeedbackKind::Right, &drg, format!("DRG {drg}: {}", d.title));
                        1.0
                    }
                    Some(d) => {
                        note(
                            &mut feedback,
                            FeedbackKind::Wrong,
                            &drg,
                            format!("DRG {drg} ({}) is not where this stay groups", d.title),
                        );
                        0.0
                    }
                }
            }
            DrgAsk::Drivers => {
                let given: Vec<String> = match read_answer::<CodesAnswer>(answer, r#"{"codes": ["J96.01"]}"#)
                {
                    Ok(a) => a.codes.iter().map(|c| cm(c)).filter(|c| !c.is_empty()).collect(),
                    Err(g) => return g,
                };
                if given.is_empty() {
                    return Grade::input_error("choose at least one diagnosis");
                }
                let key: BTreeSet<String> = self.answer.codes.iter().flatten().map(|c| cm(c)).collect();
                let chosen: BTreeSet<String> = given.into_iter().collect();
                let (mut right, mut wrong) = (0usize, 0usize);
                for c in &chosen {
                    if key.contains(c) {
                        right += 1;
                        note(&mut feedback, FeedbackKind::Right, c.as_str(), "it sets the stay's level");
                    } else {
                        wrong += 1;
                        let why = match self.level_of(c) {
                            None => "it is not a CC or MCC in this table excerpt".to_string(),
                            Some(_) => {
                                "it is in the table, but it does not set this stay's level".to_string()
                            }
                        };
                        note(&mut feedback, FeedbackKind::Wrong, c.as_str(), why);
                    }
                }
                for c in key.difference(&chosen) {
                    note(&mut feedback, FeedbackKind::Missing, c.as_str(), "it also sets the stay's level");
                }
                (right as f64 - wrong as f64) / key.len().max(1) as f64
            }
            DrgAsk::Payment | DrgAsk::Cmi => {
                let raw = answer.get("value");
                let Some(v) = raw.and_then(number) else {
                    return Grade::input_error("type the result as a number, such as 1.2345");
                };
                let key = self.compute().unwrap_or_default();
                let places = self.places();
                let exact = format!("{v:.places$}") == key
                    && (v - key.parse::<f64>().unwrap_or(f64::NAN)).abs() < 1e-9;
                if exact {
                    note(&mut feedback, FeedbackKind::Right, key.as_str(), "right");
                    1.0
                } else {
                    let why = if format!("{:.places$}", round_half_up(v, places)) == key {
                        format!("give the value rounded half up to {places} decimal places")
                    } else {
                        "not the value the data give".to_string()
                    };
                    note(&mut feedback, FeedbackKind::Wrong, format!("{v}"), why);
                    0.0
                }
            }
        };
        let key = match self.ask {
            DrgAsk::Drg => format!("Answer key: DRG {}.", self.answer.drg.as_deref().unwrap_or("?")),
            DrgAsk::Drivers => {
                format!("Answer key: {}.", self.answer.codes.as_deref().unwrap_or_default().join(", "))
            }
            DrgAsk::Payment | DrgAsk::Cmi => format!("Answer key: {}.", self.compute().unwrap_or_default()),
        };
        Grade::scored(score, feedback)
            .explained(format!("{key} {} (Weights as given in this exercise.)", self.working()))
    }

    /// Problems of the exercise (for the pack lint): codes valid on `date`, the family covering
    /// each level once, and the key equal to the grouping or value recomputed from the data.
    pub fn key_problems(&self, tables: &Tables, date: Date) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(case) = &self.case {
            let mut seen = BTreeSet::new();
            for code in std::iter::once(&case.principal).chain(case.secondary.iter().map(|d| &d.code)) {
                match check_code(tables, CodingSystem::Icd10cm, code, date) {
                    Ok(c) if !seen.insert(c.clone()) => out.push(format!("diagnosis {c} repeats")),
                    Ok(_) => {}
                    Err(why) => out.push(format!("diagnosis {why}")),
                }
            }
            for dx in
                case.secondary.iter().filter(|d| !super::abstracting::POA_VALUES.contains(&d.poa.trim()))
            {
                out.push(format!("POA {:?} of {} is not one of Y, N, U, W", dx.poa, dx.code));
            }
            for code in &case.procedures {
                if let Err(why) = check_code(tables, CodingSystem::Icd10pcs, code, date) {
                    out.push(format!("procedure {why}"));
                }
            }
        }
        let table: BTreeSet<&String> =
            self.cc_table.keys().chain(&self.cc_exclusions).chain(self.hac.keys()).collect();
        for code in table {
            if let Err(why) = check_code(tables, CodingSystem::Icd10cm, code, date) {
                out.push(format!("table code {why}"));
            }
        }
        if let Some(family) = &self.family {
            for tier in [Tier::None, Tier::Cc, Tier::Mcc] {
                let n = family.drgs.iter().filter(|d| d.tiers.contains(&tier)).count();
                if n != 1 {
                    out.push(format!(
                        "{n} DRGs of the family take the level {:?}; exactly one must",
                        tier.words()
                    ));
                }
            }
            for d in
                family.drgs.iter().filter(|d| d.drg.len() != 3 || !d.drg.bytes().all(|b| b.is_ascii_digit()))
            {
                out.push(format!("DRG {:?} is not a three-digit number", d.drg));
            }
        }
        let needs_case = matches!(self.ask, DrgAsk::Drg | DrgAsk::Drivers | DrgAsk::Payment);
        if needs_case && (self.case.is_none() || self.family.is_none()) {
            out.push("this question needs a \"case\" and a \"family\"".into());
            return out;
        }
        match self.ask {
            DrgAsk::Drg | DrgAsk::Drivers => match self.group() {
                Err(e) => out.push(e),
                Ok(g) if self.ask == DrgAsk::Drg => {
                    let want = g.drg.map(|d| d.drg).unwrap_or_default();
                    if self.answer.drg.as_deref() != Some(want.as_str()) {
                        out.push(format!(
                            "the key's DRG is {:?} but the stay groups to {want}",
                            self.answer.drg
                        ));
                    }
                }
                Ok(g) => {
                    let key: BTreeSet<String> = self.answer.codes.iter().flatten().map(|c| cm(c)).collect();
                    let want: BTreeSet<String> = g.drivers.into_iter().collect();
                    if want.is_empty() {
                        out.push("no secondary diagnosis sets a level: ask for the DRG instead".into());
                    } else if key != want {
                        out.push(format!("the key's codes are {:?} but the level is set by {:?}", key, want));
                    }
                }
            },
            DrgAsk::Payment | DrgAsk::Cmi => match self.compute() {
                Err(e) => out.push(e),
                Ok(want) => match self.answer.value.as_ref().and_then(number) {
                    None => out.push("the key's value is not a number".into()),
                    Some(v) => {
                        let places = self.places();
                        if format!("{v:.places$}") != want {
                            out.push(format!("answer {v} but the data give {want}"));
                        }
                    }
                },
            },
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesAnswer {
    codes: Vec<String>,
}

/// `value` rounded half up (away from zero) to `places`, robust to binary representation.
fn round_half_up(value: f64, places: usize) -> f64 {
    let f = 10f64.powi(places as i32);
    let scaled = value * f;
    let nudged = scaled + scaled.signum() * 1e-7;
    nudged.round() / f
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn date() -> Date {
        jiff::civil::date(2026, 4, 1)
    }

    fn ex(ask: &str, answer: serde_json::Value) -> MsDrg {
        serde_json::from_value(json!({
            "ask": ask,
            "case": {"principal": "I50.23", "secondary": [
                {"code": "E87.1", "poa": "Y"}, {"code": "N17.9", "poa": "Y"}, {"code": "I10", "poa": "Y"}]},
            "family": {"title": "Heart failure and shock", "drgs": [
                {"drg": "291", "title": "with MCC", "tiers": ["mcc"], "weight": 1.25},
                {"drg": "292", "title": "with CC", "tiers": ["cc"], "weight": 0.85},
                {"drg": "293", "title": "without CC/MCC", "tiers": ["none"], "weight": 0.6}]},
            "cc_table": {"E87.1": "CC", "N17.9": "CC", "J96.01": "MCC", "T81.41XA": "CC"},
            "hac": {"T81.41XA": "Surgical site infection"},
            "base_rate": 6000.0,
            "answer": answer
        }))
        .unwrap()
    }

    #[test]
    fn drg_right_wrong_and_not_in_family() {
        let e = ex("drg", json!({"drg": "292"}));
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        let g = e.grade(&json!({"drg": "292"}));
        assert!(g.correct);
        assert!(g.explanation.contains("Weights as given in this exercise"));
        assert_eq!(e.grade(&json!({"drg": "291"})).score, 0.0);
        assert!(e.grade(&json!({"drg": "470"})).input_error);
        assert!(e.grade(&json!({"drg": ""})).input_error);
    }

    #[test]
    fn hac_not_present_on_admission_does_not_count() {
        let mut e = ex("drg", json!({"drg": "293"}));
        let case = e.case.as_mut().unwrap();
        case.secondary = vec![DrgDiagnosis { code: "T81.41XA".into(), poa: "N".into() }];
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        assert!(e.grade(&json!({"drg": "293"})).explanation.contains("hospital-acquired condition"));
        e.case.as_mut().unwrap().secondary[0].poa = "Y".into();
        assert!(e.key_problems(&Tables::builtin(), date()).join(" ").contains("groups to 292"));
    }

    #[test]
    fn drivers_exact_set_no_credit_for_guessing_all() {
        let e = ex("drivers", json!({"codes": ["E87.1", "N17.9"]}));
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        assert!(e.grade(&json!({"codes": ["n179", "E87.1"]})).correct);
        assert_eq!(e.grade(&json!({"codes": ["E87.1"]})).score, 0.5);
        assert_eq!(e.grade(&json!({"codes": ["E87.1", "N17.9", "I10", "I50.23"]})).score, 0.0);
        assert!(e.grade(&json!({"codes": []})).input_error);
        let mut e = ex("drivers", json!({"codes": ["E87.1"]}));
        e.cc_exclusions = vec!["N17.9".into()];
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
    }

    #[test]
    fn payment_and_case_mix_graded_exactly() {
        let e = ex("payment", json!({"value": 5100}));
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        assert!(e.grade(&json!({"value": "5100.00"})).correct);
        assert_eq!(e.grade(&json!({"value": 5100.5})).score, 0.0);
        assert!(e.grade(&json!({"value": "abc"})).input_error);
        let mut e = ex("cmi", json!({"value": 0.9333}));
        e.cases = vec![
            CaseMixLine { drg: "291".into(), weight: 1.25, cases: 2 },
            CaseMixLine { drg: "293".into(), weight: 0.6, cases: 1 },
            CaseMixLine { drg: "292".into(), weight: 0.85, cases: 3 },
        ];
        // (2.5 + 0.6 + 2.55) / 6 = 0.941666… → 0.9417
        assert!(e.key_problems(&Tables::builtin(), date()).join(" ").contains("give 0.9417"));
        e.answer.value = Some(json!(0.9417));
        assert!(e.key_problems(&Tables::builtin(), date()).is_empty());
        assert!(e.grade(&json!({"value": "0.9417"})).correct);
        let g = e.grade(&json!({"value": "0.94166"}));
        assert_eq!(g.score, 0.0);
        assert!(g.feedback[0].message.contains("rounded half up"), "{g:?}");
    }

    #[test]
    fn lint_checks_codes_and_family() {
        let mut e = ex("drg", json!({"drg": "291"}));
        e.cc_table.insert("E11".into(), Level::Cc);
        e.family.as_mut().unwrap().drgs[2].tiers = vec![Tier::Cc];
        let p = e.key_problems(&Tables::builtin(), date()).join("\n");
        assert!(p.contains("table code"), "{p}");
        assert!(p.contains("take the level \"without CC/MCC\""), "{p}");
        assert!(p.contains("groups to"), "{p}");
    }
}
