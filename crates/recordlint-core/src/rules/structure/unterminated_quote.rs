use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a quoted CSV field whose closing quote never comes.
    ///
    /// ## Why is this bad?
    /// Everything after the opening quote, to the end of the file, is read as one field: every
    /// later record is lost to the import without any other error.
    ///
    /// ## Example
    /// `1002,"Smith, John,1975-06-30,M` — the quote before `Smith` is never closed.
    ///
    /// ## How to fix
    /// Close the quote at the end of the value (`"Smith, John"`), or double a quote that is part of
    /// the text (`"5"" 2'"`), then validate again.
    ///
    /// ## References
    /// - RFC 4180, Common Format and MIME Type for CSV Files, section 2 (rules 5–7)
    pub static UNTERMINATED_QUOTE = {
        id: "S102",
        name: "unterminated-quote",
        family: Structure,
        severity: Error,
        kind: Parser,
    }
}
