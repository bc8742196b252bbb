use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that references inside a Bundle lead to an entry where FHIR R4 requires it, by the
    /// Bundle's `type`:
    /// - `document`: every reference must resolve within the Bundle (the document carries what
    ///   its Composition and entries refer to); a relative reference such as `Patient/123` in an
    ///   entry whose `fullUrl` is a server's URL may mean that server and is not reported.
    /// - `transaction`, `batch`, `message`: a `urn:uuid:` or `urn:oid:` reference must be the
    ///   `fullUrl` of an entry (relative references point at the server).
    /// - `collection`, `searchset`, `history` and the responses need not hold what they refer to:
    ///   a `urn:` reference that matches no entry is an info finding, others are not reported.
    ///
    /// A Bundle held in an entry of another is judged by its own type.
    ///
    /// ## Why is this bad?
    /// A visit whose patient reference leads nowhere belongs to nobody: the transaction fails, or
    /// the encounter, its diagnoses and its claim are filed without a patient; a document whose
    /// author or subject is not in it cannot be read on its own, as a document must be.
    ///
    /// ## Example
    /// `"subject": {"reference": "urn:uuid:5cbc121b-cd71-4428-b8b7-31e53eba8184"}` in a transaction
    /// when no entry has that fullUrl.
    ///
    /// ## How to fix
    /// Include the referenced resource in the Bundle, or correct the reference to the `fullUrl`
    /// (or `Type/id`) of the entry it means.
    ///
    /// ## References
    /// - HL7 FHIR R4, Bundle: resolving references in Bundles
    ///   (http://hl7.org/fhir/R4/bundle.html#references)
    /// - HL7 FHIR R4, Documents: document content (http://hl7.org/fhir/R4/documents.html)
    pub static UNRESOLVED_REFERENCE = {
        id: "F106",
        name: "unresolved-reference",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
