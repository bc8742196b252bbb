use crate::codes::code_fact::TextFlags;
use crate::codes::RecordFacts;
use crate::codes::{icd10cm, system};
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every ICD-10-CM code (a diagnosis, or any coding with the ICD-10-CM system)
    /// has the shape of one: a three-character category
    /// (a letter; a digit, or `A` as in `QA0`; a letter or digit), then an optional dot and up to
    /// four more letters or digits, with `X` as the placeholder. `E11.9`, `e119` and `T36.0X1A` are
    /// accepted; findings show the canonical dotted form.
    ///
    /// ## Why is this bad?
    /// A malformed code is rejected by every payer edit, so the claim is denied or suspended, and
    /// the diagnosis is lost from quality measures and statistics. ICD-9-CM codes after 2015-10-01
    /// are a frequent cause.
    ///
    /// ## Example
    /// `E11-9` (a hyphen), `250.00` (ICD-9-CM), `E1.19` (dot in the wrong place).
    ///
    /// ## How to fix
    /// Look the condition up in the ICD-10-CM index and tabular list and enter the complete code;
    /// never shorten or pad a code to make it fit.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A (conventions)
    /// - CMS Medicare Code Editor, edit 1 (invalid diagnosis or procedure code)
    pub static MALFORMED_ICD10CM_CODE = {
        id: "K301",
        name: "malformed-icd10cm-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every ICD-10-CM code whose text is not shaped like a code (a slip of spelling that
/// `non-canonical-code` reports, like `Z79,899`, is left to it), and every WHO ICD-10 code not
/// shaped like one.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    // The diagnoses' texts are known from their facts: the others are looked at here.
    let looked = !facts.has_beyond_diagnoses(CodeSystem::Icd10cm);
    if looked && !facts.diagnoses().summary.text.has(TextFlags::MALFORMED) {
        return check_who(facts, cx);
    }
    for field in facts.codes_of(CodeSystem::Icd10cm) {
        let text = field.value();
        if icd10cm::is_well_formed(text)
            || system::respelled(text).is_some_and(|(fixed, _)| icd10cm::is_well_formed(&fixed))
        {
            continue;
        }
        if let Err(why) = icd10cm::canonical(text) {
            cx.emit_field(&MALFORMED_ICD10CM_CODE, field, format!("diagnosis {text:?} {why}"));
        }
    }
    check_who(facts, cx);
}

/// Reports every WHO ICD-10 code not shaped like one.
fn check_who(facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Icd10) {
        if !who_shaped(field.value()) {
            let msg = format!(
                "ICD-10 code {:?} is not shaped like a WHO ICD-10 code (a letter, two digits, then a dot and up to four more)",
                field.value()
            );
            cx.emit_field(&MALFORMED_ICD10CM_CODE, field, msg);
        }
    }
}

/// A WHO ICD-10 code or a national modification's (`K35.8`, `U07.1`, `E10.9†`, `G63.2*`).
fn who_shaped(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['†', '*', '+', '!']);
    let b = text.as_bytes();
    let (head, tail) = match text.split_once('.') {
        Some((h, t)) => (h.as_bytes(), t.as_bytes()),
        None => (b, &b""[..]),
    };
    head.len() == 3
        && head[0].is_ascii_alphabetic()
        && head[1..].iter().all(u8::is_ascii_digit)
        && tail.len() <= 4
        && tail.iter().all(u8::is_ascii_alphanumeric)
        && (tail.is_empty() != text.contains('.'))
}
