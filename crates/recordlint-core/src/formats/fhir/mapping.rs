//! FHIR resources into records. Resources are first reduced to small summaries (the fields
//! recordlint uses, with their locations, and every Coding and Identifier of a known system);
//! when the input ends, each Encounter becomes a record with its Patient, Conditions, Procedures,
//! Observations and Claims, each Claim not tied to an encounter a record of its own, and each
//! Patient with neither a record of its own. The codes of every other resource go to the record
//! of its encounter or patient (or to a record of observations about a patient only referred
//! to); a resource about no patient (a Practitioner, Organization, Medication) that has codes is a
//! directory record of its own, so that its codes are checked once, not in every record using it.
//!
//! The kind of each record says which fields it is asked for: an Encounter's by its class
//! (inpatient, outpatient), a claim's by its type (institutional, professional, pharmacy, vision,
//! oral). A FHIR Encounter on its own is a visit, not a claim or an abstract: its period and its
//! patient's demographics are optional in the format (missing ones are warnings), and its
//! diagnoses are not asked.
//!
//! Older versions are read where the meaning is the same (DSTU2 `Encounter.patient`, STU3
//! `Condition.context`, `Claim.item.service`), so their records are still checked.

use super::coding::{codeable, coding, field, NPI_SYSTEM};
use super::json::Node;
use super::pointer;
use super::refs::{Ref, Refs, Targets};
use super::walk::{contents, Scratch};
use super::{at, Resource};
use crate::formats::sink::Sink;
use crate::int_map::IntMap;
use crate::model::{
    Code, CodeSystem, DateField, Encounter, Field, FieldKind, FieldSet, Location, Observation, Patient,
    Record, RecordKind, Text,
};
use std::collections::HashSet;

/// A diagnosis or procedure given as a code, or as a reference to a Condition or Procedure.
enum CodeOrRef {
    Code(Code),
    Ref(Ref),
}

struct EncounterInfo {
    encounter: Encounter,
    /// The kind its class says (inpatient, outpatient), else [`RecordKind::Encounter`].
    kind: RecordKind,
    /// `Encounter.status` (`finished`, `in-progress`, `planned`…).
    status: Option<String>,
    subject: Option<Ref>,
    /// `Encounter.diagnosis`: condition references with their rank.
    diagnoses: Vec<(Ref, Option<u32>)>,
    attending: Option<Ref>,
}

struct ClaimInfo {
    id: Option<Field>,
    /// The kind its type (and subType) says.
    kind: RecordKind,
    patient: Option<Ref>,
    encounters: Vec<Ref>,
    /// Diagnoses in sequence order, with "principal" when the claim says so (when none is, the
    /// first listed is the principal or first-listed one).
    diagnoses: Vec<(CodeOrRef, bool)>,
    procedures: Vec<CodeOrRef>,
    provider: Option<Ref>,
    provider_npi: Option<Field>,
    start: Option<DateField>,
    end: Option<DateField>,
    payer: Option<Field>,
    coverage: Option<Ref>,
}

/// What one resource contributes (the larger parts boxed, so that the most frequent, a Condition
/// or Procedure, is small).
enum Summary {
    /// A Patient, and whether it is sent to a server to be created or updated (or comes back
    /// from one): its identifiers may be the server's to assign.
    Patient(Box<Patient>, bool),
    Encounter(Box<EncounterInfo>),
    /// A Condition or Procedure: its code, encounter and subject references.
    Coded {
        code: Option<Code>,
        encounter: Option<Ref>,
        subject: Option<Ref>,
        procedure: bool,
    },
    Claim(Box<ClaimInfo>),
    Observation {
        observation: Box<Observation>,
        encounter: Option<Ref>,
        subject: Option<Ref>,
    },
    Practitioner(Option<Field>),
    /// A Coverage: its payer and its beneficiary.
    Coverage(Option<Field>, Option<Ref>),
    /// Any other resource with codes: its encounter and its subject (a patient, or whatever it
    /// is about); with neither it is about no patient.
    Other {
        encounter: Option<Ref>,
        subject: Option<Ref>,
    },
}

impl Summary {
    /// The encounter and the subject (patient) a resource refers to.
    fn context(&self) -> (Option<Ref>, Option<Ref>) {
        match self {
            Summary::Patient(..) | Summary::Practitioner(_) => (None, None),
            Summary::Encounter(e) => (None, e.subject),
            Summary::Coded { encounter, subject, .. }
            | Summary::Observation { encounter, subject, .. }
            | Summary::Other { encounter, subject } => (*encounter, *subject),
            Summary::Claim(c) => (c.encounters.first().copied(), c.patient),
            Summary::Coverage(_, beneficiary) => (None, *beneficiary),
        }
    }
}

struct Item {
    at: Location,
    summary: Summary,
    /// Its Codings and Identifiers of a known system (see [`contents`]).
    codes: Vec<Code>,
    /// Its free-text and descriptive elements (see [`contents`]).
    texts: Vec<Text>,
}

/// Collects resource summaries and turns them into records at the end.
#[derive(Default)]
pub struct Collector {
    items: Vec<Item>,
    /// The references made, and the keys of the items (fullUrl, `Type/id`).
    refs: Refs,
    /// Once the input ended: the item each reference leads to.
    targets: Targets,
    scratch: Scratch,
    /// Where a resource's `Type/id` is written.
    key: String,
}

impl Collector {
    /// Summarises one resource (those recordlint does not map are ignored); the resources kept
    /// are numbered from 0, in order (see [`Collector::len`]).
    pub fn add(&mut self, res: &Resource) {
        let n = res.node;
        let p = res.pointer.as_str();
        let (codes, texts) = contents(n, p, &mut self.scratch);
        let summary = match res.resource_type() {
            Some("Patient") => Summary::Patient(Box::new(patient(n, p)), res.rest),
            Some("Encounter") => Summary::Encounter(Box::new(encounter(n, p, &mut self.refs))),
            Some(kind @ ("Condition" | "Procedure")) => Summary::Coded {
                code: n.get("code").and_then(|c| codeable(c, &[p, "/code"].concat())),
                encounter: reference(n, &["encounter", "context"], &mut self.refs),
                subject: subject(n, &["subject", "patient"], &mut self.refs),
                procedure: kind == "Procedure",
            },
            Some("Claim" | "ExplanationOfBenefit") => Summary::Claim(Box::new(claim(n, p, &mut self.refs))),
            Some("Observation") => Summary::Observation {
                observation: Box::new(observation(n, p)),
                encounter: reference(n, &["encounter", "context"], &mut self.refs),
                subject: subject(n, &["subject"], &mut self.refs),
            },
            Some("Practitioner") => Summary::Practitioner(npi_identifier(n, p)),
            Some("Coverage") => Summary::Coverage(
                n.get("payor")
                    .and_then(|v| v.items().first())
                    .and_then(|v| display(v, &format!("{p}/payor/0"))),
                subject(n, &["beneficiary"], &mut self.refs),
            ),
            // Texts alone make no record (a resource's narrative is not a record to check).
            _ if codes.is_empty() => return,
            _ => Summary::Other {
                encounter: reference(n, &["encounter", "context"], &mut self.refs),
                subject: subject(n, &["subject", "patient", "beneficiary"], &mut self.refs),
            },
        };
        let i = self.items.len();
        res.each_key(&mut self.key, |key| self.refs.key(key, i));
        self.items.push(Item { at: at(p, n), summary, codes, texts });
    }

    /// Resources kept so far: the number the next one gets.
    pub fn len(&self) -> u32 {
        u32::try_from(self.items.len()).unwrap_or(u32::MAX)
    }

    /// The item a reference leads to.
    fn lookup(&self, reference: Option<Ref>) -> Option<usize> {
        self.targets.get(reference?)
    }

    /// The item of the Patient a reference leads to.
    fn patient_of(&self, reference: Option<Ref>) -> Option<usize> {
        let i = self.lookup(reference)?;
        matches!(&self.items[i].summary, Summary::Patient(..)).then_some(i)
    }

    /// The number of the resource a reference leads to, as a part of a record.
    fn part(&self, reference: Option<Ref>) -> Option<u32> {
        self.lookup(reference).map(part)
    }

    fn npi_of(&self, reference: Option<Ref>) -> Option<Field> {
        match &self.items[self.lookup(reference)?].summary {
            Summary::Practitioner(npi) => npi.clone(),
            _ => None,
        }
    }

    /// The code a claim gives or refers to, as it is to be placed.
    fn code_of(&self, c: &CodeOrRef) -> Option<Pending> {
        match c {
            CodeOrRef::Code(code) => Some(Pending::Copy(code.clone())),
            CodeOrRef::Ref(r) => {
                let i = self.lookup(Some(*r))?;
                matches!(&self.items[i].summary, Summary::Coded { code: Some(_), .. })
                    .then_some(Pending::Coded(i))
            }
        }
    }

    /// Adds the diagnoses and procedures [`Builder::place`] noted to their records, in the order
    /// noted; each Condition's or Procedure's code is moved into the last record it is placed
    /// in and copied into the ones before.
    fn add_placed(&mut self, b: &mut Builder) {
        let mut left: IntMap<usize, u32> = IntMap::default();
        for p in &b.placed {
            if let Pending::Coded(i) = p.code {
                *left.entry(i).or_default() += 1;
            }
        }
        for p in std::mem::take(&mut b.placed) {
            let code = match p.code {
                Pending::Copy(code) => Some(code),
                Pending::Coded(i) => {
                    let Summary::Coded { code, .. } = &mut self.items[i].summary else { continue };
                    let n = left.entry(i).or_default();
                    *n -= 1;
                    if *n == 0 {
                        code.take()
                    } else {
                        code.clone()
                    }
                }
            };
            let Some(code) = code else { continue };
            let record = &mut b.records[p.record].1;
            match p.principal {
                Some(principal) => add_diagnosis(record, code, principal),
                None => add_procedure(record, code),
            }
        }
    }

    /// Builds every record and sends it with the resources it is made of, in the order the
    /// resources came.
    pub fn send_records<S: Sink + ?Sized>(mut self, sink: &mut S) {
        self.targets = self.refs.targets();
        let mut b = Builder {
            records: Vec::new(),
            patients: Vec::new(),
            home: vec![None; self.items.len()],
            placed: Vec::new(),
        };
        let mut record_of_item: IntMap<usize, usize> = IntMap::default();
        let mut first_record_of_patient: IntMap<usize, usize> = IntMap::default();
        let mut used_conditions: HashSet<usize> = HashSet::new();

        for i in 0..self.items.len() {
            // Each Encounter makes one record: its fields move there.
            let encounter = match &mut self.items[i].summary {
                Summary::Encounter(e) => std::mem::take(&mut e.encounter),
                _ => continue,
            };
            let item = &self.items[i];
            let Summary::Encounter(e) = &item.summary else { continue };
            let (mut record, patient) = self.record_for(item.at.clone(), e.subject, e.kind);
            record.encounter = encounter;
            if record.encounter.attending_npi.is_none() {
                record.encounter.attending_npi = self.npi_of(e.attending);
                if record.encounter.attending_npi.is_some() {
                    record.shared.insert(FieldKind::AttendingNpi);
                }
            }
            let mut parts = vec![part(i)];
            parts.extend(self.part(e.subject));
            parts.extend(self.part(e.attending));
            let mut ranked: Vec<_> = e.diagnoses.iter().collect();
            ranked.sort_by_key(|(_, rank)| rank.unwrap_or(u32::MAX));
            for (reference, rank) in ranked {
                let Some(c) = self.lookup(Some(*reference)) else { continue };
                if let Summary::Coded { code: Some(_), procedure: false, .. } = &self.items[c].summary {
                    used_conditions.insert(c);
                    parts.push(part(c));
                    b.place(b.records.len(), Pending::Coded(c), Some(*rank == Some(1)));
                }
            }
            let r = b.push(i, record, parts, patient);
            self.note_patient(e.subject, r, &mut first_record_of_patient);
            record_of_item.insert(i, r);
            for (reference, _) in &e.diagnoses {
                b.settle(self.lookup(Some(*reference)), r);
            }
        }

        for (i, item) in self.items.iter().enumerate() {
            match &item.summary {
                Summary::Coded { code: Some(_), encounter, procedure, .. } => {
                    let Some(&r) = self.lookup(*encounter).and_then(|e| record_of_item.get(&e)) else {
                        continue;
                    };
                    b.settle(Some(i), r);
                    b.records[r].2.push(part(i));
                    if *procedure {
                        b.place(r, Pending::Coded(i), None);
                    } else if !used_conditions.contains(&i) {
                        b.place(r, Pending::Coded(i), Some(false));
                    }
                }
                Summary::Observation { observation, encounter, .. } => {
                    if let Some(&r) = self.lookup(*encounter).and_then(|e| record_of_item.get(&e)) {
                        b.settle(Some(i), r);
                        b.records[r].1.observations.push(observation.as_ref().clone());
                        b.records[r].2.push(part(i));
                    }
                }
                _ => {}
            }
        }

        // Records with a claim: their diagnoses are asked whatever their encounter says.
        let mut claimed: HashSet<usize> = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let Summary::Claim(c) = &item.summary else { continue };
            let encounter_record =
                c.encounters.iter().find_map(|e| self.lookup(Some(*e)).and_then(|e| record_of_item.get(&e)));
            let r = match encounter_record {
                Some(&r) => r,
                None => {
                    let (mut record, patient) = self.record_for(item.at.clone(), c.patient, c.kind);
                    record.encounter.id = c.id.clone();
                    record.encounter.admit = c.start.clone();
                    record.encounter.discharge = c.end.clone();
                    let r = b.push(i, record, self.part(c.patient).into_iter().collect(), patient);
                    self.note_patient(c.patient, r, &mut first_record_of_patient);
                    r
                }
            };
            claimed.insert(r);
            b.settle(Some(i), r);
            b.records[r].2.push(part(i));
            b.records[r].2.extend(self.part(c.provider));
            if b.records[r].1.kind == RecordKind::Encounter {
                b.records[r].1.kind = c.kind;
            }
            self.merge_claim(&mut b, r, c);
        }

        for (i, item) in self.items.iter().enumerate() {
            let Summary::Patient(..) = &item.summary else { continue };
            let r = match first_record_of_patient.get(&i) {
                Some(&r) => r,
                None => {
                    let mut record = Record::new(item.at.clone());
                    record.kind = RecordKind::Patient;
                    let r = b.push(i, record, vec![part(i)], Some(i));
                    first_record_of_patient.insert(i, r);
                    r
                }
            };
            b.settle(Some(i), r);
        }

        // Observations outside any encounter go to their patient's first record, or to one
        // record per referenced patient that is not in the input; so do the codes of every other
        // resource about a patient. A resource about no patient is a directory record.
        // By subject text: no subject is the same as a subject given only by identifier or
        // display (the empty text, see [`subject`]).
        let unnamed = self.refs.get("");
        let mut by_subject: IntMap<Option<Ref>, usize> = IntMap::default();
        for (i, item) in self.items.iter().enumerate() {
            if b.home[i].is_some() {
                continue;
            }
            let observation = match &item.summary {
                Summary::Observation { observation, .. } => Some(observation.as_ref()),
                Summary::Practitioner(_) => None,
                _ if item.codes.is_empty() => continue,
                _ => None,
            };
            let (encounter, subject) = item.summary.context();
            let in_encounter = self.lookup(encounter).and_then(|e| record_of_item.get(&e)).copied();
            let of_patient = || self.patient_of(subject).and_then(|p| first_record_of_patient.get(&p));
            let r = match (in_encounter, subject) {
                (Some(r), _) => r,
                (None, None) if observation.is_none() => {
                    if item.codes.is_empty() {
                        continue;
                    }
                    let mut record = Record::new(item.at.clone());
                    record.kind = RecordKind::Directory;
                    b.push(i, record, Vec::new(), None)
                }
                (None, subject) => match of_patient() {
                    Some(&r) => r,
                    None => *by_subject.entry(subject.or(unnamed)).or_insert_with(|| {
                        let mut record = Record::new(item.at.clone());
                        record.kind = RecordKind::Observations;
                        b.push(i, record, Vec::new(), None)
                    }),
                },
            };
            b.settle(Some(i), r);
            if let Some(observation) = observation {
                b.records[r].1.observations.push(observation.clone());
            }
            b.records[r].2.push(part(i));
        }

        self.add_placed(&mut b);

        // Every resource's other codes, with the record it went to (each item's to one record:
        // moved there).
        for (i, item) in self.items.iter_mut().enumerate() {
            let Some(r) = b.home[i] else { continue };
            let record = &mut b.records[r].1;
            for code in std::mem::take(&mut item.codes) {
                if !has_code_at(record, &code.field.at) {
                    record.codes.push(code);
                }
            }
            record.texts.append(&mut item.texts);
        }

        let sent: HashSet<usize> = first_record_of_patient
            .iter()
            .filter(|(&p, _)| matches!(&self.items[p].summary, Summary::Patient(_, true)))
            .map(|(_, &r)| r)
            .collect();
        for (r, (i, record, _)) in b.records.iter_mut().enumerate() {
            let standalone_visit =
                matches!(&self.items[*i].summary, Summary::Encounter(_)) && !claimed.contains(&r);
            let status = match &self.items[*i].summary {
                Summary::Encounter(e) => e.status.as_deref(),
                _ => None,
            };
            format_optional(record, standalone_visit, status);
            if sent.contains(&r) {
                record.not_expected.insert(FieldKind::Mrn);
            }
        }

        // Their numbers sorted (stably), not the records, which are large. A record's patient
        // is lent to it while it is sent, not copied into each record of the patient.
        let (mut records, patients) = (b.records, b.patients);
        let mut sorted: Vec<usize> = (0..records.len()).collect();
        sorted.sort_by_key(|&r| records[r].0);
        for r in sorted {
            let (_, record, parts) = &mut records[r];
            let mut patient = patients[r].and_then(|p| match &mut self.items[p].summary {
                Summary::Patient(patient, _) => Some(patient),
                _ => None,
            });
            if let Some(patient) = patient.as_deref_mut() {
                std::mem::swap(&mut record.patient, patient);
            }
            sink.assembled(record, parts);
            if let Some(patient) = patient {
                std::mem::swap(&mut record.patient, patient);
            }
        }
    }

    /// A record at `at` for the patient `subject` refers to, and that patient's item (its fields
    /// are lent to the record when it is sent). A subject that is referenced but not in the input
    /// (a bulk export keeps patients in another file) makes an encounter-only record.
    fn record_for(&self, at: Location, subject: Option<Ref>, kind: RecordKind) -> (Record, Option<usize>) {
        let mut record = Record::new(at);
        record.kind = kind;
        let patient = self.patient_of(subject);
        record.patient_elsewhere = patient.is_none() && subject.is_some();
        (record, patient)
    }

    fn note_patient(&self, subject: Option<Ref>, r: usize, firsts: &mut IntMap<usize, usize>) {
        if let Some(p) = self.patient_of(subject) {
            firsts.entry(p).or_insert(r);
        }
    }

    /// Adds a claim's codes, provider, payer and period to record `r` (its own, or its
    /// encounter's); the Conditions and Procedures it refers to go with it.
    fn merge_claim(&self, b: &mut Builder, r: usize, c: &ClaimInfo) {
        let first_listed = !c.diagnoses.iter().any(|(_, principal)| *principal);
        for (n, (d, principal)) in c.diagnoses.iter().enumerate() {
            if let CodeOrRef::Ref(reference) = d {
                b.settle(self.lookup(Some(*reference)), r);
            }
            if let Some(code) = self.code_of(d) {
                b.place(r, code, Some(*principal || (first_listed && n == 0)));
            }
        }
        for p in &c.procedures {
            if let CodeOrRef::Ref(reference) = p {
                b.settle(self.lookup(Some(*reference)), r);
            }
            if let Some(code) = self.code_of(p) {
                b.place(r, code, None);
            }
        }
        let record = &mut b.records[r].1;
        let e = &mut record.encounter;
        if e.attending_npi.is_none() {
            e.attending_npi = c.provider_npi.clone();
            if e.attending_npi.is_none() {
                e.attending_npi = self.npi_of(c.provider);
                if e.attending_npi.is_some() {
                    record.shared.insert(FieldKind::AttendingNpi);
                }
            }
        }
        if e.payer.is_none() {
            e.payer = c.payer.clone();
            if e.payer.is_none() {
                e.payer = self.lookup(c.coverage).and_then(|i| match &self.items[i].summary {
                    Summary::Coverage(payer, _) => payer.clone(),
                    _ => None,
                });
                if e.payer.is_some() {
                    record.shared.insert(FieldKind::Payer);
                }
            }
        }
        if e.admit.is_none() {
            e.admit = c.start.clone();
        }
        if e.discharge.is_none() {
            e.discharge = c.end.clone();
        }
    }
}

/// The number of item `i` as a part of a record (see [`Collector::len`]).
fn part(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The records being built: each with the item it starts at and the items whose problems are
/// its own (see [`Sink::assembled`]), and the item of its patient; and for each item, the record
/// its codes go to.
struct Builder {
    records: Vec<(usize, Record, Vec<u32>)>,
    patients: Vec<Option<usize>>,
    home: Vec<Option<usize>>,
    /// The diagnoses and procedures to add, in order (see [`Collector::add_placed`]).
    placed: Vec<Placed>,
}

/// A diagnosis (`principal` says whether as the principal one) or a procedure (`principal`
/// `None`) to add to a record.
struct Placed {
    record: usize,
    code: Pending,
    principal: Option<bool>,
}

/// A code to place: a Condition's or Procedure's (by its item), or a claim's own, copied.
enum Pending {
    Coded(usize),
    Copy(Code),
}

impl Builder {
    /// Adds a record starting at item `i`, about the Patient of item `patient`; its index.
    fn push(&mut self, i: usize, record: Record, parts: Vec<u32>, patient: Option<usize>) -> usize {
        self.records.push((i, record, parts));
        self.patients.push(patient);
        self.home[i].get_or_insert(self.records.len() - 1);
        self.records.len() - 1
    }

    /// Notes `code` to be added to record `r` (see [`Placed`]).
    fn place(&mut self, record: usize, code: Pending, principal: Option<bool>) {
        self.placed.push(Placed { record, code, principal });
    }

    /// Item `i` belongs to record `r`, unless it belongs to one already.
    fn settle(&mut self, i: Option<usize>, r: usize) {
        if let Some(i) = i {
            self.home[i].get_or_insert(r);
        }
    }
}

/// True when `record` holds a code written at `at` (the mapping took it already).
fn has_code_at(record: &Record, at: &Location) -> bool {
    let observed = record.observations.iter().filter_map(|o| o.code.as_ref());
    let coded = record.diagnoses().chain(&record.procedures).chain(&record.codes).chain(observed);
    coded.map(|c| &c.field).chain(&record.encounter.attending_npi).any(|f| &f.at == at)
}

/// What FHIR makes optional in `record`: a Patient's demographics (0..1 each), and in a visit
/// that is not part of a claim (`standalone_visit`) its period, participants and disposition; the
/// diagnoses of such a visit are not asked (an Encounter is not a claim or an abstract), nor are
/// the period of a planned or cancelled visit and the discharge of one not finished.
fn format_optional(record: &mut Record, standalone_visit: bool, status: Option<&str>) {
    let mut optional = FieldSet::default();
    for kind in
        [FieldKind::Mrn, FieldKind::PatientName, FieldKind::BirthDate, FieldKind::Sex, FieldKind::DeathDate]
    {
        optional.insert(kind);
    }
    if standalone_visit {
        for kind in [
            FieldKind::PatientClass,
            FieldKind::AdmitDate,
            FieldKind::DischargeDate,
            FieldKind::DischargeStatus,
            FieldKind::AttendingNpi,
            FieldKind::Payer,
        ] {
            optional.insert(kind);
        }
        let mut not_expected = FieldSet::default();
        for kind in [FieldKind::PrincipalDiagnosis, FieldKind::SecondaryDiagnoses, FieldKind::Procedures] {
            not_expected.insert(kind);
        }
        if matches!(status, Some("planned" | "cancelled" | "entered-in-error")) {
            not_expected.insert(FieldKind::AdmitDate);
        }
        if status != Some("finished") {
            not_expected.insert(FieldKind::DischargeDate);
            not_expected.insert(FieldKind::DischargeStatus);
        }
        record.not_expected = not_expected;
    }
    record.optional = optional;
}

fn same_code(a: &Code, b: &Code) -> bool {
    // Compared byte by byte, without the dots and ignoring ASCII case, copying nothing.
    fn norm(c: &Code) -> impl Iterator<Item = u8> + '_ {
        c.field.value().bytes().filter(|&b| b != b'.').map(|b| b.to_ascii_uppercase())
    }
    a.system == b.system && norm(a).eq(norm(b))
}

/// Adds a diagnosis once; a principal one takes the principal place if it is free.
fn add_diagnosis(record: &mut Record, code: Code, principal: bool) {
    if record.principal_diagnosis.as_ref().is_some_and(|p| same_code(p, &code)) {
        return;
    }
    if principal && record.principal_diagnosis.is_none() {
        record.secondary_diagnoses.retain(|d| !same_code(d, &code));
        record.principal_diagnosis = Some(code);
    } else if !record.secondary_diagnoses.iter().any(|d| same_code(d, &code)) {
        record.secondary_diagnoses.push(code);
    }
}

fn add_procedure(record: &mut Record, code: Code) {
    if !record.procedures.iter().any(|p| same_code(p, &code)) {
        record.procedures.push(code);
    }
}

/// The `reference` of the first of `keys` that holds a Reference.
fn reference(n: &Node, keys: &[&str], refs: &mut Refs) -> Option<Ref> {
    keys.iter().find_map(|k| n.get(k)?.get("reference")?.as_str()).map(|r| refs.add(r))
}

/// The subject of a resource: the `reference` of the first of `keys` that holds a Reference, or
/// an empty text when the subject is given only by identifier or display (it is not in the input).
fn subject(n: &Node, keys: &[&str], refs: &mut Refs) -> Option<Ref> {
    reference(n, keys, refs).or_else(|| keys.iter().any(|k| n.get(k).is_some()).then(|| refs.add("")))
}

/// The record kind an `Encounter.class` code says: v3 ActCode (R4, STU3) or the DSTU2 names.
fn class_kind(code: &str) -> RecordKind {
    match code.trim().to_ascii_uppercase().as_str() {
        "IMP" | "ACUTE" | "NONAC" | "INPATIENT" => RecordKind::Inpatient,
        "AMB" | "EMER" | "VR" | "HH" | "FLD" | "SS" | "OBSENC" | "PRENC" | "OUTPATIENT" | "AMBULATORY"
        | "EMERGENCY" | "HOME" | "FIELD" | "DAYTIME" | "VIRTUAL" => RecordKind::Outpatient,
        _ => RecordKind::Encounter,
    }
}

/// The codes of the codings of the CodeableConcept at `key` (lowercase).
fn coded_as(n: &Node, key: &str) -> Vec<String> {
    let Some(cc) = n.get(key) else { return Vec::new() };
    let codings = cc.get("coding").map(Node::items).unwrap_or(&[]);
    codings.iter().filter_map(|c| c.get("code")?.as_str()).map(str::to_ascii_lowercase).collect()
}

/// The record kind of a Claim or ExplanationOfBenefit by its `type` (claim-type: institutional,
/// professional, pharmacy, vision, oral). An institutional claim is an inpatient one unless its
/// `subType` says emergency or gives an outpatient type of bill (UB-04 FL 4: facility and
/// classification digits, `013x` hospital outpatient, `083x` ambulatory surgery…).
fn claim_kind(n: &Node) -> RecordKind {
    let types = coded_as(n, "type");
    let kind = |name: &str| types.iter().any(|t| t == name);
    if kind("professional") {
        RecordKind::Professional
    } else if kind("pharmacy") {
        RecordKind::Pharmacy
    } else if kind("vision") {
        RecordKind::Vision
    } else if kind("oral") {
        RecordKind::Oral
    } else if kind("institutional") {
        let sub = coded_as(n, "subType");
        let outpatient = sub.iter().any(|s| s == "emergency" || bill_type_is_outpatient(s) == Some(true));
        if outpatient {
            RecordKind::Outpatient
        } else {
            RecordKind::Inpatient
        }
    } else {
        RecordKind::Encounter
    }
}

/// Whether a UB-04 type of bill (`0831`, `111`) is for outpatient care; `None` when `code` is
/// not one.
fn bill_type_is_outpatient(code: &str) -> Option<bool> {
    let digits = code.strip_prefix('0').unwrap_or(code).as_bytes();
    if digits.len() != 3 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (facility, classification) = (digits[0], digits[1]);
    Some(match facility {
        b'3' | b'7' => true,
        b'8' => !matches!(classification, b'1' | b'2' | b'6'),
        _ => !matches!(classification, b'1' | b'2'),
    })
}

fn date(n: &Node, key: &str, pointer: &str) -> Option<DateField> {
    field(n.get(key)?, [pointer, "/", key].concat()).map(DateField::parse_partial)
}

fn display(n: &Node, pointer: &str) -> Option<Field> {
    field(n.get("display")?, [pointer, "/display"].concat())
}

fn patient(n: &Node, p: &str) -> Patient {
    let identifiers = n.get("identifier").map(Node::items).unwrap_or(&[]);
    let is_mr = |id: &Node| {
        id.get("type")
            .and_then(|t| t.get("coding"))
            .is_some_and(|c| c.items().iter().any(|c| c.get("code").and_then(Node::as_str) == Some("MR")))
    };
    let mrn = identifiers
        .iter()
        .position(is_mr)
        .or_else(|| identifiers.iter().position(|id| id.get("value").is_some()))
        .and_then(|i| field(identifiers[i].get("value")?, pointer::item(p, "/identifier", i, "/value")));
    Patient {
        mrn,
        name: name(n, p),
        birth_date: date(n, "birthDate", p),
        sex: n.get("gender").and_then(|g| field(g, [p, "/gender"].concat())),
        death_date: date(n, "deceasedDateTime", p),
    }
}

/// The official (else the first) name as `Family, Given Middle`.
fn name(n: &Node, p: &str) -> Option<Field> {
    let names = n.get("name").map(Node::items).unwrap_or(&[]);
    let i = names.iter().position(|n| n.get("use").and_then(Node::as_str) == Some("official")).unwrap_or(0);
    let name = names.get(i)?;
    let family = name.get("family").and_then(Node::as_str).unwrap_or("");
    let given: Vec<&str> =
        name.get("given").map(Node::items).unwrap_or(&[]).iter().filter_map(Node::as_str).collect();
    let text = match (family.is_empty(), given.is_empty()) {
        (true, true) => name.get("text").and_then(Node::as_str).unwrap_or("").to_string(),
        (false, true) => family.to_string(),
        (true, false) => given.join(" "),
        (false, false) => format!("{family}, {}", given.join(" ")),
    };
    Some(Field { text, at: at(&pointer::item(p, "/name", i, ""), name) })
}

fn encounter(n: &Node, p: &str, refs: &mut Refs) -> EncounterInfo {
    let class = n.get("class").and_then(|c| match &c.value {
        super::json::Value::String(_) => field(c, [p, "/class"].concat()),
        super::json::Value::Array(items) => {
            items.first().and_then(|cc| codeable(cc, &format!("{p}/class/0"))).map(|code| code.field)
        }
        _ => field(c.get("code")?, [p, "/class/code"].concat()),
    });
    let period = n.get("period");
    let period_pointer = [p, "/period"].concat();
    let disposition = n
        .get("hospitalization")
        .and_then(|h| h.get("dischargeDisposition"))
        .and_then(|d| codeable(d, &[p, "/hospitalization/dischargeDisposition"].concat()))
        .map(|c| c.field);
    let diagnoses = n
        .get("diagnosis")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|d| {
            let reference = refs.add(d.get("condition")?.get("reference")?.as_str()?);
            let rank = d.get("rank").and_then(|r| match &r.value {
                super::json::Value::Number(n) => n.parse().ok(),
                _ => None,
            });
            Some((reference, rank))
        })
        .collect();
    let (attending, attending_npi) = attending(n, p, refs);
    EncounterInfo {
        kind: class.as_ref().map_or(RecordKind::Encounter, |c| class_kind(c.value())),
        status: n.get("status").and_then(Node::as_str).map(str::to_string),
        encounter: Encounter {
            id: n.get("id").and_then(|id| field(id, [p, "/id"].concat())),
            class,
            admit: period.and_then(|x| date(x, "start", &period_pointer)),
            discharge: period.and_then(|x| date(x, "end", &period_pointer)),
            discharge_status: disposition,
            attending_npi,
            payer: None,
        },
        subject: reference(n, &["subject", "patient"], refs),
        diagnoses,
        attending,
    }
}

/// The attending (else primary performer, else first) participant: a Practitioner reference, or
/// an NPI given in the reference's identifier.
fn attending(n: &Node, p: &str, refs: &mut Refs) -> (Option<Ref>, Option<Field>) {
    let participants = n.get("participant").map(Node::items).unwrap_or(&[]);
    let has_type = |part: &Node, code: &str| {
        part.get("type").map(Node::items).unwrap_or(&[]).iter().any(|t| {
            t.get("coding")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .any(|c| c.get("code").and_then(Node::as_str) == Some(code))
        })
    };
    let i = participants
        .iter()
        .position(|x| has_type(x, "ATND"))
        .or_else(|| participants.iter().position(|x| has_type(x, "PPRF")))
        .unwrap_or(0);
    let Some(individual) = participants.get(i).and_then(|x| x.get("individual")) else { return (None, None) };
    let pointer = pointer::item(p, "/participant", i, "/individual");
    let reference = individual.get("reference").and_then(Node::as_str).map(|r| refs.add(r));
    (reference, identifier_npi(individual, &pointer))
}

/// The value of a Reference's `identifier` when its system is the NPI.
fn identifier_npi(reference: &Node, pointer: &str) -> Option<Field> {
    let id = reference.get("identifier")?;
    (id.get("system")?.as_str()? == NPI_SYSTEM).then_some(())?;
    field(id.get("value")?, [pointer, "/identifier/value"].concat())
}

fn npi_identifier(n: &Node, p: &str) -> Option<Field> {
    let ids = n.get("identifier").map(Node::items).unwrap_or(&[]);
    let i = ids.iter().position(|id| id.get("system").and_then(Node::as_str) == Some(NPI_SYSTEM))?;
    field(ids[i].get("value")?, pointer::item(p, "/identifier", i, "/value"))
}

fn claim(n: &Node, p: &str, refs: &mut Refs) -> ClaimInfo {
    let list = |key: &str| n.get(key).map(Node::items).unwrap_or(&[]);
    let mut diagnoses: Vec<(u64, CodeOrRef, bool)> = Vec::new();
    for (i, d) in list("diagnosis").iter().enumerate() {
        let dp = pointer::item(p, "/diagnosis", i, "");
        let code = if let Some(cc) = d.get("diagnosisCodeableConcept") {
            codeable(cc, &[dp.as_str(), "/diagnosisCodeableConcept"].concat()).map(CodeOrRef::Code)
        } else if let Some(r) =
            d.get("diagnosisReference").and_then(|r| r.get("reference")).and_then(Node::as_str)
        {
            Some(CodeOrRef::Ref(refs.add(r)))
        } else {
            // DSTU2: `diagnosis` is a Coding.
            d.get("diagnosis")
                .and_then(|c| coding(c, &[dp.as_str(), "/diagnosis"].concat()))
                .map(CodeOrRef::Code)
        };
        let principal = d.get("type").map(Node::items).unwrap_or(&[]).iter().any(|t| {
            t.get("coding")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .any(|c| c.get("code").and_then(Node::as_str) == Some("principal"))
        });
        let sequence =
            d.get("sequence").and_then(|s| field(s, String::new())).and_then(|f| f.text.parse().ok());
        if let Some(code) = code {
            diagnoses.push((sequence.unwrap_or(u64::MAX), code, principal));
        }
    }
    diagnoses.sort_by_key(|d| d.0);
    let mut procedures = Vec::new();
    for (i, x) in list("procedure").iter().enumerate() {
        if let Some(cc) = x.get("procedureCodeableConcept") {
            procedures.extend(
                codeable(cc, &pointer::item(p, "/procedure", i, "/procedureCodeableConcept"))
                    .map(CodeOrRef::Code),
            );
        } else if let Some(r) =
            x.get("procedureReference").and_then(|r| r.get("reference")).and_then(Node::as_str)
        {
            procedures.push(CodeOrRef::Ref(refs.add(r)));
        }
    }
    let mut encounters = Vec::new();
    for (i, item) in list("item").iter().enumerate() {
        for key in ["productOrService", "service"] {
            let Some(cc) = item.get(key) else { continue };
            // Items also list the visit, conditions and drugs; only billable procedure codes count.
            if let Some(code) = codeable(cc, &format!("{p}/item/{i}/{key}")) {
                if matches!(code.system, CodeSystem::Cpt | CodeSystem::Hcpcs | CodeSystem::Icd10pcs) {
                    procedures.push(CodeOrRef::Code(code));
                }
            }
        }
        for e in item.get("encounter").map(Node::items).unwrap_or(&[]) {
            encounters.extend(e.get("reference").and_then(Node::as_str).map(|r| refs.add(r)));
        }
    }
    let provider = n.get("provider");
    let period = n.get("billablePeriod");
    let period_pointer = [p, "/billablePeriod"].concat();
    let (mut start, mut end) = (
        period.and_then(|x| date(x, "start", &period_pointer)),
        period.and_then(|x| date(x, "end", &period_pointer)),
    );
    if start.is_none() {
        // No billable period: the service dates of the items, else the date the claim was made.
        (start, end) = service_dates(list("item"), p);
        if start.is_none() {
            start = date(n, "created", p);
        }
    }
    let insurance = list("insurance").first();
    let coverage = insurance.and_then(|i| i.get("coverage"));
    let payer = coverage
        .and_then(|c| display(c, &format!("{p}/insurance/0/coverage")))
        .or_else(|| n.get("insurer").and_then(|i| display(i, &[p, "/insurer"].concat())));
    ClaimInfo {
        id: n.get("id").and_then(|id| field(id, [p, "/id"].concat())),
        patient: subject(n, &["patient"], refs),
        encounters,
        diagnoses: diagnoses.into_iter().map(|(_, c, principal)| (c, principal)).collect(),
        procedures,
        provider: provider.and_then(|r| r.get("reference")).and_then(Node::as_str).map(|r| refs.add(r)),
        provider_npi: provider.and_then(|r| identifier_npi(r, &[p, "/provider"].concat())),
        kind: claim_kind(n),
        start,
        end,
        payer,
        coverage: coverage.and_then(|c| c.get("reference")).and_then(Node::as_str).map(|r| refs.add(r)),
    }
}

/// The first and last service dates of claim items (`servicedDate`, `servicedPeriod`).
fn service_dates(items: &[Node], p: &str) -> (Option<DateField>, Option<DateField>) {
    let mut dates = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = pointer::item(p, "/item", i, "");
        dates.extend(date(item, "servicedDate", &ip));
        if let Some(period) = item.get("servicedPeriod") {
            let pp = [ip.as_str(), "/servicedPeriod"].concat();
            dates.extend(date(period, "start", &pp));
            dates.extend(date(period, "end", &pp));
        }
    }
    let dated = || dates.iter().filter(|d| d.date.is_some());
    let first = dated().min_by_key(|d| d.date).or(dates.first()).cloned();
    let last = dated().max_by_key(|d| d.date).cloned();
    let last = last.filter(|l| first.as_ref().is_some_and(|f| f.date != l.date));
    (first, last)
}

fn observation(n: &Node, p: &str) -> Observation {
    let value = n.members().iter().find(|(k, _)| k.starts_with("value")).and_then(|(k, v)| {
        let vp = [p, "/", k].concat();
        match *k {
            "valueQuantity" => {
                let mut f = field(v.get("value")?, [vp.as_str(), "/value"].concat())?;
                if let Some(unit) = v.get("unit").or_else(|| v.get("code")).and_then(Node::as_str) {
                    f.text = format!("{} {unit}", f.text);
                }
                Some(f)
            }
            "valueCodeableConcept" => codeable(v, &vp).map(|c| c.field),
            _ => field(v, vp),
        }
    });
    let effective =
        date(n, "effectiveDateTime", p).or_else(|| date(n, "effectiveInstant", p)).or_else(|| {
            n.get("effectivePeriod").and_then(|e| date(e, "start", &[p, "/effectivePeriod"].concat()))
        });
    Observation { code: n.get("code").and_then(|c| codeable(c, &[p, "/code"].concat())), value, effective }
}
