use crate::codes::system;
use crate::codes::RecordFacts;
use crate::model::{Code, CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for diagnosis and procedure codes whose system is not named (a CSV cell, an HL7
    /// field without its coding system) and whose shape fits none of the systems that field
    /// holds: a procedure that is not shaped like ICD-10-PCS (7 characters), CPT (5 digits, or 4
    /// and `F`/`T`/`U`/`M`) or HCPCS Level II (a letter and 4 digits). The finding says what the
    /// code resembles.
    ///
    /// ## Why is this bad?
    /// A code no payer can read is no code: the service is not billed, or the claim is rejected
    /// at the front end.
    ///
    /// ## Example
    /// A procedure cell `9921` (a CPT code with a digit missing), `E11.9` in a procedure column.
    ///
    /// ## How to fix
    /// Find the code in the source document and enter it completely, in the column for its kind.
    ///
    /// ## References
    /// - CMS Claims Processing Manual, Chapter 23 (HCPCS Level I and II, ICD-10-PCS)
    pub static UNRECOGNIZED_CODE = {
        id: "K325",
        name: "unrecognized-code",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every diagnosis or procedure code that fits no code system its field holds.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.has(CodeSystem::Unrecognized) {
        return;
    }
    let what = |c: &Code| c.system == CodeSystem::Unrecognized && !c.field.is_blank();
    for code in record.diagnoses().filter(|c| what(c)) {
        let text = code.field.value();
        let msg = format!(
            "diagnosis {text:?} is not shaped like an ICD-10-CM code; it resembles {}",
            system::resembles(text)
        );
        cx.emit_field(&UNRECOGNIZED_CODE, &code.field, msg);
    }
    for code in record.procedures.iter().filter(|c| what(c)) {
        let text = code.field.value();
        let msg = format!(
            "procedure {text:?} is not shaped like an ICD-10-PCS, CPT or HCPCS code; it resembles {}",
            system::resembles(text)
        );
        cx.emit_field(&UNRECOGNIZED_CODE, &code.field, msg);
    }
}
