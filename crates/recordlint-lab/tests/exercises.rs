//! The exercise packs: every bundled pack (and the example pack) passes the lint, the JSON Schema
//! parses and names every type, each type of the example pack grades right and wrong answers.

use recordlint_core::Tables;
use recordlint_lab::{grade_json, lint_packs, Pack, TYPES};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The repository's root: the bundled packs are in `exercises/`, the example in `tests/data/`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bundled_packs() -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = std::fs::read_dir(root().join("exercises"))
        .expect("exercises/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.ends_with("schema.json") && !p.ends_with("index.json"))
        .collect();
    packs.sort();
    packs
}

fn read(path: &Path) -> (String, String) {
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    (name, std::fs::read_to_string(path).unwrap())
}

#[test]
fn every_bundled_pack_passes_the_lint() {
    let mut files: Vec<(String, String)> = bundled_packs().iter().map(|p| read(p)).collect();
    files.push(read(&root().join("tests/data/example-pack.json")));
    let problems: Vec<String> =
        lint_packs(&Tables::builtin(), &files).iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn schema_parses_and_names_every_type() {
    let text = std::fs::read_to_string(root().join("exercises/schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("schema.json is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let types = &schema["$defs"]["common"]["properties"]["type"]["enum"];
    for t in TYPES {
        assert!(types.as_array().unwrap().iter().any(|v| v == t), "type enum lacks {t}");
        assert_eq!(schema["$defs"][t]["properties"]["type"]["const"], t, "no $defs/{t}");
    }
}

fn example(id: &str) -> String {
    let (_, text) = read(&root().join("tests/data/example-pack.json"));
    let pack: Value = serde_json::from_str(&text).unwrap();
    let e = pack["exercises"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap();
    e.to_string()
}

fn grade(id: &str, answer: Value) -> recordlint_lab::Grade {
    grade_json(&Tables::builtin(), &example(id), &answer.to_string()).unwrap()
}

#[test]
fn example_pack_has_one_of_every_type() {
    let (_, text) = read(&root().join("tests/data/example-pack.json"));
    let pack = Pack::from_json(&text).unwrap();
    let mut kinds: Vec<String> =
        pack.exercises.iter().map(|e| e.as_ref().unwrap().common.kind.clone()).collect();
    kinds.sort();
    let mut want: Vec<String> = TYPES.iter().map(|t| t.to_string()).collect();
    want.sort();
    assert_eq!(kinds, want);
}

#[test]
fn every_type_grades_right_and_wrong() {
    let fixed = "mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
        300112,\"Lund, Erik\",1962-07-19,M,2026-03-01,2026-03-04,I21.4\n";
    let cases = [
        ("example-coding", json!({"codes": ["e119", "I10"]}), json!({"codes": ["I10"]})),
        (
            "example-deficiency",
            json!({"deficient": ["dob", "attending-signature"]}),
            json!({"deficient": ["sex"]}),
        ),
        (
            "example-find-error",
            json!({"errors": [{"rule": "D201", "location": "row 2, discharge_date"},
                              {"rule": "K301", "location": "row 3, principal_dx"}]}),
            json!({"errors": []}),
        ),
        ("example-fix-record", json!({"text": fixed}), json!({"text": "mrn\n"})),
        ("example-statistics", json!({"value": 85.3}), json!({"value": 12})),
        ("example-roi", json!({"choices": ["b"]}), json!({"choices": ["a"]})),
        ("example-mpi", json!({"groups": [["p2", "p1"]], "overlays": []}), json!({"groups": [["p1", "p3"]]})),
        (
            "example-abstracting",
            json!({"principal": {"code": "r300"}, "secondary": [{"code": "R35.0"}], "discharge_status": "01"}),
            json!({"principal": {"code": "N30.90"}, "secondary": [], "discharge_status": "01"}),
        ),
        ("example-ms-drg", json!({"drg": "292"}), json!({"drg": "293"})),
        ("example-cdi-query", json!({"choice": "b"}), json!({"choice": "c"})),
        (
            "example-em-mdm",
            json!({"problems": "low", "data": "straightforward", "risk": "low", "mdm": "low", "code": "99213"}),
            json!({"problems": "low", "data": "low", "risk": "low", "mdm": "low", "code": "99203"}),
        ),
    ];
    for (id, right, wrong) in cases {
        let g = grade(id, right);
        assert!(g.correct && g.score == 1.0, "{id}: {g:?}");
        assert!(!g.explanation.is_empty(), "{id}: no explanation");
        let g = grade(id, wrong);
        assert!(!g.correct && g.score < 1.0, "{id}: {g:?}");
        let g = grade(id, json!("nonsense"));
        assert_eq!(g.score, 0.0, "{id}");
        assert!(!g.feedback.is_empty(), "{id}");
    }
}

/// The key of an exercise as a student's answer.
fn key_as_answer(e: &Value) -> Value {
    match e["type"].as_str().unwrap() {
        "coding" => json!({"codes": e["answer"]["codes"]}),
        "deficiency" => json!({"deficient": e["answer"]["deficient"]}),
        "find_error" => json!({"errors": e["answer"]["errors"]}),
        "fix_record" => {
            let s = &e["solution"];
            json!({"text": s.as_str().map_or_else(|| s["text"].clone(), |t| json!(t))})
        }
        "statistics" => json!({"value": e["answer"]["value"]}),
        "roi" => {
            let ids: Vec<&Value> = e["options"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["correct"] == true)
                .map(|o| &o["id"])
                .collect();
            json!({ "choices": ids })
        }
        "mpi" => e["answer"].clone(),
        // Keys of several parts or computed from data: exercise_keys.rs.
        "abstracting" | "ms_drg" | "cdi_query" | "em_mdm" => Value::Null,
        other => panic!("type {other}"),
    }
}

#[test]
fn every_bundled_key_grades_as_right() {
    let mut wrong = Vec::new();
    for path in bundled_packs() {
        let (name, text) = read(&path);
        let pack: Value = serde_json::from_str(&text).unwrap();
        for e in pack["exercises"].as_array().unwrap() {
            let answer = key_as_answer(e);
            if answer.is_null() {
                continue;
            }
            let g = grade_json(&Tables::builtin(), &e.to_string(), &answer.to_string()).unwrap();
            if !g.correct {
                wrong.push(format!("{name}: {}: {:?}", e["id"], g.feedback));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
