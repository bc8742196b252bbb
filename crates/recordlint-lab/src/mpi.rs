//! Master patient index: group the records that are the same person under different MRNs
//! (duplicates) and flag overlays (one MRN holding two people). Groups earn pairwise
//! precision/recall credit. An overlay is graded as the MRN plus the entry that does not belong
//! there: the entry registered later under an MRN that another person already owned (entries
//! carry their registration date and encounter history, so the owner can be told). Flagging the
//! owner's entry of an overlaid MRN earns half; an entry of another MRN earns nothing.

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
    /// When this entry was registered (`YYYY-MM-DD`): under an overlaid MRN, the earliest
    /// registration owns the MRN.
    #[serde(default)]
    pub registered: Option<String>,
    /// The encounters filed under this entry, oldest first.
    #[serde(default)]
    pub encounters: Vec<MpiEncounter>,
}

/// One encounter in an MPI entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MpiEncounter {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The setting (`Emergency`, `Inpatient`, `Outpatient`, `Clinic`).
    pub service: String,
    #[serde(default)]
    pub reason: String,
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
        let mut overlay_credit = 0.0;
        let mut half_used: BTreeSet<&String> = BTreeSet::new();
        for id in &want_o {
            let mrn = self.mrn_of(id);
            let owner = self.owner_of(mrn);
            let owner_words = owner.map_or(String::new(), |o| {
                format!("; {} owns it (registered {})", o.id, o.registered.as_deref().unwrap_or("first"))
            });
            let item = format!("MRN {mrn}: {id}");
            if got_o.contains(id) {
                overlay_credit += 1.0;
                note(
                    &mut feedback,
                    FeedbackKind::Right,
                    item,
                    format!("an overlay: {id} is another person's data filed under MRN {mrn}{owner_words}. Move it to its own MRN"),
                );
            } else if let Some(other) = got_o
                .iter()
                .find(|g| !want_o.contains(*g) && self.mrn_of(g) == mrn && !half_used.contains(*g))
            {
                half_used.insert(other);
                overlay_credit += 0.5;
                note(
                    &mut feedback,
                    FeedbackKind::Partial,
                    item,
                    format!(
                        "you found the overlaid MRN {mrn}, but {other} is the entry that belongs there{owner_words}; the entry that does not belong is {id}, registered later"
                    ),
                );
            } else {
                note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    item,
                    format!("MRN {mrn} is overlaid: {id} holds another person's data{owner_words}"),
                );
            }
        }
        for id in got_o.difference(&want_o).filter(|g| !half_used.contains(*g)) {
            let mrn = self.mrn_of(id);
            let message = if want_o.iter().any(|w| self.mrn_of(w) == mrn) {
                format!("{id} is the person who owns MRN {mrn} (registered first): not the overlay")
            } else {
                format!("MRN {mrn} is not overlaid: {id} belongs there")
            };
            note(&mut feedback, FeedbackKind::Extra, id.as_str(), message);
        }
        let group_score = f1(want.intersection(&got).count(), got.len(), want.len());
        let overlay_score = if want_o.is_empty() && got_o.is_empty() {
            1.0
        } else {
            2.0 * overlay_credit / (got_o.len() + want_o.len()) as f64
        };
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

    /// The MRN of entry `id` (blank when unknown).
    fn mrn_of(&self, id: &str) -> &str {
        self.patients.iter().find(|p| p.id == id).map_or("", |p| p.mrn.as_str())
    }

    /// The entry that owns `mrn`: the earliest registered one that is not an overlay.
    fn owner_of(&self, mrn: &str) -> Option<&MpiPatient> {
        self.patients
            .iter()
            .filter(|p| p.mrn == mrn && !self.answer.overlays.contains(&p.id))
            .min_by(|a, b| a.registered.cmp(&b.registered))
    }

    /// Problems of the key: unknown ids, a record in two groups, groups of one; an overlay
    /// that shares its MRN with no other entry, or that the registration dates do not show.
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
        for p in &self.patients {
            for date in p.registered.iter().chain(p.encounters.iter().map(|e| &e.date)) {
                if let Err(e) = super::parse_iso_date(date) {
                    out.push(format!("patient {:?}: {e}", p.id));
                }
            }
        }
        for id in &self.answer.overlays {
            if !known.contains(id.as_str()) {
                out.push(format!("overlays name unknown patient {id:?}"));
                continue;
            }
            let mrn = self.mrn_of(id);
            let sharing: Vec<&MpiPatient> = self.patients.iter().filter(|p| p.mrn == mrn).collect();
            if sharing.len() < 2 {
                out.push(format!("overlay {id:?} is the only entry with MRN {mrn}"));
                continue;
            }
            if let Some(p) = sharing.iter().find(|p| p.registered.is_none()) {
                out.push(format!("patient {:?} under overlaid MRN {mrn} has no registration date", p.id));
                continue;
            }
            let this = sharing.iter().find(|p| &p.id == id).and_then(|p| p.registered.clone());
            match self.owner_of(mrn) {
                None => out.push(format!("every entry under MRN {mrn} is marked an overlay: none owns it")),
                Some(owner) if owner.registered >= this => out.push(format!(
                    "overlay {id:?} was registered before the owner {:?} of MRN {mrn}",
                    owner.id
                )),
                Some(_) => {}
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
        let p = |id: &str, mrn: &str, registered: &str| json!({"id": id, "mrn": mrn, "name": "X", "birth_date": "1970-01-01", "sex": "F", "registered": registered});
        serde_json::from_value(json!({
            "patients": [p("p1", "1", "2001-01-01"), p("p2", "2", "2002-01-01"), p("p3", "3", "2003-01-01"),
                         p("p4", "4", "2004-01-01"), p("p5", "4", "2020-01-01")],
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

#[cfg(test)]
mod issue23 {
    use super::*;
    use serde_json::json;

    /// MRN 204511: Karen registered in 1998; Kevin's 2026 ED visit was filed under her MRN.
    fn overlay() -> Mpi {
        serde_json::from_value(json!({
            "patients": [
                {"id": "p1", "mrn": "204511", "name": "DAVIS, KAREN M", "birth_date": "1962-04-09", "sex": "F",
                 "registered": "1998-05-12",
                 "encounters": [{"date": "1998-05-12", "service": "Outpatient", "reason": "screening mammogram"}]},
                {"id": "p2", "mrn": "204511", "name": "DAVIS, KEVIN M", "birth_date": "1990-08-17", "sex": "M",
                 "registered": "2026-02-03",
                 "encounters": [{"date": "2026-02-03", "service": "Emergency", "reason": "ankle sprain"}]},
                {"id": "p3", "mrn": "207760", "name": "DAVIS, KATHERINE A", "birth_date": "1987-01-25", "sex": "F",
                 "registered": "2005-09-30"}
            ],
            "answer": {"groups": [], "overlays": ["p2"]}
        }))
        .unwrap()
    }

    #[test]
    fn the_overlay_is_the_mrn_plus_the_entry_that_does_not_belong() {
        let e = overlay();
        assert!(e.grade(&json!({"overlays": ["p2"]})).correct);
        // The right MRN but the owner's entry: half.
        let g = e.grade(&json!({"overlays": ["p1"]}));
        assert_eq!(g.score, 0.5, "{g:?}");
        assert!(
            g.feedback.iter().any(|f| f.kind == FeedbackKind::Partial && f.message.contains("1998-05-12")),
            "{g:?}"
        );
        // Both entries of the MRN: the owner's is wrong.
        let g = e.grade(&json!({"overlays": ["p1", "p2"]}));
        assert!(!g.correct && g.score < 1.0, "{g:?}");
        // Another MRN: nothing.
        assert_eq!(e.grade(&json!({"overlays": ["p3"]})).score, 0.0);
    }

    #[test]
    fn overlays_need_registration_dates_to_tell_the_owner() {
        let mut e = overlay();
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        e.patients[0].registered = None;
        assert!(e.key_problems().iter().any(|m| m.contains("registration date")), "{:?}", e.key_problems());
        let mut e = overlay();
        e.patients[1].registered = Some("1990-01-01".into());
        assert!(e.key_problems().iter().any(|m| m.contains("registered before")), "{:?}", e.key_problems());
    }
}
