//! Reads the CDC ICD-10-CM tabular list (XML) into one description per code, composing the
//! descriptions of seven-character codes from their six-character base and the 7th-character
//! definition (`sevenChrDef`) in force there (`S52.501A`: "Unspecified fracture of shaft of right
//! radius, initial encounter for closed fracture"). Part of the generator, never of the wasm
//! module.

use std::collections::HashMap;

/// One `<diag>` of the tabular list: its description and the 7th characters in force under it.
struct Diag {
    desc: String,
    seventh: Option<usize>,
}

/// The tabular list, by dotted code.
pub struct Tabular {
    diags: HashMap<String, Diag>,
    sevenths: Vec<HashMap<char, String>>,
    /// The dotted code of the `<diag>` each 7th-character table is defined in.
    seventh_owners: Vec<String>,
}

impl Tabular {
    /// Reads the XML line by line (the CDC file has one element per line).
    pub fn parse(xml: &str) -> Tabular {
        // Open <diag> elements: name, description, own 7th-character table, inherited one.
        let mut stack: Vec<(Option<String>, Option<String>, Option<usize>)> = Vec::new();
        let mut diags = HashMap::new();
        let mut sevenths: Vec<HashMap<char, String>> = Vec::new();
        let mut seventh_owners = Vec::new();
        let mut in_seventh = false;
        for line in xml.lines().map(str::trim) {
            if line.starts_with("<diag>") || line.starts_with("<diag ") {
                let inherited = stack.last().and_then(|f| f.2);
                stack.push((None, None, inherited));
            } else if line == "</diag>" {
                if let Some((Some(name), Some(desc), seventh)) = stack.pop() {
                    diags.insert(name, Diag { desc, seventh });
                }
            } else if let Some(frame) = stack.last_mut() {
                if let Some(name) = element(line, "name").filter(|_| frame.0.is_none()) {
                    frame.0 = Some(name);
                } else if let Some(desc) = element(line, "desc").filter(|_| frame.1.is_none()) {
                    frame.1 = Some(desc);
                } else if line == "<sevenChrDef>" {
                    sevenths.push(HashMap::new());
                    seventh_owners.push(frame.0.clone().unwrap_or_default());
                    frame.2 = Some(sevenths.len() - 1);
                    in_seventh = true;
                } else if line == "</sevenChrDef>" {
                    in_seventh = false;
                } else if in_seventh {
                    if let (Some(c), Some(text), Some(table)) =
                        (extension_char(line), element(line, "extension"), sevenths.last_mut())
                    {
                        table.insert(c, text);
                    }
                }
            }
        }
        Tabular { diags, sevenths, seventh_owners }
    }

    /// Every 7th-character definition: the dotted code it is defined in (it applies to every code
    /// below) and its characters with their meanings, sorted by character.
    pub fn seventh_definitions(&self) -> impl Iterator<Item = (&str, Vec<(char, &str)>)> {
        self.seventh_owners.iter().zip(&self.sevenths).map(|(owner, table)| {
            let mut chars: Vec<(char, &str)> = table.iter().map(|(&c, t)| (c, t.as_str())).collect();
            chars.sort();
            (owner.as_str(), chars)
        })
    }

    /// The names (dotted codes) of every `<diag>`.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.diags.keys().map(String::as_str)
    }

    /// The description of a code in dotted form, composed for seven-character codes.
    pub fn describe(&self, dotted: &str) -> Option<String> {
        if let Some(d) = self.diags.get(dotted) {
            return Some(d.desc.clone());
        }
        let bare: String = dotted.chars().filter(|&c| c != '.').collect();
        let seventh = bare.chars().nth(6)?;
        let mut base = recordlint_core::codes::icd10cm::dotted(bare.get(..6)?);
        while !self.diags.contains_key(&base) && (base.ends_with('X') || base.ends_with('.')) {
            base.pop();
        }
        let diag = self.diags.get(&base)?;
        let ext = self.sevenths.get(diag.seventh?)?.get(&seventh)?;
        Some(format!("{}, {ext}", diag.desc))
    }
}

/// The text of `<tag>text</tag>` (attributes allowed), unescaped.
fn element(line: &str, tag: &str) -> Option<String> {
    let rest = line.strip_prefix('<')?.strip_prefix(tag)?;
    let rest = rest.get(rest.find('>')? + 1..)?;
    let text = rest.strip_suffix(&format!("</{tag}>"))?;
    Some(unescape(text))
}

/// `<extension char="A">` → `A`.
fn extension_char(line: &str) -> Option<char> {
    let at = line.find("char=\"")? + 6;
    line.get(at..)?.chars().next()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"
<chapter><name>19</name><desc>Injury</desc>
  <diag>
    <name>S52</name>
    <desc>Fracture of forearm</desc>
    <sevenChrDef>
      <extension char="A">initial encounter for closed fracture</extension>
      <extension char="D">subsequent encounter &amp; routine healing</extension>
    </sevenChrDef>
    <diag>
      <name>S52.5</name>
      <desc>Fracture of lower end of radius</desc>
      <diag>
        <name>S52.50</name>
        <desc>Unspecified fracture of the lower end of radius</desc>
        <diag>
          <name>S52.501</name>
          <desc>Unspecified fracture of the lower end of right radius</desc>
        </diag>
      </diag>
    </diag>
    <diag placeholder="true">
      <name>S52.9</name>
      <desc>Unspecified fracture of forearm</desc>
    </diag>
  </diag>
  <diag>
    <name>E11</name>
    <desc>Type 2 diabetes mellitus (&lt;test&gt;)</desc>
  </diag>
</chapter>"#;

    #[test]
    fn composes_seventh_characters() {
        let t = Tabular::parse(XML);
        assert_eq!(t.describe("E11").unwrap(), "Type 2 diabetes mellitus (<test>)");
        assert_eq!(t.describe("S52.5").unwrap(), "Fracture of lower end of radius");
        assert_eq!(
            t.describe("S52.501A").unwrap(),
            "Unspecified fracture of the lower end of right radius, initial encounter for closed fracture"
        );
        assert_eq!(
            t.describe("S52.9XXD").unwrap(),
            "Unspecified fracture of forearm, subsequent encounter & routine healing"
        );
        assert_eq!(t.describe("S52.501Z"), None);
        assert_eq!(t.describe("E11.9"), None);
        assert_eq!(t.describe("19"), None);
    }
}
