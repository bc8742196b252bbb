//! Turns the source files (CSV text) into the table layout described in
//! [`recordlint_core::codes::tables`]. Used by the
//! `gen-tables` binary and by the test that proves the committed tables match their sources.

use recordlint_core::codes::tables::{Key, MAGIC};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The source files' folder in a checkout.
pub fn source_dir() -> std::path::PathBuf {
    crate::repo_root().join("crates/recordlint-core/src/codes/tables/source")
}

/// Reads a gzip-compressed source file as text.
pub fn gunzip(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text)
}

/// A source row: code, valid from/to (YYYYMMDD) and attribute names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceRow {
    pub code: String,
    pub from: u32,
    pub to: u32,
    pub attributes: Vec<String>,
}

/// Reads an MCE attribute file (`code,effective_from,effective_to,attributes`, `|`-separated).
pub fn mce_rows(csv: &str) -> Result<Vec<SourceRow>, String> {
    let mut out = Vec::new();
    for (i, line) in csv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let [code, from, to, attrs] = f[..] else {
            return Err(format!("line {}: expected 4 fields, found {}", i + 1, f.len()));
        };
        let attributes = attrs.split('|').filter(|a| !a.is_empty()).map(str::to_string).collect();
        out.push(SourceRow { code: code.into(), from: number(from, i)?, to: number(to, i)?, attributes });
    }
    Ok(out)
}

/// The start date of a code in use before the data begins.
const OPEN_START: u32 = 19000101;

/// The IOCE versions: id → (first day, last day), as YYYYMMDD.
fn ioce_versions(versions_csv: &str) -> Result<BTreeMap<u32, (u32, u32)>, String> {
    let mut versions = BTreeMap::new();
    for (i, line) in versions_csv.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        if let [id, _, start, end] = f[..] {
            versions.insert(number(id, i)?, (number(start, i)?, number(end, i)?));
        }
    }
    Ok(versions)
}

/// Reads the IOCE HCPCS file. The file holds one row per code as of its release, and a row's
/// IOCE version range says when that *row* began (any change of status indicator or APC starts a
/// new one), not when the code was added: G0438, in use since 2011, has a row from 2023-07-01.
/// So each code is valid from its approval date (`date_approved`, the date before which the IOCE
/// rejects the service) when the file gives one, else with no known start; and to its
/// termination date (`date_terminated`, the last day it may be billed) when that is earlier than
/// the end of its last IOCE version. Attributes: `noncovered`, `questionable`, `male`, `female`.
pub fn hcpcs_rows(csv: &str, versions_csv: &str) -> Result<Vec<SourceRow>, String> {
    let versions = ioce_versions(versions_csv)?;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").trim_end_matches('\r').split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("no column {name}"));
    let (code_i, sex_i, nc_i, q_i) = (col("hcpcs")?, col("sex")?, col("non_covered")?, col("questionable")?);
    let (approved_i, term_i, hi_i) =
        (col("date_approved")?, col("date_terminated")?, col("ioce_hi_version")?);
    let mut out = Vec::new();
    for (i, line) in lines.enumerate() {
        let f = split_quoted(line.trim_end_matches('\r'));
        let get = |j: usize| f.get(j).map(String::as_str).unwrap_or("");
        let hi = number(get(hi_i), i)?;
        let from = if get(approved_i).is_empty() { OPEN_START } else { number(get(approved_i), i)? };
        let mut to = versions.get(&hi).ok_or(format!("line {}: unknown IOCE version {hi}", i + 2))?.1;
        if !get(term_i).is_empty() {
            to = to.min(number(get(term_i), i)?);
        }
        let mut attributes = Vec::new();
        match get(sex_i) {
            "M" | "1" => attributes.push("male".to_string()),
            "F" | "2" => attributes.push("female".to_string()),
            _ => {}
        }
        if get(nc_i) == "1" {
            attributes.push("noncovered".into());
        }
        if get(q_i) == "1" {
            attributes.push("questionable".into());
        }
        out.push(SourceRow { code: get(code_i).to_string(), from, to, attributes });
    }
    Ok(out)
}

/// The HCPCS table: [`hcpcs_rows`], with the date range of the file's release (its newest IOCE
/// version) listed among the ranges although no row uses it, so that the table's newest release
/// is that of the file, not the newest approval date.
pub fn hcpcs_table(csv: &str, versions_csv: &str) -> Result<Vec<u8>, String> {
    let release = ioce_versions(versions_csv)?.last_key_value().map(|(_, &range)| range);
    encode_with_spans(hcpcs_rows(csv, versions_csv)?, release.as_slice())
}

/// One line per HCPCS Level II code of the IOCE file: the code, a space, its short description;
/// sorted. Lazily loaded by the page, read by [`recordlint_core::codes::descriptions`].
pub fn hcpcs_descriptions(csv: &str) -> Result<Vec<u8>, String> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").trim_end_matches('\r').split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("no column {name}"));
    let (code_i, desc_i) = (col("hcpcs")?, col("short_description")?);
    let mut out: Vec<String> = lines
        .filter_map(|line| {
            let f = split_quoted(line.trim_end_matches('\r'));
            let (code, desc) = (f.get(code_i)?.trim(), f.get(desc_i)?.trim());
            (!code.is_empty() && !desc.is_empty()).then(|| format!("{code} {desc}"))
        })
        .collect();
    out.sort();
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text.into_bytes())
}

/// Every table as `(file name, table layout)`, from the source files read by `read(name)`.
pub fn all(read: impl Fn(&str) -> Result<String, String>) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let icd10cm = encode(mce_rows(&read("mce-dx-attributes.csv.gz")?)?)?;
    let icd10pcs = encode(mce_rows(&read("mce-pcs-attributes.csv.gz")?)?)?;
    let hcpcs_csv = read("hcpcs-level2-2026q2.csv.gz")?;
    let hcpcs = hcpcs_table(&hcpcs_csv, &read("ioce-version-ranges.csv.gz")?)?;
    let hcpcs_descriptions = hcpcs_descriptions(&hcpcs_csv)?;
    let descriptions = icd10cm_descriptions(
        &read("icd10cm-tabular-2026-04-01.xml.gz")?,
        &recordlint_core::codes::tables::Table::decode(&icd10cm),
    )?;
    let sevenths = icd10cm_sevenths(&read("icd10cm-tabular-2026-04-01.xml.gz")?)?;
    let notes = icd10cm_notes(&read("icd10cm-tabular-2026-04-01.xml.gz")?)?;
    let pcs_csv = read("icd10pcs-descriptions-fy2024.csv.gz")?;
    let pcs_axes = icd10pcs_axes(&pcs_csv)?;
    let pcs_descriptions = icd10pcs_descriptions(&pcs_csv);
    Ok(vec![
        ("icd10pcs-descriptions.txt.deflate", pcs_descriptions),
        ("icd10pcs-axes.txt.deflate", pcs_axes),
        ("icd10cm-notes.txt.deflate", notes),
        ("icd10cm-seventh.txt.deflate", sevenths),
        ("icd10cm.bin.deflate", icd10cm),
        ("icd10pcs.bin.deflate", icd10pcs),
        ("hcpcs.bin.deflate", hcpcs),
        ("hcpcs-descriptions.txt.deflate", hcpcs_descriptions),
        ("icd10cm-descriptions.txt.deflate", descriptions),
    ])
}

/// One line per ICD-10-CM code and heading with a description, as in the CDC's
/// `icd10cm-codes-YYYY.txt` (code without dot, padded to 7, a space, the description), sorted:
/// every heading of the tabular list and every code of the MCE table the list describes.
pub fn icd10cm_descriptions(
    xml: &str,
    table: &Option<recordlint_core::codes::tables::Table>,
) -> Result<Vec<u8>, String> {
    let table = table.as_ref().ok_or("the ICD-10-CM table does not decode")?;
    let tabular = super::tabular::Tabular::parse(xml);
    let mut codes: Vec<String> = tabular.names().map(|n| n.replace('.', "")).collect();
    codes.extend(table.all_rows().iter().map(|r| r.key.code()));
    codes.sort();
    codes.dedup();
    let mut out = String::new();
    for code in codes {
        if let Some(desc) = tabular.describe(&recordlint_core::codes::icd10cm::dotted(&code)) {
            out.push_str(&format!("{code:<7} {desc}\n"));
        }
    }
    Ok(out.into_bytes())
}

/// One line per 7th-character definition of the tabular list, sorted by code: the bare code it is
/// defined in, then for each character a tab, the character and its meaning
/// (`S52\tAinitial encounter for closed fracture\tB…`), read by [`recordlint_core::codes::seventh`].
pub fn icd10cm_sevenths(xml: &str) -> Result<Vec<u8>, String> {
    let tabular = super::tabular::Tabular::parse(xml);
    let mut lines: Vec<String> = Vec::new();
    for (owner, chars) in tabular.seventh_definitions() {
        if owner.is_empty() || chars.is_empty() {
            return Err(format!("a 7th-character definition without code or characters under {owner:?}"));
        }
        let mut line = owner.replace('.', "");
        for (c, meaning) in chars {
            line.push('\t');
            line.push(c);
            line.push_str(meaning);
        }
        lines.push(line);
    }
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out.into_bytes())
}

/// One line per instructional note of the tabular list on a block, category, subcategory or code
/// (chapter notes left out): the owner (a bare code, or a block as `first-last` bare categories
/// with its id: `E08-E13 E08-E13`), a tab, the kind's name, a tab, the text; sorted by owner, in
/// the list's order within an owner. Read by [`recordlint_core::codes::notes`].
pub fn icd10cm_notes(xml: &str) -> Result<Vec<u8>, String> {
    use super::tabular_notes::{read, NoteKind, Owner};
    let mut lines: Vec<(String, usize, String)> = Vec::new();
    for (rank, kind) in NoteKind::ALL.into_iter().enumerate() {
        for group in read(xml, kind)? {
            let owner = match group.owner {
                Owner::Chapter(_) => continue,
                Owner::Block { id, first, last } => format!("{first}-{last} {id}"),
                Owner::Code(code) => code,
            };
            for note in group.notes {
                lines.push((owner.clone(), rank, format!("{}\t{note}", kind.name())));
            }
        }
    }
    lines.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut out = String::new();
    for (owner, _, rest) in lines {
        out.push_str(&format!("{owner}\t{rest}\n"));
    }
    Ok(out.into_bytes())
}

/// One line per ICD-10-PCS code of the CMS descriptions file: the code, a space, its long
/// description; sorted. Lazily loaded by the page, read by [`recordlint_core::codes::descriptions`].
pub fn icd10pcs_descriptions(csv: &str) -> Vec<u8> {
    let mut lines: Vec<String> = csv
        .lines()
        .filter_map(|line| match &split_quoted(line.trim_end_matches('\r'))[..] {
            [code, desc] if code.len() == 7 && !desc.is_empty() => Some(format!("{code} {desc}")),
            _ => None,
        })
        .collect();
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// The meaning of ICD-10-PCS characters 3 (root operation), 4 (body part) and 5 (approach),
/// derived from the long descriptions (`"00B00ZX","Excision of Brain, Open Approach, Diagnostic"`):
/// one line per value, `axis<TAB>key<TAB>meaning`, the key being the characters the meaning depends
/// on (root operation: section and character 3; body part: section, body system and character 4;
/// approach: section and character 5). A value is kept when at least 60% of the codes that have
/// it agree. Read by [`recordlint_core::codes::pcs_axes`].
pub fn icd10pcs_axes(csv: &str) -> Result<Vec<u8>, String> {
    let mut descs: Vec<(String, String)> = Vec::new();
    for line in csv.lines() {
        let f = split_quoted(line.trim_end_matches('\r'));
        if let [code, desc] = &f[..] {
            if code.len() == 7 {
                descs.push((code.clone(), desc.clone()));
            }
        }
    }
    if descs.len() < 1000 {
        return Err(format!("only {} ICD-10-PCS descriptions", descs.len()));
    }
    let key = |code: &str, at: &[usize]| -> String { at.iter().filter_map(|&i| code.get(i..=i)).collect() };
    // Root operation: the words every description of (section, character 3) starts with.
    let mut ops: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (code, desc) in &descs {
        let words: Vec<&str> = desc.split(' ').collect();
        let entry = ops.entry(key(code, &[0, 2])).or_insert_with(|| words.clone());
        let shared = entry.iter().zip(&words).take_while(|(a, b)| a == b).count();
        entry.truncate(shared);
    }
    let connective = ["of", "into", "on", "in", "to", "from", "with", "using"];
    let mut lines: Vec<String> = Vec::new();
    let mut op_text: BTreeMap<String, String> = BTreeMap::new();
    for (k, mut words) in ops {
        while words.last().is_some_and(|w| connective.contains(w) || w.ends_with(',')) {
            words.pop();
        }
        if !words.is_empty() {
            let text = words.join(" ");
            lines.push(format!("3\t{k}\t{text}"));
            op_text.insert(k, text);
        }
    }
    let mut parts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut approaches: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (code, desc) in &descs {
        let mut segments = desc.split(", ");
        let first = segments.next().unwrap_or("");
        if let Some(op) = op_text.get(&key(code, &[0, 2])) {
            let rest = first.strip_prefix(op.as_str()).unwrap_or("").trim_start();
            let rest = match rest.rsplit_once(" into ") {
                Some((_, target)) => target,
                None => rest.strip_prefix("of ").unwrap_or(rest),
            };
            let part = [" to ", " with ", " using ", " from ", " into "]
                .iter()
                .filter_map(|cut| rest.find(cut))
                .min()
                .map_or(rest, |at| &rest[..at]);
            if !part.is_empty() {
                *parts.entry(key(code, &[0, 1, 3])).or_default().entry(part.to_string()).or_default() += 1;
            }
        }
        let approach =
            segments.find(|s| s.ends_with("Approach") || s.starts_with("Via ") || *s == "External");
        let counts = approaches.entry(key(code, &[0, 4])).or_default();
        *counts.entry(approach.unwrap_or("").to_string()).or_default() += 1;
    }
    for (axis, table) in [("4", parts), ("5", approaches)] {
        for (k, counts) in table {
            let total: usize = counts.values().sum();
            if let Some((text, n)) =
                counts.into_iter().max_by_key(|(t, n)| (*n, std::cmp::Reverse(t.clone())))
            {
                if !text.is_empty() && n * 10 >= total * 6 {
                    lines.push(format!("{axis}\t{k}\t{text}"));
                }
            }
        }
    }
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out.into_bytes())
}

/// Encodes rows into the table layout; rows are sorted by code, then date.
pub fn encode(rows: Vec<SourceRow>) -> Result<Vec<u8>, String> {
    encode_with_spans(rows, &[])
}

/// Encodes rows into the table layout, listing the date ranges `extra` too (no row uses them;
/// they tell the table's newest release and horizon).
pub fn encode_with_spans(mut rows: Vec<SourceRow>, extra: &[(u32, u32)]) -> Result<Vec<u8>, String> {
    rows.sort();
    let mut spans: Vec<(u32, u32)> =
        rows.iter().map(|r| (r.from, r.to)).chain(extra.iter().copied()).collect();
    spans.sort();
    spans.dedup();
    let mut names: Vec<&str> = rows.iter().flat_map(|r| r.attributes.iter().map(String::as_str)).collect();
    names.sort();
    names.dedup();
    if spans.len() > 256 || names.len() > 32 {
        return Err(format!("{} date ranges and {} attributes do not fit", spans.len(), names.len()));
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(spans.len() as u16).to_le_bytes());
    for (from, to) in &spans {
        out.extend_from_slice(&from.to_le_bytes());
        out.extend_from_slice(&to.to_le_bytes());
    }
    out.push(names.len() as u8);
    for name in &names {
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut previous = "";
    for row in &rows {
        if Key::new(&row.code).is_none()
            || recordlint_core::codes::tables::ymd(row.from).is_none()
            || recordlint_core::codes::tables::ymd(row.to).is_none()
        {
            return Err(format!("bad row {row:?}"));
        }
        let shared = previous.bytes().zip(row.code.bytes()).take_while(|(a, b)| a == b).count();
        let suffix = &row.code[shared..];
        out.push((shared as u8) << 4 | suffix.len() as u8);
        out.extend_from_slice(suffix.as_bytes());
        out.push(spans.binary_search(&(row.from, row.to)).unwrap_or(0) as u8);
        let mut bits = 0u32;
        for a in &row.attributes {
            bits |= 1 << names.binary_search(&a.as_str()).unwrap_or(0);
        }
        loop {
            let byte = (bits & 0x7F) as u8;
            bits >>= 7;
            if bits == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        previous = &row.code;
    }
    Ok(out)
}

fn number(text: &str, line: usize) -> Result<u32, String> {
    text.trim().parse().map_err(|_| format!("line {}: {text:?} is not a number", line + 1))
}

/// Splits one CSV line with `"`-quoted fields (the HCPCS descriptions contain commas).
fn split_quoted(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let push = match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => chars.next(),
            ('"', _) => {
                quoted = !quoted;
                None
            }
            (',', false) => {
                out.push(String::new());
                None
            }
            (c, _) => Some(c),
        };
        if let (Some(c), Some(field)) = (push, out.last_mut()) {
            field.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let csv = "code,effective_from,effective_to,attributes\r\nA00,20151001,20270331,\r\nE119,20151001,20270331,unspecified\r\nO80,20151001,20240930,female|maternity\r\nO80,20241001,20270331,maternity\r\n";
        let bytes = encode(mce_rows(csv).unwrap()).unwrap();
        let t = recordlint_core::codes::tables::Table::decode(&bytes).unwrap();
        assert_eq!(t.all_rows().len(), 4);
        assert_eq!(t.rows("O80").len(), 2);
        assert!(t.has(&t.rows("E119")[0], "unspecified"));
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(split_quoted(r#"A1,"b, ""c""",d"#), ["A1", "b, \"c\"", "d"]);
    }
}
