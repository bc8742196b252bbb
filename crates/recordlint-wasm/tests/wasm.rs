//! The wasm API end to end, run by wasm-bindgen-test-runner in Node and (with
//! `WASM_BINDGEN_USE_BROWSER=1`) in headless Chromium. Native builds compile this file empty.
#![cfg(target_arch = "wasm32")]

use recordlint_wasm::{
    export_files, export_findings, field_kinds, heap_stats, lookup_code, profiles, read_records, rules,
    version, Run, Tables, Validator,
};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const CSV: &str = "mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,attending_npi\n\
    1001,\"Doe, Jane\",1980-02-01,F,2026-03-04,2026-03-01,E11.9,1234567893\n\
    1002,\"Roe, Rich\",1975-06-30,M,2026-03-04,2026-03-05,I10,1234567890\n\
    1003,\"Poe, Ann\",1990-01-01,F,2026-03-04,2026-03-05,I10,1234567893\n";

fn json(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).expect("plain JS object")
}

fn run(profile: Option<String>, chunk: usize) -> Value {
    let mut v = Validator::new(profile, &Tables::new()).expect("profile accepted");
    for part in CSV.as_bytes().chunks(chunk) {
        v.feed(part).expect("feed");
    }
    json(v.finish().expect("finish"))
}

/// `(live, peak, settled)` of `heapStats`.
fn heap() -> (u64, u64, u64) {
    let stats = json(heap_stats().expect("heap stats"));
    let field = |name: &str| stats[name].as_u64().expect("a count of bytes");
    (field("live"), field("peak"), field("settled"))
}

#[wasm_bindgen_test]
fn heap_stats_count_what_the_engine_holds() {
    let (live, peak, settled) = heap();
    assert!(live > 0 && live <= settled && settled <= peak, "{live} {settled} {peak}");
    // A megabyte held raises the count by it, and its most; freed, the count falls back.
    let held = std::hint::black_box(vec![7u8; 1 << 20]);
    let (with, peak_with, _) = heap();
    assert!(with >= live + (1 << 20), "{with} after {live}");
    assert!(peak_with >= with);
    drop(held);
    let (after, peak_after, _) = heap();
    assert!(after + (1 << 20) <= with + 4096, "{after} after {with}");
    assert!(peak_after >= peak_with, "the most never falls: {peak_after} after {peak_with}");
}

#[wasm_bindgen_test]
fn validates_csv_fed_in_chunks() {
    let whole = run(None, CSV.len());
    assert_eq!(whole["format"], "csv");
    assert_eq!(whole["summary"]["records"], 3);
    assert_eq!(whole["summary"]["errors"], 2);
    assert_eq!(whole["summary"]["clean_records"], 1);
    let first = &whole["findings"][0];
    assert_eq!(first["rule"], "D201");
    assert_eq!(first["name"], "discharge-before-admission");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["location"]["row"], 2);
    assert_eq!(first["location"]["column"], "discharge_date");
    assert_eq!(whole["findings"][1]["rule"], "K302");
    assert_eq!(run(None, 5), whole, "chunk boundaries must not change the report");
}

#[wasm_bindgen_test]
fn profile_turns_rules_off_and_reports_progress() {
    let report = run(Some(r#"{"rules":{"K302":"off","D201":"warning"}}"#.into()), 64);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 1);

    // The CSV parser reads its first 8 KB (the text check) before it counts records.
    let (header, rows) = CSV.split_once('\n').unwrap();
    let mut long = format!("{header}\n");
    while long.len() < 9000 {
        long.push_str(rows);
    }
    let mut v = Validator::new(None, &Tables::new()).unwrap();
    v.feed(long.as_bytes()).unwrap();
    let progress = json(v.progress().unwrap());
    assert!(progress["records"].as_u64().unwrap() >= 2);
}

#[wasm_bindgen_test]
fn bad_profile_and_misuse_are_js_errors() {
    let err = Validator::new(Some("{\"rules\": {\"Z999\": \"off\"}}".into()), &Tables::new())
        .err()
        .expect("rejected");
    let message = js_sys::Error::from(err).message();
    assert!(String::from(message).contains("Z999"));

    let mut v = Validator::new(None, &Tables::new()).unwrap();
    v.finish().unwrap();
    assert!(v.feed(b"x").is_err(), "feeding a finished validator is an error, not a panic");
}

#[wasm_bindgen_test]
fn rules_have_docs_and_version_is_set() {
    let list = json(rules().unwrap());
    let d201 = list.as_array().unwrap().iter().find(|r| r["id"] == "D201").expect("D201 listed");
    assert!(d201["doc"].as_str().unwrap().contains("## How to fix"));
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn grades_an_exercise_and_lints_a_pack() {
    let pack = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/example-pack.json"));
    let lint = json(recordlint_wasm::lint_pack(pack).expect("lint runs"));
    assert_eq!(lint["ok"], true, "{lint}");

    let exercise = r#"{"id":"s1","type":"statistics","title":"ALOS","difficulty":"beginner","domain":"data-analytics",
        "prompt":"Compute the ALOS.","hints":[],"explanation":"ALOS = discharge days / discharges.",
        "measure":"average_length_of_stay","data":{"discharges":4,"discharge_days":18},"rounding":1,"answer":{"value":4.5}}"#;
    let right = json(recordlint_wasm::grade_exercise(exercise, r#"{"value":"4.5"}"#).unwrap());
    assert_eq!(right["correct"], true, "{right}");
    let wrong = json(recordlint_wasm::grade_exercise(exercise, r#"{"value":"4.0"}"#).unwrap());
    assert_eq!(wrong["correct"], false);
    let malformed = json(recordlint_wasm::grade_exercise(exercise, "not json").unwrap());
    assert_eq!(malformed["score"], 0.0);
}

#[wasm_bindgen_test]
fn presets_are_listed_with_loadable_json() {
    let list = json(profiles().unwrap());
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["inpatient", "outpatient", "registration", "lab"]);
    for preset in list.as_array().unwrap() {
        assert!(!preset["title"].as_str().unwrap().is_empty());
        let profile = preset["json"].as_str().unwrap().to_string();
        Validator::new(Some(profile), &Tables::new()).expect("a preset's JSON is a valid profile");
    }
}

#[wasm_bindgen_test]
fn looks_codes_up_with_tables_decoded_in_wasm() {
    let builtin = Tables::new();
    let answers = json(lookup_code("e11", Some("2026-03-04".into()), &builtin).expect("look-up"));
    assert_eq!(answers[0]["system"], "icd10cm");
    assert_eq!(answers[0]["verdict"], "heading");
    assert_eq!(answers[0]["children_total"], 87);
    assert!(answers[0].get("description").is_none(), "descriptions are not in the module");
    let mut tables = Tables::new();
    let n = tables.load_descriptions(b"E11     Type 2 diabetes mellitus\n").expect("descriptions");
    assert!(n >= 1);
    let answers = json(lookup_code("E11", None, &tables).expect("look-up"));
    assert_eq!(answers[0]["description"], "Type 2 diabetes mellitus");
    let answers = json(lookup_code("E11", None, &builtin).expect("look-up"));
    assert!(answers[0].get("description").is_none(), "another set of tables is unchanged");
    assert!(lookup_code("E11", Some("tomorrow".into()), &tables).is_err());
    assert!(tables.load_descriptions(b"\xff\xfe not deflate").is_err());
}

#[wasm_bindgen_test]
fn exports_a_finished_report_as_the_cli_does() {
    let report = run(None, 7);
    let text = serde_json::to_string(&report).unwrap();
    let csv = export_findings(&text, "csv", "clinic.csv").expect("CSV export");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + report["findings"].as_array().unwrap().len());
    assert_eq!(lines[0], "file,location,rule,name,severity,message,value,mrn");
    assert!(
        lines[1].starts_with("clinic.csv,\"row 2, discharge_date\",D201,discharge-before-admission,error,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",2026-03-01,1001"), "{}", lines[1]);
    let outcome: Value =
        serde_json::from_str(&export_findings(&text, "operation-outcome", "clinic.csv").unwrap()).unwrap();
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["code"], "invariant");
    assert_eq!(outcome["issue"][1]["code"], "code-invalid");
    let json: Value = serde_json::from_str(&export_findings(&text, "json", "clinic.csv").unwrap()).unwrap();
    assert_eq!(json["findings"][0]["file"], "clinic.csv");
    assert!(export_findings(&text, "xml", "clinic.csv").is_err());
    assert!(export_findings("{", "csv", "clinic.csv").is_err());
}

/// A plain JS object, as the page passes one.
fn object(value: Value) -> JsValue {
    use serde::Serialize;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

#[wasm_bindgen_test]
fn reads_records_cell_by_cell_with_engine_locations() {
    let source = json(read_records(CSV, JsValue::UNDEFINED).expect("read"));
    assert_eq!(source["format"], "csv");
    assert_eq!(source["delimiter"], ",");
    assert_eq!(source["header"][2]["name"], "dob");
    let row = &source["records"][0];
    assert_eq!(row["place"], "row 2");
    assert_eq!(row["cells"][1]["value"], "Doe, Jane");
    assert_eq!(row["cells"][5]["place"], "row 2, discharge_date");
    assert_eq!(row["cells"][5]["location"]["line"], 2);
    assert_eq!(row["cells"][2]["field"], "birth_date");
    assert_eq!(row["cells"][6]["system"], "icd10cm");

    // An excerpt: the header and row 40 on line 41 of a larger file.
    let from = object(serde_json::json!({ "line": 41, "row": 40 }));
    let excerpt = json(read_records("mrn,dob\n7,2001-01-01\n", from).expect("excerpt"));
    assert_eq!(excerpt["records"][0]["cells"][1]["place"], "row 40, dob");

    let hl7 = "MSH|^~\\&|A|B|C|D|20260304||ADT^A01|1|P|2.5\rPID|1||448210^^^H^MR||Okafor^Ada||19570502|F\r";
    let message = &json(read_records(hl7, JsValue::NULL).expect("hl7"))["records"][0];
    assert_eq!(message["segments"][1]["cells"][6]["place"], "message 1, PID-7");
    assert_eq!(message["segments"][1]["cells"][6]["field"], "birth_date");
    let bad = object(serde_json::json!({ "line": "x" }));
    assert!(read_records(CSV, bad).is_err(), "an unreadable excerpt is a JS error");
}

#[wasm_bindgen_test]
fn field_kinds_name_and_label_every_field() {
    let kinds = json(field_kinds().unwrap());
    let kinds = kinds.as_array().unwrap();
    assert_eq!(kinds.len(), 15);
    assert_eq!(kinds[0]["name"], "mrn");
    assert_eq!(kinds[0]["label"], "MRN");
    let required: Vec<&str> = kinds
        .iter()
        .filter(|k| k["required_by_default"] == true)
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(required, ["mrn", "patient_name", "birth_date", "sex", "admit_date", "principal_dx"]);
}

#[wasm_bindgen_test]
fn checks_several_files_as_one_run_and_exports_them_together() {
    const PATIENTS: &str = "mrn,patient_name,dob,sex\n1001,\"Doe, Jane\",1980-02-01,F\n";
    let mut checker = Run::new(None, &Tables::new()).expect("default profile");
    assert!(checker.feed(b"x").is_err(), "no file begun");
    let mut files = Vec::new();
    for (name, text) in [("patients.csv", PATIENTS), ("visits.csv", CSV)] {
        checker.begin(name);
        for part in text.as_bytes().chunks(5) {
            checker.feed(part).expect("feed");
        }
        files.push(serde_json::json!({ "file": name, "report": json(checker.end_file().expect("end")) }));
    }
    // The second file's MRN 1001 was born on 1980-02-01 in the first too: no conflict; its own
    // findings are the single-file run's.
    let alone = run(None, 5);
    assert_eq!(files[1]["report"]["findings"], alone["findings"]);
    let progress = json(checker.progress().unwrap());
    assert_eq!(progress["records"], 4);
    let text = serde_json::to_string(&files).unwrap();
    let export: Value = serde_json::from_str(&export_files(&text, "json", None).unwrap()).unwrap();
    assert_eq!(export["files"][0]["file"], "patients.csv");
    assert_eq!(export["files"][1]["file"], "visits.csv");
    assert!(export.get("partial").is_none());
    let partial: Value =
        serde_json::from_str(&export_files(&text, "json", Some("partial: first 1 KB".into())).unwrap())
            .unwrap();
    assert_eq!(partial["partial"], "partial: first 1 KB");
    assert!(export_files("[", "json", None).is_err());
}

#[wasm_bindgen_test]
fn exercise_vocabulary_lists_discharge_statuses_and_query_flaws() {
    let v = json(recordlint_wasm::exercise_vocabulary().unwrap());
    let statuses = v["discharge_statuses"].as_array().unwrap();
    assert!(statuses.iter().any(|s| s[0] == "06" && s[1].as_str().unwrap().contains("home health")));
    let flaws = v["query_flaws"].as_array().unwrap();
    assert_eq!(flaws.len(), 7);
    assert!(flaws.iter().any(|f| f[0] == "leading"));
}
