//! Patient discharge status codes (UB-04 form locator 17, defined by the National Uniform Billing
//! Committee), in plain words, for abstracting exercises. The NUBC manual is the authority; the
//! descriptions here are short paraphrases.

/// The codes this build knows, with a short description.
pub const DISCHARGE_STATUSES: [(&str, &str); 22] = [
    ("01", "Home or self care (routine discharge)"),
    ("02", "Short-term general hospital for inpatient care"),
    ("03", "Skilled nursing facility (SNF) with Medicare certification"),
    ("04", "Facility providing custodial or supportive care (intermediate care)"),
    ("05", "Designated cancer center or children's hospital"),
    ("06", "Home under the care of a home health service organization"),
    ("07", "Left against medical advice or discontinued care"),
    ("09", "Admitted as an inpatient to this hospital"),
    ("20", "Expired"),
    ("21", "Court or law enforcement"),
    ("30", "Still a patient"),
    ("43", "Federal health care facility"),
    ("50", "Hospice, home"),
    ("51", "Hospice, medical facility"),
    ("61", "Hospital-based Medicare-approved swing bed"),
    ("62", "Inpatient rehabilitation facility (IRF) or rehabilitation distinct part unit"),
    ("63", "Medicare-certified long-term care hospital (LTCH)"),
    ("64", "Nursing facility certified under Medicaid but not Medicare"),
    ("65", "Psychiatric hospital or psychiatric distinct part unit"),
    ("66", "Critical access hospital (CAH)"),
    ("69", "Designated disaster alternative care site"),
    ("70", "Another type of health care institution not defined elsewhere"),
];

/// The description of a discharge status code, if this build knows it.
pub fn discharge_status(code: &str) -> Option<&'static str> {
    DISCHARGE_STATUSES.iter().find(|(c, _)| *c == code.trim()).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown() {
        assert_eq!(
            discharge_status(" 03"),
            Some("Skilled nursing facility (SNF) with Medicare certification")
        );
        assert_eq!(discharge_status("08"), None);
    }
}
