use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that a FHIR file is well-formed UTF-8 JSON: a single resource or Bundle, or NDJSON
    /// with one resource per line. The first syntax error is reported with its line and column
    /// (for NDJSON: each bad line once) and says what was expected there. The entries of a
    /// Bundle before the error are still checked.
    ///
    /// ## Why is this bad?
    /// A FHIR server or bulk-data importer rejects the whole file (or the whole line) at the first
    /// syntax error, so none of the records in it arrive. A truncated download or an export that
    /// stopped half-way looks exactly like this.
    ///
    /// ## Example
    /// A Bundle that ends after `"birthDate": "1980-` (the download was cut off), or a name saved
    /// as Windows-1252 (`Jos\xE9`) inside JSON, which must be UTF-8.
    ///
    /// ## How to fix
    /// Export or download the file again; if it was edited by hand, fix the reported line
    /// (a missing comma or brace is the usual cause) and save it as UTF-8.
    ///
    /// ## References
    /// - RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format
    /// - HL7 FHIR R4, JSON representation (http://hl7.org/fhir/R4/json.html)
    /// - HL7 FHIR Bulk Data Access, NDJSON output (http://hl7.org/fhir/uv/bulkdata/)
    pub static INVALID_JSON = {
        id: "F101",
        name: "invalid-json",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
