use crate::codes::hcpcs;
use crate::codes::service_date::ServiceDate;
use crate::codes::RecordFacts;
use crate::model::{CodeSystem, Record};
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every well-formed HCPCS Level II code is in the HCPCS file of the outpatient
    /// code editor (IOCE v27.1, 2026-04-01) and valid on the date of service (the discharge
    /// date, else the admission date): not before its approval date and not after its
    /// termination date, where the file gives them. The file gives no date a code was added
    /// (the IOCE row of G0438, in use since 2011, starts in 2023), so a code without an approval
    /// date counts as valid on any date before its termination. The bundled file lists the codes
    /// of 2026-04-01: a code deleted before then is reported as unknown, hence a warning, and
    /// not at all on dates before the file's data begins (2019-07-01), of which it knows nothing.
    ///
    /// ## Why is this bad?
    /// A deleted or not-yet-valid code is rejected by the IOCE and the line is not paid; codes
    /// change every quarter, so old charge masters are a frequent source.
    ///
    /// ## Example
    /// `J0001` (no such code); `C9818` (approved 2026-01-23) on a service of 2025-06-01;
    /// `G2000` (terminated 2026-12-31) on a service of 2027-01-01.
    ///
    /// ## How to fix
    /// Look the item up in the HCPCS file of the quarter of service and update the charge
    /// master entry it came from.
    ///
    /// ## References
    /// - CMS HCPCS quarterly update files
    /// - CMS Integrated Outpatient Code Editor (IOCE) specifications, edit 6 (invalid procedure)
    pub static UNKNOWN_HCPCS_CODE = {
        id: "K315",
        name: "unknown-hcpcs-code",
        family: Codes,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports HCPCS codes not in the bundled file on the date of service.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    if !facts.has(CodeSystem::Hcpcs) {
        return;
    }
    let table = facts.tables().hcpcs();
    let mut date = None;
    for (code, canonical) in hcpcs::procedures(record) {
        let Ok(canonical) = canonical else { continue };
        let on = *date.get_or_insert_with(|| ServiceDate::of(record, table));
        if let Some(why) = hcpcs::invalid_because(table, &canonical, on.date, &on) {
            cx.emit_field(&UNKNOWN_HCPCS_CODE, &code.field, why);
        }
    }
}
