//! Which code system a code belongs to: by the FHIR `system` URI, by the HL7 v2 coding-system
//! name (table 0396), or by the code's own shape when nothing names the system (a CSV cell).
//! Every format asks here, so a code is read with the same system whatever file it came from.

use crate::model::CodeSystem;

/// The system a FHIR `system` URI names, in any of its official spellings (http or https, a
/// trailing slash, the `urn:oid:` form). [`CodeSystem::Other`] for systems recordlint does not
/// check.
pub fn from_fhir_uri(uri: &str) -> CodeSystem {
    let uri = uri.trim().trim_end_matches('/');
    let uri = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://")).unwrap_or(uri);
    let uri = uri.strip_prefix("www.").unwrap_or(uri);
    match uri.to_ascii_lowercase().as_str() {
        "hl7.org/fhir/sid/icd-10-cm" | "urn:oid:2.16.840.1.113883.6.90" => CodeSystem::Icd10cm,
        "hl7.org/fhir/sid/icd-10" | "urn:oid:2.16.840.1.113883.6.3" => CodeSystem::Icd10,
        "cms.gov/medicare/coding/icd10" | "hl7.org/fhir/sid/icd-10-pcs" | "urn:oid:2.16.840.1.113883.6.4" => {
            CodeSystem::Icd10pcs
        }
        "ama-assn.org/go/cpt" | "urn:oid:2.16.840.1.113883.6.12" => CodeSystem::Cpt,
        "cms.gov/medicare/coding/hcpcsreleasecodesets"
        | "hl7.org/fhir/sid/hcpcs"
        | "urn:oid:2.16.840.1.113883.6.285"
        | "urn:oid:2.16.840.1.113883.6.14" => CodeSystem::Hcpcs,
        "loinc.org" | "urn:oid:2.16.840.1.113883.6.1" => CodeSystem::Loinc,
        "snomed.info/sct" | "urn:oid:2.16.840.1.113883.6.96" => CodeSystem::Snomed,
        "hl7.org/fhir/sid/us-npi" | "urn:oid:2.16.840.1.113883.4.6" => CodeSystem::Npi,
        "hl7.org/fhir/sid/ndc" | "urn:oid:2.16.840.1.113883.6.69" => CodeSystem::Ndc,
        "nlm.nih.gov/research/umls/rxnorm" | "urn:oid:2.16.840.1.113883.6.88" => CodeSystem::Rxnorm,
        _ => CodeSystem::Other,
    }
}

/// The system an HL7 v2 coding-system name (table 0396, as in `DG1-3.3`, `OBX-3.3`, or an
/// assigning authority such as `NPI`) gives `code`. `I10` is read as ICD-10-CM, as US senders use
/// it; `SNM` (SNOMED before SNOMED CT) only when the code is a numeric SCTID; `HCPT` (CPT and
/// HCPCS Level II together) by the code's shape; local systems (`L`, `99…`) are not checked.
/// A blank name gives [`CodeSystem::Other`]: the caller knows what the field holds.
pub fn from_hl7_name(name: &str, code: &str) -> CodeSystem {
    // Uppercased on the stack: every name below is shorter than the buffer.
    let name = name.trim().as_bytes();
    let mut upper = [0u8; 24];
    let Some(upper) = upper.get_mut(..name.len()) else { return CodeSystem::Other };
    upper.copy_from_slice(name);
    upper.make_ascii_uppercase();
    match std::str::from_utf8(upper).unwrap_or("") {
        "I10" | "I10C" | "ICD10CM" | "ICD-10-CM" | "ICD10" => CodeSystem::Icd10cm,
        "I10P" | "ICD10PCS" | "ICD-10-PCS" => CodeSystem::Icd10pcs,
        "C4" | "CPT" | "CPT4" | "CPT-4" => CodeSystem::Cpt,
        "HCPCS" | "C5" | "HCPCSII" => CodeSystem::Hcpcs,
        "HCPT" => match procedure_by_shape(code) {
            CodeSystem::Hcpcs => CodeSystem::Hcpcs,
            _ => CodeSystem::Cpt,
        },
        "LN" | "LOINC" => CodeSystem::Loinc,
        "SCT" | "SNOMEDCT" | "SNOMED-CT" => CodeSystem::Snomed,
        "SNM" | "SNOMED" if code.trim().bytes().all(|b| b.is_ascii_digit()) => CodeSystem::Snomed,
        "NDC" => CodeSystem::Ndc,
        "RXNORM" => CodeSystem::Rxnorm,
        "NPI" | "2.16.840.1.113883.4.6" => CodeSystem::Npi,
        _ => CodeSystem::Other,
    }
}

/// The procedure code system a code's shape says: seven letters and digits ICD-10-PCS, five
/// digits (or four and `F`, `T`, `U`, `M`; a `-` modifier may follow) CPT, a letter from A to V
/// and four digits HCPCS Level II. [`CodeSystem::Unrecognized`] when it is none of them.
pub fn procedure_by_shape(code: &str) -> CodeSystem {
    let code = code.trim();
    let base = code.split_once('-').map_or(code, |(b, _)| b).as_bytes();
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    match base {
        [rest @ .., last]
            if base.len() == 5 && digits(rest) && (last.is_ascii_digit() || b"FTUMftum".contains(last)) =>
        {
            CodeSystem::Cpt
        }
        [first, rest @ ..] if base.len() == 5 && first.is_ascii_alphabetic() && digits(rest) => {
            CodeSystem::Hcpcs
        }
        _ if base.len() == 7 && base.iter().all(u8::is_ascii_alphanumeric) => CodeSystem::Icd10pcs,
        _ => CodeSystem::Unrecognized,
    }
}

/// What a code that fits no expected system looks like, in words ("an ICD-10-CM diagnosis
/// code", "a CPT code with a character missing").
pub fn resembles(code: &str) -> &'static str {
    let code = code.trim();
    let b = code.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if crate::codes::icd10cm::canonical(code).is_ok() {
        return "an ICD-10-CM diagnosis code";
    }
    if crate::codes::loinc::validate(code).is_ok() {
        return "a LOINC code";
    }
    match (b.len(), digits, letters) {
        (4, 4, 0) => "a CPT code with a digit missing",
        (6, 6, 0) => "a CPT code with a digit too many",
        (4, 3, 1) if b[0].is_ascii_alphabetic() => "a HCPCS Level II code with a digit missing",
        (6, 5, 1) if b[0].is_ascii_alphabetic() => "a HCPCS Level II code with a digit too many",
        (6 | 8, _, _) if b.iter().all(u8::is_ascii_alphanumeric) => {
            "an ICD-10-PCS code with a character missing or extra"
        }
        (_, 3..=4, 0) if code.contains('.') => "an ICD-9-CM code, retired since 2015-10-01",
        (10, 10, 0) => "an NPI or a ten-digit NDC",
        (11, 11, 0) => "an eleven-digit NDC",
        _ if letters == 0 && digits == 0 => "no code at all",
        _ => "no code of ICD-10-PCS, CPT or HCPCS",
    }
}

/// True when `text` is a well-formed code of `system` (ICD-10-CM, ICD-10-PCS, CPT or HCPCS; false
/// for any other system).
pub fn well_formed(system: CodeSystem, text: &str) -> bool {
    use crate::codes::{cpt, hcpcs, icd10cm, icd10pcs};
    match system {
        CodeSystem::Icd10cm => icd10cm::is_well_formed(text),
        CodeSystem::Icd10pcs => icd10pcs::canonical(text).is_ok(),
        CodeSystem::Cpt => cpt::canonical(text).is_ok(),
        CodeSystem::Hcpcs => hcpcs::canonical(text).is_ok(),
        _ => false,
    }
}

/// The canonical spelling of a code written with a fixable slip (lowercase letters, blanks or
/// punctuation at its end, a comma where the dot belongs), and what the slip was; `None` when the
/// code is written as it should be or is not fixable by spelling alone.
pub fn respelled(text: &str) -> Option<(String, &'static str)> {
    let b = text.as_bytes();
    // The common case: ends in a letter or digit, no lowercase letter, no comma.
    if b.last().is_some_and(u8::is_ascii_alphanumeric) && !any_lowercase_or_comma(b) {
        return None;
    }
    let trimmed = text.trim();
    let stripped = trimmed.trim_end_matches(['.', ',', ';', ':']);
    let (fixed, why) = if stripped.len() < trimmed.len() {
        (stripped.to_string(), "has punctuation after the code")
    } else if stripped.matches(',').count() == 1 && stripped.find(',') == Some(3) {
        (stripped.replacen(',', ".", 1), "has a comma where the dot belongs")
    } else if stripped.bytes().any(|b| b.is_ascii_lowercase()) {
        (String::new(), "is written in lowercase")
    } else {
        return None;
    };
    let fixed = if fixed.is_empty() { stripped.to_ascii_uppercase() } else { fixed.to_ascii_uppercase() };
    (!fixed.is_empty()).then_some((fixed, why))
}

/// True when `b` has a lowercase ASCII letter or a comma; a code's eight bytes or fewer are
/// tested together, as one word.
fn any_lowercase_or_comma(b: &[u8]) -> bool {
    if b.len() > 8 {
        return b.iter().any(|&c| c.is_ascii_lowercase() || c == b',');
    }
    let mut bytes = [0; 8];
    bytes[..b.len()].copy_from_slice(b);
    let word = u64::from_le_bytes(bytes);
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each byte's low seven bits, so that no sum below carries into the next byte; a byte with
    // its high bit set is neither.
    let (ascii, low) = (!word & HIGH, word & !HIGH);
    let from_a = low + ONES * (0x80 - u64::from(b'a'));
    let past_z = low + ONES * (0x80 - u64::from(b'z') - 1);
    let comma = !((low ^ (ONES * u64::from(b','))) + ONES * 0x7F);
    (from_a & !past_z | comma) & ascii != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_or_comma_as_byte_by_byte() {
        let one = |c: u8| c.is_ascii_lowercase() || c == b',';
        for c in 0..=255u8 {
            for at in 0..8 {
                let mut b = *b"A1B2C3D4";
                b[at] = c;
                for len in at + 1..=8 {
                    assert_eq!(
                        any_lowercase_or_comma(&b[..len]),
                        b[..len].iter().any(|&c| one(c)),
                        "{c} {at} {len}"
                    );
                }
            }
        }
        assert!(any_lowercase_or_comma(b"E11.9 with more"));
        assert!(!any_lowercase_or_comma(b"E11.9 WITH MORE"));
    }

    #[test]
    fn fhir_uris_in_every_official_spelling() {
        for uri in [
            "http://hl7.org/fhir/sid/icd-10-cm",
            "https://hl7.org/fhir/sid/icd-10-cm/",
            "urn:oid:2.16.840.1.113883.6.90",
        ] {
            assert_eq!(from_fhir_uri(uri), CodeSystem::Icd10cm, "{uri}");
        }
        assert_eq!(from_fhir_uri("http://hl7.org/fhir/sid/icd-10"), CodeSystem::Icd10);
        assert_eq!(
            from_fhir_uri("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"),
            CodeSystem::Hcpcs
        );
        assert_eq!(
            from_fhir_uri("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"),
            CodeSystem::Hcpcs
        );
        assert_eq!(from_fhir_uri("http://www.ama-assn.org/go/cpt"), CodeSystem::Cpt);
        assert_eq!(from_fhir_uri("urn:oid:2.16.840.1.113883.4.6"), CodeSystem::Npi);
        assert_eq!(from_fhir_uri("http://www.nlm.nih.gov/research/umls/rxnorm"), CodeSystem::Rxnorm);
        assert_eq!(from_fhir_uri("http://loinc.org"), CodeSystem::Loinc);
        assert_eq!(from_fhir_uri("http://terminology.hl7.org/CodeSystem/v2-0203"), CodeSystem::Other);
    }

    #[test]
    fn hl7_names() {
        assert_eq!(from_hl7_name("I10", "E11.9"), CodeSystem::Icd10cm);
        assert_eq!(from_hl7_name("i10p", "0016070"), CodeSystem::Icd10pcs);
        assert_eq!(from_hl7_name("HCPT", "99213"), CodeSystem::Cpt);
        assert_eq!(from_hl7_name("HCPT", "G0438"), CodeSystem::Hcpcs);
        assert_eq!(from_hl7_name("SNM", "T-28000"), CodeSystem::Other);
        assert_eq!(from_hl7_name("SNM", "22298006"), CodeSystem::Snomed);
        assert_eq!(from_hl7_name("99LOCAL", "ABC"), CodeSystem::Other);
    }

    #[test]
    fn procedure_shapes() {
        assert_eq!(procedure_by_shape("99221"), CodeSystem::Cpt);
        assert_eq!(procedure_by_shape("0001F"), CodeSystem::Cpt);
        assert_eq!(procedure_by_shape("99213-25"), CodeSystem::Cpt);
        assert_eq!(procedure_by_shape("L6272"), CodeSystem::Hcpcs);
        assert_eq!(procedure_by_shape("0016070"), CodeSystem::Icd10pcs);
        assert_eq!(procedure_by_shape("9921"), CodeSystem::Unrecognized);
        assert_eq!(resembles("9921"), "a CPT code with a digit missing");
        assert_eq!(resembles("E11.9"), "an ICD-10-CM diagnosis code");
    }

    #[test]
    fn respelling() {
        assert_eq!(respelled("Z79,899"), Some(("Z79.899".into(), "has a comma where the dot belongs")));
        assert_eq!(respelled("e11.9"), Some(("E11.9".into(), "is written in lowercase")));
        assert_eq!(respelled("E11.9."), Some(("E11.9".into(), "has punctuation after the code")));
        assert_eq!(respelled("E11.9"), None);
    }
}
