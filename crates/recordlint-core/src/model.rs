//! The format-neutral record model. Every value keeps the place it came from, so a finding about
//! it can point there whatever the source format was.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

mod refill;
pub(crate) use refill::{CellAt, Refill, Spare};

/// Where a value or a problem is in the source file. Its JSON names no variant; it reads back
/// by the fields present (see the `Deserialize` impl below).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Location {
    /// A CSV cell or row: `row` as a spreadsheet shows it (the header is row 1), the column's
    /// header text, and the physical line where the row starts.
    Csv {
        row: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<Arc<str>>,
        line: u64,
    },
    /// A JSON value by RFC 6901 pointer, with its line when known.
    Json {
        pointer: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u64>,
    },
    /// An HL7 v2 position: message number (1-based) and a path such as `PID-7.1`.
    Hl7 { message: u32, path: String, line: u64 },
    /// A place in the file as a whole (a line or byte offset, or neither).
    File {
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        byte: Option<u64>,
    },
}

/// Every field a [`Location`]'s JSON may have, read in one pass (serde's untagged enums buffer
/// each value and try the variants one by one: far slower for the millions of locations a
/// large input's piece reports carry from worker to worker).
#[derive(Deserialize)]
struct LocationFields {
    row: Option<u64>,
    column: Option<Arc<str>>,
    line: Option<u64>,
    pointer: Option<String>,
    message: Option<u32>,
    path: Option<String>,
    byte: Option<u64>,
}

impl<'de> Deserialize<'de> for Location {
    /// The variant whose required fields are there, tried in the order of the enum.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Location, D::Error> {
        let f = LocationFields::deserialize(d)?;
        Ok(match f {
            LocationFields { row: Some(row), line: Some(line), column, .. } => {
                Location::Csv { row, column, line }
            }
            LocationFields { pointer: Some(pointer), line, .. } => Location::Json { pointer, line },
            LocationFields { message: Some(message), path: Some(path), line: Some(line), .. } => {
                Location::Hl7 { message, path, line }
            }
            LocationFields { line, byte, .. } => Location::File { line, byte },
        })
    }
}

impl Location {
    /// The whole file.
    pub const FILE: Location = Location::File { line: None, byte: None };

    /// The same row, another column.
    pub fn with_column(&self, column: Arc<str>) -> Location {
        match self {
            Location::Csv { row, line, .. } => Location::Csv { row: *row, column: Some(column), line: *line },
            other => other.clone(),
        }
    }

    /// The line in the source file where this place starts, when known.
    pub fn line(&self) -> Option<u64> {
        match self {
            Location::Csv { line, .. } | Location::Hl7 { line, .. } => Some(*line),
            Location::Json { line, .. } | Location::File { line, .. } => *line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Csv { row, column: Some(c), .. } => write!(f, "row {row}, {c}"),
            Location::Csv { row, column: None, .. } => write!(f, "row {row}"),
            Location::Json { pointer, line: Some(l) } if pointer.is_empty() => write!(f, "line {l}"),
            Location::Json { pointer, line: Some(l) } => write!(f, "line {l}, {pointer}"),
            Location::Json { pointer, line: None } => {
                f.write_str(if pointer.is_empty() { "/" } else { pointer })
            }
            Location::Hl7 { message, path, .. } => write!(f, "message {message}, {path}"),
            Location::File { line: Some(l), .. } => write!(f, "line {l}"),
            Location::File { byte: Some(b), .. } => write!(f, "byte {b}"),
            Location::File { .. } => f.write_str("file"),
        }
    }
}

/// A value as written in the source, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub at: Location,
}

impl Field {
    /// The value without surrounding blanks.
    #[inline]
    pub fn value(&self) -> &str {
        value_of(&self.text)
    }

    /// True when nothing but blanks was written.
    pub fn is_blank(&self) -> bool {
        self.value().is_empty()
    }
}

/// `text` without surrounding blanks: a field's value (see [`Field::value`]).
#[inline]
pub fn value_of(text: &str) -> &str {
    // A byte above the blank and below 0x80 (one compare each).
    let plain = |c: u8| c.wrapping_sub(b'!') < 0x80 - b'!';
    match text.as_bytes() {
        [first, .., last] if plain(*first) && plain(*last) => text, // the common case, without decoding characters
        [only] if plain(*only) => text,
        _ => text.trim(),
    }
}

/// A date field: the text as written, and the date when the text is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateField {
    pub field: Field,
    pub date: Option<Date>,
    /// A valid date of less than day precision, where the format allows one (FHIR `1957` or
    /// `1957-05`, HL7 v2 `195705`): no day to compare, but not an error either.
    pub partial: bool,
}

impl DateField {
    /// Parses `field` (blank stays blank: no date, and not an error here).
    pub fn parse(field: Field) -> DateField {
        let date = crate::date::parse_date(field.value()).ok();
        DateField { field, date, partial: false }
    }

    /// Parses `field` of a format whose dates may stop at the year or month (FHIR, HL7 v2).
    pub fn parse_partial(field: Field) -> DateField {
        let mut d = DateField { field, date: None, partial: false };
        d.reparse_partial();
        d
    }

    /// Parses the field's text again, as [`DateField::parse_partial`] does (after the text was
    /// written over).
    pub(crate) fn reparse_partial(&mut self) {
        if let Some(date) = crate::date::iso_day(self.field.text.as_bytes()) {
            (self.date, self.partial) = (Some(date), false); // the usual date, as written
            return;
        }
        self.date = crate::date::parse_date(self.field.value()).ok();
        self.partial = self.date.is_none() && {
            let b = self.field.value().as_bytes();
            let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
            let month = |m: &[u8]| matches!(m, [b'0', b'1'..=b'9'] | [b'1', b'0'..=b'2']);
            match b.len() {
                4 => digits(b),
                6 => digits(b) && month(&b[4..]),
                7 => digits(&b[..4]) && b[4] == b'-' && month(&b[5..]),
                _ => false,
            }
        };
    }

    /// The year as written, for a full or partial date.
    pub fn year(&self) -> Option<i16> {
        match self.date {
            Some(d) => Some(d.year()),
            None if self.partial => self.field.value().get(..4)?.parse().ok(),
            None => None,
        }
    }
}

/// A code as recorded, with the system it is claimed to be from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub field: Field,
    pub system: CodeSystem,
}

/// Code systems recordlint knows about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeSystem {
    Icd10cm,
    /// WHO ICD-10 (not the US clinical modification): checked for format only.
    Icd10,
    Icd10pcs,
    Cpt,
    Hcpcs,
    Npi,
    Loinc,
    Snomed,
    Ndc,
    /// RxNorm concept ids (RXCUI): digits, no check digit.
    Rxnorm,
    /// Named, but not one recordlint checks (ICD-9-CM, a local code list…).
    Other,
    /// Not named, and shaped like no code system recordlint knows (see `codes::system`).
    Unrecognized,
}

impl CodeSystem {
    /// The name people use for the system (`ICD-10-CM`).
    pub fn label(self) -> &'static str {
        match self {
            CodeSystem::Icd10cm => "ICD-10-CM",
            CodeSystem::Icd10 => "ICD-10 (WHO)",
            CodeSystem::Icd10pcs => "ICD-10-PCS",
            CodeSystem::Hcpcs => "HCPCS Level II",
            CodeSystem::Cpt => "CPT",
            CodeSystem::Npi => "NPI",
            CodeSystem::Loinc => "LOINC",
            CodeSystem::Snomed => "SNOMED CT",
            CodeSystem::Ndc => "NDC",
            CodeSystem::Rxnorm => "RxNorm",
            CodeSystem::Other => "other",
            CodeSystem::Unrecognized => "unrecognized",
        }
    }
}

/// Every field a record can have, by its canonical name (used in profiles and column maps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Mrn,
    PatientName,
    BirthDate,
    Sex,
    DeathDate,
    EncounterId,
    PatientClass,
    AdmitDate,
    DischargeDate,
    DischargeStatus,
    AttendingNpi,
    Payer,
    #[serde(rename = "principal_dx", alias = "principal_diagnosis")]
    PrincipalDiagnosis,
    #[serde(rename = "secondary_dx", alias = "secondary_diagnoses")]
    SecondaryDiagnoses,
    Procedures,
}

impl FieldKind {
    /// All kinds, in the order a face sheet lists them.
    pub const ALL: [FieldKind; 15] = [
        FieldKind::Mrn,
        FieldKind::PatientName,
        FieldKind::BirthDate,
        FieldKind::Sex,
        FieldKind::DeathDate,
        FieldKind::EncounterId,
        FieldKind::PatientClass,
        FieldKind::AdmitDate,
        FieldKind::DischargeDate,
        FieldKind::DischargeStatus,
        FieldKind::AttendingNpi,
        FieldKind::Payer,
        FieldKind::PrincipalDiagnosis,
        FieldKind::SecondaryDiagnoses,
        FieldKind::Procedures,
    ];

    /// The canonical snake_case name (`birth_date`).
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Mrn => "mrn",
            FieldKind::PatientName => "patient_name",
            FieldKind::BirthDate => "birth_date",
            FieldKind::Sex => "sex",
            FieldKind::DeathDate => "death_date",
            FieldKind::EncounterId => "encounter_id",
            FieldKind::PatientClass => "patient_class",
            FieldKind::AdmitDate => "admit_date",
            FieldKind::DischargeDate => "discharge_date",
            FieldKind::DischargeStatus => "discharge_status",
            FieldKind::AttendingNpi => "attending_npi",
            FieldKind::Payer => "payer",
            FieldKind::PrincipalDiagnosis => "principal_dx",
            FieldKind::SecondaryDiagnoses => "secondary_dx",
            FieldKind::Procedures => "procedures",
        }
    }

    /// True for fields about the patient rather than one encounter (MRN, name, birth, sex, death).
    pub fn is_patient_level(self) -> bool {
        matches!(
            self,
            FieldKind::Mrn
                | FieldKind::PatientName
                | FieldKind::BirthDate
                | FieldKind::Sex
                | FieldKind::DeathDate
        )
    }

    /// A bit for `FieldSet`.
    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A small set of field kinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldSet(u32);

impl FieldSet {
    pub fn insert(&mut self, kind: FieldKind) {
        self.0 |= kind.bit();
    }

    pub fn contains(self, kind: FieldKind) -> bool {
        self.0 & kind.bit() != 0
    }
}

/// The patient a record is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patient {
    pub mrn: Option<Field>,
    pub name: Option<Field>,
    pub birth_date: Option<DateField>,
    pub sex: Option<Field>,
    pub death_date: Option<DateField>,
}

/// One encounter (visit or stay).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encounter {
    pub id: Option<Field>,
    pub class: Option<Field>,
    pub admit: Option<DateField>,
    pub discharge: Option<DateField>,
    pub discharge_status: Option<Field>,
    pub attending_npi: Option<Field>,
    pub payer: Option<Field>,
}

/// What a record stands for, which decides the fields it can be expected to have.
///
/// The completeness rule asks a record only for the required fields its kind has: a pharmacy
/// claim has no admission, a registration no principal diagnosis, an outpatient visit no
/// discharge status. A record whose kind the input does not tell (a CSV row without a patient
/// class) is an [`RecordKind::Encounter`] and is asked for every required field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A visit, stay or claim whose setting the input does not tell.
    #[default]
    Encounter,
    /// An inpatient stay or institutional inpatient claim (UB-04 type of bill 11x).
    Inpatient,
    /// An outpatient, emergency or ambulatory visit, or an institutional outpatient claim.
    Outpatient,
    /// A professional claim (CMS-1500 / 837P).
    Professional,
    /// A pharmacy claim (NCPDP).
    Pharmacy,
    /// A vision claim.
    Vision,
    /// An oral health (dental) claim.
    Oral,
    /// A patient with no encounter: a registration (HL7 ADT^A04/A08/A28).
    Registration,
    /// A patient resource on its own (a FHIR Patient with no encounter or claim in the input):
    /// the profile's patient fields are asked of it as warnings, since the format makes them
    /// optional (a newborn has no name yet, a new patient no MRN).
    Patient,
    /// Results about a patient present in the input (HL7 ORU^R01).
    Results,
    /// Results about a patient that is only referenced, not included.
    Observations,
    /// A resource about no patient (a Practitioner, Organization, Location, Medication): only its
    /// codes and identifiers are checked.
    Directory,
}

impl RecordKind {
    /// True when a record of this kind has field `field` (so a profile may require it).
    pub fn expects(self, field: FieldKind) -> bool {
        use RecordKind::*;
        let visit_or_claim = matches!(self, Encounter | Inpatient | Outpatient | Professional);
        match field {
            FieldKind::Mrn
            | FieldKind::PatientName
            | FieldKind::BirthDate
            | FieldKind::Sex
            | FieldKind::DeathDate => !matches!(self, Observations | Directory),
            FieldKind::EncounterId | FieldKind::PatientClass | FieldKind::Payer => {
                visit_or_claim || matches!(self, Pharmacy | Vision | Oral)
            }
            FieldKind::DischargeDate | FieldKind::DischargeStatus => matches!(self, Encounter | Inpatient),
            FieldKind::AdmitDate
            | FieldKind::AttendingNpi
            | FieldKind::PrincipalDiagnosis
            | FieldKind::SecondaryDiagnoses
            | FieldKind::Procedures => visit_or_claim,
        }
    }

    /// The snake_case name used in profiles (`pharmacy`).
    pub fn name(self) -> &'static str {
        use RecordKind::*;
        match self {
            Encounter => "encounter",
            Inpatient => "inpatient",
            Outpatient => "outpatient",
            Professional => "professional",
            Pharmacy => "pharmacy",
            Vision => "vision",
            Oral => "oral",
            Registration => "registration",
            Patient => "patient",
            Results => "results",
            Observations => "observations",
            Directory => "directory",
        }
    }

    /// The record in words, for messages ("an inpatient stay").
    pub fn noun(self) -> &'static str {
        use RecordKind::*;
        match self {
            Encounter => "an encounter",
            Inpatient => "an inpatient stay or claim",
            Outpatient => "an outpatient visit or claim",
            Professional => "a professional claim",
            Pharmacy => "a pharmacy claim",
            Vision => "a vision claim",
            Oral => "an oral health claim",
            Registration => "a registration",
            Patient => "a patient record",
            Results => "a results message",
            Observations => "a set of observations",
            Directory => "a provider or directory entry",
        }
    }
}

/// An observation (a lab result, a vital sign): what was observed, the value and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub code: Option<Code>,
    pub value: Option<Field>,
    pub effective: Option<DateField>,
}

/// What a free-text or descriptive field of a record holds (the PHI rules look for identifiers
/// in it that it should not hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// A note or comment: a CSV comment column, HL7 NTE-3 or a text OBX-5, FHIR `Annotation.text`.
    Note,
    /// A FHIR resource's narrative (`text.div`).
    Narrative,
    /// A street address line.
    Address,
    /// The words of a diagnosis (a CSV description column, HL7 DG1-4, FHIR `Condition.code.text`).
    DiagnosisText,
}

impl TextKind {
    /// The field in words, for messages ("a note").
    pub fn noun(self) -> &'static str {
        match self {
            TextKind::Note => "a note",
            TextKind::Narrative => "a narrative",
            TextKind::Address => "an address line",
            TextKind::DiagnosisText => "a diagnosis description",
        }
    }
}

/// A free-text or descriptive field and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub field: Field,
    pub kind: TextKind,
}

/// Texts [`Record::recycle`] keeps for reuse at most (more than any sane record has fields).
const MAX_SPARE_TEXTS: usize = 256;

/// `text` in a string taken from `spare` when there is one (its buffer is reused), else a new one.
pub fn reused_text(spare: &mut Vec<String>, text: &str) -> String {
    let mut s = spare.pop().unwrap_or_default();
    s.clear();
    s.push_str(text);
    s
}

/// Keeps `text`'s buffer in `spare` for [`reused_text`] (up to a few hundred).
pub fn spare_text(spare: &mut Vec<String>, text: String) {
    if spare.len() < MAX_SPARE_TEXTS {
        spare.push(text);
    }
}

/// A patient's encounter with its coded diagnoses and procedures: the unit the rules check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where the record starts (a CSV row, a FHIR resource, an HL7 message).
    pub at: Location,
    pub patient: Patient,
    pub encounter: Encounter,
    /// The principal diagnosis, when one is given as such.
    pub principal_diagnosis: Option<Code>,
    /// Other diagnoses, in their recorded order.
    pub secondary_diagnoses: Vec<Code>,
    pub procedures: Vec<Code>,
    /// What the record stands for (an encounter unless a parser says otherwise).
    pub kind: RecordKind,
    /// The patient is only referenced, not in the input (a FHIR Encounter file of a bulk export,
    /// whose patients are in another file): patient fields are not expected.
    pub patient_elsewhere: bool,
    /// Every other coded element and identifier of the record's sources whose system is known
    /// (an observation's LOINC code, a problem's SNOMED CT concept, a medication's NDC, a
    /// provider's NPI): checked for format and check digit.
    pub codes: Vec<Code>,
    /// Fields whose value belongs to a resource other records share (an attending NPI read from a
    /// Practitioner): the completeness rule sees them, but their codes are checked once, with
    /// that resource, not in every record that refers to it.
    pub shared: FieldSet,
    /// Fields the source format makes optional in this record (FHIR: a Patient's demographics, a
    /// stand-alone Encounter's period): the completeness rule reports a missing one as a warning.
    pub optional: FieldSet,
    /// Fields this record cannot be expected to have although its kind has them (the diagnoses
    /// of a visit still in progress, or of one whose Conditions are not in the input; the
    /// principal diagnosis and discharge of an HL7 admission message): not asked.
    pub not_expected: FieldSet,
    /// Observations (lab results, vital signs) of the encounter or patient.
    pub observations: Vec<Observation>,
    /// Free-text and descriptive fields (notes, narratives, address lines, diagnosis words).
    pub texts: Vec<Text>,
}

impl Record {
    /// An empty record starting at `at`.
    pub fn new(at: Location) -> Record {
        Record {
            at,
            patient: Patient::default(),
            encounter: Encounter::default(),
            principal_diagnosis: None,
            secondary_diagnoses: Vec::new(),
            procedures: Vec::new(),
            kind: RecordKind::Encounter,
            patient_elsewhere: false,
            codes: Vec::new(),
            shared: FieldSet::default(),
            optional: FieldSet::default(),
            not_expected: FieldSet::default(),
            observations: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// Empties the record for the next one at `at`, keeping its lists' capacity and handing the
    /// texts of its fields (and of their HL7 paths or JSON pointers) to `spare`, so that a parser reading millions of records reuses the
    /// same few strings instead of allocating each field anew (see [`reused_text`]).
    pub fn recycle(&mut self, at: Location, spare: &mut Vec<String>) {
        let Record {
            at: start,
            patient: Patient { mrn, name, birth_date, sex, death_date },
            encounter: Encounter { id, class, admit, discharge, discharge_status, attending_npi, payer },
            principal_diagnosis,
            secondary_diagnoses,
            procedures,
            kind,
            patient_elsewhere,
            codes,
            shared,
            optional,
            not_expected,
            observations,
            texts,
        } = self;
        *start = at;
        *kind = RecordKind::Encounter;
        *patient_elsewhere = false;
        *shared = FieldSet::default();
        *optional = FieldSet::default();
        *not_expected = FieldSet::default();
        let mut keep = |field: Option<Field>| {
            if let Some(field) = field {
                spare_text(spare, field.text);
                if let Location::Hl7 { path: text, .. } | Location::Json { pointer: text, .. } = field.at {
                    spare_text(spare, text);
                }
            }
        };
        for plain in [mrn, name, sex, id, class, discharge_status, attending_npi, payer] {
            keep(plain.take());
        }
        for date in [birth_date, death_date, admit, discharge] {
            keep(date.take().map(|d| d.field));
        }
        keep(principal_diagnosis.take().map(|c| c.field));
        for code in secondary_diagnoses.drain(..).chain(procedures.drain(..)).chain(codes.drain(..)) {
            keep(Some(code.field));
        }
        for t in texts.drain(..) {
            keep(Some(t.field));
        }
        for o in observations.drain(..) {
            keep(o.code.map(|c| c.field));
            keep(o.value);
            keep(o.effective.map(|d| d.field));
        }
    }

    /// All diagnoses, principal first.
    pub fn diagnoses(&self) -> impl Iterator<Item = &Code> {
        self.principal_diagnosis.iter().chain(&self.secondary_diagnoses)
    }

    /// Every code of the record of `system`: diagnoses, procedures, the other coded elements and
    /// identifiers, and the attending NPI unless it is [`Record::shared`].
    pub fn codes_of(&self, system: CodeSystem) -> impl Iterator<Item = &Field> {
        let attending = (system == CodeSystem::Npi && !self.shared.contains(FieldKind::AttendingNpi))
            .then_some(self.encounter.attending_npi.as_ref())
            .flatten();
        let observed = self.observations.iter().filter_map(|o| o.code.as_ref());
        self.diagnoses()
            .chain(&self.procedures)
            .chain(&self.codes)
            .chain(observed)
            .filter(move |c| c.system == system)
            .map(|c| &c.field)
            .chain(attending)
            .filter(|f| !f.is_blank())
    }

    /// True when this record should have field `kind` (when the profile requires it): its kind
    /// has the field, patient fields only when the patient is in the input, and not the fields
    /// [`Record::not_expected`] names.
    pub fn expects(&self, kind: FieldKind) -> bool {
        self.kind.expects(kind)
            && !(self.patient_elsewhere && kind.is_patient_level())
            && !self.not_expected.contains(kind)
    }

    /// The field of a single-valued kind, if the record has it (list kinds give their first).
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        let p = &self.patient;
        let e = &self.encounter;
        match kind {
            FieldKind::Mrn => p.mrn.as_ref(),
            FieldKind::PatientName => p.name.as_ref(),
            FieldKind::BirthDate => p.birth_date.as_ref().map(|d| &d.field),
            FieldKind::Sex => p.sex.as_ref(),
            FieldKind::DeathDate => p.death_date.as_ref().map(|d| &d.field),
            FieldKind::EncounterId => e.id.as_ref(),
            FieldKind::PatientClass => e.class.as_ref(),
            FieldKind::AdmitDate => e.admit.as_ref().map(|d| &d.field),
            FieldKind::DischargeDate => e.discharge.as_ref().map(|d| &d.field),
            FieldKind::DischargeStatus => e.discharge_status.as_ref(),
            FieldKind::AttendingNpi => e.attending_npi.as_ref(),
            FieldKind::Payer => e.payer.as_ref(),
            FieldKind::PrincipalDiagnosis => self.principal_diagnosis.as_ref().map(|c| &c.field),
            FieldKind::SecondaryDiagnoses => self.secondary_diagnoses.first().map(|c| &c.field),
            FieldKind::Procedures => self.procedures.first().map(|c| &c.field),
        }
    }

    /// The field written at `at`, if any field of the record is (the value a finding is about).
    pub fn field_at(&self, at: &Location) -> Option<&Field> {
        let p = &self.patient;
        let e = &self.encounter;
        let dates = [&p.birth_date, &p.death_date, &e.admit, &e.discharge];
        let plain =
            [&p.mrn, &p.name, &p.sex, &e.id, &e.class, &e.discharge_status, &e.attending_npi, &e.payer];
        let observed = self.observations.iter().flat_map(|o| {
            o.code
                .as_ref()
                .map(|c| &c.field)
                .into_iter()
                .chain(&o.value)
                .chain(o.effective.as_ref().map(|d| &d.field))
        });
        plain
            .into_iter()
            .filter_map(Option::as_ref)
            .chain(dates.into_iter().filter_map(|d| d.as_ref().map(|d| &d.field)))
            .chain(self.diagnoses().map(|c| &c.field))
            .chain(self.procedures.iter().map(|c| &c.field))
            .chain(self.codes.iter().map(|c| &c.field))
            .chain(observed)
            .find(|f| &f.at == at)
    }

    /// Every date field with its kind.
    pub fn dates(&self) -> impl Iterator<Item = (FieldKind, &DateField)> {
        [
            (FieldKind::BirthDate, self.patient.birth_date.as_ref()),
            (FieldKind::DeathDate, self.patient.death_date.as_ref()),
            (FieldKind::AdmitDate, self.encounter.admit.as_ref()),
            (FieldKind::DischargeDate, self.encounter.discharge.as_ref()),
        ]
        .into_iter()
        .filter_map(|(k, d)| d.map(|d| (k, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> Field {
        Field { text: text.into(), at: Location::FILE }
    }

    #[test]
    fn partial_dates_where_the_format_allows_them() {
        for text in ["1957", "1957-05", "195705"] {
            let d = DateField::parse_partial(field(text));
            assert!(d.partial && d.date.is_none(), "{text}");
            assert_eq!(d.year(), Some(1957), "{text}");
        }
        for text in ["1957-13", "19", "abcd", "195713"] {
            assert!(!DateField::parse_partial(field(text)).partial, "{text}");
        }
        assert!(!DateField::parse(field("1957")).partial);
        assert_eq!(DateField::parse_partial(field("1957-05-02")).year(), Some(1957));
    }
}
