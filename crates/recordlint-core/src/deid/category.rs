//! The 18 kinds of identifier of the HIPAA Safe Harbor method, 45 CFR 164.514(b)(2)(i)(A)–(R).

use serde::{Deserialize, Serialize};

/// One Safe Harbor identifier category, by its paragraph of 164.514(b)(2)(i).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// (A) Names.
    Name,
    /// (B) Geographic subdivisions smaller than a state: street address, city, county, ZIP code.
    Geographic,
    /// (C) All elements of dates (except year) directly related to an individual, and ages over 89.
    Date,
    /// (D) Telephone numbers.
    Phone,
    /// (E) Fax numbers.
    Fax,
    /// (F) Electronic mail addresses.
    Email,
    /// (G) Social Security numbers.
    Ssn,
    /// (H) Medical record numbers.
    Mrn,
    /// (I) Health plan beneficiary numbers.
    HealthPlan,
    /// (J) Account numbers.
    Account,
    /// (K) Certificate and license numbers.
    Licence,
    /// (L) Vehicle identifiers and serial numbers, including license plate numbers.
    Vehicle,
    /// (M) Device identifiers and serial numbers.
    Device,
    /// (N) Web Universal Resource Locators (URLs).
    Url,
    /// (O) Internet Protocol (IP) address numbers.
    Ip,
    /// (P) Biometric identifiers.
    Biometric,
    /// (Q) Full-face photographs and comparable images.
    Photo,
    /// (R) Any other unique identifying number, characteristic, or code.
    Other,
}

impl Category {
    /// Every category, in the regulation's order.
    pub const ALL: [Category; 18] = [
        Category::Name,
        Category::Geographic,
        Category::Date,
        Category::Phone,
        Category::Fax,
        Category::Email,
        Category::Ssn,
        Category::Mrn,
        Category::HealthPlan,
        Category::Account,
        Category::Licence,
        Category::Vehicle,
        Category::Device,
        Category::Url,
        Category::Ip,
        Category::Biometric,
        Category::Photo,
        Category::Other,
    ];

    /// Its paragraph letter in 164.514(b)(2)(i).
    pub fn letter(self) -> char {
        (b'A' + self as u8) as char
    }

    /// The category in words ("Social Security number").
    pub fn label(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::Geographic => "geographic subdivision",
            Category::Date => "date or age over 89",
            Category::Phone => "telephone number",
            Category::Fax => "fax number",
            Category::Email => "e-mail address",
            Category::Ssn => "Social Security number",
            Category::Mrn => "medical record number",
            Category::HealthPlan => "health plan beneficiary number",
            Category::Account => "account number",
            Category::Licence => "certificate or licence number",
            Category::Vehicle => "vehicle identifier",
            Category::Device => "device identifier",
            Category::Url => "URL",
            Category::Ip => "IP address",
            Category::Biometric => "biometric identifier",
            Category::Photo => "full-face photograph",
            Category::Other => "other unique identifying number",
        }
    }

    /// "Social Security number (Safe Harbor category G)".
    pub fn described(self) -> String {
        format!("{} (Safe Harbor category {})", self.label(), self.letter())
    }

    /// The token prefix of a replaced identifier of this category (`MRN`).
    pub fn token_prefix(self) -> &'static str {
        match self {
            Category::Name => "NAME",
            Category::Geographic => "ADDR",
            Category::Date => "DATE",
            Category::Phone => "PHONE",
            Category::Fax => "FAX",
            Category::Email => "EMAIL",
            Category::Ssn => "SSN",
            Category::Mrn => "MRN",
            Category::HealthPlan => "PLAN",
            Category::Account => "ACCT",
            Category::Licence => "LIC",
            Category::Vehicle => "VEH",
            Category::Device => "DEV",
            Category::Url => "URL",
            Category::Ip => "IP",
            Category::Biometric => "BIO",
            Category::Photo => "PHOTO",
            Category::Other => "ID",
        }
    }
}

/// `value` with every letter and digit hidden but, for a value of nine or more that ends in four
/// digits, those four (an SSN shows as `***-**-6789`, a phone number as `(***) ***-0142`); a name
/// or an e-mail address shows no letter of itself (`*****, ****`): what a finding or a preview may
/// show.
pub fn mask(value: &str) -> String {
    let alnum: Vec<char> = value.chars().filter(|c| c.is_alphanumeric()).collect();
    let ends_in_digits = alnum.len() >= 9 && alnum[alnum.len() - 4..].iter().all(char::is_ascii_digit);
    let keep = if ends_in_digits { 4 } else { 0 };
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen > alnum.len() - keep {
                    return c;
                }
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_the_regulation() {
        assert_eq!(Category::Name.letter(), 'A');
        assert_eq!(Category::Ssn.letter(), 'G');
        assert_eq!(Category::Other.letter(), 'R');
    }

    #[test]
    fn masks_all_but_the_last_four_of_long_values() {
        assert_eq!(mask("123-45-6789"), "***-**-6789");
        assert_eq!(mask("Smith"), "*****");
        assert_eq!(mask("Kowalczyk, Teodora"), "*********, *******", "no letter of a name");
        assert_eq!(mask("jane.roe@example.com"), "****.***@*******.***");
        assert_eq!(mask("(217) 555-0142"), "(***) ***-0142");
        assert_eq!(mask("AC88120457"), "******0457");
        assert_eq!(mask("(555) 123-4567"), "(***) ***-4567");
    }
}
