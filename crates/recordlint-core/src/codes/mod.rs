//! Code systems: formats, check digits and (by date of service) the official tables.

pub mod code_fact;
pub mod cpt;
pub mod descriptions;
pub mod discharge_status;
pub mod fact_cache;
pub mod facts;
pub mod hcpcs;
pub mod icd10cm;
pub mod icd10pcs;
pub mod loinc;
pub mod lookup;
pub mod luhn;
pub mod mce;
pub mod ndc;
pub mod notes;
pub mod npi;
pub mod pcs_axes;
pub mod release;
pub mod service_date;
pub mod seventh;
pub mod snomed;
pub mod system;
pub mod table_version;
pub mod tables;
pub(crate) mod text_slots;

pub use fact_cache::FactCache;
pub use facts::{FactMemory, RecordFacts};
pub use tables::Tables;
