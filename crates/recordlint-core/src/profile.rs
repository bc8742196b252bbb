//! Profiles: which fields are required, which rules run at what severity, how CSV headers map to
//! fields, and how many findings to keep in detail. Stored as JSON; every key is optional.

mod presets;

use crate::error::{Error, Result};
use crate::model::{FieldKind, RecordKind};
use crate::report::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A rule's setting in a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleSetting {
    /// The severity it sets, or `None` for off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Off => None,
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Error => Some(Severity::Error),
        }
    }
}

/// A validation profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Shown in the page and reports.
    pub name: String,
    /// A one-line title for lists (`Inpatient claim`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// What the profile is for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Fields every record must have, non-blank, where its kind has them (a pharmacy claim is not
    /// asked for an admission date; see [`RecordKind::expects`]).
    pub required: Vec<FieldKind>,
    /// Per record kind (`pharmacy`, `registration`…): the fields a record of that kind must have,
    /// replacing `required` and the kind's own expectations for it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub required_by_kind: BTreeMap<RecordKind, Vec<FieldKind>>,
    /// Per rule (by id like `D201` or name like `discharge-before-admission`): off or a severity.
    pub rules: BTreeMap<String, RuleSetting>,
    /// CSV header text → field, overriding the built-in dictionary of common export names.
    pub columns: BTreeMap<String, FieldKind>,
    /// Findings kept in detail; beyond it they are only counted.
    pub max_findings: usize,
    /// The longest plausible stay in days (rule D207 `length-of-stay-too-long`).
    pub max_length_of_stay_days: u32,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            name: "default".into(),
            required: vec![
                FieldKind::Mrn,
                FieldKind::PatientName,
                FieldKind::BirthDate,
                FieldKind::Sex,
                FieldKind::AdmitDate,
                FieldKind::PrincipalDiagnosis,
            ],
            required_by_kind: BTreeMap::new(),
            rules: BTreeMap::new(),
            columns: BTreeMap::new(),
            max_findings: 100_000,
            max_length_of_stay_days: 365,
            title: String::new(),
            description: String::new(),
        }
    }
}

impl Profile {
    /// Reads a profile from JSON; an empty or blank text gives the default profile. Unknown keys,
    /// unknown field names and unknown rules are errors with their position.
    pub fn from_json(text: &str) -> Result<Profile> {
        if text.trim().is_empty() {
            return Ok(Profile::default());
        }
        let profile: Profile = serde_json::from_str(text).map_err(|e| Error::profile(e.to_string()))?;
        for key in profile.rules.keys() {
            if crate::rules::find(key).is_none() {
                return Err(Error::profile(format!("unknown rule {key:?} in \"rules\"")));
            }
        }
        Ok(profile)
    }

    /// A preset shipped with recordlint by name (`inpatient`, `outpatient`, `registration`,
    /// `lab`).
    pub fn preset(name: &str) -> Option<Profile> {
        let (_, json) = presets::PRESETS.iter().find(|(n, _)| *n == name)?;
        Profile::from_json(json).ok()
    }

    /// Every preset (each with its name, title and description), in list order.
    pub fn presets() -> Vec<Profile> {
        presets::PRESETS.iter().filter_map(|(_, json)| Profile::from_json(json).ok()).collect()
    }

    /// Fields required of a record of `kind`: `required_by_kind`'s list for it, else `required`.
    pub fn required_for(&self, kind: RecordKind) -> &[FieldKind] {
        self.required_by_kind.get(&kind).unwrap_or(&self.required)
    }

    /// The effective severity of the rule with `id` and `name` whose default is `default`
    /// (`None`: off).
    pub fn severity_of(&self, id: &str, name: &str, default: Option<Severity>) -> Option<Severity> {
        self.rules.get(id).or_else(|| self.rules.get(name)).map_or(default, |s| s.severity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_default() {
        assert_eq!(Profile::from_json("  ").unwrap(), Profile::default());
    }

    #[test]
    fn reads_partial_profile() {
        let p = Profile::from_json(r#"{"required":["mrn"],"rules":{"D201":"warning","invalid-npi":"off"}}"#)
            .unwrap();
        assert_eq!(p.required, vec![FieldKind::Mrn]);
        assert_eq!(p.max_findings, 100_000);
        assert_eq!(
            p.severity_of("D201", "discharge-before-admission", Some(Severity::Error)),
            Some(Severity::Warning)
        );
        assert_eq!(p.severity_of("K302", "invalid-npi", Some(Severity::Error)), None);
        assert_eq!(
            p.severity_of("K303", "unknown-icd10cm-code", Some(Severity::Error)),
            Some(Severity::Error)
        );
    }

    #[test]
    fn every_preset_loads_under_its_own_name() {
        for (name, json) in presets::PRESETS {
            let p = Profile::from_json(json).unwrap_or_else(|e| panic!("preset {name}: {e}"));
            assert_eq!(&p.name, name);
            assert!(!p.title.is_empty() && !p.description.is_empty(), "{name}");
        }
        assert_eq!(Profile::presets().len(), presets::PRESETS.len());
        assert!(Profile::preset("nope").is_none());
        let inpatient = Profile::preset("inpatient").unwrap();
        assert!(inpatient.required.contains(&FieldKind::DischargeStatus));
        assert_eq!(inpatient.max_length_of_stay_days, 180);
        let lab = Profile::preset("lab").unwrap();
        assert_eq!(lab.severity_of("X405", "duplicate-encounter", Some(Severity::Warning)), None);
        assert!(!lab.required.contains(&FieldKind::AdmitDate));
    }

    #[test]
    fn old_profiles_get_the_default_length_of_stay() {
        assert_eq!(Profile::from_json(r#"{"required":[]}"#).unwrap().max_length_of_stay_days, 365);
    }

    #[test]
    fn rejects_unknowns_with_position() {
        let e = Profile::from_json(r#"{"requird":[]}"#).unwrap_err().to_string();
        assert!(e.contains("unknown field `requird`") && e.contains("line 1"), "{e}");
        let e = Profile::from_json(r#"{"rules":{"Z999":"off"}}"#).unwrap_err().to_string();
        assert!(e.contains("Z999"), "{e}");
        let e = Profile::from_json(r#"{"required":["shoe_size"]}"#).unwrap_err().to_string();
        assert!(e.contains("shoe_size"), "{e}");
    }
}
