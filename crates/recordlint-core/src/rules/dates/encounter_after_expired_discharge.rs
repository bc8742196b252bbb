use crate::rules::declare_rule;
use jiff::civil::Date;

declare_rule! {
    /// ## What it does
    /// Checks, across all records of the same MRN, for an encounter that begins after an
    /// encounter ended with the patient expired: discharge status 20, 40, 41 or 42 (UB-04 FL 17,
    /// also used in HL7 PV1-36), or `exp` (FHIR discharge disposition). An encounter beginning on
    /// the day of death is not flagged.
    ///
    /// ## Why is this bad?
    /// A patient who died cannot be admitted later: one of the two encounters belongs to another
    /// patient (an overlay), or the discharge status is wrong, which also corrupts mortality
    /// statistics and the claim's payment (DRG assignment depends on the status).
    ///
    /// ## Example
    /// Row 3: MRN 1001 discharged 2026-03-10, status 20; row 6: MRN 1001 admitted 2026-05-01.
    ///
    /// ## How to fix
    /// Check the discharge summary of the first encounter: if the patient went home, correct the
    /// status; if the patient died, find whose the later encounter is and move it.
    ///
    /// ## References
    /// - NUBC UB-04 Data Specifications Manual, FL 17 (patient discharge status codes 20, 40–42)
    /// - HL7 v2.5.1 user-defined table 0112 (discharge disposition)
    pub static ENCOUNTER_AFTER_EXPIRED_DISCHARGE = {
        id: "D206",
        name: "encounter-after-expired-discharge",
        family: Dates,
        severity: Error,
        kind: CrossRecord,
    }
}

/// True for a discharge status that says the patient died (`20`, `40`, `41`, `42`, `exp`,
/// `expired`; leading zeros and case ignored).
pub(crate) fn is_expired(status: &str) -> bool {
    let s = status.trim().trim_start_matches('0');
    matches!(s, "20" | "40" | "41" | "42")
        || s.eq_ignore_ascii_case("exp")
        || s.eq_ignore_ascii_case("expired")
}

/// An encounter beginning `on`, after the expired discharge on `expired` at `expired_at`.
pub(crate) fn after_expired(on: Date, expired: Date, expired_at: &str) -> String {
    format!("encounter on {on} is after the patient was discharged expired on {expired} at {expired_at}")
}

/// An expired discharge on `expired`, before the encounter beginning `later` at `later_at`.
pub(crate) fn before_later(expired: Date, later: Date, later_at: &str) -> String {
    format!("discharged expired on {expired}, but the encounter at {later_at} begins later, on {later}")
}

#[cfg(test)]
mod tests {
    use super::is_expired;

    #[test]
    fn expired_statuses() {
        for s in ["20", "40", "41", "42", " 020 ", "EXP", "expired"] {
            assert!(is_expired(s), "{s}");
        }
        for s in ["01", "02", "2", "200", "", "30", "home"] {
            assert!(!is_expired(s), "{s}");
        }
    }
}
