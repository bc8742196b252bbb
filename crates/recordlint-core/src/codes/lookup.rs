//! Code look-up for people ("Look up codes" in the page, `recordlint code` on the command line):
//! what a text is in every code system it could belong to, on a date, in plain words first.

use super::mce::{AgeEdit, SEX_EDITS_ENDED};
use super::notes::TabularNote;
use super::service_date::{Basis, ServiceDate};
use super::seventh::SeventhError;
use super::tables::{Key, Row, Status, Table, Tables};
use super::{cpt, hcpcs, icd10cm, icd10pcs, loinc, ndc, npi, snomed};
use crate::model::CodeSystem;
use jiff::civil::Date;
use serde::Serialize;

/// Codes listed under a heading at most (the count says how many there are).
const MAX_CHILDREN: usize = 100;

/// "Did you mean" codes offered at most.
const MAX_SUGGESTIONS: usize = 5;

/// What a code is, in one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A valid code on the date, checked against the bundled tables (ICD-10-CM, ICD-10-PCS,
    /// HCPCS Level II).
    Valid,
    /// Well-formed (and its check digit right, where it has one) in a system whose content is not
    /// bundled (CPT, NPI, LOINC, SNOMED CT, NDC): whether the code exists is not checked.
    FormatValid,
    /// A category or subcategory with codes under it: not billable.
    Heading,
    /// A code of the system, but not on the date.
    OtherDates,
    /// Well-formed, but not a code of the system.
    Unknown,
    /// A check digit or format error.
    Invalid,
}

/// The answer for one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    pub system: CodeSystem,
    /// The canonical form (`E11.9`, `00002-1433-80`).
    pub code: String,
    pub verdict: Verdict,
    /// True when nothing wrong was found: a valid code on the date, or for systems without tables
    /// a well-formed one ([`Verdict::FormatValid`]: its content was not checked).
    pub valid: bool,
    /// For systems with tables (ICD-10-CM, ICD-10-PCS, HCPCS): true for a code a claim may carry
    /// on the date (not a heading, not invalid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billable: Option<bool>,
    /// Why the code is not valid, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The answer in plain words.
    pub answer: String,
    /// What the code means, for ICD-10-CM, ICD-10-PCS and HCPCS Level II (short description) when
    /// descriptions are loaded (see [`super::descriptions`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Notes from the code editors (`maternity code (ages 9–64)`).
    pub notes: Vec<String>,
    /// For a heading: codes under it (at most 100), described when descriptions are loaded, and
    /// how many there are.
    pub children: Vec<Choice>,
    pub children_total: usize,
    /// For a code that does not exist: the nearest codes that do on the date (same category, a
    /// character dropped, added or transposed; a character replaced only when none is), billable
    /// ones first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Choice>,
    /// The date the tables were consulted on, when the system has tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// For an ICD-10-CM code or heading under a 7th-character definition: the characters it
    /// defines (for a code that lacks its 7th character or has a wrong one: those it takes on the
    /// date), and the code it is defined in (`S52`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seventh_characters: Vec<SeventhOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seventh_from: Option<String>,
    /// For ICD-10-CM when notes are loaded (see [`super::notes`]): the tabular list's notes of
    /// the code and of the headings and block above it, each saying where it stands.
    pub tabular_notes: Vec<TabularNote>,
    /// For ICD-10-PCS: what its first characters mean (section, body system, root operation,
    /// body part, approach), for learners.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pcs_axes: Vec<super::pcs_axes::Axis>,
}

/// A code offered to choose: under a heading, or as "did you mean".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The canonical form (`E11.9`).
    pub code: String,
    /// True for a code a claim may carry on the date; false for a category or subcategory.
    pub billable: bool,
    /// What it is, in words: `complete code`, `subcategory — not billable`.
    pub kind: &'static str,
    /// Its short description, when descriptions are loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A 7th character and what it means (`A`, `initial encounter for closed fracture`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeventhOption {
    pub character: String,
    pub meaning: String,
}

/// Looks `text` up in every system it could be a code of, on `date` (`None`: the newest release
/// of each table). Where the text is a code (valid, a heading, or valid on other dates) only
/// those answers are given; otherwise the unknown codes and check-digit failures; a text that fits
/// no system gives one ICD-10-CM answer saying why.
pub fn lookup(tables: &Tables, text: &str, date: Option<Date>) -> Vec<Lookup> {
    let mut out = candidates(tables, text, date);
    // A text that is a code somewhere is not also an unknown code or a near miss elsewhere
    // (`E1165` is ICD-10-CM E11.65, not an unknown HCPCS code; any 6–18 digits fail some SNOMED
    // CT check digit).
    let known = |l: &Lookup| {
        matches!(l.verdict, Verdict::Valid | Verdict::FormatValid | Verdict::Heading | Verdict::OtherDates)
    };
    if out.iter().any(known) {
        out.retain(known);
    }
    if out.is_empty() {
        let why = icd10cm::canonical(text).err().map(|e| e.to_string()).unwrap_or_default();
        let answer = format!(
            "{:?} is not shaped like a code of any system recordlint knows; as ICD-10-CM it {why}",
            text.trim()
        );
        out.push(plain(CodeSystem::Icd10cm, text.trim().to_string(), Verdict::Invalid, answer));
    }
    out.into_iter().map(summarised).collect()
}

/// Looks `text` up as a code of `system` only: its answer there, or why it is not shaped like one.
pub fn lookup_in(tables: &Tables, text: &str, system: CodeSystem, date: Option<Date>) -> Lookup {
    if let Some(l) = candidates(tables, text, date).into_iter().find(|l| l.system == system) {
        return summarised(l);
    }
    let why = match system {
        CodeSystem::Icd10cm => icd10cm::canonical(text).err().map(|e| format!("it {e}")),
        CodeSystem::Icd10pcs => icd10pcs::canonical(text).err().map(|e| e.to_string()),
        CodeSystem::Hcpcs => hcpcs::canonical(text).err().map(|e| e.to_string()),
        CodeSystem::Cpt => cpt::canonical(text).err().map(|e| e.to_string()),
        CodeSystem::Npi => npi::validate(text).err().map(|e| e.to_string()),
        CodeSystem::Loinc => loinc::validate(text).err().map(|e| e.to_string()),
        CodeSystem::Snomed => snomed::validate(text).err().map(|e| e.to_string()),
        CodeSystem::Ndc => ndc::eleven_digit(text).err().map(|e| e.to_string()),
        CodeSystem::Rxnorm => (!text.trim().bytes().all(|b| b.is_ascii_digit()) || text.trim().is_empty())
            .then(|| "is not an RxNorm concept id (digits only)".to_string()),
        CodeSystem::Icd10 | CodeSystem::Other | CodeSystem::Unrecognized => None,
    };
    let why = why.unwrap_or_else(|| "not a code recordlint checks".to_string());
    let answer = format!("{:?} is not a valid {} code: {why}", text.trim(), label(system));
    summarised(plain(system, text.trim().to_string(), Verdict::Invalid, answer))
}

/// The name people use for a system.
fn label(system: CodeSystem) -> &'static str {
    system.label()
}

/// Fills in `valid`, `billable` and `reason` from the verdict.
fn summarised(mut l: Lookup) -> Lookup {
    l.valid = matches!(l.verdict, Verdict::Valid | Verdict::FormatValid);
    l.billable = matches!(l.system, CodeSystem::Icd10cm | CodeSystem::Icd10pcs | CodeSystem::Hcpcs)
        .then_some(l.verdict == Verdict::Valid);
    l.reason = (!l.valid).then(|| l.answer.clone());
    l
}

/// Every system's answer for `text`, unknown codes and near misses included.
fn candidates(tables: &Tables, text: &str, date: Option<Date>) -> Vec<Lookup> {
    [
        icd10cm::canonical(text).ok().map(|c| in_table(tables, CodeSystem::Icd10cm, &c, &icd10cm::bare(&c), date)),
        icd10pcs::canonical(text).ok().map(|c| in_table(tables, CodeSystem::Icd10pcs, &c, &c, date)),
        hcpcs::canonical(text).ok().map(|c| in_table(tables, CodeSystem::Hcpcs, &c, &c, date)),
        cpt::canonical(text).ok().map(|c| {
            let answer = format!("{c} is format valid — CPT content is licensed by the AMA and not checked");
            plain(CodeSystem::Cpt, c, Verdict::FormatValid, answer)
        }),
        checked(
            CodeSystem::Npi,
            text,
            npi::validate(text).map(|()| {
                "format valid as an NPI (check digit correct) — not checked against the NPPES registry".into()
            }),
            |e| matches!(e, npi::NpiError::CheckDigit { .. } | npi::NpiError::FirstDigit(_)),
        ),
        checked(
            CodeSystem::Loinc,
            text,
            loinc::validate(text).map(|()| {
                "format valid as a LOINC code (check digit correct) — the LOINC table is not bundled and not checked"
                    .into()
            }),
            |e| matches!(e, loinc::LoincError::CheckDigit { .. }),
        ),
        checked(
            CodeSystem::Snomed,
            text,
            snomed::validate(text).map(|k| {
                format!(
                    "format valid as a SNOMED CT {} id (check digit correct) — SNOMED CT content is not bundled and not checked",
                    k.name()
                )
            }),
            |e| !matches!(e, snomed::SctidError::Shape),
        ),
        ndc::eleven_digit(text).ok().map(|n| {
            let answer = format!(
                "{} is format valid as an NDC; its 11-digit 5-4-2 form is {} — not checked against the FDA NDC Directory",
                text.trim(),
                ndc::hyphenated(&n)
            );
            plain(CodeSystem::Ndc, ndc::hyphenated(&n), Verdict::FormatValid, answer)
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn plain(system: CodeSystem, code: String, verdict: Verdict, answer: String) -> Lookup {
    Lookup {
        system,
        code,
        verdict,
        valid: false,
        billable: None,
        reason: None,
        answer,
        description: None,
        notes: Vec::new(),
        children: Vec::new(),
        children_total: 0,
        suggestions: Vec::new(),
        date: None,
        seventh_characters: Vec::new(),
        seventh_from: None,
        tabular_notes: Vec::new(),
        pcs_axes: Vec::new(),
    }
}

/// A system without tables, whose validator says yes or why not. Only errors for which `near`
/// is true (a wrong check digit: the right shape for the system) are answers; a text of the wrong
/// shape altogether (letters in an NPI) is no answer for that system.
fn checked<E: std::fmt::Display>(
    system: CodeSystem,
    text: &str,
    result: Result<String, E>,
    near: fn(&E) -> bool,
) -> Option<Lookup> {
    let code = text.trim().to_string();
    match result {
        Ok(what) => Some(plain(system, code.clone(), Verdict::FormatValid, format!("{code} is {what}"))),
        Err(e) if near(&e) => {
            let label = match system {
                CodeSystem::Npi => "NPI",
                CodeSystem::Loinc => "LOINC code",
                _ => "SNOMED CT id",
            };
            Some(plain(
                system,
                code.clone(),
                Verdict::Invalid,
                format!("{code} is not a valid {label} ({e})"),
            ))
        }
        Err(_) => None,
    }
}

fn table_of(tables: &Tables, system: CodeSystem) -> &Table {
    match system {
        CodeSystem::Icd10pcs => tables.icd10pcs(),
        CodeSystem::Hcpcs => tables.hcpcs(),
        _ => tables.icd10cm(),
    }
}

fn system_name(system: CodeSystem) -> &'static str {
    match system {
        CodeSystem::Icd10pcs => "ICD-10-PCS",
        CodeSystem::Hcpcs => "HCPCS Level II",
        _ => "ICD-10-CM",
    }
}

/// A system with tables: ICD-10-CM, ICD-10-PCS, HCPCS.
fn in_table(tables: &Tables, system: CodeSystem, code: &str, bare: &str, date: Option<Date>) -> Lookup {
    let table = table_of(tables, system);
    let service = match date {
        Some(date) => ServiceDate { date, basis: Basis::Asked }.within(table),
        None => ServiceDate::newest(table),
    };
    let date = service.date;
    let on = match service.basis {
        Basis::NewestRelease => format!("the newest release ({date})"),
        _ => service.to_string(),
    };
    let name = system_name(system);
    let mut out = plain(system, code.to_string(), Verdict::Valid, String::new());
    out.date = Some(date.to_string());
    if system == CodeSystem::Icd10cm {
        out.description = tables.describe(bare);
        out.tabular_notes = tables.notes_for(bare);
        if let Some(def) = super::seventh::definitions().of(bare) {
            out.seventh_from = Some(icd10cm::dotted(&def.code));
            out.seventh_characters = options(&def.chars);
        }
    }
    if system == CodeSystem::Icd10pcs {
        out.pcs_axes = super::pcs_axes::explain(code);
        out.description = tables.describe_pcs(code);
    }
    if system == CodeSystem::Hcpcs {
        out.description = tables.describe_hcpcs(code);
    }
    // Why a code that is not valid fails on its 7th character, with the characters it takes in
    // `seventh_characters` (the sentence gives their count, not the list).
    let seventh = |out: &mut Lookup| {
        let why =
            (system == CodeSystem::Icd10cm).then(|| super::seventh::diagnose(table, bare, date)).flatten()?;
        if let Some(taken) = why.options() {
            out.seventh_characters = options(taken);
        }
        Some(format!("{} (on {on})", seventh_sentence(&why, code)))
    };
    match table.status(bare, date) {
        Status::Valid(row) => {
            out.answer = format!("{code} is a valid {name} code on {on}");
            out.notes = notes(table, table.rows(bare), row, date);
        }
        Status::Header { children, was } => {
            let kind = if bare.len() == 3 { "category" } else { "subcategory" };
            let since = was.map(|s| format!(" (a code itself until {})", s.to)).unwrap_or_default();
            let display = |k: Key| display(system, &k.code());
            let first_last = match (children.first(), children.last()) {
                (Some(f), Some(l)) if children.len() > 1 => format!("{} … {}", display(*f), display(*l)),
                (Some(f), _) => display(*f),
                _ => String::new(),
            };
            out.verdict = Verdict::Heading;
            out.answer = format!(
                "{code} is a {kind}, not a billable code on {on}{since} — choose one of its {} codes: {first_last}",
                children.len()
            );
            out.children_total = children.len();
            out.children =
                children.iter().take(MAX_CHILDREN).map(|k| choice(tables, system, &k.code(), date)).collect();
            if let Some(why) = seventh(&mut out) {
                out.answer = why;
            }
        }
        status @ Status::OtherDates { .. } => {
            out.verdict = Verdict::OtherDates;
            out.answer = match system {
                CodeSystem::Hcpcs => hcpcs::invalid_because(table, bare, date, &on),
                _ => status.invalid_because(code, name, &on),
            }
            .unwrap_or_default();
        }
        Status::Unknown => {
            out.verdict = Verdict::Unknown;
            // Nothing is known of a code that does not exist: what the tables hold for codes
            // that share its first characters (E11.9's notes for E11.99) is not about it.
            out.description = None;
            out.tabular_notes.clear();
            let (seventh_from, seventh_characters) =
                (out.seventh_from.take(), std::mem::take(&mut out.seventh_characters));
            if let Some(why) = seventh(&mut out) {
                // Its 7th character is what is wrong: the characters the code takes are its own.
                out.seventh_from = seventh_from;
                if out.seventh_characters.is_empty() {
                    out.seventh_characters = seventh_characters;
                }
                out.answer = why;
            } else {
                out.suggestions = nearest(tables, system, bare, date);
                let missing = match system {
                    CodeSystem::Hcpcs => hcpcs::not_in_file(table, code, date, &on),
                    _ => format!("{code} does not exist in {name} on {on} (nor on any other date the bundled tables cover)"),
                };
                out.answer = match did_you_mean(&out.suggestions) {
                    Some(offer) => format!("{missing} — did you mean {offer}?"),
                    None => missing,
                };
            }
        }
    }
    out
}

/// The canonical form of a bare code of `system` (`E119` → `E11.9`).
fn display(system: CodeSystem, bare: &str) -> String {
    match system {
        CodeSystem::Icd10cm => icd10cm::dotted(bare),
        _ => bare.to_string(),
    }
}

/// A code of `table` that exists on `date` (valid or a heading), to offer.
fn choice(tables: &Tables, system: CodeSystem, bare: &str, date: Date) -> Choice {
    let table = table_of(tables, system);
    let billable = table.status(bare, date).is_valid();
    let kind = match (billable, system, bare.len()) {
        (true, CodeSystem::Icd10cm, _) => "complete code",
        (true, _, _) => "valid code",
        (false, _, 3) => "category — not billable",
        (false, _, _) => "subcategory — not billable",
    };
    let description = match system {
        CodeSystem::Icd10cm => tables.describe(bare),
        CodeSystem::Icd10pcs => tables.describe_pcs(bare),
        _ => tables.describe_hcpcs(bare),
    };
    Choice { code: display(system, bare), billable, kind, description }
}

/// How a code differs from the text typed, when by one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edit {
    /// A character of the text dropped (`E11.99` → `E11.9`).
    Dropped,
    /// Two neighbouring characters swapped (`E11.56` → `E11.65`).
    Transposed,
    /// A character added (`E11.6` → `E11.65`).
    Added,
    /// A character replaced (`E11.64` → `E11.65`): offered only when no other edit finds a code.
    Replaced,
}

/// The one-character edit that makes `text` into `code` (both bare), if there is one.
fn edit(text: &[u8], code: &[u8]) -> Option<Edit> {
    let common = text.iter().zip(code).take_while(|(a, b)| a == b).count();
    let (t, c) = (&text[common..], &code[common..]);
    match (t.len(), c.len()) {
        (n, m) if n == m + 1 && t[1..] == *c => Some(Edit::Dropped),
        (n, m) if m == n + 1 && c[1..] == *t => Some(Edit::Added),
        (n, m) if n == m && n >= 1 && t[1..] == c[1..] => Some(Edit::Replaced),
        (n, m) if n == m && n >= 2 && t[0] == c[1] && t[1] == c[0] && t[2..] == c[2..] => {
            Some(Edit::Transposed)
        }
        _ => None,
    }
}

/// The codes nearest to `bare`, which does not exist: those of the same family (the category of
/// an ICD-10-CM code, the section of an ICD-10-PCS code, the letter of a HCPCS code) that exist on
/// `date` and are one character dropped, added or transposed away (one replaced only when none
/// is), billable ones first.
fn nearest(tables: &Tables, system: CodeSystem, bare: &str, date: Date) -> Vec<Choice> {
    let table = table_of(tables, system);
    let family = match system {
        CodeSystem::Icd10cm => 3,
        _ => 1,
    };
    let Some(prefix) = bare.get(..family) else { return Vec::new() };
    // Codes one character longer or shorter at most, valid on the date or (in ICD-10-CM)
    // headings: prefixes of valid codes.
    let near = |code: &str| code.len().abs_diff(bare.len()) <= 1;
    let mut codes: Vec<String> = Vec::new();
    for row in table.rows_under(prefix).iter().filter(|r| table.span(r).covers(date)) {
        let code = row.key.text();
        let code = code.as_str();
        if system == CodeSystem::Icd10cm {
            codes.extend(
                (3..code.len()).filter_map(|n| code.get(..n)).filter(|c| near(c)).map(str::to_string),
            );
        }
        if near(code) {
            codes.push(code.to_string());
        }
    }
    // The category itself, when it is a code (I10) or a heading.
    if system == CodeSystem::Icd10cm
        && near(prefix)
        && !matches!(table.status(prefix, date), Status::Unknown | Status::OtherDates { .. })
    {
        codes.push(prefix.to_string());
    }
    codes.sort();
    codes.dedup();
    let mut found: Vec<(Edit, &str)> =
        codes.iter().filter_map(|c| Some((edit(bare.as_bytes(), c.as_bytes())?, c.as_str()))).collect();
    if found.iter().any(|(e, _)| *e != Edit::Replaced) {
        found.retain(|(e, _)| *e != Edit::Replaced);
    }
    let mut choices: Vec<Choice> = found.into_iter().map(|(_, c)| choice(tables, system, c, date)).collect();
    choices.sort_by_key(|c| !c.billable);
    choices.truncate(MAX_SUGGESTIONS);
    choices
}

/// `E11.9 (complete code)`, `E11.9 (complete code) or E11.A (complete code)`.
fn did_you_mean(choices: &[Choice]) -> Option<String> {
    let items: Vec<String> = choices.iter().map(|c| format!("{} ({})", c.code, c.kind)).collect();
    let (last, rest) = items.split_last()?;
    Some(if rest.is_empty() { last.clone() } else { format!("{}, or {last}", rest.join(", ")) })
}

fn options(chars: &[(char, String)]) -> Vec<SeventhOption> {
    chars.iter().map(|(c, m)| SeventhOption { character: c.to_string(), meaning: m.clone() }).collect()
}

/// Where a lead sentence points to the 7th-character table instead of listing its `n` rows.
fn table_phrase(n: usize) -> String {
    format!("one of the {n} in the 7th-character table")
}

impl Lookup {
    /// The answer with the 7th-character table written out (`A initial encounter for closed
    /// fracture, B …, or S sequela`), for places that show the sentence without the table
    /// (practice feedback).
    pub fn answer_spelled_out(&self) -> String {
        let phrase = table_phrase(self.seventh_characters.len());
        if self.seventh_characters.len() < 2 || !self.answer.contains(&phrase) {
            return self.answer.replace(", the only one in the 7th-character table", "");
        }
        let options: Vec<(char, String)> = self
            .seventh_characters
            .iter()
            .filter_map(|o| Some((o.character.chars().next()?, o.meaning.clone())))
            .collect();
        self.answer.replace(&phrase, &super::seventh::options_text(&options))
    }
}

/// The lead sentence for a code that fails on its 7th character: how many characters it takes
/// and where they are listed (the 7th-character table), not the list itself.
fn seventh_sentence(why: &SeventhError, code: &str) -> String {
    let count = |options: &[(char, String)]| match options {
        [(c, m)] => format!("{c} ({m}), the only one in the 7th-character table"),
        _ => table_phrase(options.len()),
    };
    match why {
        SeventhError::Missing { options } => format!("{code} needs a 7th character: {}", count(options)),
        SeventhError::BadValue { found, options } => format!(
            "{code} has {found} as 7th character, which {} does not take: it takes {}",
            code.get(..code.len().saturating_sub(1)).unwrap_or(code),
            count(options)
        ),
        SeventhError::PlaceholderAndMissing { bases, options } => format!(
            "{code} needs the placeholder X and a 7th character: {} then {}",
            super::seventh::or_list(bases),
            count(options)
        ),
        SeventhError::Placeholder { .. } => why.message(code),
    }
}

/// The code editors' attributes of a row, in words.
fn notes(table: &Table, rows: &[Row], row: &Row, date: Date) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(edit) = AgeEdit::of(table, row) {
        if let Some((min, max)) = edit.ages(date) {
            out.push(format!("{} code (ages {min}–{max})", edit.attribute()));
        }
    }
    if let Some(limit) = super::mce::sex_limit(table, rows, row, date) {
        let edit = if limit.edit_ended.is_some() {
            format!("the MCE sex edit ended {SEX_EDITS_ENDED}")
        } else {
            "MCE sex edit".to_string()
        };
        out.push(format!("for {} patients ({edit})", limit.sex));
    }
    for name in table.attributes(row) {
        let words = match name {
            "manifestation" => "manifestation code: may not be the principal diagnosis",
            "unacceptable" => "unacceptable as principal diagnosis",
            "ecodepdx" => "external cause code: may not be the principal diagnosis",
            "qadm" => "questionable admission when principal",
            "unspecified" => "unspecified code: a more specific one may apply",
            "noncovered" => "non-covered procedure",
            "lcov" => "limited coverage",
            "questionable" => "questionable covered service",
            "newborn" | "pediatric" | "maternity" | "adult" | "male" | "female" => continue,
            other => other,
        };
        out.push(words.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(text: &str, date: Option<Date>) -> Vec<Lookup> {
        super::lookup(&Tables::builtin(), text, date)
    }

    fn lookup_in(text: &str, system: CodeSystem, date: Option<Date>) -> Lookup {
        super::lookup_in(&Tables::builtin(), text, system, date)
    }
    use jiff::civil::date;

    #[test]
    fn category_lists_its_codes() {
        let l = &lookup("e11", Some(date(2026, 3, 4)))[0];
        assert_eq!((l.system, l.verdict.clone()), (CodeSystem::Icd10cm, Verdict::Heading));
        assert!(l.answer.starts_with("E11 is a category, not a billable code on 2026-03-04"), "{}", l.answer);
        assert_eq!(l.children_total, 87);
        assert_eq!(l.children[0].code, "E11.00");
        assert_eq!(l.description.as_deref(), Some("Type 2 diabetes mellitus"));
    }

    #[test]
    fn valid_code_with_notes() {
        let l = &lookup("O80", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.verdict, Verdict::Valid);
        assert_eq!(l.answer, "O80 is a valid ICD-10-CM code on 2026-03-04");
        assert_eq!(
            l.notes,
            ["maternity code (ages 9–64)", "for female patients (the MCE sex edit ended 2024-09-30)"]
        );
    }

    #[test]
    fn dates_matter() {
        let l = &lookup("D69.11", Some(date(2026, 3, 1)))[0];
        assert_eq!(l.answer, "D69.11 is valid from 2026-10-01, not on 2026-03-01");
        let l = &lookup("D69.11", None)[0];
        assert_eq!(l.verdict, Verdict::Valid);
        assert!(l.answer.ends_with("on the newest release (2026-10-01)"), "{}", l.answer);
        let l = &lookup("D69.11", Some(date(2030, 1, 1)))[0];
        assert!(l.answer.contains("the bundled tables end then"), "{}", l.answer);
    }

    #[test]
    fn hcpcs_validity_by_the_codes_own_dates() {
        // G0438 exists since 2011; its IOCE row only since 2023-07-01.
        let l = &lookup("G0438", Some(date(2015, 6, 1)))[0];
        assert_eq!((l.system, l.verdict.clone()), (CodeSystem::Hcpcs, Verdict::Valid), "{}", l.answer);
        // G2000 is terminated 2026-12-31: valid that day, not the day after.
        assert_eq!(lookup("G2000", Some(date(2026, 12, 31)))[0].verdict, Verdict::Valid);
        let l = &lookup("G2000", Some(date(2027, 1, 1)))[0];
        assert_eq!(l.verdict, Verdict::OtherDates);
        assert!(l.answer.contains("terminated on 2026-12-31"), "{}", l.answer);
        // C9818 is approved 2026-01-23 (its row starts 2026-01-01).
        let l = &lookup("C9818", Some(date(2026, 1, 10)))[0];
        assert_eq!(l.verdict, Verdict::OtherDates);
        assert!(l.answer.contains("approved on 2026-01-23"), "{}", l.answer);
        assert_eq!(l.description.as_deref(), Some("Suzetrigine, orl, 1mg"));
        assert_eq!(lookup("C9818", Some(date(2026, 1, 23)))[0].verdict, Verdict::Valid);
        // Before the IOCE data begins, a code missing from the file is not known to be unknown.
        let l = lookup_in("J0001", CodeSystem::Hcpcs, Some(date(2018, 6, 1)));
        assert_eq!(l.verdict, Verdict::Unknown);
        assert!(l.answer.contains("whose data begins 2019-07-01"), "{}", l.answer);
    }

    #[test]
    fn hcpcs_short_descriptions() {
        let l = &lookup("g0438", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.description.as_deref(), Some("Ppps, initial visit"));
        assert_eq!(l.answer, "G0438 is a valid HCPCS Level II code on 2026-03-04");
        assert_eq!(lookup("C9818", None)[0].description.as_deref(), Some("Suzetrigine, orl, 1mg"));
        assert!(lookup_in("J0001", CodeSystem::Hcpcs, None).description.is_none());
    }

    #[test]
    fn odd_texts_get_answers_not_panics() {
        let long = "9".repeat(40);
        for text in
            ["", " ", ".", "..", "-", "--", "é", "E11.é", "E\u{0}11", "ZZZZZZZZ", "A", "0", "1-", "-1", &long]
        {
            for l in lookup(text, Some(date(1900, 1, 1))) {
                assert!(!l.answer.is_empty(), "{text:?}");
            }
        }
    }

    #[test]
    fn seventh_characters() {
        let l = &lookup("S52.501", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.verdict, Verdict::Heading);
        assert!(l.answer.starts_with("S52.501 needs a 7th character"), "{}", l.answer);
        assert_eq!(l.seventh_from.as_deref(), Some("S52"));
        assert_eq!(l.seventh_characters[0].character, "A");
        let l = &lookup("T36.01A", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.verdict, Verdict::Unknown);
        assert!(l.answer.contains("use T36.0X1A"), "{}", l.answer);
        let l = &lookup("S52.501A", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.verdict, Verdict::Valid);
        assert_eq!(l.seventh_characters.len(), 16);
        assert!(lookup("E11.9", None)[0].seventh_characters.is_empty());
        let notes = &lookup("S52.501A", None)[0].tabular_notes;
        assert!(notes.iter().any(|n| n.kind == "excludes1" && n.from == "S52"), "{notes:?}");
        assert!(notes.iter().any(|n| n.from == "block S50-S59"), "{notes:?}");
    }

    #[test]
    fn other_systems() {
        let systems =
            |t: &str| lookup(t, None).iter().map(|l| (l.system, l.verdict.clone())).collect::<Vec<_>>();
        assert_eq!(systems("0DTJ4ZZ"), [(CodeSystem::Icd10pcs, Verdict::Valid)]);
        let axes = &lookup("0016070", None)[0].pcs_axes;
        assert_eq!(
            axes.iter().map(|a| a.axis).collect::<Vec<_>>(),
            ["section", "body system", "root operation", "body part", "approach"]
        );
        assert_eq!(axes[2].meaning, "Bypass");
        assert_eq!(systems("G0438"), [(CodeSystem::Hcpcs, Verdict::Valid)]);
        assert_eq!(systems("E1165"), [(CodeSystem::Icd10cm, Verdict::Valid)]);
        assert_eq!(
            systems("E1199"),
            [(CodeSystem::Icd10cm, Verdict::Unknown), (CodeSystem::Hcpcs, Verdict::Unknown)]
        );
        assert_eq!(systems("99213"), [(CodeSystem::Cpt, Verdict::FormatValid)]);
        assert_eq!(systems("1234567893"), [(CodeSystem::Npi, Verdict::FormatValid)]);
        assert!(systems("1234567890").contains(&(CodeSystem::Npi, Verdict::Invalid)));
        assert_eq!(systems("2160-0"), [(CodeSystem::Loinc, Verdict::FormatValid)]);
        assert!(systems("73211009").contains(&(CodeSystem::Snomed, Verdict::FormatValid)));
        assert_eq!(systems("0002-1433-80"), [(CodeSystem::Ndc, Verdict::FormatValid)]);
        let l = lookup("E11-9", None);
        assert_eq!((l.len(), l[0].verdict.clone()), (1, Verdict::Invalid));
        assert!(l[0].answer.contains("contains '-'"), "{}", l[0].answer);
    }

    #[test]
    fn cpt_is_format_valid_not_valid() {
        let l = &lookup("99213", Some(date(2026, 3, 4)))[0];
        assert_eq!((l.system, l.verdict.clone()), (CodeSystem::Cpt, Verdict::FormatValid));
        assert_eq!(l.answer, "99213 is format valid — CPT content is licensed by the AMA and not checked");
        assert_eq!(serde_json::to_value(l).unwrap()["verdict"], "format_valid");
        // Nothing wrong was found, but nothing was looked up either; no billable claim is made.
        assert!(l.valid && l.billable.is_none() && l.reason.is_none());
        assert_eq!(lookup_in("99213", CodeSystem::Cpt, None).verdict, Verdict::FormatValid);
        // The other systems whose content is not bundled say so too.
        for (text, says) in [
            ("1234567893", "not checked against the NPPES registry"),
            ("2160-0", "the LOINC table is not bundled"),
            ("0002-1433-80", "not checked against the FDA NDC Directory"),
        ] {
            let l = &lookup(text, None)[0];
            assert_eq!(l.verdict, Verdict::FormatValid, "{text}");
            assert!(l.answer.contains("format valid") && l.answer.contains(says), "{}", l.answer);
        }
    }

    #[test]
    fn a_code_that_does_not_exist_gets_did_you_mean_and_no_other_codes_notes() {
        let l = &lookup("E11.99", Some(date(2026, 3, 4)))[0];
        assert_eq!((l.system, l.verdict.clone()), (CodeSystem::Icd10cm, Verdict::Unknown));
        assert_eq!(
            l.answer,
            "E11.99 does not exist in ICD-10-CM on 2026-03-04 (nor on any other date the bundled tables cover) \
             — did you mean E11.9 (complete code)?"
        );
        // E11.9's and E11's notes are not E11.99's.
        assert!(l.tabular_notes.is_empty(), "{:?}", l.tabular_notes);
        assert!(l.description.is_none() && l.notes.is_empty() && l.seventh_characters.is_empty());
        let first = &l.suggestions[0];
        assert_eq!((first.code.as_str(), first.billable, first.kind), ("E11.9", true, "complete code"));
        assert_eq!(first.description.as_deref(), Some("Type 2 diabetes mellitus without complications"));
        let json = serde_json::to_value(l).unwrap();
        assert_eq!(json["suggestions"][0]["code"], "E11.9");
    }

    #[test]
    fn did_you_mean_finds_transpositions_and_additions_billable_first() {
        let codes = |text: &str| {
            lookup(text, Some(date(2026, 3, 4)))[0]
                .suggestions
                .iter()
                .map(|c| c.code.clone())
                .collect::<Vec<_>>()
        };
        // Two characters swapped (E11.65), before the headings one character dropped.
        assert_eq!(codes("E11.56"), ["E11.65", "E11.5", "E11.6"]);
        // A character missing: the codes under a subcategory one character longer, billable
        // before the headings.
        let l = &lookup("I10.1", Some(date(2026, 3, 4)))[0];
        assert_eq!(l.verdict, Verdict::Unknown);
        assert_eq!(l.suggestions[0].code, "I10", "{:?}", l.suggestions);
        // A character added or dropped: billable codes first, then the subcategory.
        assert_eq!(codes("E11.68"), ["E11.618", "E11.628", "E11.638", "E11.8", "E11.6"]);
        // ICD-10-PCS: a character replaced only when no other edit finds a code.
        assert_eq!(codes("0DTJ4ZY"), ["0DTJ4ZG", "0DTJ4ZZ"]);
        assert_eq!(codes("0TDJ4ZZ"), ["0DTJ4ZZ", "0TJD4ZZ"]);
        // Not "did you mean" for a code whose 7th character is wrong: the table says which.
        assert!(codes("S52.501Z").is_empty());
        assert_eq!(edit(b"E1199", b"E119"), Some(Edit::Dropped));
        assert_eq!(edit(b"E116", b"E1165"), Some(Edit::Added));
        assert_eq!(edit(b"E1156", b"E1165"), Some(Edit::Transposed));
        assert_eq!(edit(b"E1164", b"E1165"), Some(Edit::Replaced));
        assert_eq!(edit(b"E1165", b"E1165"), None);
        assert_eq!(edit(b"E1156", b"E1166"), Some(Edit::Replaced));
        assert_eq!(edit(b"E1123", b"E1132"), Some(Edit::Transposed));
        assert_eq!(edit(b"E11234", b"E11324"), Some(Edit::Transposed));
        assert_eq!(edit(b"E1199", b"E11"), None);
    }

    #[test]
    fn codes_under_a_heading_are_described() {
        let l = &lookup("E11", Some(date(2026, 3, 4)))[0];
        let child = &l.children[0];
        assert_eq!((child.code.as_str(), child.billable, child.kind), ("E11.00", true, "complete code"));
        assert_eq!(
            child.description.as_deref(),
            Some("Type 2 diabetes mellitus with hyperosmolarity without nonketotic hyperglycemic-hyperosmolar coma (NKHHC)")
        );
        assert!(l.children.iter().all(|c| c.description.is_some()), "{:?}", l.children);
        let json = serde_json::to_value(l).unwrap();
        assert_eq!(json["children"][0]["code"], "E11.00");
    }

    #[test]
    fn seventh_characters_are_a_table_not_a_sentence() {
        let l = &lookup("S52.501", Some(date(2026, 3, 4)))[0];
        assert_eq!(
            l.answer,
            "S52.501 needs a 7th character: one of the 16 in the 7th-character table (on 2026-03-04)"
        );
        assert_eq!(l.seventh_characters.len(), 16);
        assert_eq!(
            (l.seventh_characters[0].character.as_str(), l.seventh_characters[0].meaning.as_str()),
            ("A", "initial encounter for closed fracture")
        );
        let l = &lookup("S52.501Z", Some(date(2026, 3, 4)))[0];
        assert_eq!(
            l.answer,
            "S52.501Z has Z as 7th character, which S52.501 does not take: it takes one of the 16 in the \
             7th-character table (on 2026-03-04)"
        );
        assert_eq!((l.seventh_from.as_deref(), l.seventh_characters.len()), (Some("S52"), 16));
        assert!(l.suggestions.is_empty());
        let l = &lookup("T36.01", Some(date(2026, 3, 4)))[0];
        assert!(
            l.answer.starts_with(
                "T36.01 needs the placeholder X and a 7th character: T36.0X1 then one of the 3 in"
            ),
            "{}",
            l.answer
        );
        assert_eq!(
            l.seventh_characters.iter().map(|o| o.character.as_str()).collect::<Vec<_>>(),
            ["A", "D", "S"]
        );
        // Where no table is shown, the sentence spells the characters out.
        assert_eq!(
            l.answer_spelled_out(),
            "T36.01 needs the placeholder X and a 7th character: T36.0X1 then A initial encounter, D subsequent \
             encounter, or S sequela (on 2026-03-04)"
        );
        let l = &lookup("S52.501", Some(date(2026, 3, 4)))[0];
        assert!(
            l.answer_spelled_out()
                .starts_with("S52.501 needs a 7th character: A initial encounter for closed fracture, B"),
            "{}",
            l.answer_spelled_out()
        );
        assert_eq!(lookup("E11.9", None)[0].answer_spelled_out(), lookup("E11.9", None)[0].answer);
    }
}
