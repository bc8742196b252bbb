use crate::codes::npi;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every provider NPI (the attending's, and every identifier or coding with the NPI
    /// system: FHIR `http://hl7.org/fhir/sid/us-npi`, HL7 assigning authority `NPI`) is ten digits beginning with 1 or 2 and that its last digit is
    /// the Luhn check digit computed over the prefix 80840 and the first nine digits.
    ///
    /// ## Why is this bad?
    /// A claim with an invalid NPI is rejected before adjudication; a transposed digit usually
    /// breaks the check digit, so the error is caught here before the payer sees it.
    ///
    /// ## Example
    /// `attending_npi` = `1234567890` (the check digit should be 3).
    ///
    /// ## How to fix
    /// Look the provider up in the NPPES NPI Registry and copy the number exactly.
    ///
    /// ## References
    /// - 45 CFR 162.406, Standard unique health identifier for health care providers
    /// - CMS, Requirements for the NPI check digit (Luhn formula with prefix 80840)
    pub static INVALID_NPI = {
        id: "K302",
        name: "invalid-npi",
        family: Codes,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports every NPI of the record (the attending's, and every provider identifier with the NPI
/// system) that fails its format or check digit.
pub fn check(_record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    for field in facts.codes_of(CodeSystem::Npi) {
        if let Err(why) = npi::validate(field.value()) {
            cx.emit_field(&INVALID_NPI, field, format!("NPI {:?} {why}", field.value()));
        }
    }
}
