use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks coded fields against the HL7 v2.5 tables: PID-8 administrative sex (table 0001),
    /// PV1-2 patient class (0004), PV1-36 discharge disposition (0112) and DG1-6 diagnosis type
    /// (0052). These tables are user-defined in HL7, so a site may extend them: the finding is a
    /// warning. PV1-36 carries the UB-04 patient discharge status in the US (`50` hospice, `62`
    /// rehabilitation facility…, beyond table 0112's 01–42): a one- or two-digit value is left to
    /// rule K316, which checks it against the UB-04 list by date.
    ///
    /// ## Why is this bad?
    /// A value outside the table is mapped differently by each receiver (or not at all): sex-based
    /// code edits, inpatient/outpatient statistics and discharge-status billing rules go wrong.
    ///
    /// ## Example
    /// `PID-8` = `Male`, `PV1-2` = `IP`, `DG1-6` = `P`.
    ///
    /// ## How to fix
    /// Map local values to the table in the sending interface (`Male` → `M`, `IP` → `I`), or, if
    /// the site really extended the table, turn this rule off or down in the profile.
    ///
    /// ## References
    /// - HL7 v2.5.1, Appendix A (tables 0001, 0004, 0052, 0112)
    /// - NUBC UB-04 Data Specifications Manual, form locator 17 (patient discharge status)
    pub static CODE_NOT_IN_HL7_TABLE = {
        id: "H106",
        name: "code-not-in-hl7-table",
        family: Hl7v2,
        severity: Warning,
        kind: Parser,
    }
}
