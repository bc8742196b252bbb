//! The Practice lab: exercise packs (JSON files in `exercises/`), their model, one grader per
//! exercise type, and the pack lint that proves every answer key agrees with the engine.
//!
//! Packs are read in two steps so that every problem names its exercise: the pack's own keys
//! first, then each exercise's common keys and the keys of its type, unknown keys refused.

mod abstracting;
mod cdi_query;
mod code_info;
mod coding;
mod deficiency;
mod discharge_status;
mod em_mdm;
mod find_error;
mod fix_record;
mod grade;
mod keys;
mod lint;
mod mpi;
mod ms_drg;
mod parts;
mod record;
mod roi;
mod sources;
mod statistics;

pub use abstracting::{Abstracting, AbstractingKey, RecordDocument, Setting};
pub use cdi_query::{CdiQuery, Draft, QUERY_FLAWS};
pub use code_info::CodingSystem;
pub use code_info::{check_code, describe_code};
pub use coding::{Coding, CodingAnswer, PartialCredit};
pub use deficiency::{Chart, ChartItem, ChartSection, Deficiency, DeficiencyAnswer};
pub use discharge_status::{discharge_status, DISCHARGE_STATUSES};
pub use em_mdm::{em_code, mdm_level, EmMdm, MdmLevel, PatientStatus};
pub use find_error::{ErrorKey, FindError, FindErrorAnswer};
pub use fix_record::{FixRecord, Solution};
pub use grade::{Feedback, FeedbackKind, Grade};
pub use lint::{lint_exercise, lint_pack, lint_packs, PackProblem, Tally};
pub use mpi::{Mpi, MpiAnswer, MpiPatient};
pub use ms_drg::{DrgAsk, MsDrg, Tier};
pub use record::ExerciseRecord;
pub use roi::{Roi, RoiOption};
pub use statistics::{Measure, Statistics, StatisticsAnswer, StatisticsData};

use jiff::civil::Date;
use recordlint_core::Tables;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

/// The `format` value of a version-1 pack.
pub const PACK_FORMAT: &str = "recordlint-pack/1";

/// The date of service when an exercise gives none.
pub const DEFAULT_DATE: Date = jiff::civil::date(2026, 4, 1);

/// "Today" for the engine when an exercise gives no date.
pub const DEFAULT_TODAY: Date = jiff::civil::date(2026, 11, 22);

/// The exercise types, by their `type` value.
pub const TYPES: [&str; 11] = [
    "coding",
    "deficiency",
    "find_error",
    "fix_record",
    "statistics",
    "roi",
    "mpi",
    "abstracting",
    "ms_drg",
    "cdi_query",
    "em_mdm",
];

/// The six RHIT exam domains, by their slug.
pub const DOMAINS: [&str; 6] = [
    "data-content",
    "access-disclosure",
    "data-analytics",
    "revenue-cycle",
    "law-compliance",
    "management-leadership",
];

/// Keys every exercise may have, whatever its type.
const COMMON_KEYS: [&str; 10] =
    ["id", "type", "title", "difficulty", "domain", "date", "prompt", "hints", "explanation", "tags"];

/// How hard an exercise is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Beginner, Difficulty::Intermediate, Difficulty::Advanced];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// The RHIT exam domain an exercise trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Data content, structure and governance.
    DataContent,
    /// Access, use, disclosure and exchange.
    AccessDisclosure,
    DataAnalytics,
    RevenueCycle,
    /// Health law and compliance.
    LawCompliance,
    ManagementLeadership,
}

impl Domain {
    pub const ALL: [Domain; 6] = [
        Domain::DataContent,
        Domain::AccessDisclosure,
        Domain::DataAnalytics,
        Domain::RevenueCycle,
        Domain::LawCompliance,
        Domain::ManagementLeadership,
    ];

    /// The slug (`data-content`).
    pub fn as_str(self) -> &'static str {
        DOMAINS[self as usize]
    }
}

/// The keys every exercise has.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Common {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub domain: Domain,
    #[serde(default, deserialize_with = "iso_date")]
    pub date: Option<Date>,
    pub prompt: String,
    pub hints: Vec<String>,
    pub explanation: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// An exercise: its common keys and the keys of its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub common: Common,
    pub body: Body,
}

/// The type-specific part of an exercise.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Coding(Coding),
    Deficiency(Deficiency),
    FindError(FindError),
    FixRecord(FixRecord),
    Statistics(Statistics),
    Roi(Roi),
    Mpi(Mpi),
    Abstracting(Abstracting),
    MsDrg(MsDrg),
    CdiQuery(CdiQuery),
    EmMdm(EmMdm),
}

impl Exercise {
    /// Reads one exercise from its JSON object. Errors name the exercise id when there is one.
    pub fn from_value(value: &Value) -> Result<Exercise, ExerciseError> {
        let Value::Object(map) = value else {
            return Err(ExerciseError::new(None, "an exercise must be a JSON object"));
        };
        let id = map.get("id").and_then(Value::as_str).map(str::to_owned);
        let fail = |message: String| ExerciseError::new(id.clone(), message);
        let (common, rest): (Map<String, Value>, Map<String, Value>) =
            map.clone().into_iter().partition(|(k, _)| COMMON_KEYS.contains(&k.as_str()));
        let common: Common = serde_json::from_value(Value::Object(common))
            .map_err(|e| fail(keys::misspelt(&e.to_string(), map, &COMMON_KEYS)))?;
        if !is_kebab(&common.id) {
            return Err(fail(format!("id {:?} is not kebab-case (like `coding-3`)", common.id)));
        }
        let rest = Value::Object(rest);
        let body = match common.kind.as_str() {
            "coding" => Body::Coding(part(rest).map_err(fail)?),
            "deficiency" => Body::Deficiency(part(rest).map_err(fail)?),
            "find_error" => Body::FindError(part(rest).map_err(fail)?),
            "fix_record" => Body::FixRecord(part(rest).map_err(fail)?),
            "statistics" => Body::Statistics(part(rest).map_err(fail)?),
            "roi" => Body::Roi(part(rest).map_err(fail)?),
            "mpi" => Body::Mpi(part(rest).map_err(fail)?),
            "abstracting" => Body::Abstracting(part(rest).map_err(fail)?),
            "ms_drg" => Body::MsDrg(part(rest).map_err(fail)?),
            "cdi_query" => Body::CdiQuery(part(rest).map_err(fail)?),
            "em_mdm" => Body::EmMdm(part(rest).map_err(fail)?),
            other => {
                return Err(fail(format!("unknown type {other:?}; expected one of {}", TYPES.join(", "))));
            }
        };
        Ok(Exercise { common, body })
    }

    /// Reads one exercise from JSON text.
    pub fn from_json(text: &str) -> Result<Exercise, ExerciseError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ExerciseError::new(None, e.to_string()))?;
        Exercise::from_value(&value)
    }

    /// The date of service (default 2026-04-01).
    pub fn date(&self) -> Date {
        self.common.date.unwrap_or(DEFAULT_DATE)
    }

    /// "Today" for the engine: the exercise's date, or 2026-11-22.
    pub fn today(&self) -> Date {
        self.common.date.unwrap_or(DEFAULT_TODAY)
    }

    /// Grades a student's answer (any JSON; malformed answers score 0 with a message), codes
    /// looked up in `tables`.
    pub fn grade(&self, tables: &Arc<Tables>, answer: &Value) -> Grade {
        let mut grade = match &self.body {
            Body::Coding(e) => e.grade(tables, answer, self.date()),
            Body::Deficiency(e) => e.grade(tables, answer, self.today()),
            Body::FindError(e) => e.grade(tables, answer, self.today()),
            Body::FixRecord(e) => e.grade(tables, answer, self.today()),
            Body::Statistics(e) => e.grade(answer),
            Body::Roi(e) => e.grade(answer),
            Body::Mpi(e) => e.grade(answer),
            Body::Abstracting(e) => e.grade(tables, answer, self.date()),
            Body::MsDrg(e) => e.grade(answer),
            Body::CdiQuery(e) => e.grade(answer),
            Body::EmMdm(e) => e.grade(answer),
        };
        if grade.input_error {
            return grade;
        }
        grade.explanation = match grade.explanation.is_empty() {
            true => self.common.explanation.clone(),
            false if self.common.explanation.is_empty() => grade.explanation,
            false => format!("{}\n\n{}", self.common.explanation, grade.explanation),
        };
        grade
    }
}

/// Grades `answer_json` for `exercise_json` by `tables`: an unreadable exercise is an error, an
/// unreadable answer a zero score with a message.
pub fn grade_json(
    tables: &Arc<Tables>,
    exercise_json: &str,
    answer_json: &str,
) -> Result<Grade, ExerciseError> {
    let exercise = Exercise::from_json(exercise_json)?;
    Ok(match serde_json::from_str::<Value>(answer_json) {
        Ok(answer) => exercise.grade(tables, &answer),
        Err(e) => Grade::malformed(format!("the answer is not valid JSON: {e}")),
    })
}

/// An exercise that cannot be read, with its id when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseError {
    pub id: Option<String>,
    pub message: String,
}

impl ExerciseError {
    fn new(id: Option<String>, message: impl Into<String>) -> Self {
        ExerciseError { id, message: message.into() }
    }
}

impl fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "exercise {id}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ExerciseError {}

/// The keys of a pack, besides its exercises.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub format: String,
    pub id: String,
    pub title: String,
    pub author: String,
    pub licence: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
}

/// A pack as read: its header and each exercise, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Pack {
    pub header: PackHeader,
    pub exercises: Vec<Result<Exercise, ExerciseError>>,
}

impl Pack {
    /// Reads a pack; fails only when the pack itself (not one exercise) is unreadable.
    pub fn from_json(text: &str) -> Result<Pack, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let Value::Object(mut map) = value else {
            return Err("a pack must be a JSON object".into());
        };
        let known = keys::fields_of::<PackHeader>();
        let known: Vec<&str> = known.iter().map(String::as_str).chain(["exercises"]).collect();
        if let Some(message) = keys::unknown_key(&map, &known) {
            return Err(message);
        }
        let exercises = match map.remove("exercises") {
            Some(Value::Array(list)) => list,
            Some(_) => return Err("\"exercises\" must be an array".into()),
            None => return Err("missing key `exercises`".into()),
        };
        let header: PackHeader = serde_json::from_value(Value::Object(map)).map_err(|e| e.to_string())?;
        if header.format != PACK_FORMAT {
            return Err(format!("\"format\" is {:?}; this version reads {PACK_FORMAT:?}", header.format));
        }
        let exercises = exercises.iter().map(Exercise::from_value).collect();
        Ok(Pack { header, exercises })
    }
}

/// Deserialises the type-specific keys, refusing unknown ones.
fn part<T: DeserializeOwned>(rest: Value) -> Result<T, String> {
    serde_json::from_value(rest).map_err(|e| keys::explain(&e.to_string(), &COMMON_KEYS))
}

/// `coding-basics`, `stats-3`: lowercase letters and digits joined by single hyphens.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// A strict `YYYY-MM-DD` date.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("date {text:?} is not YYYY-MM-DD"));
    }
    recordlint_core::parse_date(text).map_err(|e| format!("date {text:?}: {e}"))
}

fn iso_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let text = String::deserialize(d)?;
    parse_iso_date(&text).map(Some).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn roi() -> Value {
        json!({
            "id": "roi-1", "type": "roi", "title": "t", "difficulty": "beginner",
            "domain": "access-disclosure", "prompt": "p", "hints": ["h"], "explanation": "e",
            "scenario": "s", "multiple": false,
            "options": [{"id": "a", "text": "x", "correct": true, "rationale": "r"},
                        {"id": "b", "text": "y", "correct": false, "rationale": "r"}]
        })
    }

    #[test]
    fn reads_an_exercise() {
        let e = Exercise::from_value(&roi()).unwrap();
        assert_eq!(e.common.domain, Domain::AccessDisclosure);
        assert_eq!(e.date(), DEFAULT_DATE);
        assert!(matches!(e.body, Body::Roi(_)));
    }

    #[test]
    fn unknown_keys_and_types_name_the_exercise() {
        let mut v = roi();
        v["optons"] = json!([]);
        let e = Exercise::from_value(&v).unwrap_err().to_string();
        assert_eq!(e, "exercise roi-1: unknown key `optons` — did you mean `options`?");
        v = roi();
        v["type"] = json!("essay");
        let e = Exercise::from_value(&v).unwrap_err().to_string();
        assert!(e.contains("roi-1") && e.contains("unknown type \"essay\""), "{e}");
        v = roi();
        v["domain"] = json!("coding");
        let e = Exercise::from_value(&v).unwrap_err().to_string();
        assert!(e.contains("roi-1") && e.contains("coding"), "{e}");
        v = roi();
        v["date"] = json!("4/1/2026");
        let e = Exercise::from_value(&v).unwrap_err().to_string();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn malformed_exercise_and_answer() {
        assert!(grade_json(&Tables::builtin(), "[]", "{}").is_err());
        let g = grade_json(&Tables::builtin(), &roi().to_string(), "{not json").unwrap();
        assert_eq!(g.score, 0.0);
        assert!(!g.correct);
        assert!(g.feedback[0].message.contains("not valid JSON"));
    }

    #[test]
    fn kebab() {
        assert!(is_kebab("stats-3"));
        assert!(!is_kebab("Stats-3") && !is_kebab("a--b") && !is_kebab("") && !is_kebab("a_b"));
    }
}
