//! Writing a record over the last one read: a parser of records that share one shape (the rows
//! of a CSV file) writes each into the strings, locations and lists of the one before, so that
//! once the first few are read, reading a record allocates nothing.

use super::{
    reused_text, spare_text, Code, CodeSystem, DateField, Field, FieldKind, FieldSet, Location, Record,
    RecordKind, Text, TextKind,
};
use std::sync::Arc;

/// What a record written over leaves for the next: the strings of fields it no longer has, and
/// which single-valued fields it has.
#[derive(Debug, Default)]
pub(crate) struct Spare {
    texts: Vec<String>,
    had: FieldSet,
}

impl Spare {
    /// `parts` joined, in a kept string when there is one.
    fn text(&mut self, parts: &[&str]) -> String {
        let mut s = reused_text(&mut self.texts, "");
        parts.iter().for_each(|p| s.push_str(p));
        s
    }

    /// Keeps `text`'s buffer for [`Spare::text`] (up to a few hundred).
    fn keep(&mut self, text: String) {
        spare_text(&mut self.texts, text);
    }
}

/// A CSV cell's place, made into a [`Location`] only where a field has none of its column yet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellAt<'a> {
    pub row: u64,
    pub line: u64,
    pub column: &'a Arc<str>,
}

impl CellAt<'_> {
    pub fn location(self) -> Location {
        Location::Csv { row: self.row, column: Some(Arc::clone(self.column)), line: self.line }
    }

    /// Moves `at` here: only its row and line when it is a cell of the same column already.
    #[inline]
    fn write(self, at: &mut Location) {
        match at {
            Location::Csv { row, line, column: Some(c) } if Arc::ptr_eq(c, self.column) => {
                (*row, *line) = (self.row, self.line);
            }
            _ => *at = self.location(),
        }
    }
}

/// Writes `parts` (joined) at `at` over `field`.
#[inline]
fn write(field: &mut Field, parts: &[&str], at: CellAt) {
    field.text.clear();
    parts.iter().for_each(|p| field.text.push_str(p));
    at.write(&mut field.at);
}

/// A field of `parts` at `at`, in a kept string.
fn new_field(spare: &mut Spare, parts: &[&str], at: CellAt) -> Field {
    Field { text: spare.text(parts), at: at.location() }
}

/// A record being written over the last one: which of its single-valued fields this one has
/// set, and how many entries of each list. [`Refill::finish`] drops what the last record had
/// beyond that.
pub(crate) struct Refill<'r> {
    pub record: &'r mut Record,
    spare: &'r mut Spare,
    set: FieldSet,
    secondary: usize,
    procedures: usize,
    codes: usize,
    texts: usize,
}

impl<'r> Refill<'r> {
    /// Starts writing the record at `at` over `record` (a fresh one for the first record), with
    /// what the last write over it left in `spare` (a default one for a fresh record).
    pub fn new(record: &'r mut Record, at: Location, spare: &'r mut Spare) -> Refill<'r> {
        record.at = at;
        record.kind = RecordKind::Encounter;
        record.patient_elsewhere = false;
        record.shared = FieldSet::default();
        record.optional = FieldSet::default();
        record.not_expected = FieldSet::default();
        if !record.observations.is_empty() {
            for o in record.observations.drain(..) {
                let texts = [o.code.map(|c| c.field), o.value, o.effective.map(|d| d.field)];
                texts.into_iter().flatten().for_each(|f| spare.keep(f.text));
            }
        }
        Refill { record, spare, set: FieldSet::default(), secondary: 0, procedures: 0, codes: 0, texts: 0 }
    }

    /// True when this record has set single-valued field `kind` already.
    pub fn has(&self, kind: FieldKind) -> bool {
        self.set.contains(kind)
    }

    /// Sets field `kind` to `parts` (joined) at `at`, unless it is set already (the first value
    /// wins); dates are parsed (to the year or month at least). List kinds are not set here.
    #[inline(always)]
    pub fn single(&mut self, kind: FieldKind, parts: &[&str], at: CellAt) {
        if self.set.contains(kind) {
            return;
        }
        if let Some(slot) = date_slot(self.record, kind) {
            match slot {
                Some(d) => {
                    write(&mut d.field, parts, at);
                    d.reparse_partial();
                }
                None => *slot = Some(DateField::parse_partial(new_field(self.spare, parts, at))),
            }
        } else if let Some(slot) = plain_slot(self.record, kind) {
            match slot {
                Some(f) => write(f, parts, at),
                None => *slot = Some(new_field(self.spare, parts, at)),
            }
        } else {
            return; // a list kind
        }
        self.set.insert(kind);
    }

    /// Sets the principal diagnosis to `text` at `at`.
    pub fn principal(&mut self, text: &str, at: CellAt) {
        match &mut self.record.principal_diagnosis {
            Some(c) => write(&mut c.field, &[text], at),
            slot @ None => {
                *slot = Some(Code { field: new_field(self.spare, &[text], at), system: CodeSystem::Icd10cm })
            }
        }
        self.set.insert(FieldKind::PrincipalDiagnosis);
    }

    /// Adds a secondary diagnosis.
    pub fn secondary(&mut self, text: &str, at: CellAt) {
        let list = &mut self.record.secondary_diagnoses;
        put_code(list, &mut self.secondary, self.spare, text, at, CodeSystem::Icd10cm);
    }

    /// Adds a procedure of `system`.
    pub fn procedure(&mut self, text: &str, at: CellAt, system: CodeSystem) {
        put_code(&mut self.record.procedures, &mut self.procedures, self.spare, text, at, system);
    }

    /// Adds another code or identifier of `system` (see [`Record::codes`]).
    pub fn code(&mut self, text: &str, at: CellAt, system: CodeSystem) {
        put_code(&mut self.record.codes, &mut self.codes, self.spare, text, at, system);
    }

    /// Adds a free-text field of `kind`.
    pub fn text(&mut self, text: &str, at: CellAt, kind: TextKind) {
        let texts = &mut self.record.texts;
        match texts.get_mut(self.texts) {
            Some(t) => {
                write(&mut t.field, &[text], at);
                t.kind = kind;
            }
            None => texts.push(Text { field: new_field(self.spare, &[text], at), kind }),
        }
        self.texts += 1;
    }

    /// Drops the fields and list entries the last record had and this one has not set.
    pub fn finish(self) {
        let Refill { record, spare, set, secondary, procedures, codes, texts } = self;
        // Only the fields the last record had can be left over from it.
        let unset = FieldSet(spare.had.0 & !set.0);
        spare.had = set;
        if unset.0 != 0 {
            for kind in FieldKind::ALL.into_iter().filter(|&k| unset.contains(k)) {
                let field = match kind {
                    FieldKind::PrincipalDiagnosis => record.principal_diagnosis.take().map(|c| c.field),
                    FieldKind::SecondaryDiagnoses | FieldKind::Procedures => None,
                    k => match date_slot(record, k) {
                        Some(slot) => slot.take().map(|d| d.field),
                        None => plain_slot(record, k).and_then(Option::take),
                    },
                };
                if let Some(f) = field {
                    spare.keep(f.text);
                }
            }
        }
        let mut keep_codes = |list: &mut Vec<Code>, n: usize| {
            if list.len() > n {
                list.drain(n..).for_each(|c| spare.keep(c.field.text));
            }
        };
        keep_codes(&mut record.secondary_diagnoses, secondary);
        keep_codes(&mut record.procedures, procedures);
        keep_codes(&mut record.codes, codes);
        if record.texts.len() > texts {
            record.texts.drain(texts..).for_each(|t| spare.keep(t.field.text));
        }
    }
}

/// Writes code `text` as entry `*n` of `list` (over the last record's entry there, if any).
#[inline(always)]
fn put_code(
    list: &mut Vec<Code>,
    n: &mut usize,
    spare: &mut Spare,
    text: &str,
    at: CellAt,
    system: CodeSystem,
) {
    match list.get_mut(*n) {
        Some(c) => {
            write(&mut c.field, &[text], at);
            c.system = system;
        }
        None => list.push(Code { field: new_field(spare, &[text], at), system }),
    }
    *n += 1;
}

fn date_slot(record: &mut Record, kind: FieldKind) -> Option<&mut Option<DateField>> {
    let (p, e) = (&mut record.patient, &mut record.encounter);
    match kind {
        FieldKind::BirthDate => Some(&mut p.birth_date),
        FieldKind::DeathDate => Some(&mut p.death_date),
        FieldKind::AdmitDate => Some(&mut e.admit),
        FieldKind::DischargeDate => Some(&mut e.discharge),
        _ => None,
    }
}

fn plain_slot(record: &mut Record, kind: FieldKind) -> Option<&mut Option<Field>> {
    let (p, e) = (&mut record.patient, &mut record.encounter);
    match kind {
        FieldKind::Mrn => Some(&mut p.mrn),
        FieldKind::PatientName => Some(&mut p.name),
        FieldKind::Sex => Some(&mut p.sex),
        FieldKind::EncounterId => Some(&mut e.id),
        FieldKind::PatientClass => Some(&mut e.class),
        FieldKind::DischargeStatus => Some(&mut e.discharge_status),
        FieldKind::AttendingNpi => Some(&mut e.attending_npi),
        FieldKind::Payer => Some(&mut e.payer),
        _ => None,
    }
}
