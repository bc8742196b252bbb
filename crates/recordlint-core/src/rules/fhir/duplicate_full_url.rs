use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that no two entries of a Bundle have the same `fullUrl`, unless their resources
    /// carry different `meta.versionId`s (two versions of one resource, as bdl-7 allows). History
    /// Bundles, which list versions of one resource, are exempt; a Bundle held in an entry of
    /// another is checked on its own.
    ///
    /// ## Why is this bad?
    /// References to that URL become ambiguous: an encounter may be attached to the wrong patient,
    /// and a transaction containing both entries is rejected.
    ///
    /// ## Example
    /// Entries 2 and 7 both have `"fullUrl": "urn:uuid:0b1d…"` and no `meta.versionId`.
    ///
    /// ## How to fix
    /// Give every entry its own identifier (a fresh UUID), or remove the duplicated entry.
    ///
    /// ## References
    /// - HL7 FHIR R4, Bundle invariant bdl-7 (fullUrl must be unique in a bundle, or else
    ///   entries with the same fullUrl must have different meta.versionId, except in history
    ///   bundles)
    ///   (http://hl7.org/fhir/R4/bundle.html#invs)
    pub static DUPLICATE_FULL_URL = {
        id: "F107",
        name: "duplicate-full-url",
        family: Fhir,
        severity: Error,
        kind: Parser,
    }
}
