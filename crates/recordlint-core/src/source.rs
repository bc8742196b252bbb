//! A small input as the engine reads it, cell by cell, for a page that shows records: a CSV row
//! beside its header, an HL7 v2 segment field by field, the fields the engine read from a FHIR
//! resource. Every cell carries the location a finding about it would carry and the record field
//! the engine reads from it, so the page shows what the checker saw instead of splitting the text
//! its own way. The cells come from the format's delimiter choice (CSV) and delimiters (HL7 v2);
//! the fields and record kinds from the format's own parser.

use crate::formats::{self, Format};
use crate::model::{CodeSystem, FieldKind, Location, Record, RecordKind};
use crate::profile::Profile;
use csv_core::{ReadRecordResult, ReaderBuilder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// Records read at most; the rest of a larger input is left out (`truncated`).
pub const MAX_RECORDS: usize = 2_000;

/// Where an excerpt of a larger input begins, so that its cells carry the whole file's locations.
/// All zero: the text is the whole input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Excerpt {
    /// The file line where the excerpt's records begin (CSV: its first line after the header,
    /// which the excerpt repeats as its first line; HL7 v2: its first line, an MSH).
    pub line: u64,
    /// CSV: the row number of the excerpt's first record after the header.
    pub row: u64,
    /// HL7 v2: the number of the excerpt's first message.
    pub message: u32,
}

/// An input read cell by cell.
#[derive(Debug, Serialize)]
pub struct Source {
    pub format: Format,
    /// CSV: the delimiter the engine chose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// CSV: the header's cells (row 1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Cell>,
    pub records: Vec<SourceRecord>,
    /// More records followed than [`MAX_RECORDS`].
    pub truncated: bool,
}

/// One record: a CSV row, an HL7 v2 message, a FHIR record.
#[derive(Debug, Serialize)]
pub struct SourceRecord {
    /// Where it starts, as findings about the whole record carry it.
    pub location: Location,
    /// The location as findings print it (`row 3`, `message 2, MSH`).
    pub place: String,
    /// What the record stands for, when the engine read it as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<RecordKind>,
    /// CSV: the row's cells; FHIR: the fields the engine read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<Cell>,
    /// HL7 v2: the message's segments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
}

/// An HL7 v2 segment of a message.
#[derive(Debug, Serialize)]
pub struct Segment {
    /// The segment id (`PID`).
    pub id: String,
    /// Its path in the message (`PID`, `DG1[2]` for the second DG1).
    pub path: String,
    pub line: u64,
    pub cells: Vec<Cell>,
}

/// One value.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// CSV: the column's header (trimmed, as locations name it; "" beyond the header); HL7 v2:
    /// the field's path (`PID-7`); FHIR: the element's pointer.
    pub name: String,
    /// Its number in the row or segment, from 1 (HL7 v2 fields as the standard numbers them:
    /// MSH-1 is the field separator).
    pub number: u32,
    /// The text as written (CSV quotes removed).
    pub value: String,
    pub location: Location,
    /// The location as findings print it (`row 2, dob`, `message 1, PID-7`).
    pub place: String,
    /// The record field the engine reads from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldKind>,
    /// The code system of a code the engine reads from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<CodeSystem>,
}

impl Cell {
    fn new(name: String, number: usize, value: String, location: Location) -> Cell {
        let place = location.to_string();
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        Cell { name, number, value, location, place, field: None, system: None }
    }
}

/// A record field kind with its label, for forms that list fields.
#[derive(Debug, Serialize)]
pub struct FieldInfo {
    /// The canonical name profiles use (`birth_date`).
    pub name: &'static str,
    /// The words a form shows (`Birth date`).
    pub label: &'static str,
    /// About the patient rather than one encounter.
    pub patient_level: bool,
    /// Required by the default profile.
    pub required_by_default: bool,
}

/// Every record field, in the order a face sheet lists them.
pub fn field_kinds() -> Vec<FieldInfo> {
    let required = Profile::default().required;
    FieldKind::ALL
        .iter()
        .map(|&kind| FieldInfo {
            name: kind.name(),
            label: label(kind),
            patient_level: kind.is_patient_level(),
            required_by_default: required.contains(&kind),
        })
        .collect()
}

/// The label of a field kind.
pub fn label(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Mrn => "MRN",
        FieldKind::PatientName => "Patient name",
        FieldKind::BirthDate => "Birth date",
        FieldKind::Sex => "Sex",
        FieldKind::DeathDate => "Death date",
        FieldKind::EncounterId => "Encounter id",
        FieldKind::PatientClass => "Patient class",
        FieldKind::AdmitDate => "Admit / service date",
        FieldKind::DischargeDate => "Discharge date",
        FieldKind::DischargeStatus => "Discharge status",
        FieldKind::AttendingNpi => "Attending NPI",
        FieldKind::Payer => "Payer",
        FieldKind::PrincipalDiagnosis => "Principal diagnosis",
        FieldKind::SecondaryDiagnoses => "Secondary diagnoses",
        FieldKind::Procedures => "Procedures",
    }
}

/// Reads `text` (the format sniffed as the validator sniffs it) cell by cell; `from` places an
/// excerpt in its file. Meant for inputs a person looks at: at most [`MAX_RECORDS`] records.
pub fn read_source(text: &str, from: Excerpt) -> Source {
    let bytes = text.as_bytes();
    let format = Format::sniff(bytes);
    // Only the records are read: the report, and so the date its rules judge by, is dropped.
    let (records, _) =
        crate::read_records_on(bytes, Some(format), &Profile::default(), jiff::civil::Date::MAX);
    let read = Read::new(&records);
    match format {
        Format::Csv => csv(bytes, from, &read),
        Format::Hl7v2 => hl7(text, from, &read),
        Format::Fhir => fhir(records),
    }
}

/// What the engine's parser made of the input: the field and code system read at each place, and
/// each record's kind, keyed by the excerpt's own numbering.
struct Read {
    /// (row or message, column or field path) → field and system.
    cells: HashMap<(u64, String), (Option<FieldKind>, Option<CodeSystem>)>,
    kinds: HashMap<u64, RecordKind>,
}

impl Read {
    fn new(records: &[Record]) -> Read {
        let mut read = Read { cells: HashMap::new(), kinds: HashMap::new() };
        for r in records {
            if let Some(n) = record_number(&r.at) {
                read.kinds.entry(n).or_insert(r.kind);
            }
            for (kind, field, system) in located_fields(r) {
                let Some(key) = cell_key(&field.at) else { continue };
                let entry = read.cells.entry(key).or_insert((None, None));
                entry.0 = entry.0.or(kind);
                entry.1 = entry.1.or(system);
            }
        }
        read
    }

    fn annotate(&self, cell: &mut Cell, record: u64, name: &str) {
        if let Some(&(field, system)) = self.cells.get(&(record, name.to_string())) {
            cell.field = field;
            cell.system = system;
        }
    }
}

fn record_number(at: &Location) -> Option<u64> {
    match at {
        Location::Csv { row, .. } => Some(*row),
        Location::Hl7 { message, .. } => Some(u64::from(*message)),
        _ => None,
    }
}

/// The cell a field's location names: a CSV row and column, an HL7 message and field (`PID-7`
/// of `PID-7.1` or `PID-3(2).1`).
fn cell_key(at: &Location) -> Option<(u64, String)> {
    match at {
        Location::Csv { row, column: Some(c), .. } => Some((*row, c.to_string())),
        Location::Hl7 { message, path, .. } => {
            let dash = path.find('-')?;
            let end = path[dash..].find(['.', '(']).map_or(path.len(), |i| dash + i);
            Some((u64::from(*message), path[..end].to_string()))
        }
        _ => None,
    }
}

/// Every field of a record with the kind and code system the engine gave it.
fn located_fields(r: &Record) -> Vec<(Option<FieldKind>, &crate::model::Field, Option<CodeSystem>)> {
    let mut out = Vec::new();
    for kind in FieldKind::ALL {
        if matches!(kind, FieldKind::SecondaryDiagnoses | FieldKind::Procedures) {
            continue;
        }
        if let Some(f) = r.field(kind) {
            let system = (kind == FieldKind::PrincipalDiagnosis)
                .then(|| r.principal_diagnosis.as_ref().map(|c| c.system))
                .flatten();
            out.push((Some(kind), f, system));
        }
    }
    let lists =
        [(FieldKind::SecondaryDiagnoses, &r.secondary_diagnoses), (FieldKind::Procedures, &r.procedures)];
    for (kind, codes) in lists {
        out.extend(codes.iter().map(|c| (Some(kind), &c.field, Some(c.system))));
    }
    out.extend(r.codes.iter().map(|c| (None, &c.field, Some(c.system))));
    out
}

/* CSV: the engine's delimiter, csv-core as the parser reads it, rows and lines counted alike. */

fn csv(bytes: &[u8], from: Excerpt, read: &Read) -> Source {
    let bytes = bytes.strip_prefix(formats::text::UTF8_BOM).unwrap_or(bytes);
    let delimiter = formats::csv::sniff_delimiter(bytes);
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; bytes.len() + 1];
    let mut ends = vec![0usize; bytes.len() + 2];
    let (mut pos, mut start, mut out_len, mut ends_len) = (0, 0, 0, 0);
    let (mut lines_before, mut rows) = (0u64, 0u64);
    let (mut row_shift, mut line_shift) = (0i64, 0i64);
    let mut header: Vec<Arc<str>> = Vec::new();
    let mut source = Source {
        format: Format::Csv,
        delimiter: Some(char::from(delimiter)),
        header: Vec::new(),
        records: Vec::new(),
        truncated: false,
    };
    loop {
        let (result, nin, nout, nend) =
            reader.read_record(&bytes[pos..], &mut out[out_len..], &mut ends[ends_len..]);
        pos += nin;
        out_len += nout;
        ends_len += nend;
        match result {
            ReadRecordResult::InputEmpty => continue,
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => break, // sized not to happen
            ReadRecordResult::End => break,
            ReadRecordResult::Record => {}
        }
        let raw = &bytes[start..pos];
        let leading = raw.iter().take_while(|b| matches!(b, b'\r' | b'\n')).filter(|&&b| b == b'\n').count();
        let line = lines_before + leading as u64 + 1;
        lines_before += raw.iter().filter(|&&b| b == b'\n').count() as u64;
        let fields: Vec<String> = (0..ends_len)
            .map(|i| {
                let s = if i == 0 { 0 } else { ends[i - 1] };
                String::from_utf8_lossy(&out[s..ends[i]]).into_owned()
            })
            .collect();
        let blank = ends_len == 1 && out_len == 0;
        (start, out_len, ends_len) = (pos, 0, 0);
        if blank {
            continue;
        }
        rows += 1;
        if rows == 1 {
            header = fields.iter().map(|f| Arc::from(f.trim())).collect();
            source.header = fields
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let at = Location::Csv { row: 1, column: Some(header[i].clone()), line };
                    Cell::new(header[i].to_string(), i + 1, v, at)
                })
                .collect();
            if from.line > 0 {
                row_shift = from.row.max(2) as i64 - 2;
                line_shift = from.line as i64 - (lines_before as i64 + 1);
            }
            continue;
        }
        if source.records.len() == MAX_RECORDS {
            source.truncated = true;
            break;
        }
        let shifted_row = (rows as i64 + row_shift).max(1) as u64;
        let shifted_line = (line as i64 + line_shift).max(1) as u64;
        let cells = fields
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let column = header.get(i).cloned();
                let name = column.as_deref().unwrap_or("").to_string();
                let at = Location::Csv { row: shifted_row, column, line: shifted_line };
                let mut cell = Cell::new(name, i + 1, v, at);
                if let Some(c) = header.get(i) {
                    read.annotate(&mut cell, rows, c);
                }
                cell
            })
            .collect();
        let at = Location::Csv { row: shifted_row, column: None, line: shifted_line };
        source.records.push(SourceRecord {
            place: at.to_string(),
            location: at,
            kind: read.kinds.get(&rows).copied(),
            cells,
            segments: Vec::new(),
        });
    }
    source
}

/* HL7 v2: segments ended by CR, LF or CRLF, messages begun by MSH, fields split by MSH-1. */

fn hl7(text: &str, from: Excerpt, read: &Read) -> Source {
    let mut source = Source {
        format: Format::Hl7v2,
        delimiter: None,
        header: Vec::new(),
        records: Vec::new(),
        truncated: false,
    };
    let line_shift = from.line.saturating_sub(1);
    let message_shift = from.message.saturating_sub(1);
    let mut separator = '|';
    let mut messages = 0u32;
    let mut in_message = false;
    let mut line = 0u64;
    let mut rest = text;
    while !rest.is_empty() {
        line += 1;
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let raw = &rest[..end];
        rest = &rest[end..];
        rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\r', '\n'])).unwrap_or(rest);
        let segment: String = raw.chars().filter(|&c| c != '\u{0b}' && c != '\u{1c}').collect();
        let segment = segment.trim_start_matches('\u{feff}').trim_start();
        if segment.trim().is_empty() {
            continue;
        }
        let id: String = segment.chars().take(3).collect();
        match id.as_str() {
            "MSH" => {
                if source.records.len() == MAX_RECORDS {
                    source.truncated = true;
                    break;
                }
                messages += 1;
                in_message = true;
                separator = segment
                    .chars()
                    .nth(3)
                    .filter(|c| !c.is_alphanumeric() && !c.is_whitespace())
                    .unwrap_or('|');
                let at = Location::Hl7 {
                    message: messages + message_shift,
                    path: "MSH".into(),
                    line: line + line_shift,
                };
                source.records.push(SourceRecord {
                    place: at.to_string(),
                    location: at,
                    kind: read.kinds.get(&u64::from(messages)).copied(),
                    cells: Vec::new(),
                    segments: Vec::new(),
                });
            }
            "FHS" | "BHS" | "BTS" | "FTS" => {
                in_message = false;
                continue;
            }
            _ if !in_message || !formats::hl7v2::is_segment(segment, separator) => continue,
            _ => {}
        }
        let Some(record) = source.records.last_mut() else { continue };
        let occurrence = 1 + record.segments.iter().filter(|s| s.id == id).count();
        let path = if occurrence > 1 { format!("{id}[{occurrence}]") } else { id.clone() };
        let mut parts: Vec<&str> = segment.split(separator).collect();
        let separator_text = separator.to_string();
        if id == "MSH" {
            parts.insert(1, &separator_text);
        }
        let message = messages + message_shift;
        let cells = parts
            .into_iter()
            .enumerate()
            .skip(1)
            .map(|(n, v)| {
                let name = format!("{path}-{n}");
                let at = Location::Hl7 { message, path: name.clone(), line: line + line_shift };
                let mut cell = Cell::new(name.clone(), n, v.to_string(), at);
                read.annotate(&mut cell, u64::from(messages), &name);
                cell
            })
            .collect();
        record.segments.push(Segment { id, path, line: line + line_shift, cells });
    }
    source
}

/* FHIR: the records the engine mapped, with the fields it read (their pointers). */

fn fhir(records: Vec<Record>) -> Source {
    let mut source = Source {
        format: Format::Fhir,
        delimiter: None,
        header: Vec::new(),
        records: Vec::new(),
        truncated: false,
    };
    source.truncated = records.len() > MAX_RECORDS;
    for r in records.iter().take(MAX_RECORDS) {
        let cells = located_fields(r)
            .into_iter()
            .enumerate()
            .map(|(i, (kind, field, system))| {
                let name = match &field.at {
                    Location::Json { pointer, .. } => pointer.clone(),
                    other => other.to_string(),
                };
                let mut cell = Cell::new(name, i + 1, field.text.clone(), field.at.clone());
                cell.field = kind;
                cell.system = system;
                cell
            })
            .collect();
        source.records.push(SourceRecord {
            place: r.at.to_string(),
            location: r.at.clone(),
            kind: Some(r.kind),
            cells,
            segments: Vec::new(),
        });
    }
    source
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(cells: &[Cell]) -> Vec<String> {
        cells.iter().map(|c| format!("{}={}", c.place, c.value)).collect()
    }

    #[test]
    fn csv_rows_as_the_engine_numbers_them() {
        let text = "mrn;name;dob;x\r\n\r\nA1;\"Doe; Jane\";1980-02-01;z\r\nA2;\"two\nlines\";1990-01-01;\n";
        let s = read_source(text, Excerpt::default());
        assert_eq!(s.delimiter, Some(';'));
        assert_eq!(s.header.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["mrn", "name", "dob", "x"]);
        assert_eq!(s.records.len(), 2);
        assert_eq!(s.records[0].place, "row 2");
        assert_eq!(places(&s.records[0].cells)[1], "row 2, name=Doe; Jane");
        assert_eq!(s.records[0].location.line(), Some(3));
        assert_eq!(s.records[1].cells[1].value, "two\nlines");
        assert_eq!(s.records[1].location.line(), Some(4));
        assert_eq!(s.records[0].cells[2].field, Some(FieldKind::BirthDate));
        assert_eq!(s.records[0].cells[3].field, None);
    }

    #[test]
    fn a_csv_excerpt_keeps_the_file_locations() {
        let s = read_source("mrn,dob\nA9,2001-01-01\n", Excerpt { line: 41, row: 40, message: 0 });
        assert_eq!(s.records[0].cells[1].place, "row 40, dob");
        assert_eq!(s.records[0].location.line(), Some(41));
        assert_eq!(s.records[0].cells[1].field, Some(FieldKind::BirthDate));
    }

    #[test]
    fn hl7_fields_by_number_with_engine_paths() {
        let text = "MSH|^~\\&|A|B|C|D|20260304||ADT^A01|1|P|2.5\rPID|1||448210^^^H^MR||Okafor^Ada||19570502|F\rDG1|1||E11.9\rDG1|2||I10\r";
        let s = read_source(text, Excerpt::default());
        assert_eq!(s.format, Format::Hl7v2);
        let m = &s.records[0];
        assert_eq!(
            m.segments.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(),
            ["MSH", "PID", "DG1", "DG1[2]"]
        );
        assert_eq!(m.segments[0].cells[0].value, "|");
        assert_eq!(m.segments[0].cells[6].place, "message 1, MSH-7");
        let pid7 = &m.segments[1].cells[6];
        assert_eq!((pid7.place.as_str(), pid7.value.as_str()), ("message 1, PID-7", "19570502"));
        assert_eq!(pid7.field, Some(FieldKind::BirthDate));
        assert_eq!(m.segments[3].cells[2].place, "message 1, DG1[2]-3");
        let s = read_source(text, Excerpt { line: 9, row: 0, message: 3 });
        assert_eq!(s.records[0].segments[1].cells[6].location.line(), Some(10));
        assert_eq!(s.records[0].place, "message 3, MSH");
    }

    #[test]
    fn fhir_records_with_the_fields_read() {
        let s = read_source(
            r#"{"resourceType":"Patient","id":"p","birthDate":"1957-05-02","gender":"female"}"#,
            Excerpt::default(),
        );
        assert_eq!(s.format, Format::Fhir);
        let cells = &s.records[0].cells;
        assert!(
            cells.iter().any(|c| c.field == Some(FieldKind::BirthDate) && c.name == "/birthDate"),
            "{cells:?}"
        );
    }

    #[test]
    fn field_kinds_have_labels() {
        let kinds = field_kinds();
        assert_eq!(kinds.len(), FieldKind::ALL.len());
        assert!(kinds.iter().any(|k| k.name == "principal_dx" && k.required_by_default));
    }
}
