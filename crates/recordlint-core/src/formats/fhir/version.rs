//! Recognising FHIR content of another version than R4 by what only exists there, so that it is
//! reported once instead of as hundreds of R4 structure errors.

use super::json::{Node, Value};
use super::resources::{DSTU2_ONLY, STU3_ONLY};
use super::structure::values;

/// A FHIR version other than R4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Dstu2,
    Stu3,
    R5,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::Dstu2 => "DSTU2",
            Version::Stu3 => "STU3",
            Version::R5 => "R5",
        }
    }
}

/// The first sign of a non-R4 version in a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sign {
    pub version: Version,
    /// What gave it away, for the message.
    pub what: String,
    pub pointer: String,
    pub line: u64,
}

/// Elements whose presence (in an object at the dotted path) marks a version, with the R4 name.
const ELEMENTS: &[(&str, &str, Version, &str)] = &[
    ("Encounter", "patient", Version::Dstu2, "subject"),
    ("Patient", "careProvider", Version::Dstu2, "generalPractitioner"),
    ("Condition", "patient", Version::Dstu2, "subject"),
    ("Condition", "dateRecorded", Version::Dstu2, "recordedDate"),
    ("Procedure", "patient", Version::Dstu2, "subject"),
    ("Patient", "animal", Version::Stu3, "an extension"),
    ("Condition", "context", Version::Stu3, "encounter"),
    ("Condition", "assertedDate", Version::Stu3, "recordedDate"),
    ("Procedure", "context", Version::Stu3, "encounter"),
    ("Observation", "context", Version::Stu3, "encounter"),
    ("Claim", "organization", Version::Stu3, "provider"),
    ("Claim", "information", Version::Stu3, "supportingInfo"),
    ("Claim", "item.service", Version::Stu3, "item.productOrService"),
    ("ExplanationOfBenefit", "organization", Version::Stu3, "provider"),
    ("ExplanationOfBenefit", "information", Version::Stu3, "supportingInfo"),
    ("ExplanationOfBenefit", "item.service", Version::Stu3, "item.productOrService"),
];

/// Looks for the first sign of a non-R4 version in the resource at `pointer`.
pub fn detect(node: &Node, pointer: &str) -> Option<Sign> {
    let name = node.get("resourceType")?.as_str()?;
    let sign = |version, what: String, pointer: String, line| Some(Sign { version, what, pointer, line });
    if DSTU2_ONLY.contains(&name) || STU3_ONLY.contains(&name) {
        let version = if DSTU2_ONLY.contains(&name) { Version::Dstu2 } else { Version::Stu3 };
        let what = format!("resource type {name} does not exist in R4");
        return sign(version, what, format!("{pointer}/resourceType"), node.line);
    }
    for &(resource, path, version, r4) in ELEMENTS.iter().filter(|e| e.0 == name) {
        // Paths are a few bytes long: a plain scan beats a char searcher.
        let (parent, last) =
            path.bytes().rposition(|b| b == b'.').map_or(("", path), |i| (&path[..i], &path[i + 1..]));
        let what = || format!("{resource}.{path} is {}, R4 has {r4} instead", version.name());
        if parent.is_empty() {
            // A member of the resource itself: looked up without listing the resource.
            if let Some(v) = node.get(last) {
                return sign(version, what(), format!("{pointer}/{last}"), v.line);
            }
            continue;
        }
        for (obj, p) in values(node, pointer, parent) {
            if let Some(v) = obj.get(last) {
                return sign(version, what(), format!("{p}/{last}"), v.line);
            }
        }
    }
    match name {
        "Encounter" => match node.get("class") {
            Some(c @ Node { value: Value::String(_), .. }) => {
                let what = "Encounter.class is a plain code as in DSTU2, R4 has a Coding".to_string();
                sign(Version::Dstu2, what, format!("{pointer}/class"), c.line)
            }
            Some(c @ Node { value: Value::Array(_), .. }) => {
                let what = "Encounter.class is a list as in R5, R4 has one Coding".to_string();
                sign(Version::R5, what, format!("{pointer}/class"), c.line)
            }
            _ => None,
        },
        "Condition" => ["clinicalStatus", "verificationStatus"].into_iter().find_map(|key| {
            let v = node.get(key)?;
            v.as_str()?;
            let what = format!("Condition.{key} is a plain code as in STU3, R4 has a CodeableConcept");
            sign(Version::Stu3, what, format!("{pointer}/{key}"), v.line)
        }),
        "Claim" => values(node, pointer, "diagnosis").into_iter().find_map(|(d, p)| {
            let v = d.get("diagnosis")?;
            v.is_object().then_some(())?;
            let what = "Claim.diagnosis.diagnosis is a Coding as in DSTU2, R4 has diagnosisCodeableConcept"
                .to_string();
            sign(Version::Dstu2, what, format!("{p}/diagnosis"), v.line)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fhir::json::{parse, Arena};

    fn version_of(json: &str) -> Option<Version> {
        let arena = Arena::new();
        detect(&parse(json.as_bytes(), 1, &arena).unwrap(), "").map(|s| s.version)
    }

    #[test]
    fn recognises_older_and_newer_content() {
        assert_eq!(version_of(r#"{"resourceType":"MedicationOrder"}"#), Some(Version::Dstu2));
        assert_eq!(version_of(r#"{"resourceType":"Encounter","patient":{}}"#), Some(Version::Dstu2));
        assert_eq!(version_of(r#"{"resourceType":"Encounter","class":"inpatient"}"#), Some(Version::Dstu2));
        assert_eq!(version_of(r#"{"resourceType":"Encounter","class":[{}]}"#), Some(Version::R5));
        assert_eq!(version_of(r#"{"resourceType":"Condition","context":{}}"#), Some(Version::Stu3));
        assert_eq!(
            version_of(r#"{"resourceType":"Condition","clinicalStatus":"active"}"#),
            Some(Version::Stu3)
        );
        assert_eq!(version_of(r#"{"resourceType":"Claim","item":[{"service":{}}]}"#), Some(Version::Stu3));
        assert_eq!(version_of(r#"{"resourceType":"Encounter","class":{"code":"IMP"}}"#), None);
        assert_eq!(version_of(r#"{"resourceType":"Condition","encounter":{}}"#), None);
    }
}
