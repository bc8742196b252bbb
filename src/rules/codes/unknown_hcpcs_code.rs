use crate::codes::hcpcs;
use crate::codes::tables::{invalid_on_service_date, HCPCS};
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every well-formed HCPCS Level II code is in the HCPCS file of the outpatient
    /// code editor (IOCE v27.1, 2026-04-01) and valid on the date of service (the discharge
    /// date, else the admission date). The bundled file lists the codes of 2026-04-01: a code
    /// deleted before then is reported as unknown, hence a warning.
    ///
    /// ## Why is this bad?
    /// A deleted or not-yet-valid code is rejected by the IOCE and the line is not paid; codes
    /// change every quarter, so old charge masters are a frequent source.
    ///
    /// ## Example
    /// `G9999` (no such code); `C9818` (approved 2026-01) on a service of 2025-06-01.
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
    }
}

/// Reports HCPCS codes not in the bundled file on the date of service.
pub fn check(record: &Record, cx: &mut Checker) {
    let codes = hcpcs::procedures(record);
    for (code, why) in invalid_on_service_date(HCPCS.get(), record, codes, "HCPCS Level II") {
        cx.emit(&UNKNOWN_HCPCS_CODE, code.field.at.clone(), why);
    }
}
