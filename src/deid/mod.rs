//! De-identification: the Safe Harbor categories, the detection of identifiers in free text (also
//! used by the PHI rules), and the writers that make a de-identified copy of an input in its own
//! format.

pub mod category;
pub mod detect;
