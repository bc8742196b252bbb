//! Reads the instructional notes of the ICD-10-CM tabular list XML (includes, inclusion terms, `excludes1`,
//! `excludes2`, `codeFirst`, `useAdditionalCode`, `codeAlso`) with the node they stand under: a chapter, a block (`section`), a category, a
//! subcategory or a code. A note under a block or category applies to every code below it.

/// The kinds of note recordlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Includes,
    InclusionTerm,
    Excludes1,
    Excludes2,
    CodeFirst,
    UseAdditionalCode,
    CodeAlso,
}

impl NoteKind {
    /// The element name in the tabular XML.
    pub fn element(self) -> &'static str {
        match self {
            NoteKind::Includes => "includes",
            NoteKind::InclusionTerm => "inclusionTerm",
            NoteKind::UseAdditionalCode => "useAdditionalCode",
            NoteKind::CodeAlso => "codeAlso",
            NoteKind::Excludes1 => "excludes1",
            NoteKind::Excludes2 => "excludes2",
            NoteKind::CodeFirst => "codeFirst",
        }
    }
}

impl NoteKind {
    /// Every kind, in the order a code book prints them.
    pub const ALL: [NoteKind; 7] = [
        NoteKind::Includes,
        NoteKind::InclusionTerm,
        NoteKind::Excludes1,
        NoteKind::Excludes2,
        NoteKind::CodeFirst,
        NoteKind::UseAdditionalCode,
        NoteKind::CodeAlso,
    ];

    /// The kind's name in recordlint's notes asset and look-up answers (`use_additional_code`).
    pub fn name(self) -> &'static str {
        recordlint_core::codes::notes::KINDS[self as usize]
    }
}

/// Where a note stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A chapter, by number.
    Chapter(String),
    /// A block of categories: its id (`E08-E13`) and its first and last category (bare).
    Block { id: String, first: String, last: String },
    /// A category, subcategory or code, bare (`E119`).
    Code(String),
}

/// The notes of one kind under one node.
#[derive(Debug, Clone)]
pub struct NoteGroup {
    pub owner: Owner,
    pub kind: NoteKind,
    pub notes: Vec<String>,
}

/// Every note group of `kind` in the tabular XML, in document order.
pub fn read(xml: &str, kind: NoteKind) -> Result<Vec<NoteGroup>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("tabular XML: {e}"))?;
    let mut out = Vec::new();
    for chapter in doc.root_element().children().filter(|n| n.has_tag_name("chapter")) {
        let number = child_text(chapter, "name").unwrap_or_default();
        collect(chapter, Owner::Chapter(number), kind, &mut out);
        for section in chapter.children().filter(|n| n.has_tag_name("section")) {
            let categories: Vec<String> = section
                .children()
                .filter(|n| n.has_tag_name("diag"))
                .filter_map(|d| child_text(d, "name"))
                .collect();
            // A block of blocks (V00-V99) has no categories of its own: its id gives its range.
            let id = section.attribute("id").unwrap_or_default().to_string();
            let (first, last) = match (categories.first(), categories.last()) {
                (Some(first), Some(last)) => (bare(first), bare(last)),
                _ => match id.split_once('-') {
                    Some((first, last)) => (first.to_string(), last.to_string()),
                    None => (id.clone(), id.clone()),
                },
            };
            collect(section, Owner::Block { id, first, last }, kind, &mut out);
            for diag in section.children().filter(|n| n.has_tag_name("diag")) {
                read_diag(diag, kind, &mut out);
            }
        }
    }
    Ok(out)
}

fn read_diag(diag: roxmltree::Node, kind: NoteKind, out: &mut Vec<NoteGroup>) {
    if let Some(name) = child_text(diag, "name") {
        collect(diag, Owner::Code(bare(&name)), kind, out);
    }
    for child in diag.children().filter(|n| n.has_tag_name("diag")) {
        read_diag(child, kind, out);
    }
}

fn collect(node: roxmltree::Node, owner: Owner, kind: NoteKind, out: &mut Vec<NoteGroup>) {
    let notes: Vec<String> = node
        .children()
        .filter(|n| n.has_tag_name(kind.element()))
        .flat_map(|e| e.children().filter(|n| n.has_tag_name("note")))
        .map(|n| n.text().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    if !notes.is_empty() {
        out.push(NoteGroup { owner, kind, notes });
    }
}

fn child_text(node: roxmltree::Node, tag: &str) -> Option<String> {
    Some(node.children().find(|n| n.has_tag_name(tag))?.text()?.trim().to_string())
}

fn bare(code: &str) -> String {
    code.chars().filter(|&c| c != '.').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<ICD10CM.tabular><chapter><name>4</name>
      <excludes1><note>transitory disorders (P70-P74)</note></excludes1>
      <section id="E08-E13"><excludes2><note>x (Y01)</note></excludes2>
        <diag><name>E10</name><excludes1><note>diabetes   due to
          underlying condition (E08.-)</note></excludes1>
          <diag><name>E10.9</name><excludes1><note>a (A01)</note><note>b (B01)</note></excludes1></diag></diag>
        <diag><name>E13</name></diag></section></chapter></ICD10CM.tabular>"#;

    #[test]
    fn reads_notes_with_their_owner() {
        let groups = read(XML, NoteKind::Excludes1).unwrap();
        let owners: Vec<&Owner> = groups.iter().map(|g| &g.owner).collect();
        assert_eq!(
            owners,
            [&Owner::Chapter("4".into()), &Owner::Code("E10".into()), &Owner::Code("E109".into())]
        );
        assert_eq!(groups[1].notes, ["diabetes due to underlying condition (E08.-)"]);
        assert_eq!(groups[2].notes.len(), 2);
        let blocks = read(XML, NoteKind::Excludes2).unwrap();
        let block = Owner::Block { id: "E08-E13".into(), first: "E10".into(), last: "E13".into() };
        assert_eq!(blocks[0].owner, block);
    }
}
