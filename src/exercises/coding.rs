//! Coding exercises: a scenario, and the codes (ICD-10-CM, ICD-10-PCS or HCPCS) to assign.
//! Codes match in any case, dotted or not; partial credit for the right category at the wrong
//! specificity and for a missing 7th character; the first code must be first when sequenced.

use super::code_info::{canonical, describe_code, CodingSystem};
use super::grade::{note, read_answer, Feedback, FeedbackKind, Grade};
use jiff::civil::Date;
use serde::Deserialize;

/// A coding exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coding {
    pub system: CodingSystem,
    pub scenario: String,
    pub answer: CodingAnswer,
}

/// The key, and the shape of a student's answer (`sequenced` is ignored there).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodingAnswer {
    pub codes: Vec<String>,
    #[serde(default)]
    pub sequenced: bool,
}

/// Credit for a right code in the wrong place, the right category, or a missing 7th character.
const PARTIAL: f64 = 0.5;

impl Coding {
    pub fn grade(&self, answer: &serde_json::Value, date: Date) -> Grade {
        let given: CodingAnswer = match read_answer(answer, r#"{"codes": ["E11.9"]}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let key: Vec<String> = self
            .answer
            .codes
            .iter()
            .map(|c| canonical(self.system, c).unwrap_or_else(|_| c.clone()))
            .collect();
        let mut feedback = Vec::new();
        let mut student: Vec<String> = Vec::new();
        for text in given.codes.iter().filter(|t| !t.trim().is_empty()) {
            match canonical(self.system, text) {
                Ok(code) if !student.contains(&code) => student.push(code),
                Ok(_) => {}
                Err(why) => {
                    note(&mut feedback, FeedbackKind::Wrong, text.trim(), format!("not a valid code: {why}"))
                }
            }
        }
        let invalid = feedback.len();
        if student.is_empty() && invalid == 0 {
            return Grade::malformed("no codes were entered").explained(self.key_text(&key, date));
        }
        let mut used = vec![false; student.len()];
        let mut credit = 0.0;
        for (k, code) in key.iter().enumerate() {
            let principal = k == 0 && self.answer.sequenced;
            if let Some(i) = student.iter().position(|s| s == code) {
                used[i] = true;
                if principal && i != 0 {
                    credit += PARTIAL;
                    note(
                        &mut feedback,
                        FeedbackKind::Partial,
                        code,
                        format!(
                        "{code} is right but must be sequenced first (principal or first-listed diagnosis)"
                    ),
                    );
                } else {
                    credit += 1.0;
                    note(&mut feedback, FeedbackKind::Right, code, describe_code(self.system, code, date));
                }
            } else if let Some(i) = (0..student.len())
                .find(|&i| !used[i] && !key.contains(&student[i]) && related(&student[i], code))
            {
                used[i] = true;
                credit += PARTIAL;
                let got = &student[i];
                let why = if missing_seventh(got, code) {
                    format!("{got} lacks the 7th character: the full code is {code}")
                } else if self.system == CodingSystem::Icd10pcs {
                    format!(
                        "{got} is in the right table ({}) but not the right code; the answer is {code}",
                        &code[..3]
                    )
                } else {
                    format!("{got} is in the right category ({}) but not at the right specificity; the answer is {code}", &code[..3])
                };
                note(&mut feedback, FeedbackKind::Partial, got, why);
            } else {
                note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    code,
                    format!("missing {code}: {}", describe_code(self.system, code, date)),
                );
            }
        }
        let mut extras = invalid;
        for (i, code) in student.iter().enumerate().filter(|(i, _)| !used[*i]) {
            extras += 1;
            let _ = i;
            note(
                &mut feedback,
                FeedbackKind::Extra,
                code,
                format!(
                    "{code} is not supported by the scenario ({})",
                    describe_code(self.system, code, date)
                ),
            );
        }
        let score = credit / (key.len() + extras).max(1) as f64;
        Grade::scored(score, order(feedback)).explained(self.key_text(&key, date))
    }

    fn key_text(&self, key: &[String], _date: Date) -> String {
        let order = if self.answer.sequenced { ", the first one sequenced first" } else { "" };
        format!("Answer key: {}{order}.", key.join(", "))
    }
}

/// True when `got` shares `code`'s category (ICD-10-CM, HCPCS) or table (PCS, first 3 characters).
fn related(got: &str, code: &str) -> bool {
    got.len() >= 3 && code.len() >= 3 && got[..3] == code[..3]
}

/// True when `code` has seven characters and `got` is it without the last one.
fn missing_seventh(got: &str, code: &str) -> bool {
    let bare = |s: &str| s.replace('.', "");
    let (g, c) = (bare(got), bare(code));
    c.len() == 7 && g.len() == 6 && c.starts_with(&g)
}

/// Right first, then partial, missing, extra, wrong.
fn order(mut feedback: Vec<Feedback>) -> Vec<Feedback> {
    let rank = |k: FeedbackKind| match k {
        FeedbackKind::Right => 0,
        FeedbackKind::Partial => 1,
        FeedbackKind::Missing => 2,
        FeedbackKind::Extra => 3,
        FeedbackKind::Wrong => 4,
    };
    feedback.sort_by_key(|f| rank(f.kind));
    feedback
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(codes: &[&str], sequenced: bool) -> Coding {
        Coding {
            system: CodingSystem::Icd10cm,
            scenario: String::new(),
            answer: CodingAnswer { codes: codes.iter().map(|c| c.to_string()).collect(), sequenced },
        }
    }

    fn grade(e: &Coding, answer: serde_json::Value) -> Grade {
        e.grade(&answer, jiff::civil::date(2026, 4, 1))
    }

    #[test]
    fn right_in_any_case_and_dotting() {
        let g = grade(&ex(&["E11.9", "I10"], true), json!({"codes": ["e119", "i10"]}));
        assert!(g.correct, "{g:?}");
        assert_eq!(g.score, 1.0);
        assert!(g.explanation.contains("E11.9, I10"));
    }

    #[test]
    fn unsequenced_order_is_free() {
        assert!(grade(&ex(&["E11.9", "I10"], false), json!({"codes": ["I10", "E11.9"]})).correct);
    }

    #[test]
    fn principal_out_of_place_is_partial() {
        let g = grade(&ex(&["E11.9", "I10"], true), json!({"codes": ["I10", "E11.9"]}));
        assert_eq!(g.score, 0.75);
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Partial && f.message.contains("first")));
    }

    #[test]
    fn wrong_specificity_and_missing_seventh_are_partial() {
        let g = grade(&ex(&["E11.65"], false), json!({"codes": ["E11.9"]}));
        assert_eq!(g.score, 0.5);
        assert!(g.feedback[0].message.contains("right category (E11)"), "{g:?}");
        let g = grade(&ex(&["S52.501A"], false), json!({"codes": ["S52.501"]}));
        assert_eq!(g.score, 0.5);
        assert!(g.feedback[0].message.contains("7th character"), "{g:?}");
    }

    #[test]
    fn wrong_missing_and_extra() {
        let g = grade(&ex(&["E11.9", "I10"], true), json!({"codes": ["E11.9", "J45.909"]}));
        assert_eq!(g.score, 0.333);
        let kinds: Vec<_> = g.feedback.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [FeedbackKind::Right, FeedbackKind::Missing, FeedbackKind::Extra]);
        let g = grade(&ex(&["I10"], false), json!({"codes": ["250.00"]}));
        assert_eq!(g.score, 0.0);
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Wrong && f.message.contains("ICD-9")));
    }

    #[test]
    fn malformed_answers_score_zero() {
        for bad in [json!(null), json!({"codes": "E11.9"}), json!({"code": ["E11.9"]}), json!({"codes": []})]
        {
            let g = grade(&ex(&["I10"], false), bad);
            assert_eq!(g.score, 0.0);
            assert!(!g.correct && !g.feedback.is_empty());
        }
    }

    #[test]
    fn pcs_and_hcpcs_forms() {
        let pcs = Coding { system: CodingSystem::Icd10pcs, ..ex(&["0DTJ4ZZ"], false) };
        assert!(grade(&pcs, json!({"codes": ["0dtj4zz"]})).correct);
        assert_eq!(grade(&pcs, json!({"codes": ["0DTJ0ZZ"]})).score, 0.5);
        let hcpcs = Coding { system: CodingSystem::Hcpcs, ..ex(&["J1100"], false) };
        assert!(grade(&hcpcs, json!({"codes": [" j1100 "]})).correct);
    }
}
