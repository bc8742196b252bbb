use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that references inside a Bundle lead somewhere: a `urn:uuid:` or `urn:oid:`
    /// reference must be the `fullUrl` of an entry, and in a `collection` or `document` Bundle a
    /// relative reference such as `Patient/123` must be an entry of that type and id. (In
    /// transactions, batches and search results `Type/id` may point at the server, so those are
    /// not reported.)
    ///
    /// ## Why is this bad?
    /// A visit whose patient reference leads nowhere belongs to nobody: the transaction fails, or
    /// the encounter, its diagnoses and its claim are filed without a patient.
    ///
    /// ## Example
    /// `"subject": {"reference": "urn:uuid:5cbc121b-cd71-4428-b8b7-31e53eba8184"}` when no entry
    /// has that fullUrl.
    ///
    /// ## How to fix
    /// Include the referenced resource in the Bundle, or correct the reference to the `fullUrl`
    /// (or `Type/id`) of the entry it means.
    ///
    /// ## References
    /// - HL7 FHIR R4, Bundle: resolving references in Bundles
    ///   (http://hl7.org/fhir/R4/bundle.html#references)
    pub static UNRESOLVED_REFERENCE = {
        id: "F106",
        name: "unresolved-reference",
        family: Structure,
        severity: Error,
    }
}
