//! Abstracting: a full inpatient (or outpatient) record to read, and the data set to abstract
//! from it — the principal (or first-listed) diagnosis by the UHDDS definition, the secondary
//! diagnoses, their present-on-admission indicators, the ICD-10-PCS procedures and the patient's
//! discharge status. Each part is graded on its own (codes by the coding grader, on the
//! exercise's date) and explained on its own; the score is the mean of the parts.

use super::code_info::{canonical, check_code, describe_code, CodingSystem};
use super::coding::{Coding, CodingAnswer, PartialCredit};
use super::discharge_status::discharge_status;
use super::grade::{note, read_answer, Feedback, FeedbackKind, Grade};
use super::parts::{combine, Part};
use jiff::civil::Date;
use recordlint_core::Tables;
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Where the care was given: the diagnosis rules differ (uncertain diagnoses are coded as if
/// established for inpatients, never for outpatients).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    Inpatient,
    Outpatient,
}

/// One document of the record (history and physical, a progress note, the discharge summary…).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDocument {
    pub title: String,
    pub text: String,
}

/// An abstracting exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abstracting {
    pub setting: Setting,
    pub documents: Vec<RecordDocument>,
    /// The discharge status codes offered (UB-04 form locator 17).
    pub discharge_choices: Vec<String>,
    pub answer: AbstractingKey,
    /// The explanation of each part.
    pub explanations: PartTexts,
}

/// The key.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbstractingKey {
    pub principal: String,
    #[serde(default)]
    pub secondary: Vec<String>,
    /// Secondary codes that may be added at no cost.
    #[serde(default)]
    pub optional: Vec<String>,
    /// Present-on-admission indicator of each diagnosis reported for POA (inpatient only; codes
    /// exempt from POA reporting are left out).
    #[serde(default)]
    pub poa: BTreeMap<String, String>,
    /// ICD-10-PCS procedures (inpatient only; an empty list when none is coded).
    #[serde(default)]
    pub procedures: Option<Vec<String>>,
    pub discharge_status: String,
    /// Wrong codes that earn nothing, each with the reason (the symptom code of an inpatient
    /// "probable" diagnosis, the "probable" diagnosis of an outpatient…).
    #[serde(default)]
    pub no_credit: BTreeMap<String, String>,
}

/// The explanation of each part.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartTexts {
    pub principal: String,
    pub secondary: String,
    #[serde(default)]
    pub poa: String,
    #[serde(default)]
    pub procedures: String,
    pub discharge_status: String,
}

/// The POA indicators: Y, N, U (documentation insufficient), W (clinically undetermined).
pub const POA_VALUES: [&str; 4] = ["Y", "N", "U", "W"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StudentDx {
    code: String,
    #[serde(default)]
    poa: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StudentAbstract {
    principal: StudentDx,
    #[serde(default)]
    secondary: Vec<StudentDx>,
    #[serde(default)]
    procedures: Vec<String>,
    discharge_status: String,
}

const SHAPE: &str = r#"{"principal": {"code": "I50.23", "poa": "Y"}, "secondary": [{"code": "E11.9", "poa": "Y"}], "procedures": ["5A1955Z"], "discharge_status": "01"}"#;

impl Abstracting {
    fn inpatient(&self) -> bool {
        self.setting == Setting::Inpatient
    }

    fn principal_name(&self) -> &'static str {
        if self.inpatient() {
            "Principal diagnosis"
        } else {
            "First-listed diagnosis"
        }
    }

    fn coder(&self, system: CodingSystem, codes: Vec<String>, optional: Vec<String>) -> Coding {
        Coding {
            system,
            scenario: String::new(),
            answer: CodingAnswer {
                codes,
                sequenced: false,
                optional,
                partial: Some(PartialCredit::Category),
                no_credit: self.answer.no_credit.clone(),
            },
        }
    }

    pub fn grade(&self, tables: &Tables, answer: &serde_json::Value, date: Date) -> Grade {
        let given: StudentAbstract = match read_answer(answer, SHAPE) {
            Ok(a) => a,
            Err(g) => return g,
        };
        if given.principal.code.trim().is_empty() {
            return Grade::input_error(format!("enter the {}", self.principal_name().to_lowercase()));
        }
        if given.discharge_status.trim().is_empty() {
            return Grade::input_error("choose the discharge status");
        }
        let mut parts =
            vec![self.principal_part(tables, &given, date), self.secondary_part(tables, &given, date)];
        if self.inpatient() && !self.answer.poa.is_empty() {
            parts.push(self.poa_part(&given));
        }
        if let Some(key) = &self.answer.procedures {
            parts.push(self.procedures_part(tables, key, &given.procedures, date));
        }
        parts.push(self.status_part(&given.discharge_status));
        combine(parts)
    }

    fn principal_part(&self, tables: &Tables, given: &StudentAbstract, date: Date) -> Part {
        let coder = self.coder(CodingSystem::Icd10cm, vec![self.answer.principal.clone()], vec![]);
        let mut g = coder.grade(tables, &json!({ "codes": [given.principal.code] }), date);
        let code = canonical(CodingSystem::Icd10cm, &given.principal.code).ok();
        let secondary: BTreeSet<String> = canon_all(&self.answer.secondary);
        if let Some(code) = code.filter(|c| secondary.contains(c)) {
            g.feedback.retain(|f| f.kind == FeedbackKind::Missing);
            let why = if self.inpatient() {
                "it is coded here, but as a secondary diagnosis: the principal diagnosis is the condition established after study to be chiefly responsible for the admission (UHDDS)"
            } else {
                "it is coded here, but as an additional diagnosis: the first-listed diagnosis is the condition chiefly responsible for the visit"
            };
            g.feedback.insert(
                0,
                Feedback { kind: FeedbackKind::Wrong, item: code.clone(), message: format!("{code}: {why}") },
            );
        }
        Part::new(
            self.principal_name(),
            g.score,
            g.feedback,
            &joined(&g.explanation, &self.explanations.principal),
        )
    }

    fn secondary_part(&self, tables: &Tables, given: &StudentAbstract, date: Date) -> Part {
        const NAME: &str = "Secondary diagnoses";
        let principal = canonical(CodingSystem::Icd10cm, &given.principal.code).ok();
        let key_principal = canonical(CodingSystem::Icd10cm, &self.answer.principal).ok();
        let mut feedback = Vec::new();
        let mut codes = Vec::new();
        for dx in given.secondary.iter().filter(|d| !d.code.trim().is_empty()) {
            let c = canonical(CodingSystem::Icd10cm, &dx.code).ok();
            if c.is_some() && c == principal {
                continue; // the same code twice: already graded as the principal diagnosis
            }
            if c.is_some() && c == key_principal {
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    dx.code.trim(),
                    "graded in the principal diagnosis part, not here",
                );
                continue;
            }
            codes.push(dx.code.trim().to_string());
        }
        let (score, more, expl) = self.code_list(
            (tables, date),
            CodingSystem::Icd10cm,
            &self.answer.secondary,
            &self.answer.optional,
            &codes,
            "no secondary diagnosis",
        );
        feedback.extend(more);
        Part::new(NAME, score, feedback, &joined(&expl, &self.explanations.secondary))
    }

    fn poa_part(&self, given: &StudentAbstract) -> Part {
        let mut entered: BTreeMap<String, Option<String>> = BTreeMap::new();
        for dx in std::iter::once(&given.principal).chain(&given.secondary) {
            if let Ok(c) = canonical(CodingSystem::Icd10cm, &dx.code) {
                entered.entry(c).or_insert(dx.poa.as_ref().map(|p| p.trim().to_uppercase()));
            }
        }
        let mut feedback = Vec::new();
        let mut right = 0usize;
        for (code, want) in &self.answer.poa {
            let code = canonical(CodingSystem::Icd10cm, code).unwrap_or_else(|_| code.clone());
            match entered.get(&code) {
                None => note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    code.as_str(),
                    format!("{code} was not coded, so its POA indicator ({want}) is missing"),
                ),
                Some(Some(got)) if got == want => {
                    right += 1;
                    note(
                        &mut feedback,
                        FeedbackKind::Right,
                        code.as_str(),
                        format!("POA {want}: {}", poa_words(want)),
                    );
                }
                Some(Some(got)) if !got.is_empty() => note(
                    &mut feedback,
                    FeedbackKind::Wrong,
                    code.as_str(),
                    format!("POA {got} ({}) is not right for {code}", poa_words(got)),
                ),
                Some(_) => note(
                    &mut feedback,
                    FeedbackKind::Wrong,
                    code.as_str(),
                    format!("no POA indicator was given for {code}"),
                ),
            }
        }
        let key: Vec<String> = self.answer.poa.iter().map(|(c, p)| format!("{c} {p}")).collect();
        let expl = format!("Answer key: {}.", key.join(", "));
        Part::new(
            "POA indicators",
            right as f64 / self.answer.poa.len().max(1) as f64,
            feedback,
            &joined(&expl, &self.explanations.poa),
        )
    }

    fn procedures_part(&self, tables: &Tables, key: &[String], given: &[String], date: Date) -> Part {
        const NAME: &str = "Procedures (ICD-10-PCS)";
        let codes: Vec<String> =
            given.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        let (score, feedback, expl) = self.code_list(
            (tables, date),
            CodingSystem::Icd10pcs,
            key,
            &[],
            &codes,
            "no ICD-10-PCS procedure is coded",
        );
        Part::new(NAME, score, feedback, &joined(&expl, &self.explanations.procedures))
    }

    /// A list of codes graded by the coding grader (any order), with an empty key or an empty
    /// answer handled here, looked up in `tables` on `date`: `(score, feedback, "Answer key: …")`.
    fn code_list(
        &self,
        (tables, date): (&Tables, Date),
        system: CodingSystem,
        key: &[String],
        optional: &[String],
        codes: &[String],
        none: &str,
    ) -> (f64, Vec<Feedback>, String) {
        let key_text = match key {
            [] => format!("Answer key: {none}."),
            list => format!("Answer key: {}.", list.join(", ")),
        };
        if codes.is_empty() {
            let mut missing = Vec::new();
            for code in key {
                let what = format!("missing {}", describe_code(tables, system, code, date));
                note(&mut missing, FeedbackKind::Missing, code.as_str(), what);
            }
            return (if key.is_empty() { 1.0 } else { 0.0 }, missing, key_text);
        }
        let g = self.coder(system, key.to_vec(), optional.to_vec()).grade(
            tables,
            &json!({ "codes": codes }),
            date,
        );
        (g.score, g.feedback, if key.is_empty() { key_text } else { g.explanation })
    }

    fn status_part(&self, given: &str) -> Part {
        let (want, got) = (self.answer.discharge_status.trim(), given.trim());
        let mut feedback = Vec::new();
        let score = if got == want {
            note(&mut feedback, FeedbackKind::Right, got, discharge_status(got).unwrap_or(""));
            1.0
        } else {
            let what = discharge_status(got)
                .map_or_else(|| "not a discharge status code".to_string(), |d| d.to_string());
            note(&mut feedback, FeedbackKind::Wrong, got, format!("{got} means: {what}"));
            0.0
        };
        let expl = format!("Answer key: {want} ({}).", discharge_status(want).unwrap_or("?"));
        Part::new("Discharge status", score, feedback, &joined(&expl, &self.explanations.discharge_status))
    }

    /// Problems of the key (for the pack lint): every code valid and billable on `date`, the
    /// parts that apply to the setting present and explained, POA values and statuses known.
    pub fn key_problems(&self, tables: &Tables, date: Date) -> Vec<String> {
        let mut out = Vec::new();
        let words: usize = self.documents.iter().map(|d| d.text.split_whitespace().count()).sum();
        // A full record: an inpatient stay has its H&P, progress notes and discharge summary.
        let (docs, least) = if self.inpatient() { (3, 150) } else { (2, 60) };
        if self.documents.len() < docs || words < least {
            out.push(format!(
                "the record has {} document(s) and {words} words; an {} record needs at least {docs} documents and {least} words",
                self.documents.len(),
                if self.inpatient() { "inpatient" } else { "outpatient" }
            ));
        }
        for d in self.documents.iter().filter(|d| d.title.trim().is_empty() || d.text.trim().is_empty()) {
            out.push(format!("a document ({:?}) has no title or no text", d.title));
        }
        let mut seen = BTreeSet::new();
        let cm = CodingSystem::Icd10cm;
        for (what, code) in std::iter::once(("principal diagnosis", &self.answer.principal))
            .chain(self.answer.secondary.iter().map(|c| ("secondary diagnosis", c)))
        {
            match check_code(tables, cm, code, date) {
                Ok(c) if !seen.insert(c.clone()) => out.push(format!("{what} {c} repeats")),
                Ok(_) => {}
                Err(why) => out.push(format!("{what} {why}")),
            }
        }
        for code in &self.answer.optional {
            match check_code(tables, cm, code, date) {
                Ok(c) if seen.contains(&c) => out.push(format!("optional code {c} is also in the key")),
                Ok(_) => {}
                Err(why) => out.push(format!("optional code {why}")),
            }
        }
        for (code, why) in &self.answer.no_credit {
            let c = canonical(cm, code).or_else(|_| canonical(CodingSystem::Icd10pcs, code));
            match c {
                Err(e) => out.push(format!("no_credit code {e}")),
                Ok(c) if seen.contains(&c) => out.push(format!("no_credit code {c} is in the key")),
                Ok(_) if why.trim().is_empty() => out.push(format!("no_credit code {code} has no reason")),
                Ok(_) => {}
            }
        }
        match self.setting {
            Setting::Inpatient => {
                let principal = canonical(cm, &self.answer.principal).unwrap_or_default();
                if !self
                    .answer
                    .poa
                    .keys()
                    .any(|c| canonical(cm, c).ok().as_deref() == Some(principal.as_str()))
                {
                    out.push("the principal diagnosis has no POA indicator".into());
                }
                for (code, value) in &self.answer.poa {
                    if !canonical(cm, code).is_ok_and(|c| seen.contains(&c)) {
                        out.push(format!("POA is given for {code}, which is not a key diagnosis"));
                    }
                    if !POA_VALUES.contains(&value.as_str()) {
                        out.push(format!("POA {value:?} for {code} is not one of Y, N, U, W"));
                    }
                }
                match &self.answer.procedures {
                    None => out.push(
                        "an inpatient key needs \"procedures\" (an empty list when none is coded)".into(),
                    ),
                    Some(list) => {
                        let mut px = BTreeSet::new();
                        for code in list {
                            match check_code(tables, CodingSystem::Icd10pcs, code, date) {
                                Ok(c) if !px.insert(c.clone()) => out.push(format!("procedure {c} repeats")),
                                Ok(_) => {}
                                Err(why) => out.push(format!("procedure {why}")),
                            }
                        }
                    }
                }
                for (key, text) in
                    [("poa", &self.explanations.poa), ("procedures", &self.explanations.procedures)]
                {
                    if text.trim().is_empty() {
                        out.push(format!("the explanation of {key} is empty"));
                    }
                }
            }
            Setting::Outpatient => {
                if !self.answer.poa.is_empty() || self.answer.procedures.is_some() {
                    out.push("an outpatient key has no POA indicators and no ICD-10-PCS procedures".into());
                }
            }
        }
        for (key, text) in [
            ("principal", &self.explanations.principal),
            ("secondary", &self.explanations.secondary),
            ("discharge_status", &self.explanations.discharge_status),
        ] {
            if text.trim().is_empty() {
                out.push(format!("the explanation of {key} is empty"));
            }
        }
        if !(2..=8).contains(&self.discharge_choices.len()) {
            out.push(format!("{} discharge choices; there must be 2 to 8", self.discharge_choices.len()));
        }
        for c in self.discharge_choices.iter().filter(|c| discharge_status(c).is_none()) {
            out.push(format!("discharge choice {c:?} is not a known discharge status code"));
        }
        if !self.discharge_choices.iter().any(|c| c.trim() == self.answer.discharge_status.trim()) {
            out.push(format!(
                "the key's discharge status {:?} is not among the choices",
                self.answer.discharge_status
            ));
        }
        out
    }
}

fn canon_all(codes: &[String]) -> BTreeSet<String> {
    codes.iter().filter_map(|c| canonical(CodingSystem::Icd10cm, c).ok()).collect()
}

fn joined(key: &str, why: &str) -> String {
    format!("{} {}", key.trim(), why.trim()).trim().to_string()
}

fn poa_words(value: &str) -> &'static str {
    match value {
        "Y" => "present at the time of the inpatient admission order",
        "N" => "not present at the time of the inpatient admission order",
        "U" => "documentation insufficient to determine",
        "W" => "clinically undetermined by the provider",
        _ => "not a POA indicator",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Date {
        jiff::civil::date(2026, 4, 1)
    }

    fn ex(setting: &str) -> Abstracting {
        let inpatient = setting == "inpatient";
        let mut answer = json!({
            "principal": "J18.9", "secondary": ["E11.9", "N39.0"], "optional": ["Z79.84"],
            "discharge_status": "06",
            "no_credit": {"R05.9": "an uncertain inpatient diagnosis is coded as if established"}
        });
        if inpatient {
            answer["poa"] = json!({"J18.9": "Y", "E11.9": "Y", "N39.0": "N"});
            answer["procedures"] = json!(["0BJ08ZZ"]);
        }
        serde_json::from_value(json!({
            "setting": setting,
            "documents": [{"title": "H&P", "text": "word ".repeat(100)}, {"title": "Progress note", "text": "word ".repeat(30)},
                          {"title": "Discharge summary", "text": "word ".repeat(60)}],
            "discharge_choices": ["01", "03", "06"],
            "answer": answer,
            "explanations": {"principal": "P.", "secondary": "S.", "poa": "A.", "procedures": "X.", "discharge_status": "D."}
        }))
        .unwrap()
    }

    fn right() -> serde_json::Value {
        json!({"principal": {"code": "j189", "poa": "Y"},
               "secondary": [{"code": "E11.9", "poa": "Y"}, {"code": "N39.0", "poa": "N"}],
               "procedures": ["0BJ08ZZ"], "discharge_status": "06"})
    }

    #[test]
    fn the_key_scores_full_marks_with_an_explanation_per_part() {
        let e = ex("inpatient");
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        let g = e.grade(&Tables::builtin(), &right(), date());
        assert!(g.correct, "{g:?}");
        for part in [
            "Principal diagnosis (100%)",
            "Secondary diagnoses (100%)",
            "POA indicators (100%)",
            "Procedures (ICD-10-PCS) (100%)",
            "Discharge status (100%)",
        ] {
            assert!(g.explanation.contains(part), "{part}: {}", g.explanation);
        }
        assert!(g.explanation.contains("Answer key: J18.9"), "{}", g.explanation);
    }

    #[test]
    fn each_wrong_part_costs_its_share() {
        let e = ex("inpatient");
        let mut a = right();
        a["discharge_status"] = json!("01");
        assert_eq!(e.grade(&Tables::builtin(), &a, date()).score, 0.8);
        let mut a = right();
        a["secondary"][1]["poa"] = json!("Y");
        let g = e.grade(&Tables::builtin(), &a, date());
        assert!((g.score - (4.0 + 2.0 / 3.0) / 5.0).abs() < 0.001, "{g:?}");
        assert!(g
            .feedback
            .iter()
            .any(|f| f.item == "POA indicators: N39.0" && f.kind == FeedbackKind::Wrong));
        let mut a = right();
        a["procedures"] = json!([]);
        let g = e.grade(&Tables::builtin(), &a, date());
        assert_eq!(g.score, 0.8);
        assert!(g
            .feedback
            .iter()
            .any(|f| f.item.starts_with("Procedures") && f.kind == FeedbackKind::Missing));
    }

    #[test]
    fn a_secondary_as_principal_is_named_as_such() {
        let e = ex("inpatient");
        let mut a = right();
        a["principal"] = json!({"code": "N39.0", "poa": "N"});
        a["secondary"] = json!([{"code": "E11.9", "poa": "Y"}, {"code": "J18.9", "poa": "Y"}]);
        let g = e.grade(&Tables::builtin(), &a, date());
        let p =
            g.feedback.iter().find(|f| f.item == "Principal diagnosis: N39.0").expect("principal feedback");
        assert!(p.message.contains("secondary diagnosis"), "{p:?}");
        // The key principal listed as secondary is graded once, in the principal part.
        assert!(
            g.feedback.iter().any(|f| f.item == "Secondary diagnoses" && f.kind == FeedbackKind::Partial),
            "{g:?}"
        );
        assert!(!g.correct);
    }

    #[test]
    fn named_lessons_and_invalid_codes_earn_nothing() {
        let e = ex("inpatient");
        let mut a = right();
        a["principal"] = json!({"code": "R05.9", "poa": "Y"});
        let g = e.grade(&Tables::builtin(), &a, date());
        assert!(g.feedback.iter().any(|f| f.message.contains("coded as if established")), "{g:?}");
        assert!(g.score <= 0.8);
        let mut a = right();
        a["secondary"] = json!([{"code": "E11", "poa": "Y"}, {"code": "N39.0", "poa": "N"}]);
        let g = e.grade(&Tables::builtin(), &a, date());
        assert!(g.feedback.iter().any(|f| f.message.contains("cannot be assigned")), "{g:?}");
    }

    #[test]
    fn outpatient_has_no_poa_or_procedure_part() {
        let e = ex("outpatient");
        assert!(
            e.key_problems(&Tables::builtin(), date()).is_empty(),
            "{:?}",
            e.key_problems(&Tables::builtin(), date())
        );
        let a = json!({"principal": {"code": "J18.9"}, "secondary": [{"code": "E11.9"}, {"code": "N39.0"}], "discharge_status": "06"});
        let g = e.grade(&Tables::builtin(), &a, date());
        assert!(g.correct, "{g:?}");
        assert!(g.explanation.starts_with("First-listed diagnosis"));
        assert!(!g.explanation.contains("POA"));
    }

    #[test]
    fn input_errors_are_not_attempts() {
        let e = ex("inpatient");
        for bad in [
            json!({}),
            json!({"principal": {"code": " "}, "discharge_status": "01"}),
            json!({"principal": {"code": "J18.9"}, "discharge_status": ""}),
            json!("J18.9"),
        ] {
            let g = e.grade(&Tables::builtin(), &bad, date());
            assert!(g.input_error, "{bad}: {g:?}");
            assert!(g.explanation.is_empty());
        }
    }

    #[test]
    fn lint_finds_bad_keys() {
        let mut e = ex("inpatient");
        e.answer.secondary.push("E11".into());
        e.answer.poa.insert("I10".into(), "X".into());
        e.answer.discharge_status = "08".into();
        let p = e.key_problems(&Tables::builtin(), date()).join("\n");
        for want in [
            "secondary diagnosis E11 is a category",
            "POA is given for I10",
            "not one of Y, N, U, W",
            "\"08\" is not among the choices",
        ] {
            assert!(p.contains(want), "{want}: {p}");
        }
        let mut e = ex("outpatient");
        e.answer.poa.insert("J18.9".into(), "Y".into());
        assert!(e.key_problems(&Tables::builtin(), date()).join(" ").contains("outpatient key has no POA"));
    }
}
