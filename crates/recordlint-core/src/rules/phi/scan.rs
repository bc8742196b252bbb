//! What the PHI rules share: the identifiers of some Safe Harbor categories in some kinds of a
//! record's texts, reported at their field with the value masked.

use crate::deid::category::{mask, Category};
use crate::deid::detect::{self, Hit};
use crate::model::{Record, RecordKind, Text, TextKind};
use crate::rules::{Checker, RuleMeta};

/// The free-text kinds: notes, narratives and a diagnosis's words.
pub const FREE_TEXT: &[TextKind] = &[TextKind::Note, TextKind::Narrative, TextKind::DiagnosisText];

/// The texts of `kinds` in `record`, unless the record is about no patient (a directory record:
/// a Measure's or a CodeSystem's narrative holds no protected health information).
pub fn texts<'a>(record: &'a Record, kinds: &'a [TextKind]) -> impl Iterator<Item = &'a Text> {
    let about_a_patient = record.kind != RecordKind::Directory;
    record.texts.iter().filter(move |t| about_a_patient && kinds.contains(&t.kind))
}

/// Calls `each` with every text of `kinds` in `record` (see [`texts`]), what a reader sees of it
/// (a narrative without its markup) and the identifiers found there.
pub fn each_text(record: &Record, kinds: &[TextKind], mut each: impl FnMut(&Text, &str, &[Hit])) {
    for text in texts(record, kinds) {
        let seen = seen(text);
        each(text, &seen, &detect::find(&seen));
    }
}

/// Calls `each` with every identifier found in the texts of `kinds` in `record` (see
/// [`each_text`]).
pub fn each_hit(record: &Record, kinds: &[TextKind], mut each: impl FnMut(&Text, &str, &Hit)) {
    each_text(record, kinds, |text, seen, hits| hits.iter().for_each(|hit| each(text, seen, hit)));
}

/// What a reader sees of `text`: a narrative without its markup, any other text as written.
pub fn seen(text: &Text) -> String {
    match text.kind {
        TextKind::Narrative => detect::visible_text(&text.field.text),
        _ => text.field.text.clone(),
    }
}

/// Reports, for `rule`, every identifier of `categories` in the texts of `kinds`.
pub fn report(record: &Record, cx: &mut Checker, rule: &'static RuleMeta, kinds: &[TextKind], categories: &[Category]) {
    if record.texts.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for text in texts(record, kinds) {
        let seen = seen(text);
        for hit in detect::find_of(&seen, categories) {
            found.push((text.field.at.clone(), text.kind, hit.category, mask(&seen[hit.range])));
        }
    }
    for (at, kind, category, shown) in found {
        emit(cx, rule, at, kind, category, shown);
    }
}

/// One finding: "Social Security number (Safe Harbor category G) in a note: ***-**-6789".
pub fn emit(cx: &mut Checker, rule: &'static RuleMeta, at: crate::model::Location, kind: TextKind, category: Category, shown: String) {
    let message = format!("{} in {}: {shown}", category.described(), kind.noun());
    cx.emit_shown(rule, at, shown, message);
}
