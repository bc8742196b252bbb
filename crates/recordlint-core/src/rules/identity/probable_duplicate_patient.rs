use crate::rules::declare_rule;
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Checks for one person under two MRNs: records with different MRNs, the same birth date
    /// (or the same with day and month transposed) and similar names. Names are similar when
    /// the family names are within a typo (Jaro-Winkler ≥ 0.88) and the given names match,
    /// differ by a typo or are a nickname of each other (Bob/Robert, Peggy/Margaret). Different
    /// given names (twins) and different known sexes are not matched. A new MRN is reported
    /// once, against the MRN first seen of those it matches, with the count of the others.
    ///
    /// ## Why is this bad?
    /// A duplicate MRN splits a patient's history: allergies, results and problem lists in one
    /// record are missing from the other, tests are repeated, and statistics count two patients.
    ///
    /// ## Example
    /// MRN 1001 `John Smith` born 1980-02-01 and MRN 2002 `Jon Smith` born 1980-02-01;
    /// MRN 3003 `Maria Garcia` born 1971-04-12 and MRN 4004 `Garcia, Maria` born 1971-12-04.
    ///
    /// ## How to fix
    /// Compare the two records' identifying documents. If they are one person, merge the
    /// duplicate into the surviving MRN following the MPI merge procedure; if two, note it so the
    /// pair is not flagged again.
    ///
    /// ## References
    /// - AHIMA, Fundamentals for Building a Master Patient Index / Enterprise MPI (2010)
    /// - W. E. Winkler, String Comparator Metrics and Enhanced Decision Rules in the
    ///   Fellegi-Sunter Model of Record Linkage (1990)
    pub static PROBABLE_DUPLICATE_PATIENT = {
        id: "X404",
        name: "probable-duplicate-patient",
        family: Identity,
        severity: Warning,
        kind: CrossRecord,
    }
}

/// Two MRNs that look like one person: the new one and the one first seen at `other_at`.
pub(crate) struct Pair<'a> {
    pub mrn: &'a str,
    pub name: &'a str,
    pub birth: Date,
    pub other_mrn: &'a str,
    pub other_name: &'a str,
    pub other_birth: Date,
    pub other_at: &'a str,
}

/// The message for `pair`; `more` other MRNs match the new one too.
pub(crate) fn message(pair: Pair, transposed: bool, more: usize) -> String {
    let Pair { mrn, name, birth, other_mrn, other_name, other_birth, other_at } = pair;
    let why = if transposed { "birth date with day and month transposed" } else { "same birth date" };
    let others = match more {
        0 => String::new(),
        1 => " (1 other MRN matches too)".to_string(),
        n => format!(" ({n} other MRNs match too)"),
    };
    format!(
        "MRN {mrn} ({name:?}, born {birth}) is probably MRN {other_mrn} ({other_name:?}, born {other_birth}) at {other_at}: similar name, {why}{others}"
    )
}
