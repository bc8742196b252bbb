//! Coding exercises: a scenario, and the codes (ICD-10-CM, ICD-10-PCS or HCPCS) to assign.
//!
//! Codes match in any case, dotted or not. A code that does not exist or cannot be assigned on
//! the exercise's date earns nothing and says why. Partial credit is defined per system and per
//! exercise: by default the right ICD-10-CM category at the wrong specificity and the right
//! ICD-10-PCS table earn ½, HCPCS codes earn nothing for a neighbour (J0690 is another drug than
//! J0696), and distinctions that are the lesson earn nothing: the intent of a drug code
//! (poisoning, adverse effect, underdosing) and the 7th character. A pack can turn partial credit
//! off (`"partial": "none"`), name more codes that earn nothing (`no_credit`, with the reason),
//! and list optional codes that cost nothing (`optional`). With `sequenced`, the first code the
//! student enters must be the key's first code: an invalid first entry does not promote the next.

use super::code_info::{canonical, check_code, describe_code, CodingSystem};
use super::grade::{note, read_answer, Feedback, FeedbackKind, Grade};
use jiff::civil::Date;
use recordlint_core::Tables;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Which wrong codes near a key code earn partial credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartialCredit {
    /// The same ICD-10-CM category or ICD-10-PCS table (not for HCPCS), except the intent of a
    /// drug code and the 7th character.
    Category,
    /// Only exact codes earn credit.
    None,
}

/// A coding exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coding {
    pub system: CodingSystem,
    pub scenario: String,
    pub answer: CodingAnswer,
}

/// The key.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodingAnswer {
    pub codes: Vec<String>,
    #[serde(default)]
    pub sequenced: bool,
    /// Codes the student may add at no cost (long-term drug therapy, status codes…).
    #[serde(default)]
    pub optional: Vec<String>,
    /// Partial credit for near codes; default `category` for ICD-10-CM and ICD-10-PCS, `none`
    /// for HCPCS.
    #[serde(default)]
    pub partial: Option<PartialCredit>,
    /// Wrong codes that earn nothing even when near a key code, each with the reason shown.
    #[serde(default)]
    pub no_credit: BTreeMap<String, String>,
}

/// A student's answer (`sequenced` is accepted and ignored, as the page once sent it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct StudentCodes {
    codes: Vec<String>,
    #[serde(default, rename = "sequenced")]
    _sequenced: Option<bool>,
}

/// Credit for a right code in the wrong place, or the right category at the wrong specificity.
const PARTIAL: f64 = 0.5;

/// What the 7th character of most injury and poisoning codes says.
fn seventh_word(c: char) -> &'static str {
    match c {
        'A' => " (initial encounter)",
        'D' => " (subsequent encounter)",
        'S' => " (sequela)",
        _ => "",
    }
}

/// What the 6th character of a T36–T50 code says.
fn intent_word(c: char) -> Option<&'static str> {
    Some(match c {
        '1' => "poisoning, accidental",
        '2' => "poisoning, intentional self-harm",
        '3' => "poisoning, assault",
        '4' => "poisoning, undetermined",
        '5' => "adverse effect (the drug correctly prescribed and properly taken)",
        '6' => "underdosing",
        _ => return None,
    })
}

/// True for a drug, medicament or biological code with an intent character (T36–T50).
fn drug_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() >= 3 && b[0] == b'T' && code[1..3].parse::<u8>().is_ok_and(|n| (36..=50).contains(&n))
}

/// Why `got` near `code` earns nothing although it is in the same category, if it does.
fn lesson(got: &str, code: &str) -> Option<String> {
    let (g, c) = (got.replace('.', ""), code.replace('.', ""));
    let (gc, cc): (Vec<char>, Vec<char>) = (g.chars().collect(), c.chars().collect());
    if drug_code(code) && drug_code(got) && gc.len() >= 6 && cc.len() >= 6 && gc[5] != cc[5] {
        if let (Some(a), Some(b)) = (intent_word(gc[5]), intent_word(cc[5])) {
            return Some(format!(
                "{got} codes {a}; the scenario calls for {b} ({code}). Poisoning, adverse effect and \
                 underdosing are different conditions: the wrong intent earns no credit"
            ));
        }
    }
    if gc.len() == 7 && cc.len() == 7 && gc[..6] == cc[..6] && gc[6] != cc[6] {
        return Some(format!(
            "{got} has the 7th character {}{}; the encounter calls for {}{} ({code}). The 7th \
             character is part of the code: a wrong one earns no credit",
            gc[6],
            seventh_word(gc[6]),
            cc[6],
            seventh_word(cc[6])
        ));
    }
    None
}

impl Coding {
    fn partial_rule(&self) -> PartialCredit {
        self.answer.partial.unwrap_or(match self.system {
            CodingSystem::Hcpcs => PartialCredit::None,
            CodingSystem::Icd10cm | CodingSystem::Icd10pcs => PartialCredit::Category,
        })
    }

    fn canon(&self, codes: &[String]) -> Vec<String> {
        codes.iter().map(|c| canonical(self.system, c).unwrap_or_else(|_| c.trim().to_string())).collect()
    }

    /// The reason the pack gives for `code` earning nothing, if it names it.
    fn named_no_credit(&self, code: &str) -> Option<&String> {
        self.answer
            .no_credit
            .iter()
            .find(|(k, _)| canonical(self.system, k).ok().as_deref() == Some(code))
            .map(|(_, v)| v)
    }

    pub fn grade(&self, tables: &Tables, answer: &serde_json::Value, date: Date) -> Grade {
        let given: StudentCodes = match read_answer(answer, r#"{"codes": ["E11.9"]}"#) {
            Ok(a) => a,
            Err(g) => return g,
        };
        let key = self.canon(&self.answer.codes);
        let optional = self.canon(&self.answer.optional);
        let entered: Vec<&str> = given.codes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
        if entered.is_empty() {
            return Grade::input_error("no codes were entered");
        }
        let mut feedback = Vec::new();
        // Valid codes with the place the student entered them (0 = first-listed).
        let mut student: Vec<(usize, String)> = Vec::new();
        let mut extras = 0usize;
        for (place, text) in entered.iter().enumerate() {
            let code = match canonical(self.system, text) {
                Ok(code) => code,
                Err(why) => {
                    extras += 1;
                    note(&mut feedback, FeedbackKind::Wrong, *text, format!("not a code: {why}; no credit"));
                    continue;
                }
            };
            if student.iter().any(|(_, c)| *c == code) {
                continue;
            }
            if !key.contains(&code) && !optional.contains(&code) {
                if let Err(why) = check_code(tables, self.system, &code, date) {
                    extras += 1;
                    note(
                        &mut feedback,
                        FeedbackKind::Wrong,
                        code.as_str(),
                        format!("{why}: it cannot be assigned, so no credit"),
                    );
                    continue;
                }
            }
            student.push((place, code));
        }
        let mut used = vec![false; student.len()];
        let mut credit = 0.0;
        for (k, code) in key.iter().enumerate() {
            let principal = k == 0 && self.answer.sequenced;
            if let Some(i) = student.iter().position(|(_, s)| s == code) {
                used[i] = true;
                if principal && student[i].0 != 0 {
                    credit += PARTIAL;
                    let first = if student[i].0 > 0 && !student.iter().any(|(p, _)| *p == 0) {
                        " (the first code you entered is not a valid code, so nothing is first-listed)"
                    } else {
                        ""
                    };
                    note(
                        &mut feedback,
                        FeedbackKind::Partial,
                        code,
                        format!("{code} is right but must be sequenced first (principal or first-listed diagnosis){first}"),
                    );
                } else {
                    credit += 1.0;
                    note(
                        &mut feedback,
                        FeedbackKind::Right,
                        code,
                        describe_code(tables, self.system, code, date),
                    );
                }
                continue;
            }
            let near = (0..student.len()).find(|&i| {
                !used[i]
                    && !key.contains(&student[i].1)
                    && !optional.contains(&student[i].1)
                    && self.near(&student[i].1, code)
            });
            match near {
                Some(i) => {
                    used[i] = true;
                    let got = &student[i].1;
                    if let Some(why) = self.named_no_credit(got) {
                        note(
                            &mut feedback,
                            FeedbackKind::Wrong,
                            got,
                            format!("{got} earns no credit: {why}"),
                        );
                        extras += 1;
                    } else if let Some(why) =
                        (self.system == CodingSystem::Icd10cm).then(|| lesson(got, code)).flatten()
                    {
                        note(&mut feedback, FeedbackKind::Wrong, got, why);
                        extras += 1;
                    } else {
                        credit += PARTIAL;
                        let why = if self.system == CodingSystem::Icd10pcs {
                            format!("{got} is in the right table ({}: section, body system and root operation) but not the right code; the answer is {code}", &code[..3])
                        } else {
                            format!("{got} is in the right category ({}) but not at the right specificity; the answer is {code}", &code[..3])
                        };
                        note(&mut feedback, FeedbackKind::Partial, got, why);
                        continue;
                    }
                    note(
                        &mut feedback,
                        FeedbackKind::Missing,
                        code,
                        format!("missing {code}: {}", describe_code(tables, self.system, code, date)),
                    );
                }
                None => note(
                    &mut feedback,
                    FeedbackKind::Missing,
                    code,
                    format!("missing {code}: {}", describe_code(tables, self.system, code, date)),
                ),
            }
        }
        for (i, (_, code)) in student.iter().enumerate().filter(|(i, _)| !used[*i]) {
            let _ = i;
            if optional.contains(code) {
                note(
                    &mut feedback,
                    FeedbackKind::Right,
                    code,
                    format!(
                        "{}: optional in this exercise, accepted at no cost",
                        describe_code(tables, self.system, code, date)
                    ),
                );
                continue;
            }
            extras += 1;
            let why = match self.named_no_credit(code) {
                Some(why) => format!("{code} earns no credit: {why}"),
                None => format!(
                    "{code} is not supported by the scenario ({})",
                    describe_code(tables, self.system, code, date)
                ),
            };
            note(&mut feedback, FeedbackKind::Extra, code, why);
        }
        let score = credit / (key.len() + extras).max(1) as f64;
        Grade::scored(score, order(feedback)).explained(self.key_text(&key, &optional))
    }

    /// True when `got` is near enough to `code` to be judged for partial credit.
    fn near(&self, got: &str, code: &str) -> bool {
        self.partial_rule() == PartialCredit::Category
            && self.system != CodingSystem::Hcpcs
            && got.len() >= 3
            && code.len() >= 3
            && got[..3] == code[..3]
    }

    fn key_text(&self, key: &[String], optional: &[String]) -> String {
        let order = if self.answer.sequenced { ", the first one sequenced first" } else { "" };
        let optional = match optional {
            [] => String::new(),
            list => format!(" Optional, at no cost: {}.", list.join(", ")),
        };
        format!("Answer key: {}{order}.{optional}", key.join(", "))
    }

    /// Problems of the key's optional and no-credit lists (for the pack lint).
    pub fn key_problems(&self, tables: &Tables, date: Date) -> Vec<String> {
        let mut out = Vec::new();
        let key = self.canon(&self.answer.codes);
        for code in &self.answer.optional {
            match check_code(tables, self.system, code, date) {
                Err(why) => out.push(format!("optional code {why}")),
                Ok(c) if key.contains(&c) => out.push(format!("optional code {c} is also in the key")),
                Ok(_) => {}
            }
        }
        for (code, why) in &self.answer.no_credit {
            match canonical(self.system, code) {
                Err(e) => out.push(format!("no_credit code {e}")),
                Ok(c) if key.contains(&c) => out.push(format!("no_credit code {c} is in the key")),
                Ok(_) if why.trim().is_empty() => out.push(format!("no_credit code {code} has no reason")),
                Ok(_) => {}
            }
        }
        out
    }
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
            answer: CodingAnswer {
                codes: codes.iter().map(|c| c.to_string()).collect(),
                sequenced,
                optional: Vec::new(),
                partial: None,
                no_credit: BTreeMap::new(),
            },
        }
    }

    fn grade(e: &Coding, answer: serde_json::Value) -> Grade {
        e.grade(&Tables::builtin(), &answer, jiff::civil::date(2026, 4, 1))
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
    fn wrong_specificity_is_partial_missing_seventh_is_not() {
        let g = grade(&ex(&["E11.65"], false), json!({"codes": ["E11.9"]}));
        assert_eq!(g.score, 0.5);
        assert!(g.feedback[0].message.contains("right category (E11)"), "{g:?}");
        // A code missing its 7th character is not billable: no credit (issue 23).
        let g = grade(&ex(&["S52.501A"], false), json!({"codes": ["S52.501"]}));
        assert_eq!(g.score, 0.0);
        assert!(
            g.feedback.iter().any(|f| f.kind == FeedbackKind::Wrong && f.message.contains("no credit")),
            "{g:?}"
        );
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

#[cfg(test)]
mod issue23 {
    use super::*;
    use serde_json::json;

    fn ex(system: CodingSystem, codes: &[&str], sequenced: bool) -> Coding {
        serde_json::from_value(json!({"system": system_name(system), "scenario": "s",
            "answer": {"codes": codes, "sequenced": sequenced}}))
        .unwrap()
    }

    fn system_name(s: CodingSystem) -> &'static str {
        match s {
            CodingSystem::Icd10cm => "icd10cm",
            CodingSystem::Icd10pcs => "icd10pcs",
            CodingSystem::Hcpcs => "hcpcs",
        }
    }

    fn grade(e: &Coding, codes: &[&str]) -> Grade {
        e.grade(&Tables::builtin(), &json!({ "codes": codes }), jiff::civil::date(2026, 4, 1))
    }

    #[test]
    fn hcpcs_neighbour_earns_nothing() {
        let e = ex(CodingSystem::Hcpcs, &["J0696"], false);
        assert_eq!(grade(&e, &["J0690"]).score, 0.0);
    }

    #[test]
    fn poisoning_for_adverse_effect_earns_nothing() {
        let e = ex(CodingSystem::Icd10cm, &["L27.0", "T36.0X5A"], true);
        let g = grade(&e, &["L27.0", "T36.0X1A"]);
        assert_eq!(g.score, 0.333, "{g:?}");
        assert!(g.feedback.iter().any(|f| f.message.contains("adverse effect")), "{g:?}");
    }

    #[test]
    fn wrong_seventh_character_earns_nothing() {
        let e = ex(CodingSystem::Icd10cm, &["S52.531D"], false);
        let g = grade(&e, &["S52.531A"]);
        assert_eq!(g.score, 0.0, "{g:?}");
        assert!(g.feedback.iter().any(|f| f.message.contains("7th character")), "{g:?}");
    }

    #[test]
    fn codes_not_billable_get_nothing_and_say_so() {
        let e = ex(CodingSystem::Icd10cm, &["S52.531A"], false);
        let g = grade(&e, &["S52.531"]);
        assert_eq!(g.score, 0.0, "{g:?}");
        assert!(
            g.feedback.iter().any(|f| f.kind == FeedbackKind::Wrong && f.message.contains("no credit")),
            "{g:?}"
        );
        let e = ex(CodingSystem::Icd10cm, &["E11.65"], false);
        let g = grade(&e, &["E11"]);
        assert_eq!(g.score, 0.0, "{g:?}");
    }

    #[test]
    fn optional_codes_cost_nothing() {
        let e: Coding = serde_json::from_value(json!({"system": "icd10cm", "scenario": "s",
            "answer": {"codes": ["E11.9"], "optional": ["Z79.899"]}}))
        .unwrap();
        assert!(grade(&e, &["E11.9", "Z79.899"]).correct);
        assert!(grade(&e, &["E11.9"]).correct);
    }

    #[test]
    fn invalid_first_code_does_not_promote_the_second() {
        let e = ex(CodingSystem::Icd10cm, &["I11.0", "I50.32"], true);
        let g = grade(&e, &["I11-0", "I11.0", "I50.32"]);
        assert!(g.score < 0.75, "{g:?}");
        assert!(
            g.feedback.iter().any(|f| f.kind == FeedbackKind::Partial && f.message.contains("first")),
            "{g:?}"
        );
    }

    #[test]
    fn pack_can_name_distinctions_that_earn_nothing() {
        let e: Coding = serde_json::from_value(json!({"system": "icd10cm", "scenario": "s",
            "answer": {"codes": ["E11.65"], "no_credit": {"E11.9": "hyperglycemia is documented"}}}))
        .unwrap();
        let g = grade(&e, &["E11.9"]);
        assert_eq!(g.score, 0.0);
        assert!(g.feedback.iter().any(|f| f.message.contains("hyperglycemia is documented")), "{g:?}");
        let e: Coding = serde_json::from_value(json!({"system": "icd10cm", "scenario": "s",
            "answer": {"codes": ["E11.65"], "partial": "none"}}))
        .unwrap();
        assert_eq!(grade(&e, &["E11.9"]).score, 0.0);
    }
}
