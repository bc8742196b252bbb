//! Office or other outpatient E/M level by medical decision making (the 2021+ AMA framework):
//! the student rates the three elements — the number and complexity of problems addressed, the
//! amount and complexity of data reviewed and analysed, and the risk of patient management — and
//! the MDM level that two of the three meet or exceed, then the code for a new or an established
//! patient. Each of the five parts is graded and explained on its own. (No CPT descriptor text:
//! the codes and the four level names only.)

use super::grade::{note, read_answer, FeedbackKind, Grade};
use super::parts::{combine, Part};
use serde::Deserialize;

/// An MDM level, and the level of each element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MdmLevel {
    Straightforward,
    Low,
    Moderate,
    High,
}

impl MdmLevel {
    pub const ALL: [MdmLevel; 4] =
        [MdmLevel::Straightforward, MdmLevel::Low, MdmLevel::Moderate, MdmLevel::High];

    pub fn as_str(self) -> &'static str {
        match self {
            MdmLevel::Straightforward => "straightforward",
            MdmLevel::Low => "low",
            MdmLevel::Moderate => "moderate",
            MdmLevel::High => "high",
        }
    }

    fn parse(text: &str) -> Option<MdmLevel> {
        MdmLevel::ALL.into_iter().find(|l| l.as_str() == text.trim().to_lowercase())
    }
}

/// New or established patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatientStatus {
    New,
    Established,
}

/// The office/outpatient code for an MDM level.
pub fn em_code(patient: PatientStatus, level: MdmLevel) -> &'static str {
    let i = level as usize;
    match patient {
        PatientStatus::New => ["99202", "99203", "99204", "99205"][i],
        PatientStatus::Established => ["99212", "99213", "99214", "99215"][i],
    }
}

/// The MDM level from the three elements: the level two of the three meet or exceed (the middle one).
pub fn mdm_level(problems: MdmLevel, data: MdmLevel, risk: MdmLevel) -> MdmLevel {
    let mut v = [problems, data, risk];
    v.sort();
    v[1]
}

/// An E/M exercise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmMdm {
    pub patient: PatientStatus,
    /// The visit note.
    pub note: String,
    pub answer: EmKey,
    pub explanations: EmTexts,
}

/// The key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmKey {
    pub problems: MdmLevel,
    pub data: MdmLevel,
    pub risk: MdmLevel,
    pub mdm: MdmLevel,
    pub code: String,
}

/// The explanation of each element.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmTexts {
    pub problems: String,
    pub data: String,
    pub risk: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmAnswer {
    problems: String,
    data: String,
    risk: String,
    mdm: String,
    code: String,
}

impl EmMdm {
    pub fn grade(&self, answer: &serde_json::Value) -> Grade {
        let shape = r#"{"problems": "moderate", "data": "low", "risk": "moderate", "mdm": "moderate", "code": "99214"}"#;
        let a: EmAnswer = match read_answer(answer, shape) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let mut levels = Vec::new();
        for (name, text) in
            [("problems", &a.problems), ("data", &a.data), ("risk", &a.risk), ("MDM level", &a.mdm)]
        {
            match MdmLevel::parse(text) {
                Some(l) => levels.push(l),
                None if text.trim().is_empty() => return Grade::input_error(format!("rate the {name}")),
                None => {
                    return Grade::input_error(format!(
                        "{text:?} is not a level: use straightforward, low, moderate or high"
                    ))
                }
            }
        }
        if a.code.trim().is_empty() {
            return Grade::input_error("choose the code");
        }
        let k = &self.answer;
        let element = |name: &'static str, got: MdmLevel, want: MdmLevel, why: &str| {
            let mut f = Vec::new();
            let ok = got == want;
            note(
                &mut f,
                if ok { FeedbackKind::Right } else { FeedbackKind::Wrong },
                got.as_str(),
                if ok { "right" } else { "not the level the note supports" },
            );
            Part::new(name, if ok { 1.0 } else { 0.0 }, f, &format!("{}. {}", cap(want.as_str()), why))
        };
        let mut parts = vec![
            element("Problems addressed", levels[0], k.problems, &self.explanations.problems),
            element("Data reviewed and analysed", levels[1], k.data, &self.explanations.data),
            element("Risk of patient management", levels[2], k.risk, &self.explanations.risk),
        ];
        let own = mdm_level(levels[0], levels[1], levels[2]);
        let mut f = Vec::new();
        if levels[3] == k.mdm {
            note(&mut f, FeedbackKind::Right, levels[3].as_str(), "right");
        } else if levels[3] != own {
            note(
                &mut f,
                FeedbackKind::Wrong,
                levels[3].as_str(),
                format!(
                    "your own element ratings give {} (the level two of the three meet or exceed)",
                    own.as_str()
                ),
            );
        } else {
            note(
                &mut f,
                FeedbackKind::Wrong,
                levels[3].as_str(),
                "follows from your ratings, but the elements are not rated right",
            );
        }
        let why = format!(
            "{}. Two of the three elements must meet or exceed a level: problems {}, data {}, risk {}.",
            cap(k.mdm.as_str()),
            k.problems.as_str(),
            k.data.as_str(),
            k.risk.as_str()
        );
        parts.push(Part::new("MDM level", if levels[3] == k.mdm { 1.0 } else { 0.0 }, f, &why));
        let code = a.code.trim();
        let mut f = Vec::new();
        let patient = match self.patient {
            PatientStatus::New => "new",
            PatientStatus::Established => "established",
        };
        let right = code == k.code;
        if right {
            note(&mut f, FeedbackKind::Right, code, format!("{patient} patient, {} MDM", k.mdm.as_str()));
        } else if code == em_code(self.patient, levels[3]) {
            note(
                &mut f,
                FeedbackKind::Wrong,
                code,
                format!("matches your MDM level ({}), which is not right", levels[3].as_str()),
            );
        } else {
            let other = match self.patient {
                PatientStatus::New => PatientStatus::Established,
                PatientStatus::Established => PatientStatus::New,
            };
            let why = if MdmLevel::ALL.iter().any(|l| em_code(other, *l) == code) {
                format!(
                    "{code} is a code for a{} patient; this is a{} patient",
                    if other == PatientStatus::New { " new" } else { "n established" },
                    if patient == "new" { " new" } else { "n established" }
                )
            } else {
                format!("{code} is not the code for the MDM level you chose")
            };
            note(&mut f, FeedbackKind::Wrong, code, why);
        }
        let why = format!("{} ({patient} patient, {} MDM). Codes by MDM level — new patient: 99202 straightforward, 99203 low, 99204 moderate, 99205 high; established: 99212, 99213, 99214, 99215.", k.code, k.mdm.as_str());
        parts.push(Part::new("Code", if right { 1.0 } else { 0.0 }, f, &why));
        combine(parts)
    }

    /// Problems of the key: the MDM level two of three elements support, and its code.
    pub fn key_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let k = &self.answer;
        let want = mdm_level(k.problems, k.data, k.risk);
        if k.mdm != want {
            out.push(format!(
                "the key's MDM level is {} but the elements give {}",
                k.mdm.as_str(),
                want.as_str()
            ));
        }
        let code = em_code(self.patient, k.mdm);
        if k.code != code {
            out.push(format!(
                "the key's code is {} but the MDM level {} gives {code}",
                k.code,
                k.mdm.as_str()
            ));
        }
        for (key, text) in [
            ("problems", &self.explanations.problems),
            ("data", &self.explanations.data),
            ("risk", &self.explanations.risk),
        ] {
            if text.trim().is_empty() {
                out.push(format!("the explanation of {key} is empty"));
            }
        }
        if self.note.split_whitespace().count() < 40 {
            out.push("the visit note is shorter than 40 words".into());
        }
        out
    }
}

fn cap(text: &str) -> String {
    let mut c = text.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(patient: &str) -> EmMdm {
        serde_json::from_value(json!({
            "patient": patient, "note": "word ".repeat(45),
            "answer": {"problems": "moderate", "data": "low", "risk": "moderate", "mdm": "moderate",
                       "code": if patient == "new" { "99204" } else { "99214" }},
            "explanations": {"problems": "p", "data": "d", "risk": "r"}
        }))
        .unwrap()
    }

    fn a(p: &str, d: &str, r: &str, m: &str, c: &str) -> serde_json::Value {
        json!({"problems": p, "data": d, "risk": r, "mdm": m, "code": c})
    }

    #[test]
    fn two_of_three_and_the_code_table() {
        assert_eq!(mdm_level(MdmLevel::High, MdmLevel::Straightforward, MdmLevel::Low), MdmLevel::Low);
        assert_eq!(mdm_level(MdmLevel::High, MdmLevel::High, MdmLevel::Low), MdmLevel::High);
        assert_eq!(em_code(PatientStatus::New, MdmLevel::Straightforward), "99202");
        assert_eq!(em_code(PatientStatus::Established, MdmLevel::High), "99215");
    }

    #[test]
    fn right_answer_full_marks() {
        let e = ex("established");
        assert!(e.key_problems().is_empty(), "{:?}", e.key_problems());
        let g = e.grade(&a("Moderate", "low", "moderate", "moderate", "99214"));
        assert!(g.correct, "{g:?}");
        assert!(g.explanation.contains("Problems addressed (100%)"));
    }

    #[test]
    fn partial_paths() {
        let e = ex("established");
        let g = e.grade(&a("moderate", "moderate", "moderate", "moderate", "99214"));
        assert_eq!(g.score, 0.8);
        let g = e.grade(&a("moderate", "low", "moderate", "moderate", "99204"));
        assert_eq!(g.score, 0.8);
        assert!(g.feedback.iter().any(|f| f.message.contains("new patient")), "{g:?}");
        let g = e.grade(&a("low", "low", "moderate", "high", "99215"));
        assert_eq!(g.score, 0.4);
        assert!(g.feedback.iter().any(|f| f.message.contains("your own element ratings give low")), "{g:?}");
        let g = e.grade(&a("high", "high", "high", "high", "99215"));
        assert_eq!(g.score, 0.0);
    }

    #[test]
    fn input_errors() {
        let e = ex("new");
        assert!(e.grade(&a("", "low", "moderate", "moderate", "99204")).input_error);
        assert!(e.grade(&a("medium", "low", "moderate", "moderate", "99204")).input_error);
        assert!(e.grade(&a("low", "low", "moderate", "moderate", " ")).input_error);
        assert!(e.grade(&json!({"level": 4})).input_error);
    }

    #[test]
    fn lint_recomputes_the_level_and_code() {
        let mut e = ex("new");
        e.answer.mdm = MdmLevel::High;
        let p = e.key_problems().join(" ");
        assert!(p.contains("elements give moderate") && p.contains("gives 99205"), "{p}");
    }
}
