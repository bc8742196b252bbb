//! The de-identified copy of a CSV file, written row by row as it is read (memory stays that of
//! one row): each column is treated by what its header says it holds (see [`Treatment`]); the
//! delimiter, the header and the line ends are kept, and cells are quoted where they need it.

use super::category::Category;
use super::scrub::{free_text, Known};
use super::session::Session;
use super::Writer;
use crate::formats::columns::{self, Role};
use crate::model::{FieldKind, TextKind};
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::collections::BTreeMap;

/// What the copy does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// Kept as written (codes, sex, class, status, payer, provider NPIs).
    Keep,
    /// Each value replaced by its token.
    Token(Category),
    /// Emptied.
    Remove(Category),
    /// A person's name (or part of one): its token.
    Name,
    /// A date: its year, or shifted.
    Date,
    /// The birth date: its year (capped at 90 years ago), or shifted.
    BirthDate,
    /// A ZIP code: three digits or `000`.
    Zip,
    /// An age: "90 or older" above 89.
    Age,
    /// Free text, or a column recordlint does not know: identifiers found are redacted, and the
    /// column is listed in the residual-risk report.
    FreeText,
}

/// Words of a normalised header, and what they say the column holds.
const WORDS: &[(&[&str], Treatment)] = &[
    (&["zip", "zipcode", "postal", "postcode"], Treatment::Zip),
    (&["ssn", "social"], Treatment::Token(Category::Ssn)),
    (&["fax"], Treatment::Remove(Category::Fax)),
    (&["phone", "telephone", "tel", "mobile", "cell", "pager"], Treatment::Remove(Category::Phone)),
    (&["email", "mail"], Treatment::Remove(Category::Email)),
    (&["url", "website", "web", "homepage"], Treatment::Remove(Category::Url)),
    (&["ip"], Treatment::Remove(Category::Ip)),
    (
        &[
            "address",
            "addr",
            "street",
            "city",
            "county",
            "town",
            "precinct",
            "latitude",
            "longitude",
            "lat",
            "lon",
            "lng",
            "geocode",
            "tract",
            "neighborhood",
        ],
        Treatment::Remove(Category::Geographic),
    ),
    (
        &["member", "subscriber", "policy", "medicaid", "medicare", "mbi", "beneficiary", "hicn"],
        Treatment::Token(Category::HealthPlan),
    ),
    (&["account", "acct", "fin"], Treatment::Token(Category::Account)),
    (&["license", "licence", "dl"], Treatment::Token(Category::Licence)),
    (&["vin", "plate", "vehicle"], Treatment::Token(Category::Vehicle)),
    (&["device", "serial", "udi"], Treatment::Token(Category::Device)),
    (&["photo", "image", "picture", "portrait"], Treatment::Remove(Category::Photo)),
    (&["fingerprint", "biometric", "voiceprint", "retina"], Treatment::Remove(Category::Biometric)),
    (&["age"], Treatment::Age),
    (&["date", "dt", "dob", "dod", "time", "timestamp", "datetime", "birthdate"], Treatment::Date),
];

/// Words that make a `name` column a person's (not a payer's, a drug's or a test's).
const PERSON: &[&str] = &[
    "patient",
    "pt",
    "mother",
    "father",
    "guardian",
    "spouse",
    "contact",
    "emergency",
    "nok",
    "kin",
    "guarantor",
    "insured",
    "subscriber",
    "relative",
    "maiden",
    "middle",
    "alias",
    "nickname",
    "parent",
    "first",
    "last",
    "given",
    "family",
    "full",
];

/// How the copy treats the column named `header`.
pub fn treatment(header: &str) -> Treatment {
    let role = columns::role_for(header, &BTreeMap::new());
    match role {
        Role::Single(FieldKind::Mrn) => return Treatment::Token(Category::Mrn),
        Role::Single(FieldKind::PatientName) | Role::GivenName | Role::FamilyName => return Treatment::Name,
        Role::Single(FieldKind::BirthDate) => return Treatment::BirthDate,
        Role::Single(FieldKind::DeathDate | FieldKind::AdmitDate | FieldKind::DischargeDate) => {
            return Treatment::Date
        }
        Role::Single(FieldKind::EncounterId) => return Treatment::Token(Category::Account),
        Role::Text(TextKind::Address) => return Treatment::Remove(Category::Geographic),
        Role::Text(_) => return Treatment::FreeText,
        Role::Ignore => {}
        _ => return Treatment::Keep,
    }
    let key = columns::normalise(header);
    let words: Vec<&str> = key.split('_').collect();
    if words.contains(&"name") && words.iter().any(|w| PERSON.contains(w)) {
        return Treatment::Name;
    }
    WORDS
        .iter()
        .find(|(list, _)| words.iter().any(|w| list.contains(w)))
        .map_or(Treatment::FreeText, |(_, t)| *t)
}

/// The CSV copy being written.
pub struct CsvWriter {
    reader: Option<Reader>,
    delimiter: u8,
    newline: &'static [u8],
    started: bool,
    held: Vec<u8>,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    header: Vec<String>,
    treatments: Vec<Treatment>,
    rows: u64,
    known: Known,
    /// Cells that are not UTF-8 were read byte for character (Latin-1, which keeps every byte of
    /// a Windows-1252 file), and the copy is written back the same way.
    latin1: bool,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter {
            reader: None,
            delimiter: b',',
            newline: b"\n",
            started: false,
            held: Vec::new(),
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            header: Vec::new(),
            treatments: Vec::new(),
            rows: 0,
            known: Known::default(),
            latin1: false,
        }
    }
}

impl CsvWriter {
    fn start(&mut self, session: &mut Session, sink: &mut Vec<u8>) {
        let mut head = std::mem::take(&mut self.held);
        if head.starts_with(b"\xEF\xBB\xBF") {
            sink.extend_from_slice(b"\xEF\xBB\xBF");
            head.drain(..3);
        }
        self.delimiter = crate::formats::csv::sniff_delimiter(&head);
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
        if first_line.ends_with(b"\r") {
            self.newline = b"\r\n";
        }
        self.reader = Some(ReaderBuilder::new().delimiter(self.delimiter).build());
        self.started = true;
        self.read(&head, false, session, sink);
    }

    fn read(&mut self, mut input: &[u8], at_eof: bool, session: &mut Session, sink: &mut Vec<u8>) {
        loop {
            let reader = self.reader.as_mut().expect("started");
            let (result, nin, nout, nend) =
                reader.read_record(input, &mut self.out[self.out_len..], &mut self.ends[self.ends_len..]);
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => {
                    if !at_eof || input.is_empty() {
                        return;
                    }
                }
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    self.record(session, sink);
                    self.out_len = 0;
                    self.ends_len = 0;
                }
                ReadRecordResult::End => return,
            }
        }
    }

    /// The cells of the record just read.
    fn cells(&mut self) -> Vec<String> {
        let mut start = 0;
        let mut latin1 = self.latin1;
        let cells = self.ends[..self.ends_len]
            .iter()
            .map(|&end| {
                let bytes = &self.out[start..end];
                start = end;
                match std::str::from_utf8(bytes) {
                    Ok(s) if !latin1 => s.to_string(),
                    _ => {
                        latin1 = true;
                        bytes.iter().map(|&b| b as char).collect()
                    }
                }
            })
            .collect();
        self.latin1 = latin1;
        cells
    }

    fn record(&mut self, session: &mut Session, sink: &mut Vec<u8>) {
        if self.ends_len == 1 && self.out_len == 0 {
            return; // a blank line is not copied
        }
        let cells = self.cells();
        self.rows += 1;
        if self.rows == 1 {
            self.treatments = cells.iter().map(|h| treatment(h)).collect();
            self.header = cells.clone();
            self.write_row(&cells, sink);
            return;
        }
        let copied = self.deidentify_row(&cells, session);
        self.write_row(&copied, sink);
    }

    fn write_row(&self, cells: &[String], sink: &mut Vec<u8>) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                sink.push(self.delimiter);
            }
            let needs_quotes = cell.bytes().any(|b| b == self.delimiter || matches!(b, b'"' | b'\r' | b'\n'));
            let text = if needs_quotes { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.clone() };
            if self.latin1 {
                sink.extend(text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')));
            } else {
                sink.extend_from_slice(text.as_bytes());
            }
        }
        sink.extend_from_slice(self.newline);
    }

    fn deidentify_row(&mut self, cells: &[String], session: &mut Session) -> Vec<String> {
        // A row whose cells do not line up with the header (a ragged row, a quote never closed)
        // may hold anything anywhere: its kept cells are read as free text too.
        let ragged = cells.len() != self.header.len();
        let treatment = |i: usize| match self.treatments.get(i).copied() {
            Some(Treatment::Keep) if ragged => Treatment::FreeText,
            Some(t) => t,
            None => Treatment::FreeText,
        };
        let mrn = (0..cells.len()).find(|&i| treatment(i) == Treatment::Token(Category::Mrn));
        let patient = mrn.map_or_else(|| format!("row {}", self.rows), |i| cells[i].trim().to_string());
        self.known.clear();
        let mut out: Vec<String> = cells.to_vec();
        for (i, cell) in cells.iter().enumerate() {
            let column = self.header.get(i).map_or("", String::as_str);
            out[i] = match treatment(i) {
                Treatment::Keep | Treatment::FreeText => continue,
                _ if cell.trim().is_empty() => continue,
                Treatment::Token(category) => {
                    let token = session.identifier(category, cell, column);
                    self.known.add(category, cell, &token);
                    token
                }
                Treatment::Remove(category) => {
                    session.removed(category, cell, column);
                    if category == Category::Geographic {
                        self.known.add(category, cell, "[ADDR]");
                    }
                    String::new()
                }
                Treatment::Name => {
                    let token = session.identifier(Category::Name, cell, column);
                    self.known.add_name(cell, &token);
                    token
                }
                Treatment::Date => session.date(cell, &patient, column),
                Treatment::BirthDate => session.birth_date(cell, &patient, column),
                Treatment::Zip => session.zip(cell, column),
                Treatment::Age => session.age(cell, column),
            };
        }
        for (i, cell) in cells.iter().enumerate() {
            if treatment(i) == Treatment::FreeText && !cell.trim().is_empty() {
                let column = self.header.get(i).map_or("(extra cell)", String::as_str);
                out[i] = free_text(session, cell, &self.known, &patient, column);
            }
        }
        out
    }
}

impl Writer for CsvWriter {
    fn write(&mut self, chunk: &[u8], session: &mut Session, sink: &mut Vec<u8>) {
        if self.started {
            return self.read(chunk, false, session, sink);
        }
        self.held.extend_from_slice(chunk);
        if self.held.contains(&b'\n') || self.held.len() > 64 * 1024 {
            self.start(session, sink);
        }
    }

    fn finish(&mut self, session: &mut Session, sink: &mut Vec<u8>) -> Result<(), String> {
        if !self.started {
            self.start(session, sink);
        }
        self.read(&[], true, session, sink);
        Ok(())
    }
}
