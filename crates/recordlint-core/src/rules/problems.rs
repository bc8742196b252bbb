//! Which rule reports each structural problem a parser finds (see [`crate::formats::sink`]).

use super::completeness::required_column_missing::REQUIRED_COLUMN_MISSING;
use super::fhir::{
    code_not_in_required_binding::CODE_NOT_IN_REQUIRED_BINDING, duplicate_full_url::DUPLICATE_FULL_URL,
    fhir_version_not_r4::FHIR_VERSION_NOT_R4, invalid_json::INVALID_JSON,
    invalid_primitive_value::INVALID_PRIMITIVE_VALUE, required_element_missing::REQUIRED_ELEMENT_MISSING,
    unknown_resource_type::UNKNOWN_RESOURCE_TYPE, unresolved_reference::UNRESOLVED_REFERENCE,
};
use super::hl7v2::{
    code_not_in_hl7_table::CODE_NOT_IN_HL7_TABLE, invalid_msh_delimiters::INVALID_MSH_DELIMITERS,
    invalid_segment_sequence::INVALID_SEGMENT_SEQUENCE, malformed_hl7_value::MALFORMED_HL7_VALUE,
    missing_msh_segment::MISSING_MSH_SEGMENT, required_hl7_field_missing::REQUIRED_HL7_FIELD_MISSING,
};
use super::structure::{
    binary_file::BINARY_FILE, duplicate_column::DUPLICATE_COLUMN, empty_file::EMPTY_FILE,
    ragged_row::RAGGED_ROW, undecodable_bytes::UNDECODABLE_BYTES, unterminated_quote::UNTERMINATED_QUOTE,
};
use super::RuleMeta;
use crate::formats::sink::ProblemKind;
use crate::report::Severity;

/// How a kind of problem is reported.
pub(super) struct Reporting {
    pub rule: &'static RuleMeta,
    /// The severity instead of the rule's default, unless the profile sets one.
    pub severity: Option<Severity>,
    /// Only the first problem of the input is reported (a piece checker keeps it aside for the
    /// merge: only the first piece that has one reports it).
    pub once_per_input: bool,
}

/// The rule of `kind`, and how it reports it.
pub(super) fn reporting(kind: ProblemKind) -> Reporting {
    use ProblemKind::*;
    let (rule, severity) = match kind {
        BinaryFile => (&BINARY_FILE, None),
        EmptyFile => (&EMPTY_FILE, None),
        UndecodableBytes => (&UNDECODABLE_BYTES, None),
        RaggedRow => (&RAGGED_ROW, None),
        UnterminatedQuote => (&UNTERMINATED_QUOTE, None),
        DuplicateColumn => (&DUPLICATE_COLUMN, None),
        RequiredColumnMissing => (&REQUIRED_COLUMN_MISSING, None),
        InvalidJson => (&INVALID_JSON, None),
        VersionNotR4 => (&FHIR_VERSION_NOT_R4, None),
        UnknownResourceType => (&UNKNOWN_RESOURCE_TYPE, None),
        RequiredElementMissing => (&REQUIRED_ELEMENT_MISSING, None),
        InvalidPrimitive => (&INVALID_PRIMITIVE_VALUE, None),
        CodeNotInRequiredBinding => (&CODE_NOT_IN_REQUIRED_BINDING, None),
        // Where the Bundle's type does not require references to resolve, a urn: reference to
        // nothing in it is worth knowing, no more.
        UnresolvedReference { required: true } => (&UNRESOLVED_REFERENCE, Some(Severity::Error)),
        UnresolvedReference { required: false } => (&UNRESOLVED_REFERENCE, Some(Severity::Info)),
        DuplicateFullUrl => (&DUPLICATE_FULL_URL, None),
        MissingMsh => (&MISSING_MSH_SEGMENT, None),
        InvalidMshDelimiters => (&INVALID_MSH_DELIMITERS, None),
        RequiredHl7FieldMissing => (&REQUIRED_HL7_FIELD_MISSING, None),
        InvalidSegmentSequence => (&INVALID_SEGMENT_SEQUENCE, None),
        MalformedHl7Value => (&MALFORMED_HL7_VALUE, None),
        CodeNotInHl7Table => (&CODE_NOT_IN_HL7_TABLE, None),
    };
    Reporting { rule, severity, once_per_input: kind == UndecodableBytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule of the structure family (S, F and H rules) reports some problem.
    #[test]
    fn every_format_rule_reports_a_problem() {
        use ProblemKind::*;
        let kinds = [
            BinaryFile,
            EmptyFile,
            UndecodableBytes,
            RaggedRow,
            UnterminatedQuote,
            DuplicateColumn,
            RequiredColumnMissing,
            InvalidJson,
            VersionNotR4,
            UnknownResourceType,
            RequiredElementMissing,
            InvalidPrimitive,
            CodeNotInRequiredBinding,
            UnresolvedReference { required: true },
            UnresolvedReference { required: false },
            DuplicateFullUrl,
            MissingMsh,
            InvalidMshDelimiters,
            RequiredHl7FieldMissing,
            InvalidSegmentSequence,
            MalformedHl7Value,
            CodeNotInHl7Table,
        ];
        let rules: Vec<&str> = kinds.iter().map(|&k| reporting(k).rule.id).collect();
        for rule in crate::rules::ALL.iter().filter(|r| r.family == crate::rules::Family::Structure) {
            assert!(rules.contains(&rule.id), "no problem is reported by {}", rule.id);
        }
    }
}
