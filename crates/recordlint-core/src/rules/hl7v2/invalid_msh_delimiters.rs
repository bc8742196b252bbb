use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the delimiters an MSH segment declares: MSH-1 (the field separator, usually `|`) and
    /// MSH-2 (component, repetition, escape and subcomponent characters, usually `^~\&`) must be
    /// distinct, not letters or digits, and MSH-2 must have 4 characters (5 from v2.7, with the
    /// truncation character). The message is not read further.
    ///
    /// ## Why is this bad?
    /// Every field of the message is split with these characters: wrong ones shift or merge all
    /// the values, so nothing in the message can be trusted.
    ///
    /// ## Example
    /// `MSH|^~|ADT1|…` (MSH-2 too short) or `MSH|^~\^|…` (the same character twice).
    ///
    /// ## How to fix
    /// Fix the interface's encoding characters to `|^~\&` (the HL7 recommended set) and resend.
    ///
    /// ## References
    /// - HL7 v2.5.1, Chapter 2, section 2.5.4 (message delimiters), MSH-1 and MSH-2
    pub static INVALID_MSH_DELIMITERS = {
        id: "H102",
        name: "invalid-msh-delimiters",
        family: Hl7v2,
        severity: Error,
        kind: Parser,
    }
}
