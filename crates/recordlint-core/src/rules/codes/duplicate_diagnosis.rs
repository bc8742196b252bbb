use crate::codes::icd10cm::canonical;
use crate::codes::facts::DiagnosisFacts;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for a diagnosis code reported twice on one encounter: the same code twice among the
    /// secondary diagnoses, or a secondary diagnosis equal to the principal diagnosis. Codes are
    /// compared in their canonical form (`e119` = `E11.9`).
    ///
    /// ## Why is this bad?
    /// ICD-10-CM guidelines say to report a code only once per encounter; the Medicare Code
    /// Editor flags a secondary diagnosis equal to the principal (edit 3, duplicate of PDX), and
    /// every copy takes one of the claim's limited diagnosis positions.
    ///
    /// ## Example
    /// `principal_dx` = `E11.9`, `dx2` = `e119`.
    ///
    /// ## How to fix
    /// Delete the repeated code. If two different conditions were meant, code the second one
    /// from the documentation.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, section I.B.12 (code only once)
    /// - CMS Definitions of Medicare Code Edits (MCE), edit 3: duplicate of PDX
    pub static DUPLICATE_DIAGNOSIS = {
        id: "K350",
        name: "duplicate-diagnosis",
        family: Codes,
        severity: Warning,
        kind: Record(check),
    }
}

/// True when two trimmed codes are equal without case and dots (no allocation).
fn same_code(a: &str, b: &str) -> bool {
    // Most pairs differ in length or category: reject them before the byte-by-byte walk.
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    if let (Some(x), Some(y)) = (a.get(..3), b.get(..3)) {
        if !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    fn bare(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().filter(|&c| c != b'.').map(|c| c.to_ascii_uppercase())
    }
    bare(a).eq(bare(b))
}

/// Reports each secondary diagnosis equal to the principal or to an earlier secondary.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if diagnoses.all_shaped {
        return check_facts(record, &diagnoses.list, cx);
    }
    let principal = record.principal_diagnosis.as_ref().map(|c| c.field.value()).filter(|v| !v.is_empty());
    let secondary = &record.secondary_diagnoses;
    for (i, code) in secondary.iter().enumerate() {
        let text = code.field.value();
        if text.is_empty() {
            continue;
        }
        let as_principal = principal.is_some_and(|p| same_code(p, text));
        let earlier = !as_principal && secondary[..i].iter().any(|c| same_code(c.field.value(), text));
        if !(as_principal || earlier) {
            continue;
        }
        // Malformed codes are K301's business; duplicates are reported for real codes only.
        let Ok(canon) = canonical(text) else { continue };
        report(cx, &code.field, &canon, as_principal);
    }
}

/// [`check`] of a record whose non-blank diagnoses are all well-formed ICD-10-CM codes, `list`:
/// two are the same code when their keys are, written with at most one character more or less
/// (as [`same_code`] compares texts).
fn check_facts(record: &Record, list: &[DiagnosisFacts], cx: &mut Checker) {
    if list.len() < 2 {
        return;
    }
    let same = |a: &DiagnosisFacts, b: &DiagnosisFacts| a.fact.key == b.fact.key && a.len.abs_diff(b.len) <= 1;
    let principal = list.first().filter(|d| d.principal);
    let secondary = list.get(usize::from(principal.is_some())..).unwrap_or_default();
    for (i, dx) in secondary.iter().enumerate() {
        let as_principal = principal.is_some_and(|p| same(p, dx));
        let earlier = !as_principal && secondary[..i].iter().any(|e| same(e, dx));
        if !(as_principal || earlier) {
            continue;
        }
        if let Some(code) = dx.code(record) {
            report(cx, &code.field, &dx.fact.text, as_principal);
        }
    }
}

/// Reports `field`, the code `canon`, as a copy of the principal diagnosis or of an earlier one.
fn report(cx: &mut Checker, field: &crate::model::Field, canon: &str, as_principal: bool) {
    let msg = if as_principal {
        format!("{canon} is also the principal diagnosis")
    } else {
        format!("{canon} is reported twice")
    };
    cx.emit_field(&DUPLICATE_DIAGNOSIS, field, msg);
}
