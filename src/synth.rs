//! Deterministic synthetic records for benchmarks and demos: realistic encounter rows with real
//! ICD-10-CM codes and a small share of planted defects. Same seed, same bytes.

use std::fmt::Write;

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
}

/// Encounters of about `records / 4` patients (a patient has several stays), with about 2% planted
/// defects (date order, bad code, bad NPI, blank field, impossible date) and an MRN whose birth date or sex contradicts
/// the patient's other records.
struct Samples {
    rng: Rng,
    seed: u64,
    patients: u64,
    n: u64,
}

impl Samples {
    fn new(records: u64, seed: u64) -> Samples {
        Samples {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            seed,
            patients: records / 4 + 1,
            n: 0,
        }
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
        if rng.below(1000) < 20 {
            match rng.below(7) {
                0 => std::mem::swap(&mut admit, &mut discharge),
                1 => principal = principal.replace('.', "-"),
                2 => npi.replace_range(9..10, if npi.ends_with('0') { "1" } else { "0" }),
                3 => mrn.clear(),
                4 => dob = format!("{year}0230"),
                5 => dob = format!("{}{month:02}{day:02}", year + 1),
                _ => sex = if sex == "F" { "M" } else { "F" },
            }
        }
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
            secondary: [DIAGNOSES[second], DIAGNOSES[third]],
            procedure: rng.pick(PROCEDURES),
            npi,
            payer: rng.pick(PAYERS),
        }
    }
}

/// `2025-03-04` from `20250304` (an impossible date stays impossible).
fn iso(d: &str) -> String {
    format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
}

/// Writes `records` synthetic encounters in `kind`'s format; same arguments, same bytes.
pub fn generate(kind: Kind, records: u64, seed: u64) -> Vec<u8> {
    let mut out = String::new();
    let mut writer = Writer::new(kind, seed);
    writer.begin(&mut out);
    writer.records(&mut out, records);
    writer.end(&mut out);
    out.into_bytes()
}

/// Writes synthetic encounters in batches (a generator of any size in bounded memory).
pub struct Writer {
    kind: Kind,
    samples: Samples,
    /// Patients whose Patient resource was written (FHIR), as a bitmap over patient numbers.
    written: Vec<u64>,
    first_entry: bool,
}

impl Writer {
    /// A writer of `kind` for about `expected_records` records (which sets how many patients
    /// there are; the writer may write any number).
    pub fn with_size(kind: Kind, expected_records: u64, seed: u64) -> Writer {
        Writer { kind, samples: Samples::new(expected_records, seed), written: Vec::new(), first_entry: true }
    }

    fn new(kind: Kind, seed: u64) -> Writer {
        Writer::with_size(kind, 0, seed)
    }

    /// The header (CSV) or the Bundle's opening.
    pub fn begin(&mut self, out: &mut String) {
        match self.kind {
            Kind::Csv => out.push_str(
                "mrn,encounter_id,last_name,first_name,dob,sex,admit_date,discharge_date,principal_dx,dx2,px1,attending_npi,payer\n",
            ),
            Kind::Bundle => out.push_str("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n"),
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
                Kind::Csv => csv_row(out, &s),
                Kind::Hl7 => hl7_message(out, &s),
                Kind::Ndjson | Kind::Bundle => self.fhir_resources(out, &s),
            }
        }
    }

    fn fhir_resources(&mut self, out: &mut String, s: &Sample) {
        let word = (s.patient / 64) as usize;
        if self.written.len() <= word {
            self.written.resize(word + 1, 0);
        }
        let bit = 1u64 << (s.patient % 64);
        // A patient whose record carries a planted identity defect gets a second Patient
        // resource under the same MRN.
        let pid = if self.written[word] & bit == 0 {
            self.written[word] |= bit;
            format!("pt-{}", s.patient)
        } else {
            String::new()
        };
        let defect = pid.is_empty() && s.n % 50 == 0;
        let pid = match (pid.is_empty(), defect) {
            (false, _) => Some(pid),
            (true, true) => Some(format!("pt-{}-{}", s.patient, s.n)),
            (true, false) => None,
        };
        let patient_ref = pid.clone().unwrap_or_else(|| format!("pt-{}", s.patient));
        let gender = if s.sex == "F" { "female" } else { "male" };
        // The second Patient of an MRN was registered with another birth year.
        let birth = match s.dob[..4].parse::<u32>() {
            Ok(year) if defect => format!("{}{}", year + 1, &iso(&s.dob)[4..]),
            _ => iso(&s.dob),
        };
        let mut lines = Vec::with_capacity(4);
        if let Some(id) = &pid {
            lines.push(format!(
                r#"{{"resourceType":"Patient","id":"{id}","identifier":[{{"type":{{"coding":[{{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}}]}},"system":"urn:oid:2.16.840.1.113883.19.5","value":"{}"}}],"name":[{{"family":"{}","given":["{}"]}}],"gender":"{gender}","birthDate":"{birth}"}}"#,
                s.mrn, s.family, s.given
            ));
        }
        let e = s.n;
        lines.push(format!(
            r#"{{"resourceType":"Encounter","id":"enc-{e}","status":"finished","class":{{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"}},"subject":{{"reference":"Patient/{patient_ref}"}},"period":{{"start":"{}T08:15:00Z","end":"{}T11:40:00Z"}},"participant":[{{"individual":{{"identifier":{{"system":"http://hl7.org/fhir/sid/us-npi","value":"{}"}}}}}}],"diagnosis":[{{"condition":{{"reference":"Condition/cond-{e}-1"}},"rank":1}}]}}"#,
            iso(&s.admit), iso(&s.discharge), s.npi
        ));
        for (k, code) in [s.principal.as_str(), s.secondary[0]].iter().enumerate() {
            lines.push(format!(
                r#"{{"resourceType":"Condition","id":"cond-{e}-{}","code":{{"coding":[{{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"{code}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}}}}"#,
                k + 1
            ));
        }
        lines.push(format!(
            r#"{{"resourceType":"Procedure","id":"proc-{e}","status":"completed","code":{{"coding":[{{"system":"http://www.cms.gov/Medicare/Coding/ICD10","code":"{}"}}]}},"subject":{{"reference":"Patient/{patient_ref}"}},"encounter":{{"reference":"Encounter/enc-{e}"}},"performedDateTime":"{}T10:30:00Z"}}"#,
            s.procedure, iso(&s.admit)
        ));
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
}

fn hl7_message(out: &mut String, s: &Sample) {
    let n = s.n;
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
}
