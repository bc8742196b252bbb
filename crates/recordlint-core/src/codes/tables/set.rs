//! The code tables a check, a look-up or an exercise works with, given to it as `Arc<Tables>`:
//! validity by date (ICD-10-CM, ICD-10-PCS, HCPCS Level II), the Excludes1 and code-first notes,
//! and, when there are any, descriptions and tabular notes.
//!
//! A set never changes. [`Tables::builtin`] is the bundled one (each table inflated on first use,
//! once per process); loading a release, descriptions or notes makes a new set that shares the
//! tables it does not replace, so a check that has its set keeps it to the end.

use super::note_table::{NoteTable, CODE_FIRST, EXCLUDES1};
use super::{Embedded, Table, HCPCS, ICD10CM, ICD10PCS};
use crate::codes::descriptions::Descriptions;
use crate::codes::notes::{Notes, TabularNote};
use std::sync::{Arc, OnceLock};

/// A table of a set: embedded in the binary, or loaded.
enum Part<T: 'static> {
    Embedded(&'static Embedded<T>),
    Loaded(Arc<T>),
}

impl<T> Part<T> {
    fn get(&self) -> &T {
        match self {
            Part::Embedded(e) => e.get(),
            Part::Loaded(t) => t,
        }
    }
}

impl<T> Clone for Part<T> {
    fn clone(&self) -> Self {
        match self {
            Part::Embedded(e) => Part::Embedded(e),
            Part::Loaded(t) => Part::Loaded(Arc::clone(t)),
        }
    }
}

/// The code tables of one check, look-up or exercise.
#[derive(Clone)]
pub struct Tables {
    icd10cm: Part<Table>,
    icd10pcs: Part<Table>,
    hcpcs: Part<Table>,
    excludes1: Part<NoteTable>,
    code_first: Part<NoteTable>,
    descriptions: Option<Part<Descriptions>>,
    pcs_descriptions: Option<Part<Descriptions>>,
    hcpcs_descriptions: Option<Part<Descriptions>>,
    notes: Option<Part<Notes>>,
}

impl Tables {
    /// The bundled tables. Natively they include the bundled descriptions and notes; the wasm
    /// module leaves those out (the page fetches them and adds them to its set).
    pub fn builtin() -> Arc<Tables> {
        static BUILTIN: OnceLock<Arc<Tables>> = OnceLock::new();
        Arc::clone(BUILTIN.get_or_init(|| Arc::new(Tables::bundled())))
    }

    fn bundled() -> Tables {
        Tables {
            icd10cm: Part::Embedded(&ICD10CM),
            icd10pcs: Part::Embedded(&ICD10PCS),
            hcpcs: Part::Embedded(&HCPCS),
            excludes1: Part::Embedded(&EXCLUDES1),
            code_first: Part::Embedded(&CODE_FIRST),
            descriptions: bundled::descriptions().map(Part::Embedded),
            pcs_descriptions: bundled::pcs_descriptions().map(Part::Embedded),
            hcpcs_descriptions: bundled::hcpcs_descriptions().map(Part::Embedded),
            notes: bundled::notes().map(Part::Embedded),
        }
    }

    /// ICD-10-CM diagnosis codes with MCE attributes by date (a loaded release included).
    pub fn icd10cm(&self) -> &Table {
        self.icd10cm.get()
    }

    /// ICD-10-PCS procedure codes with MCE attributes by date.
    pub fn icd10pcs(&self) -> &Table {
        self.icd10pcs.get()
    }

    /// HCPCS Level II codes by date (see [`crate::codes::hcpcs`]).
    pub fn hcpcs(&self) -> &Table {
        self.hcpcs.get()
    }

    /// The Excludes1 notes of the ICD-10-CM tabular list that name codes.
    pub fn excludes1(&self) -> &NoteTable {
        self.excludes1.get()
    }

    /// The "code first" notes of the ICD-10-CM tabular list that name codes.
    pub fn code_first(&self) -> &NoteTable {
        self.code_first.get()
    }

    /// The ICD-10-CM descriptions, if the set has any.
    pub fn descriptions(&self) -> Option<&Descriptions> {
        self.descriptions.as_ref().map(Part::get)
    }

    /// The tabular notes, if the set has them.
    pub fn notes(&self) -> Option<&Notes> {
        self.notes.as_ref().map(Part::get)
    }

    /// The description of an ICD-10-CM code without dot.
    pub fn describe(&self, bare: &str) -> Option<String> {
        self.descriptions()?.get(bare).map(str::to_string)
    }

    /// The long description of an ICD-10-PCS code.
    pub fn describe_pcs(&self, code: &str) -> Option<String> {
        self.pcs_descriptions.as_ref()?.get().get(code).map(str::to_string)
    }

    /// The short description of a HCPCS Level II code (canonical).
    pub fn describe_hcpcs(&self, code: &str) -> Option<String> {
        self.hcpcs_descriptions.as_ref()?.get().get(code).map(str::to_string)
    }

    /// The tabular notes of an ICD-10-CM code without dot (none when the set has no notes).
    pub fn notes_for(&self, bare: &str) -> Vec<TabularNote> {
        self.notes().map(|n| n.for_code(bare)).unwrap_or_default()
    }

    /// This set with `table` as its ICD-10-CM table (a release; see [`crate::codes::release`]).
    pub fn with_icd10cm(&self, table: Table) -> Tables {
        Tables { icd10cm: Part::Loaded(Arc::new(table)), ..self.clone() }
    }

    /// This set with the ICD-10-CM descriptions in `bytes` added to its own, newer ones replacing
    /// older; and how many codes are now described.
    pub fn with_descriptions(&self, bytes: &[u8]) -> Result<(Tables, usize), String> {
        self.with_descriptions_read(Descriptions::from_bytes(bytes)?)
    }

    /// This set with `newer` ICD-10-CM descriptions added, as [`Tables::with_descriptions`].
    pub fn with_descriptions_read(&self, newer: Descriptions) -> Result<(Tables, usize), String> {
        let merged = match self.descriptions() {
            Some(current) => current.merged(newer),
            None => newer,
        };
        let n = merged.len();
        Ok((Tables { descriptions: Some(Part::Loaded(Arc::new(merged))), ..self.clone() }, n))
    }

    /// This set with the ICD-10-PCS descriptions in `bytes` instead of its own; and how many.
    pub fn with_pcs_descriptions(&self, bytes: &[u8]) -> Result<(Tables, usize), String> {
        let d = Descriptions::from_pcs_bytes(bytes)?;
        let n = d.len();
        Ok((Tables { pcs_descriptions: Some(Part::Loaded(Arc::new(d))), ..self.clone() }, n))
    }

    /// This set with the HCPCS Level II descriptions in `bytes` instead of its own; and how many.
    pub fn with_hcpcs_descriptions(&self, bytes: &[u8]) -> Result<(Tables, usize), String> {
        let d = Descriptions::from_hcpcs_bytes(bytes)?;
        let n = d.len();
        Ok((Tables { hcpcs_descriptions: Some(Part::Loaded(Arc::new(d))), ..self.clone() }, n))
    }

    /// This set with the tabular notes in `bytes` instead of its own; and how many.
    pub fn with_notes(&self, bytes: &[u8]) -> Result<(Tables, usize), String> {
        let notes = Notes::from_bytes(bytes)?;
        let n = notes.len();
        Ok((Tables { notes: Some(Part::Loaded(Arc::new(notes))), ..self.clone() }, n))
    }
}

impl std::fmt::Debug for Tables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let loaded = |p: &Part<Table>| matches!(p, Part::Loaded(_));
        f.debug_struct("Tables").field("icd10cm_loaded", &loaded(&self.icd10cm)).finish_non_exhaustive()
    }
}

/// The bundled descriptions and notes: embedded natively, absent from the wasm module.
#[cfg(not(target_arch = "wasm32"))]
mod bundled {
    use super::super::Embedded;
    use crate::codes::descriptions::Descriptions;
    use crate::codes::notes::Notes;

    fn icd10cm(bytes: &[u8]) -> Descriptions {
        Descriptions::from_bytes(bytes).unwrap_or_default()
    }
    fn icd10pcs(bytes: &[u8]) -> Descriptions {
        Descriptions::from_pcs_bytes(bytes).unwrap_or_default()
    }
    fn hcpcs(bytes: &[u8]) -> Descriptions {
        Descriptions::from_hcpcs_bytes(bytes).unwrap_or_default()
    }
    fn read_notes(bytes: &[u8]) -> Notes {
        Notes::from_bytes(bytes).unwrap_or_default()
    }

    static DESCRIPTIONS: Embedded<Descriptions> =
        Embedded::new(include_bytes!("icd10cm-descriptions.txt.deflate"), icd10cm);
    static PCS_DESCRIPTIONS: Embedded<Descriptions> =
        Embedded::new(include_bytes!("icd10pcs-descriptions.txt.deflate"), icd10pcs);
    static HCPCS_DESCRIPTIONS: Embedded<Descriptions> =
        Embedded::new(include_bytes!("hcpcs-descriptions.txt.deflate"), hcpcs);
    static NOTES: Embedded<Notes> = Embedded::new(include_bytes!("icd10cm-notes.txt.deflate"), read_notes);

    pub fn descriptions() -> Option<&'static Embedded<Descriptions>> {
        Some(&DESCRIPTIONS)
    }
    pub fn pcs_descriptions() -> Option<&'static Embedded<Descriptions>> {
        Some(&PCS_DESCRIPTIONS)
    }
    pub fn hcpcs_descriptions() -> Option<&'static Embedded<Descriptions>> {
        Some(&HCPCS_DESCRIPTIONS)
    }
    pub fn notes() -> Option<&'static Embedded<Notes>> {
        Some(&NOTES)
    }
}

/// The wasm module bundles no descriptions or notes: the page fetches them.
#[cfg(target_arch = "wasm32")]
mod bundled {
    use super::super::Embedded;
    use crate::codes::descriptions::Descriptions;
    use crate::codes::notes::Notes;

    pub fn descriptions() -> Option<&'static Embedded<Descriptions>> {
        None
    }
    pub fn pcs_descriptions() -> Option<&'static Embedded<Descriptions>> {
        None
    }
    pub fn hcpcs_descriptions() -> Option<&'static Embedded<Descriptions>> {
        None
    }
    pub fn notes() -> Option<&'static Embedded<Notes>> {
        None
    }
}
