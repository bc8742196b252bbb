use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that the input is text at all: a UTF-16 file or a binary file (a spreadsheet
    /// workbook, a ZIP archive, a PDF) is reported and not read further.
    ///
    /// ## Why is this bad?
    /// Nothing in it can be checked; a workbook saved instead of a CSV export is the usual cause,
    /// and sending it on means the receiving system rejects the whole batch.
    ///
    /// ## Example
    /// A file that begins with `PK\x03\x04` (an .xlsx workbook) renamed to `.csv`.
    ///
    /// ## How to fix
    /// Export the data as CSV (UTF-8), FHIR JSON or HL7 v2 text, then validate that file.
    ///
    /// ## References
    /// - RFC 4180, Common Format and MIME Type for CSV Files (text/csv)
    pub static BINARY_FILE = {
        id: "S106",
        name: "binary-file",
        family: Structure,
        severity: Error,
        kind: Parser,
    }
}
