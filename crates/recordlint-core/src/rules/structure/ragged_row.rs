use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that every CSV row has as many fields as the header row.
    ///
    /// ## Why is this bad?
    /// A missing or extra delimiter shifts every value after it into the wrong column: a
    /// discharge date lands in the diagnosis column, a payer in the NPI column. Nothing in the row
    /// can be trusted, and an import into the billing system either fails or silently misfiles it.
    ///
    /// ## Example
    /// Header `mrn,name,dob,sex` and row `1001,"Doe, Jane",1980-02-01` (3 fields, 4 expected).
    ///
    /// ## How to fix
    /// Open the row in a text editor, find the missing or extra comma (often an unquoted comma in a
    /// name or address) and quote the value or re-export the file.
    ///
    /// ## References
    /// - RFC 4180, Common Format and MIME Type for CSV Files, section 2 (rule 4)
    pub static RAGGED_ROW = {
        id: "S101",
        name: "ragged-row",
        family: Structure,
        severity: Error,
        kind: Parser,
    }
}
