//! The dictionary that maps CSV header names of common exports to record fields.

use crate::model::FieldKind;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not a field recordlint knows; kept out of the record.
    Ignore,
    /// One value of this field.
    Single(FieldKind),
    /// The given (first) part of the patient's name.
    GivenName,
    /// The family (last) part of the patient's name.
    FamilyName,
    /// ICD-10-CM diagnosis codes (one or a `;`/`|`/`,` separated list); the first code of the
    /// principal column is the principal diagnosis.
    Diagnoses { principal: bool },
    /// Procedure codes: ICD-10-PCS, or CPT/HCPCS when the header says so.
    Procedures { cpt_or_hcpcs: bool },
}

impl Role {
    /// The field kind a role fills, for required-column checks and duplicates.
    pub fn kind(self) -> Option<FieldKind> {
        match self {
            Role::Ignore => None,
            Role::Single(k) => Some(k),
            Role::GivenName | Role::FamilyName => Some(FieldKind::PatientName),
            Role::Diagnoses { principal: true } => Some(FieldKind::PrincipalDiagnosis),
            Role::Diagnoses { principal: false } => Some(FieldKind::SecondaryDiagnoses),
            Role::Procedures { .. } => Some(FieldKind::Procedures),
        }
    }

    /// True when the role allows several columns (dx2, dx3…).
    pub fn repeats(self) -> bool {
        matches!(self, Role::Diagnoses { principal: false } | Role::Procedures { .. })
    }
}

/// Header names, normalised (lowercase, words joined by `_`), for each single-valued field.
const NAMES: &[(FieldKind, &[&str])] = &[
    (
        FieldKind::Mrn,
        &[
            "mrn",
            "patient_id",
            "medical_record_number",
            "medical_record_no",
            "med_rec_no",
            "mr_number",
            "mr_no",
            "patient_mrn",
            "pat_id",
            "record_number",
            "chart_number",
        ],
    ),
    (FieldKind::PatientName, &["patient_name", "name", "full_name", "pt_name", "patient"]),
    (
        FieldKind::BirthDate,
        &[
            "dob",
            "birth_date",
            "date_of_birth",
            "birthdate",
            "pt_dob",
            "patient_dob",
            "birth_dt",
            "patient_birth_date",
        ],
    ),
    (FieldKind::Sex, &["sex", "gender", "patient_sex", "administrative_sex", "patient_gender"]),
    (FieldKind::DeathDate, &["death_date", "date_of_death", "dod", "deceased_date", "expired_date"]),
    (
        FieldKind::EncounterId,
        &[
            "encounter_id",
            "visit_id",
            "account_number",
            "account_no",
            "acct_no",
            "encounter",
            "fin",
            "visit_number",
            "claim_id",
            "patient_control_number",
        ],
    ),
    (
        FieldKind::PatientClass,
        &["patient_class", "encounter_class", "patient_type", "visit_type", "class", "setting"],
    ),
    (
        FieldKind::AdmitDate,
        &[
            "admit_date",
            "admission_date",
            "admit_dt",
            "date_of_admission",
            "admitted",
            "service_date",
            "from_date",
            "visit_date",
            "date_of_service",
            "dos",
            "service_from_date",
        ],
    ),
    (
        FieldKind::DischargeDate,
        &[
            "discharge_date",
            "discharge_dt",
            "date_of_discharge",
            "discharged",
            "thru_date",
            "through_date",
            "service_to_date",
        ],
    ),
    (
        FieldKind::DischargeStatus,
        &[
            "discharge_status",
            "discharge_disposition",
            "disposition",
            "patient_status",
            "discharge_status_code",
        ],
    ),
    (
        FieldKind::AttendingNpi,
        &[
            "attending_npi",
            "npi",
            "provider_npi",
            "attending_physician_npi",
            "rendering_npi",
            "attending_provider_npi",
        ],
    ),
    (FieldKind::Payer, &["payer", "primary_payer", "insurance", "payer_name", "financial_class", "insurer"]),
];

const GIVEN: &[&str] = &["first_name", "given_name", "fname", "patient_first_name", "first"];
const FAMILY: &[&str] = &["last_name", "family_name", "surname", "lname", "patient_last_name", "last"];
const PRINCIPAL_DX: &[&str] = &[
    "principal_dx",
    "principal_diagnosis",
    "pdx",
    "primary_dx",
    "primary_diagnosis",
    "principal_diagnosis_code",
];
const OTHER_DX: &[&str] = &[
    "secondary_dx",
    "secondary_diagnoses",
    "other_diagnoses",
    "other_dx",
    "diagnoses",
    "diagnosis_codes",
    "dx_codes",
    "dx",
    "diagnosis",
    "icd10_codes",
    "icd_10_cm",
];
const PCS: &[&str] = &[
    "procedure_codes",
    "procedures",
    "px",
    "icd10_pcs",
    "icd_10_pcs",
    "principal_procedure",
    "procedure",
    "pcs",
];
const CPT: &[&str] = &[
    "cpt",
    "cpt_code",
    "cpt_codes",
    "hcpcs",
    "hcpcs_code",
    "hcpcs_codes",
    "cpt_hcpcs",
    "cpt_hcpcs_code",
    "service_codes",
];

/// Numbered code columns: `dx1`, `diagnosis_2`, `icd10_dx_3`, `px1`, `proc_2`, `cpt1`.
fn numbered() -> &'static Regex {
    static NUMBERED: OnceLock<Regex> = OnceLock::new();
    NUMBERED.get_or_init(|| {
        Regex::new(r"^(?:(dx|diag|diagnosis|icd10_dx|icd_dx|icd10cm)|(px|proc|procedure|icd10_px|icd10_pcs|pcs)|(cpt|hcpcs|cpt_hcpcs))(?:_?code)?_?([0-9]{1,2})$")
            .expect("valid regex")
    })
}

/// `"Date of Birth"` → `date_of_birth`.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The role of a column named `header`; `overrides` (header → field, from the profile) win.
pub fn role_for(header: &str, overrides: &BTreeMap<String, FieldKind>) -> Role {
    let key = normalise(header);
    if let Some((_, &kind)) = overrides.iter().find(|(h, _)| normalise(h) == key) {
        return role_of_kind(kind);
    }
    if let Some((kind, _)) = NAMES.iter().find(|(_, names)| names.contains(&key.as_str())) {
        return Role::Single(*kind);
    }
    let k = key.as_str();
    if GIVEN.contains(&k) {
        Role::GivenName
    } else if FAMILY.contains(&k) {
        Role::FamilyName
    } else if PRINCIPAL_DX.contains(&k) {
        Role::Diagnoses { principal: true }
    } else if OTHER_DX.contains(&k) {
        Role::Diagnoses { principal: false }
    } else if PCS.contains(&k) {
        Role::Procedures { cpt_or_hcpcs: false }
    } else if CPT.contains(&k) {
        Role::Procedures { cpt_or_hcpcs: true }
    } else if let Some(c) = numbered().captures(k) {
        let first = c.get(4).is_some_and(|n| n.as_str().trim_start_matches('0') == "1");
        if c.get(1).is_some() {
            Role::Diagnoses { principal: first }
        } else {
            Role::Procedures { cpt_or_hcpcs: c.get(3).is_some() }
        }
    } else {
        Role::Ignore
    }
}

/// The role a profile's `columns` entry gives.
fn role_of_kind(kind: FieldKind) -> Role {
    match kind {
        FieldKind::PrincipalDiagnosis => Role::Diagnoses { principal: true },
        FieldKind::SecondaryDiagnoses => Role::Diagnoses { principal: false },
        FieldKind::Procedures => Role::Procedures { cpt_or_hcpcs: false },
        k => Role::Single(k),
    }
}

/// A few header names the dictionary accepts for `kind`, for messages.
pub fn known_names(kind: FieldKind) -> Vec<&'static str> {
    let list: &[&str] = match kind {
        FieldKind::PrincipalDiagnosis => PRINCIPAL_DX,
        FieldKind::SecondaryDiagnoses => OTHER_DX,
        FieldKind::Procedures => PCS,
        k => NAMES.iter().find(|(n, _)| *n == k).map_or(&[], |(_, names)| names),
    };
    list.iter().take(4).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(h: &str) -> Role {
        role_for(h, &BTreeMap::new())
    }

    #[test]
    fn common_export_names() {
        assert_eq!(normalise(" Date of Birth "), "date_of_birth");
        assert_eq!(role("MRN"), Role::Single(FieldKind::Mrn));
        assert_eq!(role("Medical Record Number"), Role::Single(FieldKind::Mrn));
        assert_eq!(role("DOB"), Role::Single(FieldKind::BirthDate));
        assert_eq!(role("Gender"), Role::Single(FieldKind::Sex));
        assert_eq!(role("Admission Date"), Role::Single(FieldKind::AdmitDate));
        assert_eq!(role("Last Name"), Role::FamilyName);
        assert_eq!(role("principal_dx"), Role::Diagnoses { principal: true });
        assert_eq!(role("DX1"), Role::Diagnoses { principal: true });
        assert_eq!(role("dx_2"), Role::Diagnoses { principal: false });
        assert_eq!(role("Diagnosis 12"), Role::Diagnoses { principal: false });
        assert_eq!(role("PX1"), Role::Procedures { cpt_or_hcpcs: false });
        assert_eq!(role("CPT Code 2"), Role::Procedures { cpt_or_hcpcs: true });
        assert_eq!(role("favourite_colour"), Role::Ignore);
    }

    #[test]
    fn profile_overrides_win() {
        let mut o = BTreeMap::new();
        o.insert("PAT NO".to_string(), FieldKind::Mrn);
        o.insert("dx".to_string(), FieldKind::PrincipalDiagnosis);
        assert_eq!(role_for("pat_no", &o), Role::Single(FieldKind::Mrn));
        assert_eq!(role_for("DX", &o), Role::Diagnoses { principal: true });
    }
}
