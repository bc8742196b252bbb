//! De-identification: the Safe Harbor categories, the detection of identifiers in free text (also
//! used by the PHI rules), and the writers that make a de-identified copy of an input in its own
//! format.

pub mod category;
pub mod csv;
pub mod dates;
pub mod detect;
pub mod fhir;
pub mod hl7;
pub mod names;
pub mod report;
pub mod scrub;
pub mod session;
pub mod tokens;
pub mod zip;

use crate::formats::Format;
pub use report::{DeidReport, Method};
pub use session::Session;

/// A de-identified copy being written, fed the input in chunks of any size.
pub trait Writer {
    /// Reads `chunk` and appends to `sink` what of the copy is ready.
    fn write(&mut self, chunk: &[u8], session: &mut Session, sink: &mut Vec<u8>);
    /// Ends the input: appends the rest of the copy, or says why the input could not be copied.
    fn finish(&mut self, session: &mut Session, sink: &mut Vec<u8>) -> Result<(), String>;
}

/// The writer of a copy in `format`.
pub fn writer_for(format: Format) -> Box<dyn Writer> {
    match format {
        Format::Csv => Box::new(csv::CsvWriter::default()),
        Format::Fhir => Box::new(fhir::FhirWriter::default()),
        Format::Hl7v2 => Box::new(hl7::Hl7Writer::default()),
    }
}

/// The de-identified copy of a whole input named `name` (its format sniffed from its first bytes).
pub fn deidentify(name: &str, bytes: &[u8], session: &mut Session) -> Result<Vec<u8>, String> {
    session.start_file(name);
    let mut writer = writer_for(Format::sniff(bytes));
    let mut out = Vec::with_capacity(bytes.len());
    writer.write(bytes, session, &mut out);
    writer.finish(session, &mut out)?;
    Ok(out)
}
