//! The dictionary that maps CSV header names of common exports to record fields.

use crate::model::{CodeSystem, FieldKind, TextKind};
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
    /// Procedure codes, each read as ICD-10-PCS, CPT or HCPCS Level II by its own shape; what
    /// the header names only breaks ties (see `csv::procedure_system`).
    Procedures(ProcedureColumn),
    /// Other codes or identifiers of one system (NDC, LOINC, SNOMED CT, a billing or referring
    /// NPI): checked for format and check digit, and not a field of their own.
    Codes(CodeSystem),
    /// A UB-04 type of bill (`0131`), which tells an inpatient from an outpatient claim.
    BillType,
    /// A claim type or form (`professional`, `837P`, `pharmacy`, `dental`).
    ClaimType,
    /// A CMS-1500 place of service (`11` office, `23` emergency room): only professional claims
    /// have one.
    PlaceOfService,
    /// Free text or a description: a note or comment, an address line, a diagnosis's words.
    Text(TextKind),
}

/// What a procedure column's header says about the codes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureColumn {
    /// Nothing (`procedures`, `px1`): any of ICD-10-PCS, CPT and HCPCS Level II.
    Any,
    /// ICD-10-PCS (`icd10_pcs`).
    Pcs,
    /// CPT and HCPCS Level II (`cpt`, `hcpcs`, `cpt_hcpcs`: in CMS usage HCPCS includes CPT).
    CptHcpcs,
}

impl Role {
    /// The field kind a role fills, for required-column checks and duplicates.
    pub fn kind(self) -> Option<FieldKind> {
        match self {
            Role::Ignore
            | Role::Codes(_)
            | Role::BillType
            | Role::ClaimType
            | Role::PlaceOfService
            | Role::Text(_) => None,
            Role::Single(k) => Some(k),
            Role::GivenName | Role::FamilyName => Some(FieldKind::PatientName),
            Role::Diagnoses { principal: true } => Some(FieldKind::PrincipalDiagnosis),
            Role::Diagnoses { principal: false } => Some(FieldKind::SecondaryDiagnoses),
            Role::Procedures(_) => Some(FieldKind::Procedures),
        }
    }

    /// True when the role allows several columns (dx2, dx3…).
    pub fn repeats(self) -> bool {
        matches!(
            self,
            Role::Diagnoses { principal: false } | Role::Procedures(_) | Role::Codes(_) | Role::Text(_)
        )
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
        &[
            "patient_class",
            "encounter_class",
            "patient_type",
            "visit_type",
            "class",
            "setting",
            "encounter_type",
            "pt_class",
            "pt_type",
        ],
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
const PROCEDURES: &[&str] = &[
    "procedure_codes",
    "procedures",
    "px",
    "principal_procedure",
    "procedure",
    "procedure_code",
    "proc_code",
    "proc_codes",
];
const PCS: &[&str] = &[
    "icd10_pcs",
    "icd_10_pcs",
    "pcs",
    "icd10_pcs_code",
    "icd10_pcs_codes",
    "icd_10_pcs_code",
    "icd10_px",
    "icd_pcs",
    "pcs_code",
    "pcs_codes",
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
    "cpt_hcpcs_codes",
    "hcpcs_cpt",
    "cpt4",
    "cpt4_code",
    "service_code",
    "service_codes",
];
/// Other coded columns by system (a trailing number is allowed: `ndc_2`, `loinc1`).
const OTHER_CODES: &[(CodeSystem, &[&str])] = &[
    (
        CodeSystem::Ndc,
        &[
            "ndc",
            "ndc_code",
            "ndc_codes",
            "ndc11",
            "ndc_11",
            "national_drug_code",
            "drug_ndc",
            "ndc_number",
            "rx_ndc",
        ],
    ),
    (
        CodeSystem::Loinc,
        &[
            "loinc",
            "loinc_code",
            "loinc_codes",
            "loinc_num",
            "loinc_number",
            "loinc_id",
            "test_loinc",
            "lab_loinc",
            "result_loinc",
            "observation_loinc",
            "order_loinc",
        ],
    ),
    (
        CodeSystem::Snomed,
        &[
            "snomed",
            "snomed_ct",
            "snomedct",
            "snomed_code",
            "snomed_codes",
            "snomed_ct_code",
            "snomed_ct_id",
            "snomed_id",
            "snomed_concept_id",
            "snomed_ct_concept_id",
            "sctid",
            "sct_id",
        ],
    ),
];
const BILL_TYPE: &[&str] =
    &["type_of_bill", "bill_type", "tob", "bill_type_code", "type_of_bill_code", "facility_bill_type"];
const PLACE_OF_SERVICE: &[&str] = &["place_of_service", "pos", "pos_code", "place_of_service_code"];
const CLAIM_TYPE: &[&str] = &[
    "claim_type",
    "claim_type_code",
    "claim_form",
    "claim_form_type",
    "form_type",
    "claim_format",
    "bill_form",
];

/// Numbered code columns: `dx1`, `diagnosis_2`, `icd10_dx_3`, `px1`, `proc_2`, `cpt1`.
fn numbered() -> &'static Regex {
    static NUMBERED: OnceLock<Regex> = OnceLock::new();
    NUMBERED.get_or_init(|| {
        Regex::new(r"^(?:(dx|diag|diagnosis|icd10_dx|icd_dx|icd10cm)|(px|proc|procedure)|(icd10_px|icd10_pcs|pcs)|(cpt|hcpcs|cpt_hcpcs))(?:_?code)?_?([0-9]{1,2})$")
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
    } else if PROCEDURES.contains(&k) {
        Role::Procedures(ProcedureColumn::Any)
    } else if PCS.contains(&k) {
        Role::Procedures(ProcedureColumn::Pcs)
    } else if CPT.contains(&k) {
        Role::Procedures(ProcedureColumn::CptHcpcs)
    } else if BILL_TYPE.contains(&k) {
        Role::BillType
    } else if CLAIM_TYPE.contains(&k) {
        Role::ClaimType
    } else if PLACE_OF_SERVICE.contains(&k) {
        Role::PlaceOfService
    } else if let Some(c) = numbered().captures(k) {
        let first = c.get(5).is_some_and(|n| n.as_str().trim_start_matches('0') == "1");
        if c.get(1).is_some() {
            Role::Diagnoses { principal: first }
        } else if c.get(2).is_some() {
            Role::Procedures(ProcedureColumn::Any)
        } else if c.get(3).is_some() {
            Role::Procedures(ProcedureColumn::Pcs)
        } else {
            Role::Procedures(ProcedureColumn::CptHcpcs)
        }
    } else if let Some(system) = other_codes(k) {
        Role::Codes(system)
    } else if let Some(kind) = text_kind(k) {
        Role::Text(kind)
    } else {
        Role::Ignore
    }
}

/// The system of another coded column: a name of [`OTHER_CODES`] (with or without a trailing
/// number), or any provider's NPI (`billing_npi`, `referring_provider_npi`) but the attending's,
/// which the dictionary maps to its field first.
fn other_codes(key: &str) -> Option<CodeSystem> {
    let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let base = if base.len() < key.len() { base.trim_end_matches('_') } else { key };
    if let Some((system, _)) =
        OTHER_CODES.iter().find(|(_, names)| names.contains(&key) || names.contains(&base))
    {
        return Some(*system);
    }
    (base.ends_with("_npi") || base == "npi").then_some(CodeSystem::Npi)
}

/// What a free-text column holds, by the words of its normalised header: notes and comments
/// (`notes`, `clinical_comment`, `remarks_2`), street address lines (`address`, `address_line_1`,
/// `street`), a diagnosis's words (`dx_description`, `diagnosis_text`).
pub fn text_kind(key: &str) -> Option<TextKind> {
    let words: Vec<&str> = key.split('_').filter(|w| w.parse::<u32>().is_err()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&["note", "notes", "comment", "comments", "remark", "remarks", "narrative", "memo"])
        || key.starts_with("free_text")
    {
        Some(TextKind::Note)
    } else if has(&["address", "street", "addr"])
        && !has(&["email", "e", "ip", "web", "city", "state", "zip"])
    {
        Some(TextKind::Address)
    } else if has(&["dx", "diagnosis", "diag", "problem"])
        && has(&["description", "desc", "text", "name", "words", "label"])
    {
        Some(TextKind::DiagnosisText)
    } else {
        None
    }
}

/// True when `header` names the attending provider's NPI outright (`attending_npi`), rather than
/// an NPI column that may be the attending's (`npi`, `rendering_npi`).
pub fn names_attending(header: &str) -> bool {
    normalise(header).contains("attending")
}

/// The role a profile's `columns` entry gives.
fn role_of_kind(kind: FieldKind) -> Role {
    match kind {
        FieldKind::PrincipalDiagnosis => Role::Diagnoses { principal: true },
        FieldKind::SecondaryDiagnoses => Role::Diagnoses { principal: false },
        FieldKind::Procedures => Role::Procedures(ProcedureColumn::Any),
        k => Role::Single(k),
    }
}

/// A few header names the dictionary accepts for `kind`, for messages.
pub fn known_names(kind: FieldKind) -> Vec<&'static str> {
    let list: &[&str] = match kind {
        FieldKind::PrincipalDiagnosis => PRINCIPAL_DX,
        FieldKind::SecondaryDiagnoses => OTHER_DX,
        FieldKind::Procedures => PROCEDURES,
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
        assert_eq!(role("PX1"), Role::Procedures(ProcedureColumn::Any));
        assert_eq!(role("CPT Code 2"), Role::Procedures(ProcedureColumn::CptHcpcs));
        assert_eq!(role("favourite_colour"), Role::Ignore);
    }

    #[test]
    fn procedure_columns_say_what_they_hold() {
        assert_eq!(role("Procedures"), Role::Procedures(ProcedureColumn::Any));
        assert_eq!(role("Procedure Code"), Role::Procedures(ProcedureColumn::Any));
        assert_eq!(role("ICD10_PCS"), Role::Procedures(ProcedureColumn::Pcs));
        assert_eq!(role("ICD-10-PCS Code"), Role::Procedures(ProcedureColumn::Pcs));
        assert_eq!(role("pcs_3"), Role::Procedures(ProcedureColumn::Pcs));
        assert_eq!(role("HCPCS"), Role::Procedures(ProcedureColumn::CptHcpcs));
        assert_eq!(role("CPT"), Role::Procedures(ProcedureColumn::CptHcpcs));
        assert_eq!(role("proc_2"), Role::Procedures(ProcedureColumn::Any));
    }

    #[test]
    fn other_coded_columns() {
        assert_eq!(role("NDC"), Role::Codes(CodeSystem::Ndc));
        assert_eq!(role("National Drug Code"), Role::Codes(CodeSystem::Ndc));
        assert_eq!(role("ndc_2"), Role::Codes(CodeSystem::Ndc));
        assert_eq!(role("LOINC Code"), Role::Codes(CodeSystem::Loinc));
        assert_eq!(role("loinc1"), Role::Codes(CodeSystem::Loinc));
        assert_eq!(role("SNOMED CT"), Role::Codes(CodeSystem::Snomed));
        assert_eq!(role("Billing NPI"), Role::Codes(CodeSystem::Npi));
        assert_eq!(role("Referring Provider NPI"), Role::Codes(CodeSystem::Npi));
        assert_eq!(role("operating_npi"), Role::Codes(CodeSystem::Npi));
        assert_eq!(role("Attending NPI"), Role::Single(FieldKind::AttendingNpi));
        assert_eq!(role("NPI"), Role::Single(FieldKind::AttendingNpi));
        // Descriptions of codes are not codes.
        assert_eq!(role("NDC Description"), Role::Ignore);
        assert_eq!(role("LOINC Long Name"), Role::Ignore);
        assert_eq!(role("NPI Name"), Role::Ignore);
        assert_eq!(role("Type of Bill"), Role::BillType);
        assert_eq!(role("TOB"), Role::BillType);
        assert_eq!(role("Claim Type"), Role::ClaimType);
        assert_eq!(role("Place of Service"), Role::PlaceOfService);
        assert_eq!(role("Encounter Type"), Role::Single(FieldKind::PatientClass));
        assert!(names_attending("Attending Physician NPI"));
        assert_eq!(role("Clinical Notes"), Role::Text(TextKind::Note));
        assert_eq!(role("comment_2"), Role::Text(TextKind::Note));
        assert_eq!(role("Address Line 1"), Role::Text(TextKind::Address));
        assert_eq!(role("Email Address"), Role::Ignore);
        assert_eq!(role("Dx Description"), Role::Text(TextKind::DiagnosisText));
        assert!(!names_attending("Rendering NPI"));
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
