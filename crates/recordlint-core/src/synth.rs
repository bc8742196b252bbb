//! Deterministic synthetic records for benchmarks, demos and measuring the checker: realistic
//! encounter rows with real ICD-10-CM codes and a small share (about 2%) of planted defects. Same
//! arguments, same bytes.
//!
//! Two mixes: [`Mix::Classic`] (the default: inpatient stays only, the bytes benchmarks and tests
//! were written against) and [`Mix::Realistic`] (what real exports also hold: outpatient and
//! emergency visits without discharge fields, CPT and HCPCS codes beside ICD-10-PCS, multi-code
//! cells, LOINC and SNOMED CT coded observations, NDCs, and planted defects for the rules on
//! those). The writer knows which record carries which planted defect and can hand it out as
//! ground truth ([`Writer::record_truth`], [`Planted`]): one row per finding the checker is
//! expected to make.
//!
//! Either mix draws its codes from a few dozen common ones or, with [`Codes::Wide`], from tens of
//! thousands (every billable code that suits any adult), for measuring code look-ups on files
//! with many distinct codes.

use std::collections::HashMap;
use std::fmt::Write;

mod wide;
pub use wide::Codes;

/// Principal and secondary diagnoses common in inpatient claims: valid FY2026 codes that suit an
/// adult of either sex and are acceptable as principal (no O80, Z38.00, Z87.891: the code edits
/// would rightly flag them in random rows).
const DIAGNOSES: &[&str] = &[
    "I50.23", "J18.9", "N39.0", "A41.9", "I21.4", "J44.1", "K35.80", "I63.9", "E11.65", "N17.9", "I48.91",
    "K92.2", "S72.001A", "F32.A", "I10", "E78.5", "E11.9", "Z79.4", "N18.31", "E66.9", "I25.10", "E87.1",
    "D64.9",
];
const GIVEN: &[&str] = &[
    "Maria", "James", "Aisha", "Wei", "Olivia", "Mateo", "Fatima", "Liam", "Priya", "Noah", "Sofia", "Kwame",
    "Elena", "Hiroshi", "Grace", "Omar",
];
const FAMILY: &[&str] = &[
    "Garcia",
    "Smith",
    "Okafor",
    "Chen",
    "Johnson",
    "Nguyen",
    "Haddad",
    "Brown",
    "Patel",
    "Kowalski",
    "Rossi",
    "Mensah",
    "Lindqvist",
    "Tanaka",
    "Murphy",
    "Alvarez",
];
const PAYERS: &[&str] = &["Medicare", "Medicaid", "BlueCross", "Aetna", "Self-pay", "UnitedHealthcare"];
/// Valid NPIs (Luhn over 80840 + 9 digits).
const NPIS: &[&str] = &["1234567893", "1245319599", "1003000126", "1497758544"];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// The formats [`generate`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Encounter rows under a header.
    Csv,
    /// FHIR R4 NDJSON: Patient, Encounter, Condition and Procedure resources, one per line.
    Ndjson,
    /// The same resources as one FHIR R4 collection Bundle.
    Bundle,
    /// An HL7 v2.5.1 batch of ADT^A01 messages.
    Hl7,
}

impl Kind {
    /// `csv`, `ndjson`, `bundle` or `hl7`.
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "csv" => Some(Kind::Csv),
            "ndjson" => Some(Kind::Ndjson),
            "bundle" => Some(Kind::Bundle),
            "hl7" | "hl7v2" => Some(Kind::Hl7),
            _ => None,
        }
    }
}

/// ICD-10-PCS procedures that suit any adult inpatient.
const PROCEDURES: &[&str] = &["BW03ZZZ", "5A1955Z", "02HV33Z", "0BH17EZ", "30233N1", "B2111ZZ"];
/// CPT codes of office and emergency visits and common outpatient services (format only: the CPT
/// set is the AMA's).
const CPT_OFFICE: &[&str] = &["99213", "99214", "99203", "99212", "93000", "36415"];
const CPT_EMERGENCY: &[&str] = &["99284", "99285", "99283"];
/// HCPCS Level II codes valid through 2025 (wellness visits, a flu shot, injected drugs).
const HCPCS: &[&str] = &["G0438", "G0439", "J1100", "G0008", "J1885"];
/// LOINC lab and vital-sign codes (valid check digits): code, name, value, unit.
const LOINC: &[(&str, &str, &str, &str)] = &[
    ("2345-7", "Glucose", "104", "mg/dL"),
    ("718-7", "Hemoglobin", "13.2", "g/dL"),
    ("4548-4", "Hemoglobin A1c", "6.1", "%"),
    ("2160-0", "Creatinine", "0.9", "mg/dL"),
    ("8867-4", "Heart rate", "78", "/min"),
    ("8480-6", "Systolic blood pressure", "128", "mm[Hg]"),
    ("2951-2", "Sodium", "139", "mmol/L"),
];
/// The same LOINC codes with a wrong check digit (planted K322).
const LOINC_BAD: &[&str] = &["2345-8", "718-6", "4548-5", "2160-1", "8867-5", "8480-7", "2951-3"];
/// SNOMED CT concepts used as observation codes (valid Verhoeff check digits).
const SNOMED: &[(&str, &str, &str, &str)] = &[
    ("271649006", "Systolic blood pressure", "131", "mm[Hg]"),
    ("364075005", "Heart rate", "82", "/min"),
    ("27113001", "Body weight", "81", "kg"),
];
/// The same concepts with a wrong check digit (planted K323).
const SNOMED_BAD: &[&str] = &["271649007", "364075004", "27113002"];
/// NDCs in the three 10-digit layouts (4-4-2, 5-3-2, 5-4-1).
const NDCS: &[&str] = &["0002-8215-01", "00093-058-01", "50090-2875-0", "0378-0208-01"];
/// NDCs in no layout (planted K324): a digit missing or the segments misplaced.
const NDC_BAD: &[&str] = &["0002-8215-1", "0009-058-01", "50090-28750", "037-80208-01"];

/// Which extra realism a generator adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mix {
    /// Inpatient stays with ICD-10-CM and ICD-10-PCS codes: the bytes benchmarks and tests use.
    #[default]
    Classic,
    /// Inpatient, outpatient and emergency visits, CPT/HCPCS/PCS procedures, multi-code cells,
    /// coded observations (HL7, FHIR) and NDCs (CSV, FHIR), with defects planted for every rule
    /// the format can carry.
    Realistic,
}

impl Mix {
    /// `classic` or `realistic`.
    pub fn from_name(name: &str) -> Option<Mix> {
        match name {
            "classic" => Some(Mix::Classic),
            "realistic" => Some(Mix::Realistic),
            _ => None,
        }
    }
}

/// A defect the generator plants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// Admission and discharge dates swapped.
    DateOrder,
    /// The principal diagnosis written with `-` for the dot.
    DashedCode,
    /// The attending NPI's check digit changed.
    BadNpi,
    /// The MRN left blank.
    BlankMrn,
    /// A birth date on February 30.
    ImpossibleDate,
    /// The birth year one later than the patient's other records say.
    BirthYear,
    /// The sex opposite to the patient's other records.
    SexFlip,
    /// An observation's LOINC code with a wrong check digit.
    Loinc,
    /// An observation's SNOMED CT id with a wrong check digit.
    Snomed,
    /// An NDC in none of the 10-digit layouts.
    Ndc,
    /// A secondary diagnosis with a comma for the dot (`Z79,899`).
    CommaCode,
    /// A procedure code with a digit missing (`9921`).
    ShortProcedure,
    /// A birth year before 1880.
    AncientBirth,
}

impl Defect {
    /// The classic mix's seven defects, in the order they are drawn.
    const CLASSIC: [Defect; 7] = [
        Defect::DateOrder,
        Defect::DashedCode,
        Defect::BadNpi,
        Defect::BlankMrn,
        Defect::ImpossibleDate,
        Defect::BirthYear,
        Defect::SexFlip,
    ];

    /// The defect's class name and the rule expected to find it at the planted place.
    fn class_and_rule(self) -> (&'static str, &'static str) {
        match self {
            Defect::DateOrder => ("discharge-before-admission", "D201"),
            Defect::DashedCode => ("malformed-icd10cm-code", "K301"),
            Defect::BadNpi => ("invalid-npi", "K302"),
            Defect::BlankMrn => ("blank-mrn", "C101"),
            Defect::ImpossibleDate => ("impossible-birth-date", "D202"),
            // Found (X401/X402) where the conflict shows, see `Identities`.
            Defect::BirthYear => ("mrn-birth-date-conflict", "X401"),
            Defect::SexFlip => ("mrn-sex-conflict", "X402"),
            Defect::Loinc => ("loinc-check-digit", "K322"),
            Defect::Snomed => ("snomed-ct-check-digit", "K323"),
            Defect::Ndc => ("ndc-layout", "K324"),
            Defect::CommaCode => ("comma-for-dot", "K326"),
            Defect::ShortProcedure => ("unrecognized-procedure", "K325"),
            Defect::AncientBirth => ("implausible-birth-year", "D209"),
        }
    }

    /// True for defects of the patient's own facts (MRN, birth date, sex).
    fn of_patient(self) -> bool {
        matches!(
            self,
            Defect::BlankMrn
                | Defect::ImpossibleDate
                | Defect::BirthYear
                | Defect::SexFlip
                | Defect::AncientBirth
        )
    }
}

/// One finding the checker is expected to make: the ground truth of a planted defect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// The record (1-based: CSV data row, HL7 message, FHIR encounter) the finding is about.
    pub record: u64,
    /// Where, as a finding's location prints: `row 12, dob`, `message 11, PID-7`,
    /// `line 40, /entry/38/resource/birthDate`. HL7 paths name the field, without component.
    pub location: String,
    /// The defect class (`discharge-before-admission`, `comma-for-dot`…).
    pub class: &'static str,
    /// The rule id expected to fire there (`D201`).
    pub rule: &'static str,
}

impl Planted {
    /// The CSV header of [`Planted::csv_row`]s.
    pub const CSV_HEADER: &'static str = "record_number,location,defect_class,expected_rule";

    /// `12,"row 13, dob",mrn-birth-date-conflict,X401`
    pub fn csv_row(&self) -> String {
        format!("{},\"{}\",{},{}", self.record, self.location.replace('"', "\"\""), self.class, self.rule)
    }
}

/// The setting of an encounter (realistic mix; the classic mix has inpatient stays only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Inpatient,
    Outpatient,
    Emergency,
}

/// A coded observation: code, name, value, unit, and whether the code is SNOMED CT (else LOINC).
#[derive(Debug, Clone, Copy)]
struct Obs {
    code: &'static str,
    name: &'static str,
    value: &'static str,
    unit: &'static str,
    snomed: bool,
}

/// One encounter of a synthetic patient, as every format writes it.
struct Sample {
    n: u64,
    patient: u64,
    mrn: String,
    family: &'static str,
    given: &'static str,
    /// `YYYYMMDD` dates.
    dob: String,
    sex: &'static str,
    admit: String,
    discharge: String,
    principal: String,
    secondary: [&'static str; 2],
    procedure: &'static str,
    npi: String,
    payer: &'static str,
    /// The planted defect, when one was planted and changed something.
    defect: Option<Defect>,
    /// The realistic mix's additions (`None` in the classic mix).
    extra: Option<Extra>,
}

/// What the realistic mix adds to a sample.
struct Extra {
    setting: Setting,
    /// Procedure codes (ICD-10-PCS for stays, CPT and HCPCS for visits).
    procedures: Vec<&'static str>,
    observations: Vec<Obs>,
    ndc: Option<&'static str>,
}

/// Encounters of about `records / 4` patients (a patient has several stays), with about 2% planted
/// defects (date order, bad code, bad NPI, blank field, impossible date, an MRN whose birth date or
/// sex contradicts the patient's other records; in the realistic mix also LOINC and SNOMED CT check
/// digits, NDC layout, comma for the dot, an unrecognized procedure, a birth year before 1880).
struct Samples {
    rng: Rng,
    seed: u64,
    patients: u64,
    n: u64,
    mix: Mix,
    kind: Kind,
    codes: Codes,
    /// Realistic mix: patients with a record already, as a bitmap over patient numbers.
    seen: Vec<u64>,
}

impl Samples {
    fn new(records: u64, seed: u64, mix: Mix, kind: Kind) -> Samples {
        Samples {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            seed,
            patients: records / 4 + 1,
            n: 0,
            mix,
            kind,
            codes: Codes::Common,
            seen: Vec::new(),
        }
    }

    /// Marks `patient` seen; true when it was not before.
    fn first_of(&mut self, patient: u64) -> bool {
        let word = (patient / 64) as usize;
        if self.seen.len() <= word {
            self.seen.resize(word + 1, 0);
        }
        let bit = 1u64 << (patient % 64);
        let first = self.seen[word] & bit == 0;
        self.seen[word] |= bit;
        first
    }

    fn next(&mut self) -> Sample {
        let rng = &mut self.rng;
        self.n += 1;
        let patient = rng.next() % self.patients;
        // The patient's own facts come from the patient's number, so that every stay agrees.
        let mut p = Rng((self.seed ^ patient.wrapping_mul(0xD1B5_4A32_D192_ED03)) | 1);
        let (year, month, day) = (1930 + p.below(80), 1 + p.below(12), 1 + p.below(28));
        let (family, given) = (p.pick(FAMILY), p.pick(GIVEN));
        let mut sex = if p.below(2) == 0 { "F" } else { "M" };
        let mut dob = format!("{year}{month:02}{day:02}");
        let (admit_month, admit_day, stay) = (1 + rng.below(12), 1 + rng.below(20), rng.below(8));
        let mut admit = format!("2025{admit_month:02}{admit_day:02}");
        let mut discharge = format!("2025{admit_month:02}{:02}", admit_day + stay);
        let first = rng.below(DIAGNOSES.len());
        let second = (first + 1 + rng.below(DIAGNOSES.len() - 2)) % DIAGNOSES.len();
        let third = (0..DIAGNOSES.len())
            .map(|k| (second + 1 + k) % DIAGNOSES.len())
            .find(|&k| k != first)
            .unwrap_or(0);
        let mut principal = DIAGNOSES[first].to_string();
        let mut npi = rng.pick(NPIS).to_string();
        let mut mrn = format!("M{:07}", 100_000 + patient);
        let mut secondary = [DIAGNOSES[second], DIAGNOSES[third]];
        // The realistic mix draws from its own generator, so that the classic draws stay as
        // they were.
        let mut x = Rng((self.seed ^ self.n.wrapping_mul(0xA24B_AED4_963E_E407))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            | 1);
        let mut extra = (self.mix == Mix::Realistic).then(|| realistic_extra(&mut x, self.kind));
        // FHIR writes a patient's facts once, with the first encounter: a defect planted there
        // would be every later encounter's too. Later encounters carry theirs in a second Patient.
        let first_of_patient = extra.is_some() && self.first_of(patient);
        // The wide draw, from a generator of its own too: only the codes change.
        let wide_procedure = (self.codes == Codes::Wide).then(|| {
            let mut w = Rng((self.seed ^ self.n.wrapping_mul(0x9FB2_1C65_1E98_DF25))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                | 1);
            let ([first, second, third], procedure) = wide::draw(&mut w);
            principal = first.to_string();
            secondary = [second, third];
            if let Some(e) = extra.as_mut().filter(|e| e.setting == Setting::Inpatient) {
                for p in &mut e.procedures {
                    *p = wide::procedure(&mut w);
                }
            }
            procedure
        });
        let rng = &mut self.rng;
        if let Some(e) = &extra {
            if e.setting != Setting::Inpatient {
                discharge = admit.clone();
            }
        }
        let mut defect = None;
        if rng.below(1000) < 20 {
            let classic = Defect::CLASSIC[rng.below(7)];
            defect = match &extra {
                None => Some(classic),
                Some(e) => {
                    let mut options = carried(self.kind, e, stay, &principal);
                    if first_of_patient && matches!(self.kind, Kind::Ndjson | Kind::Bundle) {
                        options.retain(|d| !d.of_patient());
                    }
                    Some(options[x.below(options.len())])
                }
            };
        }
        match defect {
            Some(Defect::DateOrder) => std::mem::swap(&mut admit, &mut discharge),
            Some(Defect::DashedCode) => principal = principal.replace('.', "-"),
            Some(Defect::BadNpi) => npi.replace_range(9..10, if npi.ends_with('0') { "1" } else { "0" }),
            Some(Defect::BlankMrn) => mrn.clear(),
            Some(Defect::ImpossibleDate) => dob = format!("{year}0230"),
            Some(Defect::BirthYear) => dob = format!("{}{month:02}{day:02}", year + 1),
            Some(Defect::SexFlip) => sex = if sex == "F" { "M" } else { "F" },
            Some(Defect::AncientBirth) => dob = format!("18{}{month:02}{day:02}", 40 + year % 30),
            Some(Defect::CommaCode) => secondary[0] = "Z79,899",
            Some(Defect::ShortProcedure) => {
                if let Some(e) = &mut extra {
                    e.procedures[0] = "9921";
                }
            }
            Some(Defect::Ndc) => {
                if let Some(e) = &mut extra {
                    e.ndc = Some(NDC_BAD[x.below(NDC_BAD.len())]);
                }
            }
            Some(Defect::Loinc | Defect::Snomed) => {
                if let Some(e) = &mut extra {
                    let snomed = defect == Some(Defect::Snomed);
                    let k = x.below(if snomed { SNOMED.len() } else { LOINC.len() });
                    let (good, bad) =
                        if snomed { (SNOMED[k], SNOMED_BAD[k]) } else { (LOINC[k], LOINC_BAD[k]) };
                    let (_, name, value, unit) = good;
                    e.observations.insert(0, Obs { code: bad, name, value, unit, snomed });
                }
            }
            None => {}
        }
        // A planted change that changed nothing (swapped equal dates, a dot-less code) is none.
        if (defect == Some(Defect::DateOrder) && stay == 0)
            || (defect == Some(Defect::DashedCode) && !principal.contains('-'))
        {
            defect = None;
        }
        // Drawn in either case, so that the other draws stay as they are.
        let common_procedure = rng.pick(PROCEDURES);
        Sample {
            n: self.n,
            patient,
            mrn,
            family,
            given,
            dob,
            sex,
            admit,
            discharge,
            principal,
            secondary,
            procedure: wide_procedure.unwrap_or(common_procedure),
            npi,
            payer: rng.pick(PAYERS),
            defect,
            extra,
        }
    }
}

/// The realistic mix's setting, procedures, observations and NDC of one encounter.
fn realistic_extra(x: &mut Rng, kind: Kind) -> Extra {
    let setting = match x.below(20) {
        0..=10 => Setting::Inpatient,
        11..=17 => Setting::Outpatient,
        _ => Setting::Emergency,
    };
    let mut procedures = Vec::with_capacity(2);
    match setting {
        Setting::Inpatient => {
            procedures.push(x.pick(PROCEDURES));
            if x.below(3) == 0 {
                let second = x.pick(PROCEDURES);
                if second != procedures[0] {
                    procedures.push(second);
                }
            }
        }
        Setting::Outpatient => procedures.push(x.pick(CPT_OFFICE)),
        Setting::Emergency => procedures.push(x.pick(CPT_EMERGENCY)),
    }
    if setting != Setting::Inpatient && x.below(3) == 0 {
        procedures.push(x.pick(HCPCS));
    }
    let mut observations = Vec::new();
    if matches!(kind, Kind::Hl7 | Kind::Ndjson | Kind::Bundle) {
        for _ in 0..1 + x.below(2) {
            let (code, name, value, unit) = LOINC[x.below(LOINC.len())];
            if observations.iter().all(|o: &Obs| o.code != code) {
                observations.push(Obs { code, name, value, unit, snomed: false });
            }
        }
        if x.below(4) == 0 {
            let (code, name, value, unit) = SNOMED[x.below(SNOMED.len())];
            observations.push(Obs { code, name, value, unit, snomed: true });
        }
    }
    let ndc = (matches!(kind, Kind::Csv | Kind::Ndjson | Kind::Bundle) && x.below(4) == 0)
        .then(|| NDCS[x.below(NDCS.len())]);
    Extra { setting, procedures, observations, ndc }
}

/// The defects the realistic mix can plant in a `kind` record like `e`: only what the format can
/// carry (no observations in CSV, no NDC in an HL7 ADT message) and what would change something.
fn carried(kind: Kind, e: &Extra, stay: usize, principal: &str) -> Vec<Defect> {
    let mut options = vec![
        Defect::BadNpi,
        Defect::BlankMrn,
        Defect::ImpossibleDate,
        Defect::BirthYear,
        Defect::SexFlip,
        Defect::AncientBirth,
        Defect::CommaCode,
    ];
    // A code without its system: CSV cells and HL7 fields may leave the system out, a FHIR
    // coding without one is a local code and not checked.
    if matches!(kind, Kind::Csv | Kind::Hl7) {
        options.push(Defect::ShortProcedure);
    }
    if e.setting == Setting::Inpatient && stay > 0 {
        options.push(Defect::DateOrder);
    }
    if principal.contains('.') {
        options.push(Defect::DashedCode);
    }
    if kind != Kind::Csv {
        options.extend([Defect::Loinc, Defect::Snomed]);
    }
    if kind != Kind::Hl7 {
        options.push(Defect::Ndc);
    }
    options
}

/// `2025-03-04` from `20250304` (an impossible date stays impossible).
fn iso(d: &str) -> String {
    format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
}

/// Writes `records` synthetic encounters in `kind`'s format; same arguments, same bytes.
pub fn generate(kind: Kind, records: u64, seed: u64) -> Vec<u8> {
    generate_with_truth(kind, records, seed, Mix::Classic).0
}

/// Writes `records` synthetic encounters of `mix` in `kind`'s format, with the ground truth of
/// the planted defects (one row per expected finding, in record order).
pub fn generate_with_truth(kind: Kind, records: u64, seed: u64, mix: Mix) -> (Vec<u8>, Vec<Planted>) {
    generate_codes(kind, records, seed, mix, Codes::Common)
}

/// [`generate_with_truth`] drawing `codes`.
pub fn generate_codes(
    kind: Kind,
    records: u64,
    seed: u64,
    mix: Mix,
    codes: Codes,
) -> (Vec<u8>, Vec<Planted>) {
    let mut out = String::new();
    let mut writer = Writer::with_mix(kind, records, seed, mix).with_codes(codes);
    writer.record_truth();
    writer.begin(&mut out);
    writer.records(&mut out, records);
    writer.end(&mut out);
    (out.into_bytes(), writer.take_truth())
}

/// The first birth date and sex seen for each MRN, as the checker's master patient index keeps
/// them: a later record that contradicts them carries an X401/X402 finding.
#[derive(Default)]
struct Identities {
    first: HashMap<String, (Option<String>, Option<&'static str>)>,
}

impl Identities {
    /// Whether a record presenting `mrn`, `dob` (`YYYYMMDD`) and `sex` contradicts the MRN's
    /// first-seen birth date and sex.
    fn observe(&mut self, mrn: &str, dob: &str, sex: &'static str) -> (bool, bool) {
        if mrn.is_empty() {
            return (false, false);
        }
        let valid = crate::date::parse_date(&iso(dob)).is_ok();
        let entry = self.first.entry(mrn.to_string()).or_default();
        let birth = match (&entry.0, valid) {
            (Some(known), true) => known != dob,
            (None, true) => {
                entry.0 = Some(dob.to_string());
                false
            }
            (_, false) => false,
        };
        let sex = match entry.1 {
            Some(known) => known != sex,
            None => {
                entry.1 = Some(sex);
                false
            }
        };
        (birth, sex)
    }
}

/// The ground truth a writer collects.
#[derive(Default)]
struct Truth {
    rows: Vec<Planted>,
    identities: Identities,
    /// FHIR: each patient's first Patient resource (MRN, birth date, sex).
    patients: HashMap<u64, (String, String, &'static str)>,
}

/// A planted finding of the current record, located by the writer of its format.
struct Expect {
    /// CSV column, HL7 field path, or FHIR pointer within the resource.
    place: &'static str,
    /// FHIR: which resource of the record's (index into its lines).
    resource: usize,
    class: &'static str,
    rule: &'static str,
}

/// Writes synthetic encounters in batches (a generator of any size in bounded memory).
pub struct Writer {
    kind: Kind,
    samples: Samples,
    /// Patients whose Patient resource was written (FHIR), as a bitmap over patient numbers.
    written: Vec<u64>,
    first_entry: bool,
    /// FHIR: lines and Bundle entries written so far.
    lines: u64,
    entries: u64,
    truth: Option<Box<Truth>>,
}

impl Writer {
    /// A writer of `kind` for about `expected_records` records (which sets how many patients
    /// there are; the writer may write any number).
    pub fn with_size(kind: Kind, expected_records: u64, seed: u64) -> Writer {
        Writer::with_mix(kind, expected_records, seed, Mix::Classic)
    }

    /// A writer of `kind` and `mix` for about `expected_records` records.
    pub fn with_mix(kind: Kind, expected_records: u64, seed: u64, mix: Mix) -> Writer {
        Writer {
            kind,
            samples: Samples::new(expected_records, seed, mix, kind),
            written: Vec::new(),
            first_entry: true,
            lines: 0,
            entries: 0,
            truth: None,
        }
    }

    /// This writer drawing `codes` (the common ones unless told).
    pub fn with_codes(mut self, codes: Codes) -> Writer {
        self.samples.codes = codes;
        self
    }

    /// Collects the ground truth of the records written from now on (see [`Writer::take_truth`]).
    pub fn record_truth(&mut self) {
        self.truth.get_or_insert_with(Box::default);
    }

    /// The ground truth collected since the last call, in record order.
    pub fn take_truth(&mut self) -> Vec<Planted> {
        self.truth.as_mut().map(|t| std::mem::take(&mut t.rows)).unwrap_or_default()
    }

    /// The header (CSV) or the Bundle's opening.
    pub fn begin(&mut self, out: &mut String) {
        match self.kind {
            Kind::Csv if self.samples.mix == Mix::Realistic => out.push_str(
                "mrn,encounter_id,last_name,first_name,dob,sex,patient_class,admit_date,discharge_date,discharge_status,principal_dx,dx2,px1,attending_npi,payer,ndc\n",
            ),
            Kind::Csv => out.push_str(
                "mrn,encounter_id,last_name,first_name,dob,sex,admit_date,discharge_date,principal_dx,dx2,px1,attending_npi,payer\n",
            ),
            Kind::Bundle => {
                out.push_str("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n");
                self.lines = 1;
            }
            Kind::Ndjson | Kind::Hl7 => {}
        }
    }

    /// The Bundle's end.
    pub fn end(&mut self, out: &mut String) {
        if self.kind == Kind::Bundle {
            out.push_str("\n]}\n");
        }
    }

    /// Appends `records` encounters.
    pub fn records(&mut self, out: &mut String, records: u64) {
        if self.samples.patients <= 1 {
            self.samples.patients = records / 4 + 1;
        }
        for _ in 0..records {
            let s = self.samples.next();
            match self.kind {
                Kind::Csv => {
                    csv_row(out, &s);
                    self.expect_plain(&s, &s.mrn, &s.dob, s.sex);
                }
                Kind::Hl7 => {
                    hl7_message(out, &s);
                    self.expect_plain(&s, &s.mrn, &s.dob, s.sex);
                }
                Kind::Ndjson | Kind::Bundle => self.fhir_resources(out, &s),
            }
        }
    }

    /// The truth of a CSV row or HL7 message `s` (whose patient facts are its own).
    fn expect_plain(&mut self, s: &Sample, mrn: &str, dob: &str, sex: &'static str) {
        let Some(truth) = self.truth.as_mut() else { return };
        let (birth, sex_conflict) = truth.identities.observe(mrn, dob, sex);
        let mut expected = Vec::new();
        if let Some(d) = s.defect.filter(|d| !matches!(d, Defect::BirthYear | Defect::SexFlip)) {
            expected.push(d);
        }
        let csv = self.kind == Kind::Csv;
        let place = |d: Defect| match (d, csv) {
            (Defect::DateOrder, true) => "discharge_date",
            (Defect::DateOrder, false) => "PV1-45",
            (Defect::DashedCode, true) => "principal_dx",
            (Defect::DashedCode, false) => "DG1-3",
            // Repeated segments after the first are named with their number.
            (Defect::CommaCode, false) => "DG1[2]-3",
            (Defect::BadNpi, true) => "attending_npi",
            (Defect::BadNpi, false) => "PV1-7",
            (Defect::BlankMrn, true) => "mrn",
            (Defect::BlankMrn, false) => "PID-3",
            (Defect::ImpossibleDate | Defect::BirthYear | Defect::AncientBirth, true) => "dob",
            (Defect::ImpossibleDate | Defect::BirthYear | Defect::AncientBirth, false) => "PID-7",
            (Defect::SexFlip, true) => "sex",
            (Defect::SexFlip, false) => "PID-8",
            (Defect::CommaCode, true) => "dx2",
            (Defect::ShortProcedure, true) => "px1",
            (Defect::ShortProcedure, false) => "PR1-3",
            (Defect::Ndc, _) => "ndc",
            (Defect::Loinc | Defect::Snomed, _) => "OBX-3",
        };
        if birth {
            expected.push(Defect::BirthYear);
        }
        if sex_conflict {
            expected.push(Defect::SexFlip);
        }
        for d in expected {
            let (class, rule) = d.class_and_rule();
            let location = if csv {
                format!("row {}, {}", s.n + 1, place(d))
            } else {
                format!("message {}, {}", s.n, place(d))
            };
            truth.rows.push(Planted { record: s.n, location, class, rule });
        }
    }

    fn fhir_resources(&mut self, out: &mut String, s: &Sample) {
        let word = (s.patient / 64) as usize;
        if self.written.len() <= word {
            self.written.resize(word + 1, 0);
        }
        let bit = 1u64 << (s.patient % 64);
        let realistic = self.samples.mix == Mix::Realistic;
        // A patient whose record carries a planted identity defect gets a second Patient
        // resource under the same MRN.
        let pid = if self.written[word] & bit == 0 {
            self.written[word] |= bit;
            format!("pt-{}", s.patient)
        } else {
            String::new()
        };
        let defect = if realistic {
            pid.is_empty() && s.defect.is_some_and(Defect::of_patient)
        } else {
            pid.is_empty() && s.n % 50 == 0
        };
        let pid = match (pid.is_empty(), defect) {
            (false, _) => Some(pid),
            (true, true) => Some(format!("pt-{}-{}", s.patient, s.n)),
            (true, false) => None,
        };
        let patient_ref = pid.clone().unwrap_or_else(|| format!("pt-{}", s.patient));
        let gender = if s.sex == "F" { "female" } else { "male" };
        // The second Patient of an MRN was registered with another birth year (classic), or
        // carries the planted defect of the patient's facts (realistic).
        let birth = match s.dob[..4].parse::<u32>() {
            Ok(year) if defect && !realistic => format!("{}{}", year + 1, &iso(&s.dob)[4..]),
            _ => iso(&s.dob),
        };
        let mut lines = Vec::with_capacity(4);
        let mut expect = Vec::new();
        if let Some(id) = &pid {
            lines.push(format!(
                r#"{{"resourceType":"Patient","id":"{id}","identifier":[{{"type":{{"coding":[{{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}}]}},"system":"urn:oid:2.16.840.1.113883.19.5","value":"{}"}}],"name":[{{"family":"{}","given":["{}"]}}],"gender":"{gender}","birthDate":"{birth}"}}"#,
                s.mrn, s.family, s.given
            ));
        }
        if let Some(truth) = self.truth.as_mut() {
            // The facts this encounter presents are its Patient resource's.
            let written = pid.is_some();
            let dob = birth.replace('-', "");
            let sex = s.sex;
            let (mrn, dob, sex) = match truth.patients.get(&s.patient) {
                Some(first) if !written => first.clone(),
                _ => (s.mrn.clone(), dob, sex),
            };
            if written && !truth.patients.contains_key(&s.patient) {
                truth.patients.insert(s.patient, (mrn.clone(), dob.clone(), sex));
            }
            let (birth_conflict, sex_conflict) = truth.identities.observe(&mrn, &dob, sex);
            let mut push = |place, resource, d: Defect| {
                let (class, rule) = d.class_and_rule();
                expect.push(Expect { place, resource, class, rule });
            };
            if birth_conflict {
                push("/birthDate", 0, Defect::BirthYear);
            }
            if sex_conflict {
                push("/gender", 0, Defect::SexFlip);
            }
            if written {
                match s.defect {
                    Some(Defect::BlankMrn) => push("/identifier/0/value", 0, Defect::BlankMrn),
                    Some(d @ (Defect::ImpossibleDate | Defect::AncientBirth)) => push("/birthDate", 0, d),
                    _ => {}
                }
            }
        }
        let e = s.n;
        let class = match s.extra.as_ref().map(|x| x.setting) {
            Some(Setting::Outpatient) => "AMB",
            Some(Setting::Emergency) => "EMER",
            _ => "IMP",
        };
        let end_time = if class == "IMP" { "11:40" } else { "09:05" };
        let encounter = lines.len();
        lines.push(format!(
            r#"{{"resourceType":"Encounter","id":"enc-{e}","status":"finished","class":{{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"{class}"}},"subject":{{"reference":"Patient/{patient_ref}"}},"period":{{"start":"{}T08:15:00Z","end":"{}T{end_time}:00Z"}},"participant":[{{"individual":{{"identifier":{{"system":"http://hl7.org/fhir/sid/us-npi","value":"{}"}}}}}}],"diagnosis":[{{"condition":{{"reference":"Condition/cond-{e}-1"}},"rank":1}}]}}"#,
            iso(&s.admit), iso(&s.discharge), s.npi
        ));
        let condition = lines.len();
        for (k, code) in [s.principal.as_str(), s.secondary[0]].iter().enumerate() {
            lines.push(format!(
                r#"{{"resourceType":"Condition","id":"cond-{e}-{}","code":{{"coding":[{{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"{code}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}}}}"#,
                k + 1
            ));
        }
        let procedures: Vec<&str> = match &s.extra {
            Some(x) => x.procedures.clone(),
            None => vec![s.procedure],
        };
        let procedure = lines.len();
        for (k, code) in procedures.iter().enumerate() {
            let id = if k == 0 { format!("proc-{e}") } else { format!("proc-{e}-{}", k + 1) };
            let system = match crate::codes::system::procedure_by_shape(code) {
                crate::model::CodeSystem::Cpt => r#""system":"http://www.ama-assn.org/go/cpt","#.to_string(),
                crate::model::CodeSystem::Hcpcs => {
                    r#""system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","#.to_string()
                }
                _ => r#""system":"http://www.cms.gov/Medicare/Coding/ICD10","#.to_string(),
            };
            lines.push(format!(
                r#"{{"resourceType":"Procedure","id":"{id}","status":"completed","code":{{"coding":[{{{system}"code":"{code}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}},"performedDateTime":"{}T10:30:00Z"}}"#,
                iso(&s.admit)
            ));
        }
        let observation = lines.len();
        if let Some(x) = &s.extra {
            for (k, o) in x.observations.iter().enumerate() {
                let system = if o.snomed { "http://snomed.info/sct" } else { "http://loinc.org" };
                lines.push(format!(
                    r#"{{"resourceType":"Observation","id":"obs-{e}-{}","status":"final","code":{{"coding":[{{"system":"{system}","code":"{}","display":"{}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}},"effectiveDateTime":"{}T09:00:00Z","valueQuantity":{{"value":{},"unit":"{}"}}}}"#,
                    k + 1,
                    o.code,
                    o.name,
                    iso(&s.admit),
                    o.value,
                    o.unit
                ));
            }
        }
        let medication = lines.len();
        if let Some(ndc) = s.extra.as_ref().and_then(|x| x.ndc) {
            lines.push(format!(
                r#"{{"resourceType":"MedicationRequest","id":"med-{e}","status":"completed","intent":"order","medicationCodeableConcept":{{"coding":[{{"system":"http://hl7.org/fhir/sid/ndc","code":"{ndc}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}},"authoredOn":"{}"}}"#,
                iso(&s.admit)
            ));
        }
        if self.truth.is_some() {
            let at = match s.defect {
                Some(Defect::DateOrder) => Some(("/period/end", encounter)),
                Some(Defect::BadNpi) => Some(("/participant/0/individual/identifier/value", encounter)),
                Some(Defect::DashedCode) => Some(("/code/coding/0/code", condition)),
                Some(Defect::CommaCode) => Some(("/code/coding/0/code", condition + 1)),
                Some(Defect::ShortProcedure) => Some(("/code/coding/0/code", procedure)),
                Some(Defect::Loinc | Defect::Snomed) => Some(("/code/coding/0/code", observation)),
                Some(Defect::Ndc) => Some(("/medicationCodeableConcept/coding/0/code", medication)),
                _ => None,
            };
            if let (Some((place, resource)), Some(d)) = (at, s.defect) {
                let (class, rule) = d.class_and_rule();
                expect.push(Expect { place, resource, class, rule });
            }
        }
        if let Some(truth) = self.truth.as_mut() {
            for x in expect {
                let line = self.lines + x.resource as u64 + 1;
                let location = match self.kind {
                    Kind::Bundle => {
                        format!(
                            "line {line}, /entry/{}/resource{}",
                            self.entries + x.resource as u64,
                            x.place
                        )
                    }
                    _ => format!("line {line}, {}", x.place),
                };
                truth.rows.push(Planted { record: s.n, location, class: x.class, rule: x.rule });
            }
        }
        self.lines += lines.len() as u64;
        self.entries += lines.len() as u64;
        for line in lines {
            if self.kind == Kind::Bundle {
                let (kind, id) = resource_key(&line);
                if !std::mem::take(&mut self.first_entry) {
                    out.push_str(",\n");
                }
                let _ =
                    write!(out, r#"{{"fullUrl":"http://example.org/fhir/{kind}/{id}","resource":{line}}}"#);
            } else {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
}

/// The resource type and id of a resource written by [`Writer::fhir_resources`].
fn resource_key(json: &str) -> (&str, &str) {
    let field = |name: &str| {
        let start = json.find(name).map_or(0, |i| i + name.len());
        let end = json[start..].find('"').map_or(json.len(), |i| start + i);
        &json[start..end]
    };
    (field("\"resourceType\":\""), field("\"id\":\""))
}

fn csv_row(out: &mut String, s: &Sample) {
    let Some(x) = &s.extra else {
        let _ = writeln!(
            out,
            "{},V{},{},{},{},{},{},{},{},{};{},{},{},{}",
            s.mrn,
            s.n,
            s.family,
            s.given,
            iso(&s.dob),
            s.sex,
            iso(&s.admit),
            iso(&s.discharge),
            s.principal,
            s.secondary[0],
            s.secondary[1],
            s.procedure,
            s.npi,
            s.payer
        );
        return;
    };
    let inpatient = x.setting == Setting::Inpatient;
    let (class, discharge, status) = match x.setting {
        Setting::Inpatient => ("I", iso(&s.discharge), "01"),
        Setting::Outpatient => ("O", String::new(), ""),
        Setting::Emergency => ("E", String::new(), ""),
    };
    // A comma-for-dot code stands alone in its (quoted) cell; others list two codes.
    let dx2 = if s.secondary[0].contains(',') {
        format!("\"{}\"", s.secondary[0])
    } else if inpatient || s.n % 2 == 0 {
        format!("{};{}", s.secondary[0], s.secondary[1])
    } else {
        s.secondary[0].to_string()
    };
    let _ = writeln!(
        out,
        "{},V{},{},{},{},{},{class},{},{discharge},{status},{},{dx2},{},{},{},{}",
        s.mrn,
        s.n,
        s.family,
        s.given,
        iso(&s.dob),
        s.sex,
        iso(&s.admit),
        s.principal,
        x.procedures.join(";"),
        s.npi,
        s.payer,
        x.ndc.unwrap_or("")
    );
}

fn hl7_message(out: &mut String, s: &Sample) {
    let n = s.n;
    let Some(x) = &s.extra else {
        let _ = write!(
            out,
            "MSH|^~\\&|REGADT|RECORDLINT|HIS|RECORDLINT|{admit}0815||ADT^A01^ADT_A01|MSG{n:08}|P|2.5.1|||AL|NE\r\
             EVN|A01|{admit}0815\r\
             PID|1||{mrn}^^^RECORDLINT^MR||{family}^{given}||{dob}|{sex}|||12 Main St^^Springfield^MA^01103^USA\r\
             PV1|1|I|4W^412^B^RECORDLINT||||{npi}^Lindqvist^Tomas^^^Dr.^^^NPI^^^^NPI|||MED||||7|||{npi}^Lindqvist^Tomas^^^Dr.^^^NPI^^^^NPI|IN|V{n}^^^RECORDLINT^VN|||||||||||||||||01||||||||{admit}0815|{discharge}1140\r\
             DG1|1|I10|{principal}^^I10||{admit}0900|A|||||||||1\r\
             DG1|2|I10|{dx2}^^I10||{admit}0900|F|||||||||2\r\
             PR1|1|I10P|{px}^^I10P||{admit}1030\r",
            admit = s.admit,
            discharge = s.discharge,
            mrn = s.mrn,
            family = s.family,
            given = s.given,
            dob = s.dob,
            sex = s.sex,
            npi = s.npi,
            principal = s.principal,
            dx2 = s.secondary[0],
            px = s.procedure,
        );
        return;
    };
    let (event, class, location, patient_type, status, discharge) = match x.setting {
        Setting::Inpatient => ("A01", "I", "4W^412^B^RECORDLINT", "IN", "01", format!("{}1140", s.discharge)),
        Setting::Outpatient => ("A04", "O", "CLINIC^^^RECORDLINT", "OP", "", String::new()),
        Setting::Emergency => ("A04", "E", "ED^^^RECORDLINT", "ER", "", String::new()),
    };
    let _ = write!(
        out,
        "MSH|^~\\&|REGADT|RECORDLINT|HIS|RECORDLINT|{admit}0815||ADT^{event}^ADT_A01|MSG{n:08}|P|2.5.1|||AL|NE\r\
         EVN|{event}|{admit}0815\r\
         PID|1||{mrn}^^^RECORDLINT^MR||{family}^{given}||{dob}|{sex}|||12 Main St^^Springfield^MA^01103^USA\r\
         PV1|1|{class}|{location}||||{npi}^Lindqvist^Tomas^^^Dr.^^^NPI^^^^NPI|||MED||||7|||{npi}^Lindqvist^Tomas^^^Dr.^^^NPI^^^^NPI|{patient_type}|V{n}^^^RECORDLINT^VN|||||||||||||||||{status}||||||||{admit}0815|{discharge}\r",
        admit = s.admit,
        mrn = s.mrn,
        family = s.family,
        given = s.given,
        dob = s.dob,
        sex = s.sex,
        npi = s.npi,
    );
    for (k, o) in x.observations.iter().enumerate() {
        let system = if o.snomed { "SCT" } else { "LN" };
        let _ = write!(
            out,
            "OBX|{}|NM|{}^{}^{system}||{}|{}|||||F|||{}0900\r",
            k + 1,
            o.code,
            o.name,
            o.value,
            o.unit,
            s.admit
        );
    }
    let diagnoses = [s.principal.as_str(), s.secondary[0], s.secondary[1]];
    let count = if x.setting == Setting::Inpatient { 3 } else { 2 };
    for (k, dx) in diagnoses.iter().take(count).enumerate() {
        let (kind, priority) = if k == 0 { ("A", "1") } else { ("F", "") };
        let _ = write!(out, "DG1|{}|I10|{dx}^^I10||{}0900|{kind}|||||||||{priority}\r", k + 1, s.admit);
    }
    for (k, px) in x.procedures.iter().enumerate() {
        let system = match crate::codes::system::procedure_by_shape(px) {
            _ if *px == "9921" => "",
            crate::model::CodeSystem::Cpt => "C4",
            crate::model::CodeSystem::Hcpcs => "HCPCS",
            _ => "I10P",
        };
        let named = if system.is_empty() { String::new() } else { format!("^^{system}") };
        let _ = write!(out, "PR1|{}|{system}|{px}{named}||{}1030\r", k + 1, s.admit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_with_planted_defects() {
        let a = generate(Kind::Csv, 2000, 7);
        assert_eq!(a, generate(Kind::Csv, 2000, 7));
        let report = crate::validate(&a, crate::Profile::default(), jiff::civil::date(2026, 11, 22));
        assert_eq!(report.summary.records, 2000);
        let dirty = report.summary.records - report.summary.clean_records;
        assert!((20..=120).contains(&dirty), "about 2% defective, got {dirty}");
    }

    #[test]
    fn truth_is_deterministic_and_leaves_the_bytes_alone() {
        for kind in [Kind::Csv, Kind::Ndjson, Kind::Bundle, Kind::Hl7] {
            let (bytes, truth) = generate_with_truth(kind, 1500, 3, Mix::Classic);
            assert_eq!(bytes, generate(kind, 1500, 3));
            assert!(!truth.is_empty());
            let realistic = generate_with_truth(kind, 1500, 3, Mix::Realistic);
            assert_eq!(realistic, generate_with_truth(kind, 1500, 3, Mix::Realistic));
            assert!(realistic.1.len() > truth.len() / 2, "{kind:?}: about 2% defective");
        }
    }

    /// The diagnosis and procedure cells of a generated classic CSV.
    fn code_cells(csv: &[u8]) -> (std::collections::HashSet<String>, std::collections::HashSet<String>) {
        let (mut dx, mut px) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        for line in std::str::from_utf8(csv).unwrap().lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            dx.insert(cells[8].to_string());
            dx.extend(cells[9].split(';').map(str::to_string));
            px.insert(cells[10].to_string());
        }
        (dx, px)
    }

    #[test]
    fn wide_codes_are_deterministic_and_many_and_change_only_the_codes() {
        let (wide, truth) = generate_codes(Kind::Csv, 4000, 5, Mix::Classic, Codes::Wide);
        assert_eq!(
            (wide.clone(), truth.clone()),
            generate_codes(Kind::Csv, 4000, 5, Mix::Classic, Codes::Wide)
        );
        let (dx, px) = code_cells(&wide);
        assert!(dx.len() > 10_000, "{} distinct diagnoses in 12,000", dx.len());
        assert!(px.len() > 3_500, "{} distinct procedures in 4,000", px.len());
        let (common, _) = code_cells(&generate(Kind::Csv, 4000, 5));
        assert!(common.len() < 60, "{}", common.len());
        // The patients, dates and planted defects are those of the common draw.
        let common = generate(Kind::Csv, 4000, 5);
        let lines = |b: &[u8]| -> Vec<String> {
            let text = String::from_utf8(b.to_vec()).unwrap();
            text.lines().map(|l| l.split(',').take(8).collect::<Vec<_>>().join(",")).collect()
        };
        assert_eq!(lines(&wide), lines(&common));
    }

    #[test]
    fn wide_codes_add_no_findings_of_their_own() {
        for mix in [Mix::Classic, Mix::Realistic] {
            let (bytes, _) = generate_codes(Kind::Csv, 2000, 7, mix, Codes::Wide);
            let report = crate::validate(&bytes, crate::Profile::default(), jiff::civil::date(2026, 11, 22));
            assert_eq!(report.summary.records, 2000);
            let dirty = report.summary.records - report.summary.clean_records;
            assert!((20..=120).contains(&dirty), "{mix:?}: about 2% defective, got {dirty}");
        }
        for kind in [Kind::Ndjson, Kind::Hl7] {
            let (bytes, _) = generate_codes(kind, 500, 7, Mix::Classic, Codes::Wide);
            let report = crate::validate(&bytes, crate::Profile::default(), jiff::civil::date(2026, 11, 22));
            let dirty = report.summary.records - report.summary.clean_records;
            assert!(dirty <= 40, "{kind:?}: {dirty} of 500 records with findings");
        }
    }

    #[test]
    fn realistic_codes_are_valid_and_planted_ones_are_not() {
        use crate::codes::{loinc, ndc, snomed};
        for code in NDCS {
            assert!(ndc::eleven_digit(code).is_ok(), "{code}");
        }
        for code in NDC_BAD {
            assert!(ndc::eleven_digit(code).is_err(), "{code}");
        }
        for (code, ..) in LOINC {
            assert!(loinc::validate(code).is_ok(), "{code}");
        }
        for (code, ..) in SNOMED {
            assert!(snomed::validate(code).is_ok(), "{code}");
        }
        for code in LOINC_BAD {
            assert!(loinc::validate(code).is_err(), "{code}");
        }
        for code in SNOMED_BAD {
            assert!(snomed::validate(code).is_err(), "{code}");
        }
        assert_eq!(
            (LOINC.len(), SNOMED.len(), NDCS.len()),
            (LOINC_BAD.len(), SNOMED_BAD.len(), NDC_BAD.len())
        );
    }
}
