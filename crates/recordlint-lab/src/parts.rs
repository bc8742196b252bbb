//! Multi-step exercises: each part graded on its own, the exercise's score the mean of its parts,
//! and the explanation given per part with that part's score.

use super::grade::{note, Feedback, FeedbackKind, Grade};

/// One graded part of a multi-step exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's name as the student sees it (`Principal diagnosis`).
    pub name: &'static str,
    /// 0.0 to 1.0.
    pub score: f64,
    /// Feedback on the part's items.
    pub feedback: Vec<Feedback>,
    /// The exercise's explanation of this part (shown after answering).
    pub explanation: String,
}

impl Part {
    pub fn new(name: &'static str, score: f64, feedback: Vec<Feedback>, explanation: &str) -> Part {
        Part { name, score: score.clamp(0.0, 1.0), feedback, explanation: explanation.to_string() }
    }
}

/// The grade of a multi-step exercise: each part's feedback (its items named with the part),
/// a summary line per part, the mean score, and the explanation part by part.
pub fn combine(parts: Vec<Part>) -> Grade {
    let mut feedback = Vec::new();
    let mut explanation = Vec::new();
    let mut total = 0.0;
    for part in &parts {
        let score = (part.score * 1000.0).round() / 1000.0;
        total += score;
        let kind = match score {
            s if s >= 1.0 => FeedbackKind::Right,
            s if s > 0.0 => FeedbackKind::Partial,
            _ => FeedbackKind::Wrong,
        };
        note(&mut feedback, kind, part.name, format!("{} for this part", percent(score)));
        for f in &part.feedback {
            note(&mut feedback, f.kind, format!("{}: {}", part.name, f.item), f.message.clone());
        }
        if !part.explanation.trim().is_empty() {
            explanation.push(format!("{} ({}): {}", part.name, percent(score), part.explanation.trim()));
        }
    }
    let score = if parts.is_empty() { 0.0 } else { total / parts.len() as f64 };
    Grade::scored(score, feedback).explained(explanation.join("\n"))
}

fn percent(score: f64) -> String {
    format!("{}%", (score * 100.0).round())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_of_parts_with_explanations_per_part() {
        let g = combine(vec![
            Part::new("A", 1.0, vec![], "why A"),
            Part::new(
                "B",
                0.5,
                vec![Feedback { kind: FeedbackKind::Wrong, item: "x".into(), message: "m".into() }],
                "why B",
            ),
        ]);
        assert_eq!(g.score, 0.75);
        assert!(!g.correct);
        assert_eq!(g.explanation, "A (100%): why A\nB (50%): why B");
        assert!(g.feedback.iter().any(|f| f.item == "B: x" && f.message == "m"));
        assert!(g.feedback.iter().any(|f| f.item == "B" && f.kind == FeedbackKind::Partial));
        assert!(combine(vec![Part::new("A", 1.0, vec![], "")]).correct);
    }
}
