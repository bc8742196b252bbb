use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks values against their HL7 v2 data type: DT (`YYYY[MM[DD]]`), DTM/TS
    /// (`YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`), NM (a number: optional sign, digits, one
    /// decimal point) and SI (a set id: a positive whole number). Dates that are not dates at all
    /// (February 30, month 13) are left to rule D202.
    ///
    /// ## Why is this bad?
    /// A birth date written `1980-02-01` or `02/01/1980` in PID-7 is rejected by strict receivers
    /// and misread by lenient ones; a result value `12,5` in a numeric OBX cannot be graphed or
    /// compared with reference ranges.
    ///
    /// ## Example
    /// `PID-7` = `02/01/1980`; `OBX-5` = `<5.0` with `OBX-2` = `NM` (use `SN`); `DG1-1` = `A`.
    ///
    /// ## How to fix
    /// Format dates as `YYYYMMDD[HHMM…]`, numbers with a point and no units, and set ids as 1, 2,
    /// 3 …; for values with comparators use the SN data type.
    ///
    /// ## References
    /// - HL7 v2.5.1, Chapter 2A (data types DT, DTM, TS, NM, SI)
    pub static MALFORMED_HL7_VALUE = {
        id: "H105",
        name: "malformed-hl7-value",
        family: Hl7v2,
        severity: Error,
        kind: Parser,
    }
}
