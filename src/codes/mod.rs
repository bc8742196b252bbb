//! Code systems: formats, check digits and (by date of service) the official tables.

pub mod cpt;
pub mod hcpcs;
pub mod icd10cm;
pub mod icd10pcs;
pub mod luhn;
pub mod mce;
pub mod npi;
pub mod principal;
pub mod service_date;
pub mod tables;
