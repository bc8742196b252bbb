//! The FHIR R4 `OperationOutcome` export: one `issue` per finding, with `severity` from the
//! IssueSeverity value set, `code` from the IssueType value set
//! (<http://hl7.org/fhir/R4/valueset-issue-type.html>), the message as `details.text`, the rule
//! and place as `diagnostics`, and the place as `location` (plus a FHIRPath `expression` for
//! findings in FHIR JSON).

use super::{FileReport, Finding, Severity};
use crate::model::Location;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationOutcome {
    resource_type: &'static str,
    issue: Vec<Issue>,
}

#[derive(Serialize)]
struct Issue {
    severity: &'static str,
    code: &'static str,
    details: Details,
    diagnostics: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expression: Option<[String; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<[String; 1]>,
}

#[derive(Serialize)]
struct Details {
    text: String,
}

/// The `OperationOutcome` as pretty-printed JSON ending in a newline; a run that stopped before
/// the end of its input (`partial`, a note) says so in a first issue of type `incomplete`.
pub fn write(files: &[FileReport], partial: Option<&str>) -> String {
    let incomplete = partial.map(|note| Issue {
        severity: "information",
        code: "incomplete",
        details: Details { text: format!("The check was cancelled: {note}.") },
        diagnostics: note.to_string(),
        expression: None,
        location: None,
    });
    let issue =
        files.iter().flat_map(|f| f.report.findings.iter().map(move |finding| issue(f.file, finding)));
    let outcome = OperationOutcome {
        resource_type: "OperationOutcome",
        issue: incomplete.into_iter().chain(issue).collect(),
    };
    let mut out = serde_json::to_string_pretty(&outcome).unwrap_or_default();
    out.push('\n');
    out
}

fn issue(file: &str, f: &Finding) -> Issue {
    let mut diagnostics = format!("{} {} in {file} at {}", f.rule, f.name, f.location);
    if let Some(value) = &f.value {
        diagnostics.push_str(&format!(", value {value:?}"));
    }
    if let Some(mrn) = &f.mrn {
        diagnostics.push_str(&format!(", MRN {mrn}"));
    }
    let (location, expression) = match &f.location {
        Location::Json { pointer, .. } if !pointer.is_empty() => (pointer.clone(), fhirpath(pointer)),
        other => (other.to_string(), None),
    };
    Issue {
        severity: issue_severity(f.severity),
        code: issue_type(f.rule),
        details: Details { text: f.message.clone() },
        diagnostics,
        expression: expression.map(|e| [e]),
        location: Some([location]),
    }
}

/// IssueSeverity: error → error, warning → warning, info → information.
pub fn issue_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "information",
    }
}

/// The IssueType code of a rule: by its family, with the rules that fit a narrower code better.
/// A rule id begins with its family's letter (`S`, `F`, `H` structure, `C` completeness, `D`
/// dates, `K` codes, `X` identity; a test holds the registry to it), so the family is read from
/// the id rather than looked up in the rule registry, which stands above the report.
pub fn issue_type(rule_id: &str) -> &'static str {
    match rule_id {
        "C101" | "C102" | "F103" | "H103" | "K341" => "required",
        "F104" | "H105" | "D202" | "D208" => "value",
        "F105" | "H106" => "code-invalid",
        "F106" => "not-found",
        "F107" | "K350" | "X404" | "X405" => "duplicate",
        "F108" => "not-supported",
        "X401" | "X402" | "X403" => "conflict",
        "K305" | "K306" | "K307" | "K308" | "K309" | "K312" | "K318" | "K319" | "K320" | "K321" | "K340" => {
            "business-rule"
        }
        id => match id.as_bytes().first() {
            Some(b'S' | b'F' | b'H') => "structure",
            Some(b'C') => "required",
            Some(b'D') => "invariant",
            Some(b'K') => "code-invalid",
            Some(b'X') => "conflict",
            Some(b'P') => "security",
            _ => "invalid",
        },
    }
}

/// The FHIRPath of a JSON pointer: `/entry/3/resource/birthDate` →
/// `Bundle.entry[3].resource.birthDate`; a pointer into a lone resource is relative to it
/// (`/name/0/family` → `name[0].family`). None for the whole document.
pub fn fhirpath(pointer: &str) -> Option<String> {
    let mut path = String::new();
    let mut segments = pointer.strip_prefix('/')?.split('/').map(|s| s.replace("~1", "/").replace("~0", "~"));
    let first = segments.next().filter(|s| !s.is_empty())?;
    if first == "entry" {
        path.push_str("Bundle.");
    }
    path.push_str(&first);
    for segment in segments {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push('[');
            path.push_str(&segment);
            path.push(']');
        } else {
            path.push('.');
            path.push_str(&segment);
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_fhirpath() {
        assert_eq!(
            fhirpath("/entry/3/resource/birthDate").as_deref(),
            Some("Bundle.entry[3].resource.birthDate")
        );
        assert_eq!(fhirpath("/name/0/family").as_deref(), Some("name[0].family"));
        assert_eq!(fhirpath("/a~1b").as_deref(), Some("a/b"));
        assert_eq!(fhirpath(""), None);
        assert_eq!(fhirpath("/"), None);
    }

    #[test]
    fn every_rule_id_begins_with_its_family_s_letter() {
        // issue_type reads the family from the id's first letter.
        use crate::rules::{Family, ALL};
        for rule in ALL {
            let letter = &rule.id[..1];
            let expected = match rule.family {
                Family::Structure => letter == "S",
                Family::Fhir => letter == "F",
                Family::Hl7v2 => letter == "H",
                Family::Completeness => letter == "C",
                Family::Dates => letter == "D",
                Family::Codes => letter == "K",
                Family::Identity => letter == "X",
                Family::Phi => letter == "P",
            };
            assert!(expected, "{} does not begin with its family's letter ({:?})", rule.id, rule.family);
        }
        assert_eq!(issue_type("Z999"), "invalid");
    }
}
