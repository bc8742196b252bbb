//! Every bundled exercise of the multi-part and data-driven types (abstracting, MS-DRG, compliant
//! queries, E/M by MDM) grades its own key, entered as a student would, at 100 % — and a changed
//! answer below 100 % — so a key the lint accepts is also a key the page accepts.

use recordlint_core::Tables;
use recordlint_lab::{Body, Exercise, Pack};
use serde_json::{json, Value};
use std::path::Path;

fn bundled() -> Vec<Exercise> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../exercises");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name == "schema.json" || name == "index.json" {
            continue;
        }
        let pack = Pack::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.extend(pack.exercises.into_iter().map(|e| e.unwrap()));
    }
    out
}

/// The key as a student's answer, and a wrong variant of it.
fn answers(e: &Exercise) -> Option<(Value, Value)> {
    Some(match &e.body {
        Body::Abstracting(a) => {
            let k = &a.answer;
            let dx = |c: &String| match k.poa.get(c) {
                Some(p) => json!({"code": c.to_lowercase(), "poa": p}),
                None => json!({"code": c}),
            };
            let mut right = json!({
                "principal": dx(&k.principal),
                "secondary": k.secondary.iter().map(dx).collect::<Vec<_>>(),
                "discharge_status": k.discharge_status,
            });
            if let Some(px) = &k.procedures {
                right["procedures"] = json!(px);
            }
            let mut wrong = right.clone();
            let other = a.discharge_choices.iter().find(|c| **c != k.discharge_status).unwrap();
            wrong["discharge_status"] = json!(other);
            (right, wrong)
        }
        Body::MsDrg(m) => match (&m.answer.drg, &m.answer.codes, &m.answer.value) {
            (Some(drg), _, _) => {
                let other = m.family.as_ref().unwrap().drgs.iter().find(|d| &d.drg != drg).unwrap();
                (json!({"drg": drg}), json!({"drg": other.drg}))
            }
            (_, Some(codes), _) => {
                let principal = &m.case.as_ref().unwrap().principal;
                let mut wrong = codes.clone();
                wrong.push(principal.clone());
                (json!({"codes": codes}), json!({"codes": wrong}))
            }
            (_, _, Some(v)) => (json!({"value": v}), json!({"value": v.as_f64().unwrap() + 0.01})),
            _ => panic!("{}: no key", e.common.id),
        },
        Body::CdiQuery(q) => match (&q.answer.choice, &q.answer.flaws) {
            (Some(c), _) => {
                let other = q.drafts.iter().find(|d| &d.id != c).unwrap();
                (json!({"choice": c}), json!({"choice": other.id}))
            }
            (_, Some(f)) if f.is_empty() => (json!({"flaws": ["compliant"]}), json!({"flaws": ["leading"]})),
            (_, Some(f)) => (json!({"flaws": f}), json!({"flaws": ["compliant"]})),
            _ => panic!("{}: no key", e.common.id),
        },
        Body::EmMdm(m) => {
            let k = &m.answer;
            let right = serde_json::to_value(json!({
                "problems": format!("{:?}", k.problems).to_lowercase(), "data": format!("{:?}", k.data).to_lowercase(),
                "risk": format!("{:?}", k.risk).to_lowercase(), "mdm": format!("{:?}", k.mdm).to_lowercase(), "code": k.code,
            }))
            .unwrap();
            let mut wrong = right.clone();
            wrong["code"] = json!(if k.code == "99205" { "99204" } else { "99205" });
            (right, wrong)
        }
        _ => return None,
    })
}

#[test]
fn every_key_grades_right_and_a_changed_answer_does_not() {
    let mut counts = std::collections::BTreeMap::new();
    for e in bundled() {
        let Some((right, wrong)) = answers(&e) else { continue };
        *counts.entry(e.common.kind.clone()).or_insert(0) += 1;
        let g = e.grade(&Tables::builtin(), &right);
        assert!(g.correct && g.score == 1.0, "{}: {g:?}", e.common.id);
        assert!(!g.explanation.is_empty(), "{}: no explanation", e.common.id);
        let g = e.grade(&Tables::builtin(), &wrong);
        assert!(!g.input_error, "{}: the wrong variant is an input error: {g:?}", e.common.id);
        assert!(g.score < 1.0 && !g.correct, "{}: a changed answer scores {}", e.common.id, g.score);
    }
    for kind in ["abstracting", "ms_drg", "cdi_query", "em_mdm"] {
        let n = counts.get(kind).copied().unwrap_or(0);
        assert!(n >= 10, "{kind}: {n} bundled exercises, fewer than 10");
    }
}

#[test]
fn every_exercise_of_the_new_types_has_hints_and_a_sourced_explanation() {
    for e in bundled()
        .iter()
        .filter(|e| ["abstracting", "ms_drg", "cdi_query", "em_mdm"].contains(&e.common.kind.as_str()))
    {
        assert!(!e.common.hints.is_empty(), "{}: no hint", e.common.id);
        let x = &e.common.explanation;
        assert!(
            ["Guidelines", "CMS", "AHIMA", "AMA", "NUBC"].iter().any(|s| x.contains(s)),
            "{}: the explanation names no source: {x}",
            e.common.id
        );
    }
}
