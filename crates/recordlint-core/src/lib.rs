//! recordlint checks health records — CSV exports, and soon FHIR R4 and HL7 v2 — for
//! completeness, code format errors and discrepancies, natively or in the browser through
//! WebAssembly. Record content never leaves the machine.
//!
//! ```
//! use recordlint_core::{validate, Profile};
//! let csv = b"mrn,name,dob,sex,admit_date,discharge_date,principal_dx\n\
//!             1001,\"Doe, Jane\",1980-02-01,F,2026-03-04,2026-03-01,E11.9\n";
//! let report = validate(csv, Profile::default(), jiff::civil::date(2026, 11, 22));
//! assert_eq!(report.findings[0].to_string(),
//!     "D201 error row 2, discharge_date: discharge 2026-03-01 is before admit 2026-03-04");
//! ```

pub mod codes;
mod date;
pub mod deid;
mod error;
pub mod formats;
mod int_map;
mod model;
pub mod pieces;
mod profile;
mod registry_names;
mod report;
pub mod rules;
mod run;
pub mod source;
pub mod synth;
#[cfg(test)]
mod test_data;
mod validator;

pub use codes::Tables;
#[cfg(not(target_arch = "wasm32"))]
pub use date::today;
pub use date::{age_in_years, parse_date, DateError};
pub use error::{Error, ErrorKind, Result};
pub use formats::Format;
pub use model::{
    Code, CodeSystem, DateField, Encounter, Field, FieldKind, FieldSet, Location, Observation, Patient,
    Record, RecordKind, Text, TextKind,
};
pub use profile::{Profile, RuleSetting};
pub use report::{export, export_partial, ExportFormat, FileReport, Finding, Report, Severity, Summary};
pub use rules::{CrossRecordIndex, RuleMeta};
pub use run::Run;
#[cfg(not(target_arch = "wasm32"))]
pub use validator::read_records;
pub use validator::{read_records_on, validate, Validator};
