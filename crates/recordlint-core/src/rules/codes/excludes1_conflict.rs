use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks for two diagnosis codes on the same record where an Excludes1 note of the tabular
    /// list, on one code or on any category or block above it, names the other ("NOT CODED
    /// HERE"). Excludes2 notes ("not included here") are not conflicts and are not checked.
    ///
    /// ## Why is this bad?
    /// An Excludes1 note says the two conditions cannot be coded together, such as a congenital
    /// and an acquired form of the same condition, or type 1 and type 2 diabetes: one of the two
    /// codes is usually wrong. Payers edit claims for these pairs. The guidelines allow both
    /// codes when the two conditions are unrelated to each other, so this is a warning.
    ///
    /// ## Example
    /// `E11.9` (type 2 diabetes) with `E10.9` (type 1 diabetes): category E11 has
    /// "Excludes1: type 1 diabetes mellitus (E10.-)".
    ///
    /// ## How to fix
    /// Review the documentation and keep the code that describes the condition; report both
    /// only when the conditions are unrelated, as the guidelines allow.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.12.a (Excludes1)
    /// - ICD-10-CM Tabular List, FY2026 (April 1, 2026 update), Excludes1 notes
    pub static EXCLUDES1_CONFLICT = {
        id: "K340",
        name: "excludes1-conflict",
        family: Codes,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports each pair of diagnoses that an Excludes1 note separates, once, at the later of the
/// two, quoting the most specific note. A code's notes are searched only when what they cover
/// may hold another code of the record; nothing is allocated unless a pair is found.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    let list = &diagnoses.list;
    if list.len() < 2 || !diagnoses.summary.any_excludes1() {
        return;
    }
    let table = facts.tables().excludes1();
    // (index of the code with the note, index of the other, node, note)
    let mut hits: Vec<(usize, usize, &str, &str)> = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let key = a.fact.key;
        if !list.iter().any(|b| facts.excludes1_names(&a.fact, &b.fact)) {
            continue;
        }
        for over in table.node_ids(key).filter_map(|id| table.node(id)) {
            for (j, b) in list.iter().enumerate() {
                if key == b.fact.key || hits.iter().any(|h| (h.0, h.1) == (i, j) || (h.0, h.1) == (j, i)) {
                    continue;
                }
                if let Some(entry) = over.find(b.fact.key) {
                    hits.push((i, j, over.owner, table.note(entry)));
                }
            }
        }
    }
    hits.sort_by_key(|&(i, j, ..)| (i.max(j), i.min(j)));
    for (i, j, owner, note) in hits {
        let (Some(with_note), Some(other)) = (list.get(i), list.get(j)) else { continue };
        let Some(code) = list.get(i.max(j)).and_then(|later| later.code(record)) else { continue };
        let msg = format!("{} and {}: \"Excludes1: {note}\" on {owner}", with_note.dotted, other.dotted);
        cx.emit_field(&EXCLUDES1_CONFLICT, &code.field, msg);
    }
}
