use crate::rules::declare_rule;
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Checks that every record with the same MRN gives the same birth date, across all records
    /// of the file (and all files checked in one run).
    ///
    /// ## Why is this bad?
    /// One MRN with two birth dates is the classic sign of an overlay: two patients' information
    /// in one medical record. Care decided on the wrong history harms patients; the record must
    /// be split, and every claim and release of information made from it reviewed.
    ///
    /// ## Example
    /// Row 2: MRN 1001, born 1980-02-01; row 9: MRN 1001, born 1980-03-01.
    ///
    /// ## How to fix
    /// Pull both encounters' registration documents (ID, insurance card) and decide whether they
    /// are one patient. If two, correct the MRN of the wrong one and follow the MPI overlay
    /// procedure; if one, correct the birth date that was keyed wrong.
    ///
    /// ## References
    /// - AHIMA, Fundamentals for Building a Master Patient Index / Enterprise MPI (2010)
    /// - AHIMA, Managing the Integrity of Patient Identity in Health Information Exchange (2009)
    pub static MRN_BIRTH_DATE_CONFLICT = {
        id: "X401",
        name: "mrn-birth-date-conflict",
        family: Identity,
        severity: Error,
        kind: CrossRecord,
    }
}

/// The message for MRN `mrn` born `seen` here but `known` at `first`.
pub(crate) fn message(mrn: &str, known: Date, first: &str, seen: Date) -> String {
    format!("MRN {mrn} has birth date {seen} here but {known} at {first}: possible overlay of two patients")
}
