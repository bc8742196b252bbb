//! What a grader returns: a score, per-item feedback and the explanation.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// How one item of an answer fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackKind {
    Right,
    Wrong,
    Partial,
    /// In the key, not in the answer.
    Missing,
    /// In the answer, not in the key.
    Extra,
}

/// Feedback on one item (a code, a chart item, a field, an option).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    pub kind: FeedbackKind,
    pub item: String,
    pub message: String,
}

/// The result of grading one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// 0.0 to 1.0.
    pub score: f64,
    /// True only for a fully right answer.
    pub correct: bool,
    pub feedback: Vec<Feedback>,
    pub explanation: String,
    /// True when the answer could not be read (blank, not a number, not the expected shape):
    /// an input error, not an attempt. The page should not count it, and such a grade never
    /// carries the explanation or the key.
    pub input_error: bool,
}

impl Grade {
    /// A zero score for an answer that cannot be read: an input error, not an attempt.
    pub fn input_error(message: impl Into<String>) -> Grade {
        Grade {
            score: 0.0,
            correct: false,
            feedback: vec![Feedback {
                kind: FeedbackKind::Wrong,
                item: "answer".into(),
                message: message.into(),
            }],
            explanation: String::new(),
            input_error: true,
        }
    }

    /// The same as [`Grade::input_error`] (the older name).
    pub fn malformed(message: impl Into<String>) -> Grade {
        Grade::input_error(message)
    }

    /// A grade from `score` (clamped to 0..=1, rounded to 3 places); correct when it is 1.
    pub fn scored(score: f64, feedback: Vec<Feedback>) -> Grade {
        let score = if score.is_finite() { (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0 } else { 0.0 };
        Grade { score, correct: score >= 1.0, feedback, explanation: String::new(), input_error: false }
    }

    /// The same grade with an explanation of the grader's own (none for an input error).
    pub fn explained(mut self, explanation: impl Into<String>) -> Grade {
        if !self.input_error {
            self.explanation = explanation.into();
        }
        self
    }
}

/// Adds one feedback line.
pub(crate) fn note(
    out: &mut Vec<Feedback>,
    kind: FeedbackKind,
    item: impl Into<String>,
    message: impl Into<String>,
) {
    out.push(Feedback { kind, item: item.into(), message: message.into() });
}

/// Reads a student answer of type `T`, or says in plain words why it cannot be read.
pub(crate) fn read_answer<T: DeserializeOwned>(answer: &Value, expected: &str) -> Result<T, Grade> {
    serde_json::from_value(answer.clone())
        .map_err(|e| Grade::malformed(format!("the answer should look like {expected} ({e})")))
}

/// Text compared without case and surrounding or repeated blanks.
pub(crate) fn loose(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
