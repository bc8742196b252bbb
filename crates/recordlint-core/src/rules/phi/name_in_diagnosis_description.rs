use crate::codes::RecordFacts;
use crate::deid::category::Category;
use crate::deid::category::mask;
use crate::deid::detect;
use crate::deid::tokens::is_token;
use crate::model::{Record, TextKind};
use crate::rules::phi::scan::{each_hit, emit, texts};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks a diagnosis's words (a CSV description column, DG1-4, `Condition.code.text`) for a
/// person's name: the patient's given and family names both, a name after a title (`Mrs. Alvarez`)
/// or after a label (`patient: Jane Doe`). An eponym (`Parkinson disease`) alone is no name.
    ///
    /// ## Why is this bad?
    /// A name is Safe Harbor identifier (A). A diagnosis description is shared with every claim, code
/// set and registry extract, so a name typed into it spreads the patient's identity with the
/// diagnosis.
    ///
    /// ## Example
    /// A CSV `dx_description` of `Jane Doe - type 2 diabetes` for patient Doe, Jane.
    ///
    /// ## How to fix
    /// Keep the description to the diagnosis; the patient is named in the patient fields.
    ///
    /// ## References
    /// - 45 CFR 164.514(b)(2)(i)(A): the Safe Harbor identifiers
    /// - HHS OCR, Guidance Regarding Methods for De-identification of Protected Health Information
    ///   in Accordance with the HIPAA Privacy Rule (2012), section 3.10 (free text)
    pub static NAME_IN_DIAGNOSIS_DESCRIPTION = {
        id: "P509",
        name: "name-in-diagnosis-description",
        family: Phi,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each diagnosis description that names a person (masked).
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    if texts(record, &[TextKind::DiagnosisText]).next().is_none() {
        return;
    }
    let mut found = Vec::new();
    each_hit(record, &[TextKind::DiagnosisText], |text, seen, hit| {
        if hit.category == Category::Name {
            found.push((text.field.at.clone(), mask(&seen[hit.range.clone()])));
        }
    });
    if let Some((family, given)) = record.patient.name.as_ref().and_then(|n| name_parts(n.value())) {
        for text in texts(record, &[TextKind::DiagnosisText]) {
            let seen = &text.field.text;
            if !detect::occurrences(seen, family).is_empty() && !detect::occurrences(seen, given).is_empty() {
                found.push((text.field.at.clone(), mask(&format!("{given} {family}"))));
            }
        }
    }
    for (at, shown) in found {
        emit(cx, &NAME_IN_DIAGNOSIS_DESCRIPTION, at, TextKind::DiagnosisText, Category::Name, shown);
    }
}

/// The family and first given name of a name written `Family, Given` or `Given Family`.
fn name_parts(name: &str) -> Option<(&str, &str)> {
    let (family, given) = match name.split_once(',') {
        Some((family, given)) => (family.trim(), given.split_whitespace().next()?),
        None => {
            let mut words = name.split_whitespace();
            let given = words.next()?;
            (words.last()?, given)
        }
    };
    let real = |w: &str| w.len() >= 2 && !is_token(w);
    (real(family) && real(given)).then_some((family, given))
}
