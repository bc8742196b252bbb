use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a file with no records: no bytes at all, only blank lines, or only a header row.
    ///
    /// ## Why is this bad?
    /// An empty export usually means the extract failed or selected nothing; sending it on as
    /// "validated" hides the failure.
    ///
    /// ## Example
    /// A CSV that holds just `mrn,name,dob,sex`.
    ///
    /// ## How to fix
    /// Re-run the export and check its date range and filters.
    ///
    /// ## References
    /// - AHIMA, Data Quality Management Model: data accessibility and completeness
    pub static EMPTY_FILE = {
        id: "S103",
        name: "empty-file",
        family: Structure,
        severity: Error,
        kind: Parser,
    }
}
