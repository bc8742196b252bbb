use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for ICD-10-PCS procedures that Medicare covers only in limited circumstances (MCE
    /// limited-coverage list, such as some transplants and device implants), as in force on the
    /// date of service.
    ///
    /// ## Why is this bad?
    /// Payment depends on conditions outside the codes (an approved centre, a clinical trial,
    /// specific criteria); the claim is reviewed and may be partly denied.
    ///
    /// ## Example
    /// A procedure on the MCE limited-coverage list on a Medicare inpatient claim.
    ///
    /// ## How to fix
    /// Check that the coverage conditions are met and documented before the claim is billed.
    ///
    /// ## References
    /// - CMS Definitions of Medicare Code Edits, edit 17 (Limited coverage)
    pub static LIMITED_COVERAGE_PROCEDURE = {
        id: "K321",
        name: "limited-coverage-procedure",
        family: Codes,
        severity: Info,
        kind: Record(check),
    }
}

/// Reports procedures on the MCE limited-coverage list.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.procedures().summary.marked(Mark::LimitedCoverage) {
        return;
    }
    for v in facts.valid_procedures() {
        if v.fact.has(Mark::LimitedCoverage) {
            let msg = format!("{} has limited Medicare coverage (MCE edit 17)", v.fact.text);
            cx.emit_field(&LIMITED_COVERAGE_PROCEDURE, &v.code(record).field, msg);
        }
    }
}
