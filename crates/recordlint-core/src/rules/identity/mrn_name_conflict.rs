use crate::rules::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that every record with the same MRN names the same person. Names count as the
    /// same when the given names match, are a nickname and its formal name (Bob/Robert), differ
    /// by a typo, or one is an initial; a changed family name alone (marriage) is not flagged.
    ///
    /// ## Why is this bad?
    /// One MRN under two clearly different names is an overlay: two people's care in one
    /// record. Twins and family members registered under each other's number are the usual cause.
    ///
    /// ## Example
    /// Row 2: MRN 1001, `Smith, Jane`; row 5: MRN 1001, `Smith, John`.
    ///
    /// ## How to fix
    /// Check both encounters' registration documents. If two patients, give the wrong one their
    /// own MRN and move the encounter (MPI overlay procedure); if one, correct the name.
    ///
    /// ## References
    /// - AHIMA, Fundamentals for Building a Master Patient Index / Enterprise MPI (2010)
    /// - ECRI Institute, Patient Identification: Top 10 Patient Safety Concerns (2016)
    pub static MRN_NAME_CONFLICT = {
        id: "X403",
        name: "mrn-name-conflict",
        family: Identity,
        severity: Error,
        kind: CrossRecord,
    }
}

/// The message for MRN `mrn` named `seen` here but `known` at `first`.
pub(crate) fn message(mrn: &str, known: &str, first: &str, seen: &str) -> String {
    format!("MRN {mrn} is {seen:?} here but {known:?} at {first}: possible overlay of two patients")
}
