use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for two CSV columns that hold the same field, such as `dob` and `birth_date`, or the
    /// same header written twice. The first one is used.
    ///
    /// ## Why is this bad?
    /// When the two columns disagree, which one is right is a guess; downstream systems may pick
    /// the other one.
    ///
    /// ## Example
    /// Header `mrn,dob,name,birth_date`.
    ///
    /// ## How to fix
    /// Remove the extra column from the export, or map it to another field in the profile's
    /// `columns`.
    ///
    /// ## References
    /// - AHIMA, Data Quality Management Model: data definition and consistency
    pub static DUPLICATE_COLUMN = {
        id: "S105",
        name: "duplicate-column",
        family: Structure,
        severity: Warning,
        kind: Parser,
    }
}
