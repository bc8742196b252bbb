//! Member names of JSON objects: the common FHIR element names are shared static strings, so
//! that reading a resource allocates no string for `resourceType`, `system` or `code`; any other
//! name is owned.

use std::borrow::Cow;
use std::sync::OnceLock;

/// A member name.
pub type Key = Cow<'static, str>;

/// The element names shared (the most frequent in FHIR resources; at most 255).
const COMMON: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "versionId",
    "lastUpdated",
    "profile",
    "text",
    "status",
    "div",
    "identifier",
    "system",
    "value",
    "type",
    "coding",
    "code",
    "display",
    "reference",
    "subject",
    "patient",
    "encounter",
    "context",
    "period",
    "start",
    "end",
    "class",
    "participant",
    "individual",
    "diagnosis",
    "rank",
    "condition",
    "name",
    "family",
    "given",
    "use",
    "gender",
    "birthDate",
    "deceasedBoolean",
    "deceasedDateTime",
    "address",
    "line",
    "city",
    "state",
    "postalCode",
    "country",
    "telecom",
    "performedDateTime",
    "performedPeriod",
    "sequence",
    "productOrService",
    "provider",
    "priority",
    "item",
    "created",
    "insurance",
    "focal",
    "coverage",
    "valueQuantity",
    "unit",
    "effectiveDateTime",
    "effectivePeriod",
    "issued",
    "category",
    "note",
    "fullUrl",
    "resource",
    "request",
    "response",
    "method",
    "url",
    "entry",
    "timestamp",
    "total",
    "servicedDate",
    "servicedPeriod",
    "net",
    "diagnosisCodeableConcept",
    "diagnosisReference",
    "procedureCodeableConcept",
    "procedureReference",
    "procedure",
    "billablePeriod",
    "payor",
    "beneficiary",
    "extension",
    "valueCoding",
    "valueString",
    "valueCodeableConcept",
    "component",
    "interpretation",
    "onsetDateTime",
    "recordedDate",
    "abatementDateTime",
    "clinicalStatus",
    "verificationStatus",
    "serviceProvider",
    "location",
    "hospitalization",
    "dischargeDisposition",
    "insurer",
    "outcome",
    "contained",
    "language",
    "implicitRules",
    "reasonCode",
    "performer",
    "managingOrganization",
    "generalPractitioner",
    "author",
    "date",
    "intent",
    "search",
    "mode",
    "currency",
    "subType",
    "prefix",
    "title",
    "specimen",
    "recorder",
    "medicationCodeableConcept",
    "custodian",
    "active",
    "tag",
    "security",
    "source",
    "version",
    "userSelected",
    "comparator",
    "valueBoolean",
    "valueInteger",
    "valueDateTime",
    "valuePeriod",
    "multipleBirthBoolean",
    "maritalStatus",
    "communication",
    "severity",
    "bodySite",
    "occurrenceDateTime",
    "dosage",
    "supportingInfo",
    "careTeam",
    "role",
    "qualification",
    "organization",
    "partOf",
    "link",
    "relationship",
    "period",
    "assigner",
    "low",
    "high",
    "referenceRange",
    "quantity",
    "unitPrice",
];

/// Slots of the open-addressed table: a power of two, more than twice [`COMMON`].
const SLOTS: usize = 512;

/// Where a name starts probing: its length and three of its bytes.
fn slot(name: &[u8]) -> usize {
    let (first, last, middle) = match name {
        [] => (0, 0, 0),
        [first, .., last] => (*first, *last, name[name.len() / 2]),
        [only] => (*only, *only, *only),
    };
    let h = (name.len() as u32).wrapping_mul(0x9E37_79B1)
        ^ u32::from(first).wrapping_mul(0x85EB_CA6B)
        ^ u32::from(last).wrapping_mul(0xC2B2_AE35)
        ^ u32::from(middle).wrapping_mul(0x27D4_EB2F);
    (h ^ h >> 15) as usize & (SLOTS - 1)
}

/// Each slot: 0 when empty, else 1 + the name's place in [`COMMON`].
fn table() -> &'static [u8; SLOTS] {
    static TABLE: OnceLock<[u8; SLOTS]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u8; SLOTS];
        for (i, name) in COMMON.iter().enumerate().take(255) {
            let mut s = slot(name.as_bytes());
            loop {
                match t[s] {
                    0 => {
                        t[s] = (i + 1) as u8;
                        break;
                    }
                    // A name listed twice keeps its first place.
                    n if COMMON[usize::from(n) - 1] == *name => break,
                    _ => s = (s + 1) & (SLOTS - 1),
                }
            }
        }
        t
    })
}

/// The shared name equal to `name`, if it is a common one.
pub fn common(name: &str) -> Option<&'static str> {
    let t = table();
    let mut s = slot(name.as_bytes());
    loop {
        let found = COMMON[usize::from(t[s].checked_sub(1)?)];
        if found == name {
            return Some(found);
        }
        s = (s + 1) & (SLOTS - 1);
    }
}

/// `name` as a key: shared when common, else owned.
pub fn key(name: &str) -> Key {
    match common(name) {
        Some(shared) => Cow::Borrowed(shared),
        None => Cow::Owned(name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_name_is_found_and_others_are_owned() {
        for name in COMMON {
            assert_eq!(common(name), Some(*name));
            assert!(matches!(key(name), Cow::Borrowed(_)));
        }
        for other in ["", "x", "resourcetype", "resourceTypes", "valueQuantityX", "é"] {
            assert_eq!(common(other), None, "{other}");
            assert_eq!(key(other), other);
        }
    }
}
