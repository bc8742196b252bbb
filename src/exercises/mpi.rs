//! Master patient index: group the records that are the same person under different MRNs
//! (duplicates) and flag overlays (one MRN holding two people). Groups earn pairwise
//! precision/recall credit; overlays earn set credit.

use super::grade::{note, read_answer, FeedbackKind, Grade};
use serde::Deserialize;
use std::collections::BTreeSet;

/// An MPI exercise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mpi {
    pub patients: Vec<MpiPatient>,
    pub answer: MpiAnswer,
}

/// One MPI entry as the student sees it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MpiPatient {
    pub id: String,
    pub mrn: String,
    pub name: String,
    pub birth_date: String,
    pub sex: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

/// The key, and the shape of a student's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MpiAnswer {
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    #[serde(default)]
    pub overlays: Vec<String>,
}

type Pair = (String, String);

/// Every unordered pair of ids in the same group.
fn pairs(groups: &[Vec<String>]) -> BTreeSet<Pair> {
    let mut out = BTreeSet::new();
    for g in groups {
        let ids: BTreeSet<&String> = g.iter().collect();
        let ids: Vec<&String> = ids.into_iter().collect();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                out.insert(((*a).clone(), (*b).clone()));
            }
        }
    }
    out
}

/// F1 of `got` against `want` (1 when both are empty).
fn f1(right: usize, got: usize, want: usize) -> f64 {
    if got == 0 && want == 0 {
        return 1.0;
    }
    2.0 * right as f64 / (got + want) as f64
}

impl Mpi {
    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let given: MpiAnswer = match read_answer(answer, r#"{"groups": [["p1", "p3"]], "overlays": ["p4"]}"#)
        {
            Ok(a) => a,
            Err(g) => return g,
        };
        let known: BTreeSet<&str> = self.patients.iter().map(|p| p.id.as_str()).collect();
        let mut feedback = Vec::new();
        let unknown: BTreeSet<&str> = given
            .groups
            .iter()
            .flatten()
            .chain(&given.overlays)
            .map(String::as_str)
            .filter(|id| !known.contains(id))
            .collect();
        if !unknown.is_empty() {
            let list: Vec<&str> = unknown.into_iter().collect();
            return Grade::malformed(format!("no such patient record: {}", list.join(", ")));
        }
        let (want, got) = (pairs(&self.answer.groups), pairs(&given.groups));
        for g in &self.answer.groups {
            let p = pairs(std::slice::from_ref(g));
            let found = p.intersection(&got).count();
            let item = g.join(" + ");
            let same_group =
                given.groups.iter().any(|s| s.iter().collect::<BTreeSet<_>>() == g.iter().collect());
            if same_group {
                note(&mut feedback, FeedbackKind::Right, item, "the same person under different MRNs: merge");
            } else if found > 0 {
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    item,
                    format!("{found} of {} link(s) in this group found", p.len()),
                );
            } else {
                note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    item,
                    "these records are the same person (a duplicate)",
                );
            }
        }
        for (a, b) in got.difference(&want) {
            note(
                &mut feedback,
                FeedbackKind::Extra,
                format!("{a} + {b}"),
                format!("{a} and {b} are different people"),
            );
        }
        let (want_o, got_o): (BTreeSet<&String>, BTreeSet<&String>) =
            (self.answer.overlays.iter().collect(), given.overlays.iter().collect());
        for id in &want_o {
            let (kind, message) = if got_o.contains(id) {
                (FeedbackKind::Right, "an overlay: one MRN holds two people's data")
            } else {
                (FeedbackKind::Missing, "this record is an overlay: its data belong to two people")
            };
            note(&mut feedback, kind, id.as_str(), message);
        }
        for id in got_o.difference(&want_o) {
            note(&mut feedback, FeedbackKind::Extra, id.as_str(), "not an overlay");
        }
        let group_score = f1(want.intersection(&got).count(), got.len(), want.len());
        let overlay_score = f1(want_o.intersection(&got_o).count(), got_o.len(), want_o.len());
        let parts = [(group_score, want.len() + got.len()), (overlay_score, want_o.len() + got_o.len())];
        let weighted: Vec<f64> = parts.iter().filter(|(_, n)| *n > 0).map(|(s, _)| *s).collect();
        let score =
            if weighted.is_empty() { 1.0 } else { weighted.iter().sum::<f64>() / weighted.len() as f64 };
        if feedback.is_empty() {
            note(
                &mut feedback,
                FeedbackKind::Right,
                "index",
                "no duplicates and no overlays: every record is a different person",
            );
        }
        Grade::scored(score, feedback)
    }

    /// Problems of the key: unknown ids, a record in two groups, groups of one.
    pub fn key_problems(&self) -> Vec<String> {
        let known: BTreeSet<&str> = self.patients.iter().map(|p| p.id.as_str()).collect();
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        if known.len() != self.patients.len() {
            out.push("patient ids repeat".to_string());
        }
        for g in &self.answer.groups {
            if g.len() < 2 {
                out.push(format!("group [{}] has fewer than two records", g.join(", ")));
            }
            for id in g {
                if !known.contains(id.as_str()) {
                    out.push(format!("group names unknown patient {id:?}"));
                } else if !seen.insert(id.as_str()) {
                    out.push(format!("patient {id:?} is in more than one group"));
                }
            }
        }
        for id in &self.answer.overlays {
            if !known.contains(id.as_str()) {
                out.push(format!("overlays name unknown patient {id:?}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex() -> Mpi {
        let p = |id: &str| json!({"id": id, "mrn": "1", "name": "X", "birth_date": "1970-01-01", "sex": "F"});
        serde_json::from_value(json!({
            "patients": [p("p1"), p("p2"), p("p3"), p("p4"), p("p5")],
            "answer": {"groups": [["p1", "p2", "p3"]], "overlays": ["p5"]}
        }))
        .unwrap()
    }

    #[test]
    fn right() {
        let g = ex().grade(&json!({"groups": [["p3", "p1", "p2"]], "overlays": ["p5"]}));
        assert!(g.correct, "{g:?}");
    }

    #[test]
    fn partial_pairs_and_extras() {
        // One of three pairs, no overlays: groups F1 = 2*1/(1+3) = 0.5, overlays 0.
        let g = ex().grade(&json!({"groups": [["p1", "p2"]]}));
        assert_eq!(g.score, 0.25);
        assert!(g.feedback.iter().any(|f| f.kind == FeedbackKind::Partial));
        let g = ex().grade(&json!({"groups": [["p1", "p2", "p3", "p4"]], "overlays": ["p5", "p4"]}));
        assert!(!g.correct);
        assert!(g.feedback.iter().filter(|f| f.kind == FeedbackKind::Extra).count() >= 4);
    }

    #[test]
    fn malformed() {
        assert_eq!(ex().grade(&json!({"groups": [["p1", "p9"]]})).score, 0.0);
        assert_eq!(ex().grade(&json!({"groups": "p1"})).score, 0.0);
        assert_eq!(ex().grade(&json!([])).score, 0.0);
    }

    #[test]
    fn key_problems() {
        let mut e = ex();
        assert!(e.key_problems().is_empty());
        e.answer.groups.push(vec!["p3".into(), "p9".into()]);
        let p = e.key_problems();
        assert!(
            p.iter().any(|m| m.contains("p9")) && p.iter().any(|m| m.contains("more than one group")),
            "{p:?}"
        );
    }
}
