//! Release of information, privacy and ethics: multiple choice with a rationale for every option.

use super::grade::{note, read_answer, FeedbackKind, Grade};
use serde::Deserialize;
use std::collections::BTreeSet;

/// A release-of-information exercise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roi {
    pub scenario: String,
    pub options: Vec<RoiOption>,
    /// True when several options are correct (checkboxes instead of radio buttons).
    #[serde(default)]
    pub multiple: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoiOption {
    pub id: String,
    pub text: String,
    pub correct: bool,
    pub rationale: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoiAnswer {
    choices: Vec<String>,
}

impl Roi {
    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let given: RoiAnswer = match read_answer(answer, r#"{"choices": ["a"]}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let chosen: BTreeSet<&str> = given.choices.iter().map(String::as_str).collect();
        if chosen.is_empty() {
            return Grade::malformed("no option was chosen");
        }
        if !self.multiple && chosen.len() > 1 {
            return Grade::malformed("choose exactly one option");
        }
        let mut feedback = Vec::new();
        for id in chosen.iter().filter(|id| !self.options.iter().any(|o| o.id == **id)) {
            note(&mut feedback, FeedbackKind::Wrong, *id, "no such option");
        }
        let correct = self.options.iter().filter(|o| o.correct).count().max(1);
        let (mut right, mut wrong) = (0usize, feedback.len());
        for o in &self.options {
            let picked = chosen.contains(o.id.as_str());
            let kind = match (picked, o.correct) {
                (true, true) => {
                    right += 1;
                    FeedbackKind::Right
                }
                (true, false) => {
                    wrong += 1;
                    FeedbackKind::Wrong
                }
                (false, true) => FeedbackKind::Missing,
                (false, false) => continue,
            };
            note(&mut feedback, kind, &o.id, &o.rationale);
        }
        let score = if self.multiple { (right as f64 - wrong as f64) / correct as f64 } else { right as f64 };
        Grade::scored(score, feedback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(multiple: bool) -> Roi {
        serde_json::from_value(json!({
            "scenario": "s", "multiple": multiple,
            "options": [
                {"id": "a", "text": "A", "correct": true, "rationale": "ra"},
                {"id": "b", "text": "B", "correct": multiple, "rationale": "rb"},
                {"id": "c", "text": "C", "correct": false, "rationale": "rc"}]
        }))
        .unwrap()
    }

    #[test]
    fn single_choice() {
        let g = ex(false).grade(&json!({"choices": ["a"]}));
        assert!(g.correct);
        assert_eq!(g.feedback[0].message, "ra");
        let g = ex(false).grade(&json!({"choices": ["c"]}));
        assert_eq!(g.score, 0.0);
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Missing && f.item == "a"));
        assert_eq!(ex(false).grade(&json!({"choices": ["a", "b"]})).score, 0.0);
    }

    #[test]
    fn multiple_choice_partial() {
        assert!(ex(true).grade(&json!({"choices": ["b", "a"]})).correct);
        assert_eq!(ex(true).grade(&json!({"choices": ["a"]})).score, 0.5);
        assert_eq!(ex(true).grade(&json!({"choices": ["a", "c"]})).score, 0.0);
        assert_eq!(ex(true).grade(&json!({"choices": ["a", "b", "c"]})).score, 0.5);
    }

    #[test]
    fn malformed() {
        for bad in [json!({"choices": []}), json!({"choice": "a"}), json!("a"), json!({"choices": ["z"]})] {
            let g = ex(false).grade(&bad);
            assert_eq!(g.score, 0.0, "{bad}");
        }
    }
}
