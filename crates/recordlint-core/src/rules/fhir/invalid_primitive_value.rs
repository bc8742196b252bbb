use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks FHIR primitive values against the R4 definitions: `date`, `dateTime` and `instant`
    /// (`YYYY-MM-DD`, with `T`, time and zone for dateTime and instant), `id` (1–64 letters, digits,
    /// `-` and `.`), `code` (no leading, trailing or double blanks), `uri` (no blanks), `decimal`,
    /// `positiveInt` and `boolean` written as JSON numbers and booleans, and strings where strings
    /// belong. Dates that are not dates at all are left to rule D202.
    ///
    /// ## Why is this bad?
    /// A FHIR server rejects the resource; a date written `20260304` or `03/04/2026` is read
    /// differently (or not at all) by each receiver, and length of stay and age go wrong.
    ///
    /// ## Example
    /// `"birthDate": "19800201"`, `"start": "2026-03-04 10:00"`, `"value": "12.5"` (a string where
    /// a decimal number belongs), `"id": "patient 1"`.
    ///
    /// ## How to fix
    /// Write the value in the R4 format: `1980-02-01`, `2026-03-04T10:00:00-05:00`, `12.5` without
    /// quotes, ids without blanks.
    ///
    /// ## References
    /// - HL7 FHIR R4, Data Types: primitive types and their regular expressions
    ///   (http://hl7.org/fhir/R4/datatypes.html#primitive)
    pub static INVALID_PRIMITIVE_VALUE = {
        id: "F104",
        name: "invalid-primitive-value",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
