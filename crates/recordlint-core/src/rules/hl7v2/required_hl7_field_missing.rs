use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks fields the HL7 v2 standard requires: MSH-9 (message type), MSH-10 (control id),
    /// MSH-12 (version), PID-3 (patient identifiers), PID-5 (patient name), PV1-2 (patient class)
    /// and OBX-11 (result status). When the profile requires the same data (an MRN, a name), rule
    /// C101 reports it instead, at the same place, so it is not reported twice.
    ///
    /// ## Why is this bad?
    /// The receiver rejects the message with an application error (AE/AR acknowledgment) or,
    /// worse, files results under an unidentified patient.
    ///
    /// ## Example
    /// `MSH|^~\&|LAB|HOSP|||20260304||ORU^R01||P|2.5` (MSH-10, the control id, is empty).
    ///
    /// ## How to fix
    /// Configure the sending interface to fill the field; for PID-3 and PID-5 fix the
    /// registration in the source system and resend.
    ///
    /// ## References
    /// - HL7 v2.5.1, Chapter 2 (MSH), Chapter 3 (PID, PV1), Chapter 7 (OBX): field optionality "R"
    pub static REQUIRED_HL7_FIELD_MISSING = {
        id: "H103",
        name: "required-hl7-field-missing",
        family: Hl7v2,
        severity: Error,
        kind: Parser,
    }
}
