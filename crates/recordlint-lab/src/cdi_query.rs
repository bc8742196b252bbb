//! Compliant queries (clinical documentation integrity), after the AHIMA/ACDIS "Guidelines for
//! Achieving a Compliant Query Practice" (2022 update): the student picks the compliant draft
//! among several, or marks every flaw of one draft. Drafts are data — the question, the clinical
//! indicators it cites, its options, its format and purpose — so the lint proves each flaw from
//! the draft itself: no indicators, indicators not in the record, a financial or quality-score
//! mention, a multiple-choice list without "other" or "clinically undetermined", a yes/no query
//! used to get a new diagnosis. Only "leading" is the author's judgment, stated with its reason.

use super::grade::{loose, note, read_answer, FeedbackKind, Grade};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The flaws a draft can have: id and what it means.
pub const QUERY_FLAWS: [(&str, &str); 7] = [
    ("no_indicators", "cites no clinical indicators from the record"),
    ("indicators_not_in_record", "cites clinical indicators that are not in the record"),
    ("leading", "is leading: it directs the provider to one answer or presents the desired diagnosis as the expected one"),
    ("financial_impact", "mentions reimbursement, the DRG, payment or quality scores"),
    ("missing_other", "offers multiple choices without \"other\""),
    ("missing_undetermined", "offers multiple choices without \"clinically undetermined\""),
    ("yes_no_new_diagnosis", "asks yes or no to obtain a new diagnosis not yet documented"),
];

/// The student's choice that a draft has no flaw.
pub const COMPLIANT: &str = "compliant";

/// Words that put money or quality scores into a query.
const FINANCIAL: [&str; 11] = [
    "drg",
    "reimburse",
    "payment",
    "paid",
    "revenue",
    "case mix",
    "case-mix",
    "cc/mcc",
    "quality score",
    "dollars",
    "$",
];

/// The format of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryFormat {
    Open,
    MultipleChoice,
    YesNo,
}

/// What the query is for: yes/no queries are not for new diagnoses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryPurpose {
    NewDiagnosis,
    ConfirmDocumented,
    ConflictingDocumentation,
    PresentOnAdmission,
    CauseAndEffect,
}

/// One draft query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub id: String,
    pub format: QueryFormat,
    pub purpose: QueryPurpose,
    pub question: String,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub options: Vec<String>,
    /// The author's judgment that the draft leads the provider (the one flaw not proved from data).
    #[serde(default)]
    pub leading: bool,
}

/// What the student is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryAsk {
    /// Choose the compliant draft.
    Choose,
    /// Mark every flaw of the first draft (or mark it compliant).
    Flaws,
}

/// A CDI query exercise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CdiQuery {
    pub ask: QueryAsk,
    /// The record excerpt the queries are about.
    pub record: String,
    pub drafts: Vec<Draft>,
    pub answer: QueryKey,
    /// Why each flaw of the key applies here: flaw id → text (and `compliant` for the right draft).
    pub rationales: std::collections::BTreeMap<String, String>,
}

/// The key: `choice` (ask choose) or `flaws` (ask flaws).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryKey {
    #[serde(default)]
    pub choice: Option<String>,
    #[serde(default)]
    pub flaws: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceAnswer {
    choice: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlawsAnswer {
    flaws: Vec<String>,
}

fn flaw_words(id: &str) -> &'static str {
    QUERY_FLAWS.iter().find(|(f, _)| *f == id).map_or("is not a flaw this lab knows", |(_, w)| *w)
}

impl Draft {
    /// The flaws of the draft, proved from its data (and `leading` as stated), against `record`.
    pub fn flaws(&self, record: &str) -> BTreeSet<&'static str> {
        let mut out = BTreeSet::new();
        let record = loose(record);
        if self.indicators.is_empty() {
            out.insert("no_indicators");
        }
        if self.indicators.iter().any(|i| !record.contains(&loose(i))) {
            out.insert("indicators_not_in_record");
        }
        if self.leading {
            out.insert("leading");
        }
        let text = loose(&format!("{} {}", self.question, self.options.join(" ")));
        let words: Vec<&str> =
            text.split(|c: char| !c.is_alphanumeric() && c != '$' && c != '/' && c != '-').collect();
        // "a CC", "is an MCC" (not "500 cc" of fluid).
        let cc = words
            .windows(2)
            .any(|w| matches!(w[1], "cc" | "mcc") && !w[0].chars().all(|c| c.is_ascii_digit()));
        if cc
            || FINANCIAL.iter().any(|f| {
                if f.contains(' ') || f.contains('$') {
                    text.contains(f)
                } else {
                    words.iter().any(|w| w.starts_with(f))
                }
            })
        {
            out.insert("financial_impact");
        }
        if self.format == QueryFormat::MultipleChoice {
            if !self.options.iter().any(|o| loose(o).starts_with("other")) {
                out.insert("missing_other");
            }
            if !self.options.iter().any(|o| loose(o).contains("clinically undetermined")) {
                out.insert("missing_undetermined");
            }
        }
        if self.format == QueryFormat::YesNo && self.purpose == QueryPurpose::NewDiagnosis {
            out.insert("yes_no_new_diagnosis");
        }
        out
    }
}

impl CdiQuery {
    fn rationale(&self, id: &str) -> String {
        self.rationales.get(id).cloned().unwrap_or_else(|| format!("the draft {}", flaw_words(id)))
    }

    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let mut feedback = Vec::new();
        let explanation;
        let score = match self.ask {
            QueryAsk::Choose => {
                let a: ChoiceAnswer = match read_answer(answer, r#"{"choice": "b"}"#) {
                    Ok(a) => a,
                    Err(g) => return g,
                };
                let Some(draft) = self.drafts.iter().find(|d| d.id == a.choice.trim()) else {
                    return Grade::input_error("choose one of the drafts");
                };
                let key = self.answer.choice.clone().unwrap_or_default();
                explanation = format!("Answer key: draft {key}. {}", self.rationale(COMPLIANT));
                if draft.id == key {
                    note(&mut feedback, FeedbackKind::Right, &draft.id, "this draft is compliant");
                    1.0
                } else {
                    for f in draft.flaws(&self.record) {
                        note(
                            &mut feedback,
                            FeedbackKind::Wrong,
                            format!("draft {}", draft.id),
                            format!("it {}", flaw_words(f)),
                        );
                    }
                    0.0
                }
            }
            QueryAsk::Flaws => {
                let a: FlawsAnswer = match read_answer(answer, r#"{"flaws": ["leading"]}"#) {
                    Ok(a) => a,
                    Err(g) => return g,
                };
                let chosen: BTreeSet<&str> =
                    a.flaws.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
                if chosen.is_empty() {
                    return Grade::input_error("mark every flaw of the draft, or mark it compliant");
                }
                if chosen.contains(COMPLIANT) && chosen.len() > 1 {
                    return Grade::input_error(
                        "a draft with flaws is not compliant: mark either its flaws or \"compliant\"",
                    );
                }
                if let Some(unknown) =
                    chosen.iter().find(|f| **f != COMPLIANT && !QUERY_FLAWS.iter().any(|(id, _)| id == *f))
                {
                    return Grade::input_error(format!("{unknown:?} is not one of the flaws listed"));
                }
                let key: BTreeSet<&str> = self.answer.flaws.iter().flatten().map(String::as_str).collect();
                let key_words: Vec<&str> = key.iter().copied().collect();
                explanation = match key_words.is_empty() {
                    true => format!("Answer key: the draft is compliant. {}", self.rationale(COMPLIANT)),
                    false => format!("Answer key: {}.", key_words.join(", ")),
                };
                if key.is_empty() {
                    if chosen.contains(COMPLIANT) {
                        note(
                            &mut feedback,
                            FeedbackKind::Right,
                            COMPLIANT,
                            "the draft has none of these flaws",
                        );
                        1.0
                    } else {
                        for f in &chosen {
                            note(
                                &mut feedback,
                                FeedbackKind::Wrong,
                                *f,
                                format!(
                                    "the draft does not: it is compliant (a flaw would be that it {})",
                                    flaw_words(f)
                                ),
                            );
                        }
                        0.0
                    }
                } else if chosen.contains(COMPLIANT) {
                    note(&mut feedback, FeedbackKind::Wrong, COMPLIANT, "the draft has flaws");
                    for f in &key {
                        note(&mut feedback, FeedbackKind::Missing, *f, self.rationale(f));
                    }
                    0.0
                } else {
                    let (mut right, mut wrong) = (0usize, 0usize);
                    for f in &chosen {
                        if key.contains(f) {
                            right += 1;
                            note(&mut feedback, FeedbackKind::Right, *f, self.rationale(f));
                        } else {
                            wrong += 1;
                            note(
                                &mut feedback,
                                FeedbackKind::Wrong,
                                *f,
                                format!(
                                    "this draft does not have this flaw (a query that {})",
                                    flaw_words(f)
                                ),
                            );
                        }
                    }
                    for f in key.iter().filter(|f| !chosen.contains(**f)) {
                        note(&mut feedback, FeedbackKind::Missing, *f, self.rationale(f));
                    }
                    if chosen.len() == QUERY_FLAWS.len() {
                        0.0 // every flaw marked: no credit for guessing all
                    } else {
                        (right as f64 - wrong as f64) / key.len() as f64
                    }
                }
            }
        };
        Grade::scored(score, feedback).explained(explanation)
    }

    /// Problems of the exercise (for the pack lint): the key equal to the flaws proved from the
    /// drafts, a rationale for every flaw of the key, drafts well-formed.
    pub fn key_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids = BTreeSet::new();
        for d in &self.drafts {
            if !ids.insert(d.id.as_str()) {
                out.push(format!("draft id {:?} repeats", d.id));
            }
            if d.question.trim().is_empty() {
                out.push(format!("draft {} has no question", d.id));
            }
            if d.format == QueryFormat::Open && !d.options.is_empty() {
                out.push(format!("draft {} is open-ended but has options", d.id));
            }
            if d.format == QueryFormat::MultipleChoice && d.options.len() < 2 {
                out.push(format!("draft {} is multiple choice with fewer than 2 options", d.id));
            }
            if d.format == QueryFormat::YesNo
                && d.options.iter().take(2).map(|o| loose(o)).collect::<Vec<_>>() != ["yes", "no"]
            {
                out.push(format!("draft {} is a yes/no query: its first options must be Yes and No", d.id));
            }
        }
        let need_rationale = |out: &mut Vec<String>, id: &str| {
            if self.rationales.get(id).is_none_or(|t| t.trim().is_empty()) {
                out.push(format!("no rationale for {id:?}"));
            }
        };
        for id in self
            .rationales
            .keys()
            .filter(|k| k.as_str() != COMPLIANT && !QUERY_FLAWS.iter().any(|(f, _)| f == k))
        {
            out.push(format!("rationale for unknown flaw {id:?}"));
        }
        match self.ask {
            QueryAsk::Choose => {
                if !(2..=4).contains(&self.drafts.len()) {
                    out.push(format!("{} drafts; there must be 2 to 4", self.drafts.len()));
                }
                let compliant: Vec<&str> = self
                    .drafts
                    .iter()
                    .filter(|d| d.flaws(&self.record).is_empty())
                    .map(|d| d.id.as_str())
                    .collect();
                if compliant.len() != 1 {
                    out.push(format!("exactly one draft must be free of flaws; these are: {compliant:?}"));
                }
                if self.answer.choice.as_deref() != compliant.first().copied() {
                    out.push(format!(
                        "the key's choice is {:?} but the compliant draft is {:?}",
                        self.answer.choice,
                        compliant.first()
                    ));
                }
                need_rationale(&mut out, COMPLIANT);
                for d in &self.drafts {
                    if d.leading {
                        need_rationale(&mut out, "leading");
                    }
                }
            }
            QueryAsk::Flaws => {
                if self.drafts.len() != 1 {
                    out.push(format!("a flaws exercise has one draft, not {}", self.drafts.len()));
                }
                let want: BTreeSet<&str> =
                    self.drafts.first().map(|d| d.flaws(&self.record)).unwrap_or_default();
                let key: BTreeSet<&str> = self.answer.flaws.iter().flatten().map(String::as_str).collect();
                if key != want {
                    out.push(format!("the key's flaws are {key:?} but the draft has {want:?}"));
                }
                if want.is_empty() {
                    need_rationale(&mut out, COMPLIANT);
                }
                for f in &want {
                    need_rationale(&mut out, f);
                }
                if want.len() * 2 > QUERY_FLAWS.len() {
                    out.push("more than half the flaws apply: marking them all would score".into());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RECORD: &str =
        "Sodium 128 mmol/L on admission, 131 after normal saline. Confusion noted by nursing.";

    fn draft(
        id: &str,
        format: &str,
        indicators: &[&str],
        options: &[&str],
        question: &str,
    ) -> serde_json::Value {
        json!({"id": id, "format": format, "purpose": "new_diagnosis", "question": question,
               "indicators": indicators, "options": options})
    }

    fn flaws_ex(d: serde_json::Value, key: &[&str]) -> CdiQuery {
        serde_json::from_value(json!({
            "ask": "flaws", "record": RECORD, "drafts": [d], "answer": {"flaws": key},
            "rationales": {"compliant": "c", "missing_other": "o", "missing_undetermined": "u",
                           "financial_impact": "f", "no_indicators": "n", "yes_no_new_diagnosis": "y",
                           "indicators_not_in_record": "i", "leading": "l"}
        }))
        .unwrap()
    }

    /// A multiple-choice draft without "other" or "clinically undetermined" that names the DRG.
    fn drg_draft() -> CdiQuery {
        let d = draft(
            "a",
            "multiple_choice",
            &["Sodium 128 mmol/L"],
            &["Hyponatremia", "Dehydration"],
            "Please clarify; this affects the DRG.",
        );
        flaws_ex(d, &["financial_impact", "missing_other", "missing_undetermined"])
    }

    #[test]
    fn flaws_are_proved_from_the_draft() {
        let e = drg_draft();
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        let d =
            draft("a", "yes_no", &["potassium 2.9"], &["Yes", "No"], "Does the patient have hypokalemia?");
        let e = flaws_ex(d, &["indicators_not_in_record", "yes_no_new_diagnosis"]);
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        let d = draft(
            "a",
            "open",
            &["Sodium 128 mmol/L"],
            &[],
            "Give 500 cc of saline? Note: hyponatremia is a CC.",
        );
        let e = flaws_ex(d, &["financial_impact"]);
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        let d = draft(
            "a",
            "open",
            &["Sodium 128 mmol/L"],
            &[],
            "Sodium was 128 after 500 cc of fluid; please clarify.",
        );
        assert!(flaws_ex(d, &[]).key_problems().is_empty());
        let d = draft("a", "open", &[], &[], "Please document the diagnosis.");
        let e = flaws_ex(d, &[]);
        assert!(
            e.key_problems().join(" ").contains("the draft has {\"no_indicators\"}"),
            "{:?}",
            e.key_problems()
        );
    }

    #[test]
    fn flaw_grading_exact_set_and_no_credit_for_all() {
        let e = drg_draft();
        assert!(
            e.grade(&json!({"flaws": ["missing_other", "financial_impact", "missing_undetermined"]})).correct
        );
        let g = e.grade(&json!({"flaws": ["missing_other", "financial_impact"]}));
        assert!((g.score - 2.0 / 3.0).abs() < 0.001);
        assert!(g
            .feedback
            .iter()
            .any(|f| f.kind == FeedbackKind::Missing && f.item == "missing_undetermined"));
        let g = e.grade(&json!({"flaws": ["missing_other", "financial_impact", "leading"]}));
        assert!((g.score - 1.0 / 3.0).abs() < 0.001);
        let all: Vec<&str> = QUERY_FLAWS.iter().map(|(f, _)| *f).collect();
        assert_eq!(e.grade(&json!({ "flaws": all })).score, 0.0);
        assert_eq!(e.grade(&json!({"flaws": ["compliant"]})).score, 0.0);
        assert!(e.grade(&json!({"flaws": []})).input_error);
        assert!(e.grade(&json!({"flaws": ["compliant", "leading"]})).input_error);
        assert!(e.grade(&json!({"flaws": ["rude"]})).input_error);
    }

    #[test]
    fn a_compliant_draft_must_be_called_compliant() {
        let d = draft(
            "a",
            "multiple_choice",
            &["Sodium 128 mmol/L", "Confusion noted"],
            &["Hyponatremia", "Other", "Clinically undetermined"],
            "Please clarify the condition, if any, these findings represent.",
        );
        let e = flaws_ex(d, &[]);
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        assert!(e.grade(&json!({"flaws": ["compliant"]})).correct);
        assert_eq!(e.grade(&json!({"flaws": ["leading"]})).score, 0.0);
    }

    #[test]
    fn choose_the_compliant_draft() {
        let e: CdiQuery = serde_json::from_value(json!({
            "ask": "choose", "record": RECORD,
            "drafts": [
                draft("a", "open", &[], &[], "Please document hyponatremia."),
                draft("b", "multiple_choice", &["Sodium 128 mmol/L"], &["Hyponatremia", "Other", "Clinically undetermined"], "Please clarify.")],
            "answer": {"choice": "b"}, "rationales": {"compliant": "b cites indicators and offers other and undetermined"}
        }))
        .unwrap();
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        assert!(e.grade(&json!({"choice": "b"})).correct);
        let g = e.grade(&json!({"choice": "a"}));
        assert_eq!(g.score, 0.0);
        assert!(g.feedback.iter().any(|f| f.message.contains("no clinical indicators")));
        assert!(e.grade(&json!({"choice": "z"})).input_error);
        assert!(e.grade(&json!({})).input_error);
    }
}
