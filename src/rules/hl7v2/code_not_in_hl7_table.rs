use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks coded fields against the HL7 v2.5 tables: PID-8 administrative sex (table 0001),
    /// PV1-2 patient class (0004), PV1-36 discharge disposition (0112) and DG1-6 diagnosis type
    /// (0052). These tables are user-defined in HL7, so a site may extend them: the finding is a
    /// warning.
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
    pub static CODE_NOT_IN_HL7_TABLE = {
        id: "H106",
        name: "code-not-in-hl7-table",
        family: Structure,
        severity: Warning,
    }
}
