//! Each measure beyond the census graded right, with a true slip (½) and wrong (0), and its key
//! recomputed by the pack lint.

use crate::{lint_exercise, Exercise};
use recordlint_core::Tables;
use serde_json::{json, Value};

fn exercise(measure: &str, data: Value, rounding: u8, key: f64) -> Exercise {
    Exercise::from_value(&json!({
        "id": "m", "type": "statistics", "title": "t", "difficulty": "beginner",
        "domain": "data-analytics", "prompt": "p", "hints": ["h"], "explanation": "e (Horton)",
        "measure": measure, "data": data, "rounding": rounding, "answer": {"value": key}
    }))
    .unwrap()
}

/// Checks the key, then each `(answer, score)`; the lint passes the key and refuses `bad_key`.
fn check(measure: &str, data: Value, rounding: u8, key: f64, bad_key: f64, answers: &[(Value, f64)]) {
    let e = exercise(measure, data.clone(), rounding, key);
    assert_eq!(lint_exercise(&Tables::builtin(), &e), Vec::<String>::new(), "{measure}");
    let g = e.grade(&Tables::builtin(), &json!({ "value": key }));
    assert!(g.correct, "{measure}: {g:?}");
    for (answer, score) in answers {
        let g = e.grade(&Tables::builtin(), &json!({ "value": answer }));
        assert_eq!(g.score, *score, "{measure} {answer}: {g:?}");
    }
    let bad = lint_exercise(&Tables::builtin(), &exercise(measure, data, rounding, bad_key));
    assert_eq!(bad.len(), 1, "{measure}: {bad:?}");
    assert!(bad[0].contains("but the data give"), "{bad:?}");
}

#[test]
fn length_of_stay_from_dates() {
    // 2026-01-28 → 02-03 = 6; a same-day stay = 1.
    let stays = json!([{"admit": "2026-01-28", "discharge": "2026-02-03"}, {"admit": "2026-03-14", "discharge": "2026-03-14"}]);
    check("length_of_stay", json!({"stays": stays}), 0, 7.0, 6.0, &[(json!(6), 0.0), (json!(8), 0.0)]);
    // 4 + 1 + 6 = 11 ÷ 3 = 3.667: 3.6 truncated, 3.67 unrounded, 3.3 (same day as 0) wrong.
    let stays = json!([
        {"admit": "2026-03-01", "discharge": "2026-03-05"},
        {"admit": "2026-03-03", "discharge": "2026-03-03"},
        {"admit": "2026-02-25", "discharge": "2026-03-03"}
    ]);
    check(
        "average_length_of_stay",
        json!({"stays": stays}),
        1,
        3.7,
        3.3,
        &[(json!(3.6), 0.5), (json!(3.67), 0.5), (json!(3.3), 0.0), (json!(3.8), 0.0)],
    );
}

#[test]
fn autopsy_rates() {
    check(
        "gross_autopsy_rate",
        json!({"autopsies": 11, "deaths": 37}),
        1,
        29.7,
        29.8,
        &[(json!(29.73), 0.5), (json!(0.297), 0.5), (json!(42.3), 0.0)],
    );
    check(
        "net_autopsy_rate",
        json!({"autopsies": 12, "deaths": 42, "unautopsied_examiner_cases": 5}),
        1,
        32.4,
        28.6,
        &[(json!(32.43), 0.5), (json!(28.6), 0.0), (json!(32.5), 0.0)],
    );
    // (12 + 3) × 100 ÷ (40 − 2 + 3) = 36.585…
    let data = json!({"autopsies": 12, "deaths": 40, "unautopsied_examiner_cases": 2, "other_autopsies": 3});
    check(
        "hospital_autopsy_rate",
        data,
        1,
        36.6,
        37.5,
        &[(json!(36.5), 0.5), (json!(37.5), 0.0), (json!(31.6), 0.0)],
    );
    // Two more former patients' bodies were available but not autopsied: 15 × 100 ÷ 43.
    let data = json!({"autopsies": 12, "deaths": 40, "unautopsied_examiner_cases": 2, "other_autopsies": 3, "other_bodies_available": 5});
    check("hospital_autopsy_rate", data, 1, 34.9, 36.6, &[(json!(34.88), 0.5), (json!(36.6), 0.0)]);
}

#[test]
fn obstetric_and_newborn_rates() {
    // (3 + 4) × 100 ÷ (612 + 3 + 4) = 1.1308…; counting the 5 early deaths gives 1.92.
    let data = json!({"live_births": 612, "early_fetal_deaths": 5, "intermediate_fetal_deaths": 3, "late_fetal_deaths": 4});
    check(
        "fetal_death_rate",
        data,
        2,
        1.13,
        1.92,
        &[(json!(1.1309), 0.5), (json!(0.0113), 0.5), (json!(1.92), 0.0), (json!(1.14), 0.0)],
    );
    let data =
        json!({"direct_maternal_deaths": 2, "indirect_maternal_deaths": 1, "maternal_discharges": 1250});
    check(
        "maternal_death_rate",
        data,
        2,
        0.16,
        0.24,
        &[(json!(0.0016), 0.5), (json!(0.24), 0.0), (json!(0.17), 0.0)],
    );
    // 3 × 100 ÷ 480 = 0.625 → 0.63; 0.62 rounds the 5 down.
    check(
        "newborn_death_rate",
        json!({"newborn_deaths": 3, "newborn_discharges": 480}),
        2,
        0.63,
        0.62,
        &[(json!(0.62), 0.5), (json!(1.04), 0.0)],
    );
    // 9 × 1,000 ÷ 2,150 = 4.186… per 1,000 live births; 0.0042 per birth earns nothing.
    check(
        "neonatal_mortality_rate",
        json!({"neonatal_deaths": 9, "live_births": 2150}),
        1,
        4.2,
        0.4,
        &[(json!(4.19), 0.5), (json!(0.0042), 0.0), (json!(0.42), 0.0), (json!(4.1), 0.5), (json!(4.3), 0.0)],
    );
}

#[test]
fn beds_turnover_and_occupancy_with_a_bed_count_change() {
    check("bed_turnover_rate", json!({"discharges": 840, "beds": 150}), 1, 5.6, 28.0, &[(json!(28), 0.0)]);
    // 120 beds Jan 1 – Mar 15 (74 days), 140 beds Mar 16–31 (16): 1,390 × 90 ÷ 11,120 = 11.25.
    let periods = json!([
        {"beds": 120, "from": "2026-01-01", "through": "2026-03-15"},
        {"beds": 140, "from": "2026-03-16", "through": "2026-03-31"}
    ]);
    check(
        "bed_turnover_rate",
        json!({"discharges": 1390, "bed_periods": periods}),
        1,
        11.3,
        11.6,
        &[(json!(11.2), 0.5), (json!(11.6), 0.0), (json!(9.9), 0.0)],
    );
    // 0.78 × 31 ÷ 4.2 = 5.757…
    let data = json!({"occupancy_rate": 78.0, "days": 31, "average_length_of_stay": 4.2});
    check(
        "bed_turnover_rate_indirect",
        data,
        1,
        5.8,
        5.7,
        &[(json!(5.7), 0.5), (json!(5.76), 0.5), (json!(575.7), 0.0)],
    );
    let data = json!({"occupancy_rate": 82.5, "days": 30, "average_length_of_stay": 4.5});
    check("bed_turnover_rate_indirect", data, 1, 5.5, 5.6, &[]);
    // 4,940 × 100 ÷ (200 × 20 + 180 × 10) = 85.17…
    let data = json!({"inpatient_service_days": 4940, "bed_periods": [{"beds": 200, "days": 20}, {"beds": 180, "days": 10}]});
    check(
        "bed_occupancy_rate",
        data,
        1,
        85.2,
        86.7,
        &[(json!(85.1), 0.5), (json!(0.852), 0.5), (json!(86.7), 0.0), (json!(82.3), 0.0)],
    );
}

#[test]
fn nhsn_rates() {
    // 4 × 1,000 ÷ 1,236 = 3.236…
    let data = json!({"device_associated_infections": 4, "device_days": 1236, "patient_days": 2610});
    let e = exercise("device_associated_infection_rate", data.clone(), 2, 3.24);
    let g = e.grade(&Tables::builtin(), &json!({"value": 0.00324}));
    assert_eq!(g.score, 0.0);
    assert!(g.feedback[0].message.contains("multiply by 1,000"), "{g:?}");
    check(
        "device_associated_infection_rate",
        data.clone(),
        2,
        3.24,
        1.53,
        &[(json!(3.236), 0.5), (json!(0.00324), 0.0), (json!(0.32), 0.0), (json!(1.53), 0.0)],
    );
    // 1,236 ÷ 2,610 = 0.4735…; the ratio is not a percentage.
    check(
        "device_utilization_ratio",
        data,
        2,
        0.47,
        0.48,
        &[(json!(0.474), 0.5), (json!(47.36), 0.0), (json!(2.11), 0.0)],
    );
}

#[test]
fn bad_data_is_a_located_error() {
    let lint = |measure: &str, data: Value| {
        lint_exercise(&Tables::builtin(), &exercise(measure, data, 1, 1.0)).join("; ")
    };
    let backwards = json!({"stays": [{"admit": "2026-03-05", "discharge": "2026-03-04"}]});
    assert!(lint("length_of_stay", backwards).contains("discharged before admission"));
    let both = json!({"stays": [{"admit": "2026-03-05", "discharge": "2026-03-06"}], "discharges": 1, "discharge_days": 1});
    assert!(lint("average_length_of_stay", both).contains("not both"));
    let short = json!({"inpatient_service_days": 10, "days": 31, "bed_periods": [{"beds": 2, "days": 30}]});
    assert!(lint("bed_occupancy_rate", short).contains("cover 30 day(s) but the period has 31"));
    let neither = json!({"inpatient_service_days": 10, "bed_periods": [{"beds": 2}]});
    assert!(lint("bed_occupancy_rate", neither).contains("either `days` or both"));
    assert!(lint("net_autopsy_rate", json!({"autopsies": 5, "deaths": 6, "unautopsied_examiner_cases": 2}))
        .contains("exceed"));
    assert!(lint("device_utilization_ratio", json!({"device_days": 0, "patient_days": 0}))
        .contains("divide by zero"));
    assert!(lint("bed_turnover_rate_indirect", json!({"occupancy_rate": 80, "days": 30}))
        .contains("average_length_of_stay"));
    assert!(Exercise::from_value(&json!({
        "id": "m", "type": "statistics", "title": "t", "difficulty": "beginner", "domain": "data-analytics",
        "prompt": "p", "hints": ["h"], "explanation": "e (Horton)", "measure": "length_of_stay",
        "data": {"stays": [{"admit": "3/5/2026", "discharge": "2026-03-06"}]}, "rounding": 0, "answer": {"value": 1}
    }))
    .unwrap_err()
    .to_string()
    .contains("YYYY-MM-DD"));
}
