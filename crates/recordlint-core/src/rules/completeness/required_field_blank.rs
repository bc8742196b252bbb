use crate::codes::RecordFacts;
use crate::model::{FieldKind, Record, RecordKind};
use crate::report::Severity;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that every field the profile requires is present and not blank in each record.
    /// A field is asked only of the kinds of record that have it: a registration or a lab result
    /// message is checked for patient fields only, an outpatient visit is not asked for a
    /// discharge status, a pharmacy, vision or oral claim not for an admission date, attending
    /// NPI or principal diagnosis. A patient resource on its own (a FHIR Patient with no encounter)
    /// is asked for the patient fields as warnings, and so is any field the source format makes
    /// optional in that record (a FHIR Patient's demographics, a FHIR Encounter's period); the
    /// diagnoses of a FHIR visit still in progress are not asked. A profile's `required_by_kind`
    /// overrides the fields per kind.
    ///
    /// ## Why is this bad?
    /// An incomplete record is a deficiency: a claim without a principal diagnosis is rejected, a
    /// registration without a birth date cannot be matched in the master patient index, and the
    /// record is not legally complete.
    ///
    /// ## Example
    /// Row 4 has an empty `dob` cell.
    ///
    /// ## How to fix
    /// Find the value in the source document (face sheet, registration) and fill it in; if it is
    /// truly unknown, query the provider or registration staff rather than guessing.
    ///
    /// ## References
    /// - CMS UB-04 (CMS-1450) data specifications, form locators 8–17, 67
    /// - AHIMA, Data Quality Management Model: data completeness
    pub static REQUIRED_FIELD_BLANK = {
        id: "C101",
        name: "required-field-blank",
        family: Completeness,
        severity: Error,
        kind: Record(check),
    }
}

/// Reports each required field that is blank or missing in `record`.
pub fn check(record: &Record, _facts: &RecordFacts, cx: &mut Checker) {
    // Most records have every required field written: nothing more is asked of them.
    let written = |kind: FieldKind| record.field(kind).is_some_and(|f| !f.is_blank());
    if cx.required_for(record.kind).0.iter().all(|&kind| written(kind)) {
        return;
    }
    report(record, cx);
}

/// Reports the required fields `record` lacks (some field is blank or missing).
#[cold]
fn report(record: &Record, cx: &mut Checker) {
    let absent = cx.absent();
    let (required, by_kind) = cx.required_for(record.kind);
    let asked = |kind: FieldKind| !absent.contains(kind) && (by_kind || record.expects(kind));
    let gap = |kind: FieldKind| match record.field(kind) {
        Some(field) if !field.is_blank() => None,
        found => Some(found.map(|f| f.at.clone())),
    };
    if required.iter().all(|&kind| gap(kind).is_none() || !asked(kind)) {
        return;
    }
    let missing: Vec<_> =
        required.iter().filter(|&&kind| asked(kind)).filter_map(|&kind| gap(kind).map(|at| (kind, at))).collect();
    let noun = record.kind.noun();
    // Where the format makes a field optional, a gap is worth a look, not an error.
    let severity_of = |kind| {
        if record.kind == RecordKind::Patient || record.optional.contains(kind) {
            Severity::Warning
        } else {
            REQUIRED_FIELD_BLANK.default_severity
        }
    };
    let mut lacking: Vec<(Severity, &str)> = Vec::new();
    for (kind, at) in missing {
        match at {
            Some(at) => {
                let msg = format!("{} is blank ({noun} needs it)", kind.name());
                cx.emit_as(&REQUIRED_FIELD_BLANK, severity_of(kind), at, msg);
            }
            None => lacking.push((severity_of(kind), kind.name())),
        }
    }
    // Fields the record does not have at all are one fact about the record: one finding for
    // those that are errors and one for those that are warnings.
    for severity in [Severity::Error, Severity::Warning] {
        let names: Vec<&str> = lacking.iter().filter(|(s, _)| *s == severity).map(|(_, n)| *n).collect();
        let msg = match names.as_slice() {
            [] => continue,
            [one] => format!("{one} is missing ({noun} needs it)"),
            [first @ .., last] => format!("{} and {last} are missing ({noun} needs them)", first.join(", ")),
        };
        cx.emit_as(&REQUIRED_FIELD_BLANK, severity, record.at.clone(), msg);
    }
}
