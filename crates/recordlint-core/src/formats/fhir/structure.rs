//! The R4 structure recordlint checks in the resources it reads: required elements, primitive
//! formats and required bindings. A table per resource type, walked over the JSON.

use super::json::{Node, Value};
use super::pointer::Pointer;
use super::primitives::Primitive::{self, *};
use super::{at, Resource};
use crate::formats::sink::{Problem, ProblemKind};

/// What R4 says about one resource type (paths are dotted; `x[x]` is a choice element).
struct Spec {
    resource: &'static str,
    required: &'static [&'static str],
    /// Path, type, and whether the value is a record date that rule D202 checks already.
    primitives: &'static [(&'static str, Primitive, bool)],
    bindings: &'static [(&'static str, &'static [&'static str])],
}

const CLAIM_STATUS: &[&str] = &["active", "cancelled", "draft", "entered-in-error"];
const CLAIM_USE: &[&str] = &["claim", "preauthorization", "predetermination"];
const BUNDLE_TYPE: &[&str] = &[
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
];

const SPECS: &[Spec] = &[
    Spec {
        resource: "Bundle",
        required: &["type"],
        primitives: &[("type", Code, false), ("timestamp", Instant, false)],
        bindings: &[("type", BUNDLE_TYPE)],
    },
    Spec {
        resource: "Patient",
        required: &[],
        primitives: &[
            ("active", Boolean, false),
            ("gender", Code, false),
            ("birthDate", Date, true),
            ("deceasedBoolean", Boolean, false),
            ("deceasedDateTime", DateTime, true),
            ("identifier.system", Uri, false),
        ],
        bindings: &[("gender", &["male", "female", "other", "unknown"])],
    },
    Spec {
        resource: "Encounter",
        required: &["status", "class"],
        primitives: &[
            ("status", Code, false),
            ("period.start", DateTime, true),
            ("period.end", DateTime, true),
        ],
        bindings: &[(
            "status",
            &[
                "planned",
                "arrived",
                "triaged",
                "in-progress",
                "onleave",
                "finished",
                "cancelled",
                "entered-in-error",
                "unknown",
            ],
        )],
    },
    Spec {
        resource: "Condition",
        required: &["subject"],
        primitives: &[
            ("onsetDateTime", DateTime, false),
            ("abatementDateTime", DateTime, false),
            ("recordedDate", DateTime, false),
        ],
        bindings: &[],
    },
    Spec {
        resource: "Procedure",
        required: &["status", "subject"],
        primitives: &[
            ("status", Code, false),
            ("performedDateTime", DateTime, false),
            ("performedPeriod.start", DateTime, false),
            ("performedPeriod.end", DateTime, false),
        ],
        bindings: &[(
            "status",
            &[
                "preparation",
                "in-progress",
                "not-done",
                "on-hold",
                "stopped",
                "completed",
                "entered-in-error",
                "unknown",
            ],
        )],
    },
    Spec {
        resource: "Observation",
        required: &["status", "code"],
        primitives: &[
            ("status", Code, false),
            ("effectiveDateTime", DateTime, false),
            ("effectivePeriod.start", DateTime, false),
            ("effectivePeriod.end", DateTime, false),
            ("effectiveInstant", Instant, false),
            ("issued", Instant, false),
            ("valueQuantity.value", Decimal, false),
            ("valueBoolean", Boolean, false),
            ("component.valueQuantity.value", Decimal, false),
        ],
        bindings: &[(
            "status",
            &[
                "registered",
                "preliminary",
                "final",
                "amended",
                "corrected",
                "cancelled",
                "entered-in-error",
                "unknown",
            ],
        )],
    },
    Spec {
        resource: "Claim",
        required: &[
            "status",
            "type",
            "use",
            "patient",
            "created",
            "provider",
            "priority",
            "insurance",
            "insurance.sequence",
            "insurance.focal",
            "insurance.coverage",
            "diagnosis.sequence",
            "diagnosis.diagnosis[x]",
            "procedure.sequence",
            "procedure.procedure[x]",
            "item.sequence",
            "item.productOrService",
        ],
        primitives: CLAIM_PRIMITIVES,
        bindings: &[("status", CLAIM_STATUS), ("use", CLAIM_USE)],
    },
    Spec {
        resource: "ExplanationOfBenefit",
        required: &[
            "status",
            "type",
            "use",
            "patient",
            "created",
            "insurer",
            "provider",
            "outcome",
            "insurance",
            "insurance.focal",
            "insurance.coverage",
            "diagnosis.sequence",
            "diagnosis.diagnosis[x]",
            "procedure.sequence",
            "procedure.procedure[x]",
            "item.sequence",
            "item.productOrService",
        ],
        primitives: CLAIM_PRIMITIVES,
        bindings: &[
            ("status", CLAIM_STATUS),
            ("use", CLAIM_USE),
            ("outcome", &["queued", "complete", "error", "partial"]),
        ],
    },
    Spec {
        resource: "Coverage",
        required: &["status", "beneficiary", "payor"],
        primitives: &[
            ("status", Code, false),
            ("period.start", DateTime, false),
            ("period.end", DateTime, false),
        ],
        bindings: &[("status", CLAIM_STATUS)],
    },
    Spec {
        resource: "Practitioner",
        required: &[],
        primitives: &[("identifier.system", Uri, false), ("birthDate", Date, false)],
        bindings: &[],
    },
];

const CLAIM_PRIMITIVES: &[(&str, Primitive, bool)] = &[
    ("status", Code, false),
    ("use", Code, false),
    ("created", DateTime, false),
    ("billablePeriod.start", DateTime, true),
    ("billablePeriod.end", DateTime, true),
    ("diagnosis.sequence", PositiveInt, false),
    ("procedure.sequence", PositiveInt, false),
    ("procedure.date", DateTime, false),
    ("item.sequence", PositiveInt, false),
    ("item.servicedDate", Date, false),
    ("item.net.value", Decimal, false),
    ("insurance.sequence", PositiveInt, false),
    ("insurance.focal", Boolean, false),
    ("total.value", Decimal, false),
];

/// Elements every resource may have.
const COMMON_PRIMITIVES: &[(&str, Primitive, bool)] = &[
    ("id", Id, false),
    ("meta.lastUpdated", Instant, false),
    ("implicitRules", Uri, false),
    ("language", Code, false),
];

/// Checks one resource: its type, required elements, primitives, bindings and codings.
pub fn check<'a>(res: &Resource<'a>, out: &mut Vec<Problem>) {
    let node = res.node;
    let Some(kind) = node.get("resourceType") else {
        let msg = "this object stands where a resource belongs but has no resourceType";
        out.push(Problem::new(ProblemKind::UnknownResourceType, at(&res.pointer, node), msg));
        return;
    };
    let Some(name) = kind.as_str() else {
        let msg = format!("resourceType is {} but must be a string such as \"Patient\"", kind.kind());
        out.push(Problem::new(
            ProblemKind::UnknownResourceType,
            at(&format!("{}/resourceType", res.pointer), kind),
            msg,
        ));
        return;
    };
    if !super::resources::is_r4(name) {
        let hint = match super::resources::r4_ignoring_case(name) {
            Some(r4) => format!(" (did you mean {r4}?)"),
            None => String::new(),
        };
        let msg = format!("{name:?} is not a FHIR R4 resource type{hint}");
        out.push(Problem::new(
            ProblemKind::UnknownResourceType,
            at(&format!("{}/resourceType", res.pointer), kind),
            msg,
        ));
        return;
    }
    // One pointer for every walk below: each leaves it as it found it.
    let mut pointer = Pointer::new(&res.pointer);
    check_primitives(name, node, &mut pointer, COMMON_PRIMITIVES, out);
    if let Some(spec) = SPECS.iter().find(|s| s.resource == name) {
        for path in spec.required {
            check_required(name, node, &mut pointer, path, out);
        }
        check_primitives(name, node, &mut pointer, spec.primitives, out);
        for (path, codes) in spec.bindings {
            each_value(node, &mut pointer, path, &mut |value, pointer| {
                if let Some(code) = value.as_str() {
                    if !codes.contains(&code) {
                        let msg = format!(
                            "{name}.{path} {code:?} is not in the required value set ({})",
                            codes.join(", ")
                        );
                        out.push(Problem::new(
                            ProblemKind::CodeNotInRequiredBinding,
                            at(&pointer.text(), value),
                            msg,
                        ));
                    }
                }
            });
        }
    }
    check_codings(node, &mut pointer, name == "Bundle", out);
}

/// Checks what a Bundle entry holds besides its resource: `Bundle.entry.fullUrl` is a uri.
pub fn check_entry(entry: &Node, pointer: &str, out: &mut Vec<Problem>) {
    if let Some(url) = entry.get("fullUrl") {
        let base = [pointer, "/fullUrl"].concat();
        check_primitive("Bundle", "entry.fullUrl", Uri, false, url, &Pointer::new(&base), out);
    }
}

fn check_primitives<'a>(
    name: &str,
    node: &'a Node,
    pointer: &mut Pointer<'a>,
    list: &[(&'a str, Primitive, bool)],
    out: &mut Vec<Problem>,
) {
    for &(path, primitive, record_date) in list {
        each_value(node, pointer, path, &mut |value, pointer| {
            check_primitive(name, path, primitive, record_date, value, pointer, out);
        });
    }
}

fn check_primitive(
    name: &str,
    path: &str,
    primitive: Primitive,
    record_date: bool,
    value: &Node,
    pointer: &Pointer,
    out: &mut Vec<Problem>,
) {
    if let Err(why) = primitive.check(value) {
        // A record date that is no date at all is rule D202's finding; report only what D202
        // accepts but R4 does not (`20260304`, `3/4/2026`, a dateTime without a zone).
        let d202 = record_date && value.as_str().is_some_and(|s| crate::date::parse_date(s).is_err());
        if !d202 {
            let msg = format!("{name}.{path} {why}");
            out.push(Problem::new(ProblemKind::InvalidPrimitive, at(&pointer.text(), value), msg));
        }
    }
}

/// Reports `path` missing in each object that should hold it.
fn check_required<'a>(
    name: &str,
    node: &'a Node,
    pointer: &mut Pointer<'a>,
    path: &'a str,
    out: &mut Vec<Problem>,
) {
    let (parent_path, last) = match path.bytes().rposition(|b| b == b'.') {
        Some(i) => (Some(&path[..i]), &path[i + 1..]),
        None => (None, path),
    };
    let mut check = |parent: &Node, pointer: &Pointer| {
        if !parent.is_object() {
            return;
        }
        let present = match last.strip_suffix("[x]") {
            Some(stem) => parent.members().iter().any(|(k, v)| is_choice_of(k, stem) && !is_empty(v)),
            None => parent.get(last).is_some_and(|v| !is_empty(v)),
        };
        if !present {
            let msg = format!("{name}.{path} is required by FHIR R4 but missing");
            out.push(Problem::new(ProblemKind::RequiredElementMissing, at(&pointer.text(), parent), msg));
        }
    };
    match parent_path {
        Some(p) => each_value(node, pointer, p, &mut check),
        None => check(node, pointer),
    }
}

/// `diagnosisCodeableConcept` is a choice of `diagnosis`.
fn is_choice_of(key: &str, stem: &str) -> bool {
    key.strip_prefix(stem).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

fn is_empty(v: &Node) -> bool {
    match &v.value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

/// Every value at dotted `path` below `node` (arrays are entered), with its pointer.
pub fn values<'a>(node: &'a Node<'a>, base: &str, path: &str) -> Vec<(&'a Node<'a>, String)> {
    let mut out = Vec::new();
    each_value(node, &mut Pointer::new(base), path, &mut |n, p| out.push((n, p.text())));
    out
}

/// `f` of every value at dotted `path` below `node` (arrays are entered) and its pointer, in
/// document order, without building a pointer for each.
pub fn each_value<'n, 'p>(
    node: &'n Node<'n>,
    pointer: &mut Pointer<'p>,
    path: &'p str,
    f: &mut dyn FnMut(&'n Node<'n>, &Pointer<'p>),
) {
    // Paths are a few bytes long: a plain scan beats a searcher.
    let (part, rest) = match path.bytes().position(|b| b == b'.') {
        Some(i) => (&path[..i], Some(&path[i + 1..])),
        None => (path, None),
    };
    let Some(child) = node.get(part) else { return };
    let mut visit = |n: &'n Node<'n>, p: &mut Pointer<'p>| match rest {
        Some(rest) => each_value(n, p, rest, f),
        None => f(n, p),
    };
    pointer.member(part, |p| match &child.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                p.item(i, |p| visit(item, p));
            }
        }
        _ => visit(child, p),
    });
}

/// Checks `system` (uri) and `code` (code) of every Coding in the resource (not into the
/// entries of a Bundle, which are resources of their own).
fn check_codings<'a>(node: &'a Node, pointer: &mut Pointer<'a>, is_bundle: bool, out: &mut Vec<Problem>) {
    for (key, child) in node.members() {
        let key: &str = key;
        if is_bundle && key == "entry" {
            continue;
        }
        if !matches!(child.value, Value::Object(_) | Value::Array(_)) {
            continue;
        }
        pointer.member(key, |p| {
            if key == "coding" {
                for (i, coding) in child.items().iter().enumerate() {
                    for (element, primitive) in [("system", Uri), ("code", Code)] {
                        if let Some(v) = coding.get(element) {
                            p.item(i, |p| {
                                p.member(element, |p| {
                                    check_primitive("Coding", element, primitive, false, v, p, out)
                                })
                            });
                        }
                    }
                }
                return;
            }
            match &child.value {
                Value::Object(_) => check_codings(child, p, false, out),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if item.is_object() {
                            p.item(i, |p| check_codings(item, p, false, out));
                        }
                    }
                }
                _ => {}
            }
        });
    }
}
