use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that HL7 v2 content is made of messages that each begin with an MSH segment:
    /// segments before the first MSH (other than batch headers FHS/BHS), text that is no segment
    /// at all before it (a line of prose above the messages), or a file with no MSH at all, are
    /// reported once per run of such lines.
    ///
    /// ## Why is this bad?
    /// Without MSH a receiver knows neither the delimiters nor the message type, so it rejects the
    /// segments; the patient and visit data in them are lost.
    ///
    /// ## Example
    /// A file that begins with `PID|1||12345^^^HOSP^MR|…` because the MSH line was cut off, or
    /// with `Sample lines example 1:` above the first `MSH|^~\&|…`.
    ///
    /// ## How to fix
    /// Export the messages again with their headers, or restore the MSH segment from the
    /// interface engine's log; remove text that is not HL7 from the file.
    ///
    /// ## References
    /// - HL7 v2.5.1, Chapter 2, section 2.5 (message construction) and 2.14.9 (MSH)
    pub static MISSING_MSH_SEGMENT = {
        id: "H101",
        name: "missing-msh-segment",
        family: Hl7v2,
        severity: Error,
        kind: Parser,
    }
}
