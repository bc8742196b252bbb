//! Code systems: formats, check digits and (by date of service) the official tables.

pub mod icd10cm;
pub mod luhn;
pub mod npi;
pub mod tables;
