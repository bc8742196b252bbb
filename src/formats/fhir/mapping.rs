//! FHIR resources into records. Resources are first reduced to small summaries (the fields
//! recordlint uses, with their locations); when the input ends, each Encounter becomes a record
//! with its Patient, Conditions, Procedures, Observations and Claims, each Claim not tied to an
//! encounter a record of its own, and each Patient with neither a record of its own.
//!
//! Older versions are read where the meaning is the same (DSTU2 `Encounter.patient`, STU3
//! `Condition.context`, `Claim.item.service`), so their records are still checked.

use super::bundle::type_and_id;
use super::coding::{codeable, coding, field, NPI_SYSTEM};
use super::json::Node;
use super::{at, Resource};
use crate::model::{
    Code, CodeSystem, DateField, Encounter, Field, Location, Observation, Patient, Record, RecordKind,
};
use crate::rules::Checker;
use std::collections::{HashMap, HashSet};

/// A diagnosis or procedure given as a code, or as a reference to a Condition or Procedure.
enum CodeOrRef {
    Code(Code),
    Ref(String),
}

struct EncounterInfo {
    encounter: Encounter,
    subject: Option<String>,
    /// `Encounter.diagnosis`: condition references with their rank.
    diagnoses: Vec<(String, Option<u32>)>,
    attending: Option<String>,
}

struct ClaimInfo {
    id: Option<Field>,
    patient: Option<String>,
    encounters: Vec<String>,
    /// Diagnoses in sequence order, with "principal" when the claim says so.
    diagnoses: Vec<(CodeOrRef, bool)>,
    procedures: Vec<CodeOrRef>,
    provider: Option<String>,
    provider_npi: Option<Field>,
    start: Option<DateField>,
    end: Option<DateField>,
    payer: Option<Field>,
    coverage: Option<String>,
}

/// What one resource contributes.
enum Summary {
    Patient(Patient),
    Encounter(Box<EncounterInfo>),
    /// A Condition or Procedure: its code, encounter and subject references.
    Coded {
        code: Option<Code>,
        encounter: Option<String>,
        procedure: bool,
    },
    Claim(Box<ClaimInfo>),
    Observation {
        observation: Observation,
        encounter: Option<String>,
        subject: Option<String>,
    },
    Practitioner(Option<Field>),
    Coverage(Option<Field>),
}

struct Item {
    at: Location,
    /// Boxed: the list of items stays small while it grows.
    summary: Box<Summary>,
    /// The resource had structural findings.
    dirty: bool,
}

/// Collects resource summaries and turns them into records at the end.
#[derive(Default)]
pub struct Collector {
    items: Vec<Item>,
    /// fullUrl, `Type/id` → item.
    index: HashMap<String, usize>,
}

impl Collector {
    /// Summarises one resource (those recordlint does not map are ignored); `dirty` says it had
    /// structural findings.
    pub fn add(&mut self, res: &Resource, dirty: bool) {
        let n = res.node;
        let p = res.pointer.as_str();
        let summary = match res.resource_type() {
            Some("Patient") => Summary::Patient(patient(n, p)),
            Some("Encounter") => Summary::Encounter(Box::new(encounter(n, p))),
            Some("Condition") => Summary::Coded {
                code: n.get("code").and_then(|c| codeable(c, &format!("{p}/code"))),
                encounter: reference(n, &["encounter", "context"]),
                procedure: false,
            },
            Some("Procedure") => Summary::Coded {
                code: n.get("code").and_then(|c| codeable(c, &format!("{p}/code"))),
                encounter: reference(n, &["encounter", "context"]),
                procedure: true,
            },
            Some("Claim" | "ExplanationOfBenefit") => Summary::Claim(Box::new(claim(n, p))),
            Some("Observation") => Summary::Observation {
                observation: observation(n, p),
                encounter: reference(n, &["encounter", "context"]),
                subject: reference(n, &["subject"]),
            },
            Some("Practitioner") => Summary::Practitioner(npi_identifier(n, p)),
            Some("Coverage") => Summary::Coverage(
                n.get("payor")
                    .and_then(|v| v.items().first())
                    .and_then(|v| display(v, &format!("{p}/payor/0"))),
            ),
            _ => return,
        };
        let i = self.items.len();
        for key in res.keys() {
            self.index.entry(key).or_insert(i);
        }
        self.items.push(Item { at: at(p, n), summary: Box::new(summary), dirty });
    }

    /// Resources collected so far.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Marks the items from `first` on whose pointer `flagged` picks as having had structural
    /// findings.
    pub fn mark_dirty(&mut self, first: usize, flagged: impl Fn(&str) -> bool) {
        for item in self.items.iter_mut().skip(first) {
            if let Location::Json { pointer, .. } = &item.at {
                item.dirty |= flagged(pointer);
            }
        }
    }

    /// The item a reference leads to.
    fn lookup(&self, reference: Option<&str>) -> Option<usize> {
        let reference = reference?;
        self.index.get(reference).or_else(|| self.index.get(&type_and_id(reference)?)).copied()
    }

    fn patient_of(&self, reference: Option<&str>) -> Option<(usize, &Patient)> {
        let i = self.lookup(reference)?;
        match &*self.items[i].summary {
            Summary::Patient(p) => Some((i, p)),
            _ => None,
        }
    }

    /// True when the resource a reference leads to had structural findings.
    fn dirty(&self, reference: Option<&str>) -> bool {
        self.lookup(reference).is_some_and(|i| self.items[i].dirty)
    }

    fn npi_of(&self, reference: Option<&str>) -> Option<Field> {
        match &*self.items[self.lookup(reference)?].summary {
            Summary::Practitioner(npi) => npi.clone(),
            _ => None,
        }
    }

    fn code_of(&self, c: &CodeOrRef) -> Option<Code> {
        match c {
            CodeOrRef::Code(code) => Some(code.clone()),
            CodeOrRef::Ref(r) => match &*self.items[self.lookup(Some(r))?].summary {
                Summary::Coded { code, .. } => code.clone(),
                _ => None,
            },
        }
    }

    /// Builds every record and checks it, in the order the resources came.
    pub fn check_records(self, cx: &mut Checker) {
        let mut records: Vec<(usize, Record)> = Vec::new();
        let mut record_of_item: HashMap<usize, usize> = HashMap::new();
        let mut first_record_of_patient: HashMap<usize, usize> = HashMap::new();
        let mut used_conditions: HashSet<usize> = HashSet::new();
        // Per record: a resource it is made of had structural findings.
        let mut dirty: Vec<bool> = Vec::new();

        for (i, item) in self.items.iter().enumerate() {
            let Summary::Encounter(e) = &*item.summary else { continue };
            let mut record = self.record_for(item.at.clone(), e.subject.as_deref(), RecordKind::Encounter);
            record.encounter = e.encounter.clone();
            if record.encounter.attending_npi.is_none() {
                record.encounter.attending_npi = self.npi_of(e.attending.as_deref());
            }
            let mut record_dirty =
                item.dirty || self.dirty(e.subject.as_deref()) || self.dirty(e.attending.as_deref());
            let mut ranked: Vec<_> = e.diagnoses.iter().collect();
            ranked.sort_by_key(|(_, rank)| rank.unwrap_or(u32::MAX));
            for (reference, rank) in ranked {
                let Some(c) = self.lookup(Some(reference)) else { continue };
                if let Summary::Coded { code: Some(code), procedure: false, .. } = &*self.items[c].summary {
                    used_conditions.insert(c);
                    record_dirty |= self.items[c].dirty;
                    add_diagnosis(&mut record, code.clone(), *rank == Some(1));
                }
            }
            self.note_patient(&record, e.subject.as_deref(), records.len(), &mut first_record_of_patient);
            record_of_item.insert(i, records.len());
            records.push((i, record));
            dirty.push(record_dirty);
        }

        for (i, item) in self.items.iter().enumerate() {
            match &*item.summary {
                Summary::Coded { code: Some(code), encounter, procedure } => {
                    let Some(&r) = self.lookup(encounter.as_deref()).and_then(|e| record_of_item.get(&e))
                    else {
                        continue;
                    };
                    dirty[r] |= item.dirty;
                    let record = &mut records[r].1;
                    if *procedure {
                        add_procedure(record, code.clone());
                    } else if !used_conditions.contains(&i) {
                        add_diagnosis(record, code.clone(), false);
                    }
                }
                Summary::Observation { observation, encounter, .. } => {
                    if let Some(&r) = self.lookup(encounter.as_deref()).and_then(|e| record_of_item.get(&e)) {
                        records[r].1.observations.push(observation.clone());
                        dirty[r] |= item.dirty;
                    }
                }
                _ => {}
            }
        }

        for (i, item) in self.items.iter().enumerate() {
            let Summary::Claim(c) = &*item.summary else { continue };
            let encounter_record =
                c.encounters.iter().find_map(|e| self.lookup(Some(e)).and_then(|e| record_of_item.get(&e)));
            let r = match encounter_record {
                Some(&r) => r,
                None => {
                    let mut record =
                        self.record_for(item.at.clone(), c.patient.as_deref(), RecordKind::Encounter);
                    record.encounter.id = c.id.clone();
                    record.encounter.admit = c.start.clone();
                    record.encounter.discharge = c.end.clone();
                    self.note_patient(
                        &record,
                        c.patient.as_deref(),
                        records.len(),
                        &mut first_record_of_patient,
                    );
                    records.push((i, record));
                    dirty.push(self.dirty(c.patient.as_deref()));
                    records.len() - 1
                }
            };
            dirty[r] |= item.dirty || self.dirty(c.provider.as_deref());
            self.merge_claim(&mut records[r].1, c);
        }

        for (i, item) in self.items.iter().enumerate() {
            let Summary::Patient(p) = &*item.summary else { continue };
            if let std::collections::hash_map::Entry::Vacant(slot) = first_record_of_patient.entry(i) {
                let mut record = Record::new(item.at.clone());
                record.kind = RecordKind::Patient;
                record.patient = p.clone();
                slot.insert(records.len());
                records.push((i, record));
                dirty.push(item.dirty);
            }
        }

        // Observations outside any encounter go to their patient's first record, or to one
        // record per referenced patient that is not in the input.
        let mut by_subject: HashMap<String, usize> = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            let Summary::Observation { observation, encounter, subject } = &*item.summary else { continue };
            if self.lookup(encounter.as_deref()).is_some_and(|e| record_of_item.contains_key(&e)) {
                continue;
            }
            let patient =
                self.patient_of(subject.as_deref()).and_then(|(p, _)| first_record_of_patient.get(&p));
            let r = match patient {
                Some(&r) => r,
                None => *by_subject.entry(subject.clone().unwrap_or_default()).or_insert_with(|| {
                    let mut record = Record::new(item.at.clone());
                    record.kind = RecordKind::Observations;
                    records.push((i, record));
                    dirty.push(false);
                    records.len() - 1
                }),
            };
            records[r].1.observations.push(observation.clone());
            dirty[r] |= item.dirty;
        }

        let mut records: Vec<_> = records.into_iter().zip(dirty).collect();
        records.sort_by_key(|((order, _), _)| *order);
        for ((_, record), dirty) in &records {
            cx.check_flagged(record, *dirty);
        }
    }

    /// A record at `at` for the patient `subject` refers to. A subject that is referenced but not
    /// in the input (a bulk export keeps patients in another file) makes an encounter-only record.
    fn record_for(&self, at: Location, subject: Option<&str>, kind: RecordKind) -> Record {
        let mut record = Record::new(at);
        record.kind = kind;
        match self.patient_of(subject) {
            Some((_, p)) => record.patient = p.clone(),
            None if subject.is_some() => record.patient_elsewhere = true,
            None => {}
        }
        record
    }

    fn note_patient(
        &self,
        _record: &Record,
        subject: Option<&str>,
        r: usize,
        firsts: &mut HashMap<usize, usize>,
    ) {
        if let Some((p, _)) = self.patient_of(subject) {
            firsts.entry(p).or_insert(r);
        }
    }

    /// Adds a claim's codes, provider, payer and period to the record of its encounter.
    fn merge_claim(&self, record: &mut Record, c: &ClaimInfo) {
        for (d, principal) in &c.diagnoses {
            if let Some(code) = self.code_of(d) {
                add_diagnosis(record, code, *principal);
            }
        }
        for p in &c.procedures {
            if let Some(code) = self.code_of(p) {
                add_procedure(record, code);
            }
        }
        let e = &mut record.encounter;
        if e.attending_npi.is_none() {
            e.attending_npi = c.provider_npi.clone().or_else(|| self.npi_of(c.provider.as_deref()));
        }
        if e.payer.is_none() {
            e.payer =
                c.payer.clone().or_else(|| match &*self.items[self.lookup(c.coverage.as_deref())?].summary {
                    Summary::Coverage(payer) => payer.clone(),
                    _ => None,
                });
        }
        if e.admit.is_none() {
            e.admit = c.start.clone();
        }
        if e.discharge.is_none() {
            e.discharge = c.end.clone();
        }
    }
}

fn same_code(a: &Code, b: &Code) -> bool {
    let norm = |c: &Code| c.field.value().replace('.', "").to_ascii_uppercase();
    a.system == b.system && norm(a) == norm(b)
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
fn reference(n: &Node, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| n.get(k)?.get("reference")?.as_str().map(str::to_string))
}

fn date(n: &Node, key: &str, pointer: &str) -> Option<DateField> {
    field(n.get(key)?, format!("{pointer}/{key}")).map(DateField::parse)
}

fn display(n: &Node, pointer: &str) -> Option<Field> {
    field(n.get("display")?, format!("{pointer}/display"))
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
        .and_then(|i| field(identifiers[i].get("value")?, format!("{p}/identifier/{i}/value")));
    Patient {
        mrn,
        name: name(n, p),
        birth_date: date(n, "birthDate", p),
        sex: n.get("gender").and_then(|g| field(g, format!("{p}/gender"))),
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
    Some(Field { text, at: at(&format!("{p}/name/{i}"), name) })
}

fn encounter(n: &Node, p: &str) -> EncounterInfo {
    let class = n.get("class").and_then(|c| match &c.value {
        super::json::Value::String(_) => field(c, format!("{p}/class")),
        super::json::Value::Array(items) => {
            items.first().and_then(|cc| codeable(cc, &format!("{p}/class/0"))).map(|code| code.field)
        }
        _ => field(c.get("code")?, format!("{p}/class/code")),
    });
    let period = n.get("period");
    let period_pointer = format!("{p}/period");
    let disposition = n
        .get("hospitalization")
        .and_then(|h| h.get("dischargeDisposition"))
        .and_then(|d| codeable(d, &format!("{p}/hospitalization/dischargeDisposition")))
        .map(|c| c.field);
    let diagnoses = n
        .get("diagnosis")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|d| {
            let reference = d.get("condition")?.get("reference")?.as_str()?.to_string();
            let rank = d.get("rank").and_then(|r| match &r.value {
                super::json::Value::Number(n) => n.parse().ok(),
                _ => None,
            });
            Some((reference, rank))
        })
        .collect();
    let (attending, attending_npi) = attending(n, p);
    EncounterInfo {
        encounter: Encounter {
            id: n.get("id").and_then(|id| field(id, format!("{p}/id"))),
            class,
            admit: period.and_then(|x| date(x, "start", &period_pointer)),
            discharge: period.and_then(|x| date(x, "end", &period_pointer)),
            discharge_status: disposition,
            attending_npi,
            payer: None,
        },
        subject: reference(n, &["subject", "patient"]),
        diagnoses,
        attending,
    }
}

/// The attending (else primary performer, else first) participant: a Practitioner reference, or
/// an NPI given in the reference's identifier.
fn attending(n: &Node, p: &str) -> (Option<String>, Option<Field>) {
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
    let pointer = format!("{p}/participant/{i}/individual");
    let reference = individual.get("reference").and_then(Node::as_str).map(str::to_string);
    (reference, identifier_npi(individual, &pointer))
}

/// The value of a Reference's `identifier` when its system is the NPI.
fn identifier_npi(reference: &Node, pointer: &str) -> Option<Field> {
    let id = reference.get("identifier")?;
    (id.get("system")?.as_str()? == NPI_SYSTEM).then_some(())?;
    field(id.get("value")?, format!("{pointer}/identifier/value"))
}

fn npi_identifier(n: &Node, p: &str) -> Option<Field> {
    let ids = n.get("identifier").map(Node::items).unwrap_or(&[]);
    let i = ids.iter().position(|id| id.get("system").and_then(Node::as_str) == Some(NPI_SYSTEM))?;
    field(ids[i].get("value")?, format!("{p}/identifier/{i}/value"))
}

fn claim(n: &Node, p: &str) -> ClaimInfo {
    let list = |key: &str| n.get(key).map(Node::items).unwrap_or(&[]);
    let mut diagnoses: Vec<(u64, CodeOrRef, bool)> = Vec::new();
    for (i, d) in list("diagnosis").iter().enumerate() {
        let dp = format!("{p}/diagnosis/{i}");
        let code = if let Some(cc) = d.get("diagnosisCodeableConcept") {
            codeable(cc, &format!("{dp}/diagnosisCodeableConcept")).map(CodeOrRef::Code)
        } else if let Some(r) =
            d.get("diagnosisReference").and_then(|r| r.get("reference")).and_then(Node::as_str)
        {
            Some(CodeOrRef::Ref(r.to_string()))
        } else {
            // DSTU2: `diagnosis` is a Coding.
            d.get("diagnosis").and_then(|c| coding(c, &format!("{dp}/diagnosis"))).map(CodeOrRef::Code)
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
                codeable(cc, &format!("{p}/procedure/{i}/procedureCodeableConcept")).map(CodeOrRef::Code),
            );
        } else if let Some(r) =
            x.get("procedureReference").and_then(|r| r.get("reference")).and_then(Node::as_str)
        {
            procedures.push(CodeOrRef::Ref(r.to_string()));
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
            encounters.extend(e.get("reference").and_then(Node::as_str).map(str::to_string));
        }
    }
    let provider = n.get("provider");
    let period = n.get("billablePeriod");
    let period_pointer = format!("{p}/billablePeriod");
    let insurance = list("insurance").first();
    let coverage = insurance.and_then(|i| i.get("coverage"));
    let payer = coverage
        .and_then(|c| display(c, &format!("{p}/insurance/0/coverage")))
        .or_else(|| n.get("insurer").and_then(|i| display(i, &format!("{p}/insurer"))));
    ClaimInfo {
        id: n.get("id").and_then(|id| field(id, format!("{p}/id"))),
        patient: reference(n, &["patient"]),
        encounters,
        diagnoses: diagnoses.into_iter().map(|(_, c, principal)| (c, principal)).collect(),
        procedures,
        provider: provider.and_then(|r| r.get("reference")).and_then(Node::as_str).map(str::to_string),
        provider_npi: provider.and_then(|r| identifier_npi(r, &format!("{p}/provider"))),
        start: period.and_then(|x| date(x, "start", &period_pointer)),
        end: period.and_then(|x| date(x, "end", &period_pointer)),
        payer,
        coverage: coverage.and_then(|c| c.get("reference")).and_then(Node::as_str).map(str::to_string),
    }
}

fn observation(n: &Node, p: &str) -> Observation {
    let value = n.members().iter().find(|(k, _)| k.starts_with("value")).and_then(|(k, v)| {
        let vp = format!("{p}/{k}");
        match k.as_str() {
            "valueQuantity" => {
                let mut f = field(v.get("value")?, format!("{vp}/value"))?;
                if let Some(unit) = v.get("unit").or_else(|| v.get("code")).and_then(Node::as_str) {
                    f.text = format!("{} {unit}", f.text);
                }
                Some(f)
            }
            "valueCodeableConcept" => codeable(v, &vp).map(|c| c.field),
            _ => field(v, vp),
        }
    });
    let effective = date(n, "effectiveDateTime", p)
        .or_else(|| date(n, "effectiveInstant", p))
        .or_else(|| n.get("effectivePeriod").and_then(|e| date(e, "start", &format!("{p}/effectivePeriod"))));
    Observation { code: n.get("code").and_then(|c| codeable(c, &format!("{p}/code"))), value, effective }
}
