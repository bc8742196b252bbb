use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that the file is UTF-8 text. Bytes that are not UTF-8 are read as Windows-1252 (the
    /// usual encoding of older exports) and reported once, at the first place they occur.
    ///
    /// ## Why is this bad?
    /// A name like `José` saved in another encoding becomes `JosÃ©` or `Jos�` downstream, so
    /// patient matching fails and duplicate records are created in the master patient index.
    ///
    /// ## Example
    /// A name field holding byte `0xE9` (`é` in Windows-1252), which is not valid UTF-8.
    ///
    /// ## How to fix
    /// Export or save the file as UTF-8 ("CSV UTF-8" in spreadsheet programs).
    ///
    /// ## References
    /// - RFC 3629, UTF-8, a transformation format of ISO 10646
    pub static UNDECODABLE_BYTES = {
        id: "S104",
        name: "undecodable-bytes",
        family: Structure,
        severity: Warning,
        kind: Parser,
    }
}
