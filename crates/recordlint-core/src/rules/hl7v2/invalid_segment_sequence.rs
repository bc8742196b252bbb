use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the order and number of segments against the abstract message syntax of ADT^A01 to
    /// ADT^A08, ORU^R01 and DFT^P03: a required segment missing (EVN, PID, PV1, OBR, FT1), a
    /// segment out of its place, or a segment repeated that may occur once. Z-segments (local
    /// extensions) are allowed anywhere; other message types are not checked. In every message,
    /// a line that is no segment at all (no three-character segment id before the field
    /// separator: a line break inside a field, or text pasted between messages) is reported once
    /// per message and not read.
    ///
    /// ## Why is this bad?
    /// Receivers parse messages by their structure: a DG1 before PV1 or a second PID is either
    /// rejected or attached to the wrong visit or patient.
    ///
    /// ## Example
    /// `MSH, EVN, PID, DG1, PV1` in an ADT^A01 (DG1 belongs after PV1), or an ADT^A01 without PV1;
    /// `OBR|1|…|008342^UPPER RESPIRATORY` followed by a line `CULTURE^L|||1998…`.
    ///
    /// ## How to fix
    /// Fix the interface mapping that builds the message so that segments come in the order of
    /// the standard; add the missing required segment; remove line breaks inside fields (or
    /// escape them as `\.br\`).
    ///
    /// ## References
    /// - HL7 v2.5.1, Chapter 3 (ADT message structures), Chapter 6 (DFT^P03),
    ///   Chapter 7 (ORU^R01)
    pub static INVALID_SEGMENT_SEQUENCE = {
        id: "H104",
        name: "invalid-segment-sequence",
        family: Hl7v2,
        severity: Error,
        kind: Parser,
    }
}
