use crate::codes::code_fact::Mark;
use crate::codes::RecordFacts;
use crate::model::Record;
use crate::rules::{declare_rule, Checker};

declare_rule! {
    /// ## What it does
    /// Checks that a manifestation code (one the Medicare Code Editor flags as a
    /// manifestation) whose "code first" note, on the code or any category or block above it,
    /// lists etiology codes comes with at least one of them on the same record. Notes marked
    /// "if applicable" are optional: they satisfy the check but do not require anything.
    ///
    /// ## Why is this bad?
    /// A manifestation code says how an underlying disease shows itself; the etiology/
    /// manifestation convention requires the underlying disease to be coded too, and
    /// sequenced first. Without it the record misses a diagnosis and the grouper sees only
    /// half the picture. The notes list examples ("such as"), so an etiology the note does not
    /// list can be right: this is a warning.
    ///
    /// ## Example
    /// `G63` (polyneuropathy in diseases classified elsewhere) alone, although G63 says "Code
    /// first underlying disease, such as: amyloidosis (E85.-) …".
    ///
    /// ## How to fix
    /// Code the underlying condition (one the note lists, when it applies) and sequence it
    /// before the manifestation code.
    ///
    /// ## References
    /// - ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.13 (etiology/
    ///   manifestation convention: "code first" and "use additional code" notes)
    /// - ICD-10-CM Tabular List, FY2026 (April 1, 2026 update), "code first" notes
    /// - CMS Medicare Code Editor, edit 5 (manifestation codes)
    pub static CODE_FIRST_MISSING = {
        id: "K341",
        name: "code-first-missing",
        family: Codes,
        severity: Warning,
        kind: Record(check),
    }
}

/// Reports manifestation codes without any etiology code their "code first" notes list.
pub fn check(record: &Record, facts: &RecordFacts, cx: &mut Checker) {
    let diagnoses = facts.diagnoses();
    if !diagnoses.summary.marked(Mark::Manifestation) {
        return;
    }
    let table = facts.tables().code_first();
    for m in &diagnoses.list {
        if m.valid_row().is_none() || !m.fact.has(Mark::Manifestation) {
            continue;
        }
        // The first note in alphabetical order (as the tabular list has them) that is not
        // "if applicable"; a code of any listed note satisfies.
        let mut required: Option<(&str, &str)> = None;
        let mut satisfied = false;
        for over in table.over(&m.fact.bare) {
            for entry in over.entries {
                let note = table.note(entry);
                let earlier = required.is_none_or(|(_, r)| alphabetical(note).lt(alphabetical(r)));
                if earlier && !note.contains("if applicable") {
                    required = Some((over.owner, note));
                }
            }
            satisfied |= diagnoses.list.iter().any(|d| d.fact.key != m.fact.key && over.find(d.fact.key).is_some());
        }
        let (Some((owner, note)), false, Some(code)) = (required, satisfied, m.code(record)) else {
            continue;
        };
        let mut listed: Vec<u32> =
            table.over(&m.fact.bare).flat_map(|o| o.entries.iter().map(|e| e.note_id())).collect();
        listed.sort_unstable();
        listed.dedup();
        let more = if listed.len() > 1 { format!(" and {} more", listed.len() - 1) } else { String::new() };
        let msg = format!(
            "{} is a manifestation code, but no etiology its \"code first\" note lists is on the record (on {owner}: \"{note}\"{more})",
            m.dotted
        );
        cx.emit_field(&CODE_FIRST_MISSING, &code.field, msg);
    }
}

/// A note's text for comparing without case.
fn alphabetical(note: &str) -> impl Iterator<Item = u8> + '_ {
    note.bytes().map(|b| b.to_ascii_lowercase())
}
