//! The pack lint: every pack readable, ids unique across packs, and every answer key agreeing
//! with the engine (codes valid, find-the-error and deficiency keys equal to the findings,
//! fix-the-record solvable, statistics recomputed, choices with rationales, MPI ids known).

use super::{code_info, sources, Body, Exercise, Pack};
use recordlint_core::{Severity, Tables};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// One problem in a pack, located by file and exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub file: String,
    pub exercise: Option<String>,
    pub message: String,
}

impl fmt::Display for PackProblem {
    /// `exercises/x.json: exercise stats-3: answer 85.2 but the data give 85.3`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.exercise {
            Some(id) => write!(f, "{}: exercise {id}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Lints several packs (`(file name, text)`), checking ids across them too; codes are looked up
/// in `tables`.
pub fn lint_packs(tables: &Arc<Tables>, files: &[(String, String)]) -> Vec<PackProblem> {
    let mut seen_packs: BTreeMap<String, String> = BTreeMap::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (file, text) in files {
        let problem = |exercise: Option<&str>, message: String| PackProblem {
            file: file.clone(),
            exercise: exercise.map(str::to_owned),
            message,
        };
        let pack = match Pack::from_json(text) {
            Ok(p) => p,
            Err(e) => {
                out.push(problem(None, e));
                continue;
            }
        };
        if let Some(other) = seen_packs.insert(pack.header.id.clone(), file.clone()) {
            out.push(problem(None, format!("pack id {:?} is used by {other} too", pack.header.id)));
        }
        for message in lint_header(&pack, file) {
            out.push(problem(None, message));
        }
        for exercise in &pack.exercises {
            match exercise {
                Err(e) => out.push(problem(e.id.as_deref(), e.message.clone())),
                Ok(e) => {
                    let id = e.common.id.as_str();
                    if let Some(other) = seen.insert(id.to_string(), file.clone()) {
                        let place = if &other == file { "this pack".to_string() } else { other };
                        out.push(problem(Some(id), format!("id is used more than once (also in {place})")));
                    }
                    for message in lint_exercise(tables, e) {
                        out.push(problem(Some(id), message));
                    }
                }
            }
        }
    }
    out
}

/// Lints one pack.
pub fn lint_pack(tables: &Arc<Tables>, file: &str, text: &str) -> Vec<PackProblem> {
    lint_packs(tables, &[(file.to_string(), text.to_string())])
}

fn lint_header(pack: &Pack, file: &str) -> Vec<String> {
    let h = &pack.header;
    let mut out = Vec::new();
    if !super::is_kebab(&h.id) {
        out.push(format!("pack id {:?} is not kebab-case", h.id));
    }
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file).strip_suffix(".json");
    if let Some(stem) = stem.filter(|s| *s != h.id) {
        out.push(format!("pack id {:?} differs from the file name {stem:?}", h.id));
    }
    for (key, value) in
        [("title", &h.title), ("author", &h.author), ("licence", &h.licence), ("version", &h.version)]
    {
        if value.trim().is_empty() {
            out.push(format!("\"{key}\" is empty"));
        }
    }
    if pack.exercises.is_empty() {
        out.push("the pack has no exercises".into());
    }
    out
}

/// The problem of an explanation that names no source (see [`sources::SOURCE_MARKERS`]).
const NO_SOURCE: &str = "\"explanation\" names no source: end it with one, e.g. (ICD-10-CM Official \
     Guidelines for Coding and Reporting FY2026, I.C.4.a) or (45 CFR 164.524(b))";

/// Problems of one exercise's content and key, by `tables`.
pub fn lint_exercise(tables: &Arc<Tables>, e: &Exercise) -> Vec<String> {
    let mut out = Vec::new();
    let c = &e.common;
    for (key, value) in [("title", &c.title), ("prompt", &c.prompt), ("explanation", &c.explanation)] {
        if value.trim().is_empty() {
            out.push(format!("\"{key}\" is empty"));
        }
    }
    if !c.explanation.trim().is_empty() && !sources::names_a_source(&c.explanation) {
        out.push(NO_SOURCE.into());
    }
    if c.hints.iter().all(|h| h.trim().is_empty()) {
        out.push("\"hints\" has no hint: give at least one".into());
    } else if let Some(n) = c.hints.iter().position(|h| h.trim().is_empty()) {
        out.push(format!("hint {} is empty", n + 1));
    }
    let today = e.today();
    match &e.body {
        Body::Coding(c) => {
            if c.answer.codes.is_empty() {
                out.push("the key has no codes".into());
            }
            let mut codes = BTreeSet::new();
            for code in &c.answer.codes {
                match code_info::check_code(tables, c.system, code, e.date()) {
                    Ok(canonical) if !codes.insert(canonical.clone()) => {
                        out.push(format!("code {canonical} repeats"))
                    }
                    Ok(_) => {}
                    Err(why) => out.push(format!("answer code {why}")),
                }
            }
            out.extend(c.key_problems(tables, e.date()));
        }
        Body::Deficiency(d) => {
            let mut ids = BTreeSet::new();
            for item in d.items() {
                if !ids.insert(item.id.as_str()) {
                    out.push(format!("chart item id {:?} repeats", item.id));
                }
                if let Some(field) =
                    item.field.as_deref().filter(|f| super::deficiency::field_kind(f).is_none())
                {
                    out.push(format!("chart item {:?} has unknown field {field:?}", item.id));
                }
            }
            for id in d.answer.deficient.iter().filter(|id| !ids.contains(id.as_str())) {
                out.push(format!("the key names {id:?}, which is not a chart item"));
            }
            match d.engine_flags(tables, today) {
                Err(e) => out.push(e),
                Ok(flags) => {
                    for (item, finding) in flags {
                        if item.is_empty() {
                            out.push(format!(
                                "the engine reports {finding}, but no chart item has that field"
                            ));
                        } else if !d.answer.deficient.contains(&item) {
                            out.push(format!("the key lacks {item:?}: the engine reports {finding}"));
                        }
                    }
                }
            }
        }
        Body::FindError(f) => match f.engine_keys(tables, today) {
            Err(e) => out.push(e),
            Ok(engine) => {
                let engine_set: BTreeSet<(String, String)> =
                    engine.iter().map(|(k, _)| (k.rule.clone(), k.location.clone())).collect();
                let key: BTreeSet<(String, String)> =
                    f.answer.errors.iter().map(|k| (k.rule.clone(), k.location.clone())).collect();
                for (k, message) in &engine {
                    if !key.contains(&(k.rule.clone(), k.location.clone())) {
                        out.push(format!("the key lacks {{\"rule\": \"{}\", \"location\": \"{}\"}}: the engine finds {message}", k.rule, k.location));
                    }
                }
                for (rule, location) in key.difference(&engine_set) {
                    out.push(format!("the key has {rule} at {location:?}, but the engine does not find it"));
                }
                if engine.is_empty() {
                    out.push("the engine finds no error or warning in the record".into());
                }
            }
        },
        Body::FixRecord(f) => {
            match (f.check(tables, &f.record.text, today), f.check(tables, f.solution.text(), today)) {
                (Err(e), _) | (_, Err(e)) => out.push(e),
                (Ok(before), Ok(after)) => {
                    if !before.has_errors() {
                        out.push("the engine finds no error in the record: nothing to fix".into());
                    }
                    for finding in after.findings.iter().filter(|f| f.severity == Severity::Error) {
                        out.push(format!("the solution still has an error: {finding}"));
                    }
                    let (a, b) =
                        (super::fix_record::mrns(&f.record.text), super::fix_record::mrns(f.solution.text()));
                    if a != b {
                        out.push(format!(
                            "the solution's MRNs [{}] differ from the record's [{}]",
                            b.join(", "),
                            a.join(", ")
                        ));
                    }
                    out.extend(f.key_problems());
                    let g = f.grade(tables, &serde_json::json!({ "text": f.solution.text() }), today);
                    if out.is_empty() && !g.correct {
                        out.push(format!("the solution does not grade as right: {:?}", g.feedback));
                    }
                }
            }
        }
        Body::Statistics(s) => match s.compute() {
            Ok(_) if s.data.census_mismatch() => out.push(format!(
                "\"days\" is {} but \"daily_census\" has {} day(s)",
                s.data.days.unwrap_or_default(),
                s.data.daily_census.as_ref().map_or(0, Vec::len)
            )),
            Err(e) => out.push(e),
            Ok(c) => {
                let want = c.rounded(s.rounding);
                match super::statistics::number(&s.answer.value) {
                    None => out.push("the key's value is not a number".into()),
                    Some(v) => {
                        let given = format!("{v:.*}", usize::from(s.rounding));
                        if given != want || (v - want.parse::<f64>().unwrap_or(f64::NAN)).abs() > 1e-9 {
                            out.push(format!("answer {v} but the data give {want}"));
                        }
                    }
                }
            }
        },
        Body::Roi(r) => {
            if !(2..=5).contains(&r.options.len()) {
                out.push(format!("{} options; there must be 2 to 5", r.options.len()));
            }
            let correct = r.options.iter().filter(|o| o.correct).count();
            if correct == 0 {
                out.push("no option is correct".into());
            }
            if !r.multiple && correct > 1 {
                out.push(format!("{correct} options are correct but \"multiple\" is false"));
            }
            let mut ids = BTreeSet::new();
            for o in &r.options {
                if !ids.insert(o.id.as_str()) {
                    out.push(format!("option id {:?} repeats", o.id));
                }
                if o.rationale.trim().is_empty() {
                    out.push(format!("option {:?} has no rationale", o.id));
                }
                if o.text.trim().is_empty() {
                    out.push(format!("option {:?} has no text", o.id));
                }
            }
        }
        Body::Mpi(m) => out.extend(m.key_problems()),
        Body::Abstracting(a) => out.extend(a.key_problems(tables, e.date())),
        Body::MsDrg(m) => out.extend(m.key_problems(tables, e.date())),
        Body::CdiQuery(c) => out.extend(c.key_problems()),
        Body::EmMdm(m) => out.extend(m.key_problems()),
    }
    out
}

/// Counts of exercises per type, domain and difficulty.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub total: usize,
    pub by_type: BTreeMap<String, usize>,
    pub by_domain: BTreeMap<String, usize>,
    pub by_difficulty: BTreeMap<String, usize>,
}

impl Tally {
    /// Adds every readable exercise of `pack`.
    pub fn add(&mut self, pack: &Pack) {
        for e in pack.exercises.iter().flatten() {
            self.total += 1;
            *self.by_type.entry(e.common.kind.clone()).or_default() += 1;
            *self.by_domain.entry(e.common.domain.as_str().to_string()).or_default() += 1;
            *self.by_difficulty.entry(e.common.difficulty.as_str().to_string()).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_packs(files: &[(String, String)]) -> Vec<PackProblem> {
        super::lint_packs(&Tables::builtin(), files)
    }

    fn lint_pack(file: &str, text: &str) -> Vec<PackProblem> {
        super::lint_pack(&Tables::builtin(), file, text)
    }

    fn pack(exercises: &str) -> String {
        format!(
            r#"{{"format": "recordlint-pack/1", "id": "t", "title": "T", "author": "a", "licence": "CC0",
                "version": "1", "exercises": [{exercises}]}}"#
        )
    }

    const STATS: &str = r#"{"id": "stats-3", "type": "statistics", "title": "t", "difficulty": "beginner",
        "domain": "data-analytics", "prompt": "p", "hints": ["h"], "explanation": "e (Horton)",
        "measure": "bed_occupancy_rate", "rounding": 1,
        "data": {"inpatient_service_days": 2560, "beds": 100, "days": 30}, "answer": {"value": 85.2}}"#;

    #[test]
    fn statistics_mismatch_is_located() {
        let p = lint_pack("exercises/t.json", &pack(STATS));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            p[0].to_string(),
            "exercises/t.json: exercise stats-3: answer 85.2 but the data give 85.3"
        );
        assert!(lint_pack("exercises/t.json", &pack(&STATS.replace("85.2", "85.3"))).is_empty());
        let census =
            STATS.replace("85.2", "11.0").replace("bed_occupancy_rate", "average_daily_census").replace(
                r#""inpatient_service_days": 2560, "beds": 100, "days": 30"#,
                r#""daily_census": [10, 12], "days": 3"#,
            );
        let p = lint_pack("exercises/t.json", &pack(&census));
        assert_eq!(p[0].message, "\"days\" is 3 but \"daily_census\" has 2 day(s)");
    }

    #[test]
    fn ids_unique_across_packs_and_file_name() {
        let ok = pack(&STATS.replace("85.2", "85.3"));
        let p = lint_packs(&[("a/t.json".into(), ok.clone()), ("b/u.json".into(), ok)]);
        let text: Vec<String> = p.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|m| m.contains("pack id \"t\" is used by a/t.json")), "{text:?}");
        assert!(text
            .iter()
            .any(|m| m.contains("b/u.json: exercise stats-3: id is used more than once (also in a/t.json)")));
        assert!(text.iter().any(|m| m.contains("differs from the file name \"u\"")));
    }

    #[test]
    fn every_exercise_needs_a_hint_and_an_explanation() {
        let ok = STATS.replace("85.2", "85.3");
        assert!(lint_pack("t.json", &pack(&ok)).is_empty());
        let messages = |text: &str| -> Vec<String> {
            lint_pack("t.json", &pack(text)).into_iter().map(|p| p.message).collect()
        };
        let no_hint = "\"hints\" has no hint: give at least one";
        assert_eq!(messages(&ok.replace(r#"["h"]"#, "[]")), [no_hint]);
        assert_eq!(messages(&ok.replace(r#"["h"]"#, r#"[" "]"#)), [no_hint]);
        assert_eq!(messages(&ok.replace(r#"["h"]"#, r#"["h", ""]"#)), ["hint 2 is empty"]);
        assert_eq!(
            messages(&ok.replace(r#""explanation": "e (Horton)""#, r#""explanation": " ""#)),
            ["\"explanation\" is empty"]
        );
    }

    #[test]
    fn an_explanation_must_name_its_source() {
        let ok = STATS.replace("85.2", "85.3");
        let with = |explanation: &str| -> Vec<String> {
            let text = ok.replace("e (Horton)", explanation);
            lint_pack("t.json", &pack(&text)).into_iter().map(|p| p.message).collect()
        };
        assert_eq!(with("Occupancy = service days / bed days available."), [NO_SOURCE]);
        assert_eq!(with("Occupancy = service days / bed days (the CMSA says so)."), [NO_SOURCE]);
        assert!(with("Occupancy = service days / bed days (Horton, Calculating and Reporting Healthcare Statistics (AHIMA)).").is_empty());
    }

    #[test]
    fn unreadable_pack_and_exercise() {
        assert!(lint_pack("x.json", "{")[0].message.contains("not valid JSON"));
        let p = lint_pack("t.json", &pack(&STATS.replace("\"rounding\"", "\"roundin\"")));
        assert_eq!(p[0].exercise.as_deref(), Some("stats-3"));
        assert!(p[0].message.contains("roundin"), "{p:?}");
    }
}
