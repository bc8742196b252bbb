use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that a CSV header has a column for every field the profile requires. Reported once
    /// for the file instead of once for every row.
    ///
    /// ## Why is this bad?
    /// Every record in the file lacks the field: a claim without a principal diagnosis or a
    /// registration without a birth date cannot be processed or matched.
    ///
    /// ## Example
    /// The profile requires `birth_date` and the header is `mrn,name,sex,admit_date`.
    ///
    /// ## How to fix
    /// Add the column to the export, or tell the profile which existing column holds the field
    /// (`"columns": {"DOB_TXT": "birth_date"}`).
    ///
    /// ## References
    /// - CMS UB-04 (CMS-1450) data specifications, form locators 8–17, 67
    pub static REQUIRED_COLUMN_MISSING = {
        id: "C102",
        name: "required-column-missing",
        family: Completeness,
        severity: Error,
        kind: Parser,
    }
}
