use crate::rules::declare_rule;
use serde::{Deserialize, Serialize};

declare_rule! {
    /// ## What it does
    /// Checks that every record with the same MRN gives the same sex (female or male; unknown,
    /// other and blank are not compared).
    ///
    /// ## Why is this bad?
    /// One MRN with two sexes suggests two patients merged into one record (an overlay), or a
    /// registration error that will trip sex-specific code edits on every later claim.
    ///
    /// ## Example
    /// Row 2: MRN 1001, sex F; row 7: MRN 1001, sex M.
    ///
    /// ## How to fix
    /// Verify the patient's identity from the registration documents of both encounters. If
    /// two patients, split the record (MPI overlay procedure); if one, correct the wrong value.
    ///
    /// ## References
    /// - AHIMA, Fundamentals for Building a Master Patient Index / Enterprise MPI (2010)
    /// - HL7 v2.5.1 table 0001 (administrative sex)
    pub static MRN_SEX_CONFLICT = {
        id: "X402",
        name: "mrn-sex-conflict",
        family: Identity,
        severity: Error,
        kind: CrossRecord,
    }
}

/// The message for MRN `mrn` recorded as `seen` here but `known` at `first`.
pub(crate) fn message(mrn: &str, known: Sex, first: &str, seen: Sex) -> String {
    format!(
        "MRN {mrn} has sex {} here but {} at {first}: possible overlay of two patients",
        seen.letter(),
        known.letter()
    )
}

/// Administrative sex, when it is one of the two that can conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Sex {
    Female,
    Male,
}

impl Sex {
    /// `F`, `female`, `M`, `male` (any case); unknown, other and blank give `None`.
    pub(crate) fn parse(text: &str) -> Option<Sex> {
        match text.as_bytes() {
            [b'F' | b'f'] => return Some(Sex::Female),
            [b'M' | b'm'] => return Some(Sex::Male),
            _ => {}
        }
        let t = text.trim();
        if t.eq_ignore_ascii_case("f") || t.eq_ignore_ascii_case("female") {
            Some(Sex::Female)
        } else if t.eq_ignore_ascii_case("m") || t.eq_ignore_ascii_case("male") {
            Some(Sex::Male)
        } else {
            None
        }
    }

    pub(crate) fn letter(self) -> char {
        match self {
            Sex::Female => 'F',
            Sex::Male => 'M',
        }
    }
}
