use crate::codes::RecordFacts;
use crate::codes::code_fact::TextFlags;
use crate::codes::{icd10cm, system};
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for ICD-10-CM, ICD-10-PCS, CPT and HCPCS codes written with a slip that leaves no
    /// doubt about the code: lowercase letters, punctuation after the code (`E11.9.`), or a comma
    /// where the dot belongs (`Z79,899`, which a list split on commas would read as two codes).
    /// The finding gives the canonical form.
    ///
    /// ## Why is this bad?
    /// Code edits and terminology servers compare codes exactly: `e11.9` or `E11.9.` does not
    /// match E11.9, and a comma splits one code into two wrong ones in many exports.
    ///
    /// ## Example
    /// `Z79,899`, `e11.9`, `0016070.`.
    ///
    /// ## How to fix
    /// Write the code as the finding shows (uppercase, the dot after the third character of an
    /// ICD-10-CM code, nothing after it).
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A (conventions)
    /// - CMS Claims Processing Manual, Chapter 23 (code formats)
    pub static NON_CANONICAL_CODE = {
        id: "K326",
        name: "non-canonical-code",
        family: Codes,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports every code written with a fixable slip, with its canonical form.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for system in [CodeSystem::Icd10cm, CodeSystem::Icd10pcs, CodeSystem::Cpt, CodeSystem::Hcpcs] {
        // The texts of diagnoses and procedures are known from their facts.
        let known = match system {
            CodeSystem::Icd10cm => (!facts.has_beyond_diagnoses(system)).then(|| facts.diagnoses().summary),
            CodeSystem::Icd10pcs => (!facts.has_beyond_procedures(system)).then(|| facts.procedures().summary),
            _ => None,
        };
        if known.is_some_and(|s| !s.text.has(TextFlags::RESPELL)) {
            continue;
        }
        for field in facts.codes_of(system) {
            let Some((fixed, why)) = system::respelled(field.value()) else { continue };
            if system::well_formed(system, &fixed) {
                let fixed = match system {
                    CodeSystem::Icd10cm => icd10cm::canonical(&fixed).unwrap_or(fixed),
                    _ => fixed,
                };
                let label = system.label();
                let msg = format!("{label} code {:?} {why}; write {fixed}", field.value());
                cx.emit_field(&NON_CANONICAL_CODE, field, msg);
            }
        }
    }
}
