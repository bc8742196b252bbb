//! The WebAssembly boundary: the only file with `#[wasm_bindgen]`. Rust types cross as plain
//! serde objects; failures cross as `js_sys::Error` through [`js_error`]. Native builds compile it
//! empty.
#![cfg(target_arch = "wasm32")]

use recordlint_core::rules;
use serde::Serialize;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

mod heap;

/// Installs the panic hook so that a bug shows in the console instead of "unreachable".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The one way failures cross to JavaScript.
fn js_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// The page's local date (2026-01-01 if the browser's were out of range).
fn today() -> jiff::civil::Date {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => jiff::civil::Date::new(y, m, d).ok(),
        _ => None,
    }
    .unwrap_or(jiff::civil::date(2026, 1, 1))
}

/// Serialises to plain JS objects (maps as objects, integers as numbers).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(js_error)
}

/// The findings from index `start` on.
fn findings_from(findings: &[recordlint_core::Finding], start: usize) -> Result<JsValue, JsValue> {
    to_js(&findings[start.min(findings.len())..])
}

/// A finished report without its first `start` findings (those the page was sent while the
/// input streamed), so that the end of a large run does not copy every kept finding again; with
/// `index_bytes`, the heap the cross-record index held (for benchmarks), when there was one.
fn report_from(
    (mut report, index): (recordlint_core::Report, Option<recordlint_core::rules::CrossRecordIndex>),
    start: usize,
) -> Result<JsValue, JsValue> {
    report.findings.drain(..start.min(report.findings.len()));
    let js = to_js(&report)?;
    if let Some(index) = index {
        js_sys::Reflect::set(&js, &"index_bytes".into(), &(index.heap_bytes() as f64).into())?;
    }
    Ok(js)
}

/// The code tables a page holds and hands to each check and look-up: the built-in ones, or those
/// with a loaded release, descriptions or notes. Loading makes a new set (a check already running
/// keeps the set it was given).
#[wasm_bindgen]
pub struct Tables {
    inner: Arc<recordlint_core::Tables>,
}

impl Tables {
    fn replace(&mut self, loaded: Result<(recordlint_core::Tables, usize), String>) -> Result<u32, JsValue> {
        let (tables, n) = loaded.map_err(js_error)?;
        self.inner = Arc::new(tables);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

#[wasm_bindgen]
impl Tables {
    /// The built-in tables (no descriptions or notes: the page fetches and adds them).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Tables {
        Tables { inner: recordlint_core::Tables::builtin() }
    }

    /// Adds ICD-10-CM descriptions (the bundled `icd10cm-descriptions.txt.deflate`, or an official
    /// CDC `icd10cm-codes-YYYY.txt`) to those of this set; returns how many codes are described.
    #[wasm_bindgen(js_name = loadDescriptions)]
    pub fn load_descriptions(&mut self, bytes: &[u8]) -> Result<u32, JsValue> {
        let loaded = self.inner.with_descriptions(bytes);
        self.replace(loaded)
    }

    /// Uses the ICD-10-PCS long descriptions (`icd10pcs-descriptions.txt.deflate`); returns how
    /// many codes are described.
    #[wasm_bindgen(js_name = loadPcsDescriptions)]
    pub fn load_pcs_descriptions(&mut self, bytes: &[u8]) -> Result<u32, JsValue> {
        let loaded = self.inner.with_pcs_descriptions(bytes);
        self.replace(loaded)
    }

    /// Uses the HCPCS Level II short descriptions (`hcpcs-descriptions.txt.deflate`); returns how
    /// many codes are described.
    #[wasm_bindgen(js_name = loadHcpcsDescriptions)]
    pub fn load_hcpcs_descriptions(&mut self, bytes: &[u8]) -> Result<u32, JsValue> {
        let loaded = self.inner.with_hcpcs_descriptions(bytes);
        self.replace(loaded)
    }

    /// Uses the ICD-10-CM tabular notes (`icd10cm-notes.txt.deflate`) for the look-up; returns how
    /// many notes there are.
    #[wasm_bindgen(js_name = loadNotes)]
    pub fn load_notes(&mut self, bytes: &[u8]) -> Result<u32, JsValue> {
        let loaded = self.inner.with_notes(bytes);
        self.replace(loaded)
    }

    /// Makes a newer ICD-10-CM release (the CMS/CDC `icd10cm_order_YYYY.txt` file, as text) the
    /// one in force in this set from its effective date (from the file name's year):
    /// `{ codes, billable, effective_from, new_codes, ended_codes }`.
    #[wasm_bindgen(js_name = loadOrderFile)]
    pub fn load_order_file(&mut self, text: &str, file_name: &str) -> Result<JsValue, JsValue> {
        use recordlint_core::codes::release;
        let entries = release::parse(text).map_err(|e| js_error(format!("{file_name}: {e}")))?;
        let from = release::effective_date(&self.inner, file_name);
        let (tables, summary) = release::activate(&self.inner, &entries, from).map_err(js_error)?;
        self.inner = Arc::new(tables);
        to_js(&summary)
    }
}

impl Default for Tables {
    fn default() -> Tables {
        Tables::new()
    }
}

/// A validator for one input, fed in chunks.
#[wasm_bindgen]
pub struct Validator {
    inner: Option<recordlint_core::Validator>,
}

#[wasm_bindgen]
impl Validator {
    /// Creates a validator from a profile in JSON (absent or blank: the default profile) that
    /// looks codes up in `tables`.
    #[wasm_bindgen(constructor)]
    pub fn new(profile_json: Option<String>, tables: &Tables) -> Result<Validator, JsValue> {
        let profile =
            recordlint_core::Profile::from_json(profile_json.as_deref().unwrap_or("")).map_err(js_error)?;
        let tables = Arc::clone(&tables.inner);
        let inner = recordlint_core::Validator::with_tables(profile, today(), tables);
        Ok(Validator { inner: Some(inner) })
    }

    /// Feeds the next chunk of the file (any size; it may end mid-row).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.as_mut().ok_or_else(|| js_error("validator already finished"))?.feed(chunk);
        Ok(())
    }

    /// Counts so far: `{ records, errors, warnings, infos, … }`.
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        let inner = self.inner.as_ref().ok_or_else(|| js_error("validator already finished"))?;
        to_js(&inner.report().summary)
    }

    /// The findings kept so far from index `start` on, so that a page can show them while the
    /// input streams: `[{ rule, name, severity, location, message }]`.
    #[wasm_bindgen(js_name = findingsFrom)]
    pub fn findings_from(&self, start: usize) -> Result<JsValue, JsValue> {
        let inner = self.inner.as_ref().ok_or_else(|| js_error("validator already finished"))?;
        findings_from(&inner.report().findings, start)
    }

    /// The findings kept since the last take, handed to the page and dropped from the engine's
    /// memory (a large input's findings are then held once, by the page); the finished report
    /// has only those found after the last take.
    #[wasm_bindgen(js_name = takeFindings)]
    pub fn take_findings(&mut self) -> Result<JsValue, JsValue> {
        let inner = self.inner.as_mut().ok_or_else(|| js_error("validator already finished"))?;
        to_js(&inner.take_findings())
    }

    /// Ends the input and returns the report `{ format, findings, summary }`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let inner = self.inner.take().ok_or_else(|| js_error("validator already finished"))?;
        to_js(&inner.finish())
    }

    /// Ends the input and returns the report with its findings from index `start` on (those
    /// before were taken with `findingsFrom`).
    #[wasm_bindgen(js_name = finishFrom)]
    pub fn finish_from(&mut self, start: usize) -> Result<JsValue, JsValue> {
        let inner = self.inner.take().ok_or_else(|| js_error("validator already finished"))?;
        report_from(inner.finish_with_index(), start)
    }
}

/// Several files checked in turn as one run (see [`recordlint_core::Run`]): the cross-file findings
/// `recordlint check a.csv b.csv c.hl7` reports.
#[wasm_bindgen]
pub struct Run {
    inner: recordlint_core::Run,
}

#[wasm_bindgen]
impl Run {
    /// A run with a profile in JSON (absent or blank: the default profile) and the code tables.
    #[wasm_bindgen(constructor)]
    pub fn new(profile_json: Option<String>, tables: &Tables) -> Result<Run, JsValue> {
        let profile =
            recordlint_core::Profile::from_json(profile_json.as_deref().unwrap_or("")).map_err(js_error)?;
        Ok(Run { inner: recordlint_core::Run::new(profile, today(), Arc::clone(&tables.inner)) })
    }

    /// Starts the next file, named as the user gave it.
    pub fn begin(&mut self, name: &str) {
        self.inner.begin(name);
    }

    /// Feeds the next chunk of the open file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.feed(chunk).then_some(()).ok_or_else(|| js_error("no file begun"))
    }

    /// Counts of the whole run so far, as `Validator.progress`.
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }

    /// The open file's findings from index `start` on, as `Validator.findingsFrom`.
    #[wasm_bindgen(js_name = findingsFrom)]
    pub fn findings_from(&self, start: usize) -> Result<JsValue, JsValue> {
        findings_from(&self.inner.current().ok_or_else(|| js_error("no file begun"))?.findings, start)
    }

    /// Ends the open file and returns its report `{ format, findings, summary }`.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.end_file().ok_or_else(|| js_error("no file begun"))?)
    }
}

/// Finds where a large input may be cut into pieces for a pool of workers, while it streams by.
#[wasm_bindgen]
pub struct Splitter {
    inner: Option<recordlint_core::pieces::Splitter>,
}

/// A piece for a worker: its byte range in the input and its context (JSON, for `checkPiece`).
#[derive(Serialize)]
struct PieceJs {
    start: usize,
    end: usize,
    number: usize,
    last: bool,
    context: String,
}

fn pieces_to_js(pieces: Vec<recordlint_core::pieces::Piece>) -> Result<JsValue, JsValue> {
    let pieces: Vec<PieceJs> = pieces
        .into_iter()
        .map(|p| {
            let context = serde_json::to_string(&p.context).map_err(js_error)?;
            Ok(PieceJs {
                start: p.range.start,
                end: p.range.end,
                number: p.context.number,
                last: p.context.last,
                context,
            })
        })
        .collect::<Result<_, JsValue>>()?;
    to_js(&pieces)
}

#[wasm_bindgen]
impl Splitter {
    /// A splitter for an input of `total` bytes, to be cut into at most `count` pieces.
    #[wasm_bindgen(constructor)]
    pub fn new(total: f64, count: u32) -> Splitter {
        Splitter { inner: Some(recordlint_core::pieces::Splitter::new(None, total as u64, count as usize)) }
    }

    /// Scans the next chunk.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.as_mut().ok_or_else(|| js_error("splitter already finished"))?.feed(chunk);
        Ok(())
    }

    /// Whether the input will be cut, once its head has been read (`undefined` before): `false`
    /// for an input that stays one piece (FHIR JSON, not text), to be validated as a stream.
    pub fn splittable(&self) -> Option<bool> {
        self.inner.as_ref().and_then(|s| s.splittable())
    }

    /// The pieces whose end is now known: `[{ start, end, number, last, context }]`.
    pub fn ready(&mut self) -> Result<JsValue, JsValue> {
        pieces_to_js(self.inner.as_mut().ok_or_else(|| js_error("splitter already finished"))?.ready())
    }

    /// Ends the input and returns the remaining pieces, the last one included.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        pieces_to_js(self.inner.take().ok_or_else(|| js_error("splitter already finished"))?.finish())
    }
}

fn parse_today(today: &str) -> Result<jiff::civil::Date, JsValue> {
    recordlint_core::parse_date(today).map_err(|e| js_error(format!("date {today:?}: {e}")))
}

/// Checks one piece (`bytes` of the input, its `context` from a [`Splitter`]) with a profile
/// (JSON; blank: the default) as of `today` (`YYYY-MM-DD`), by `tables`: the piece report as
/// UTF-8 JSON in a `Uint8Array` (its buffer can be transferred to the worker that merges), for a
/// [`Merger`] or a [`Pipeline`].
#[wasm_bindgen(js_name = checkPiece)]
pub fn check_piece(
    bytes: &[u8],
    context: &str,
    profile_json: &str,
    today: &str,
    tables: &Tables,
) -> Result<Vec<u8>, JsValue> {
    let context: recordlint_core::pieces::PieceContext =
        serde_json::from_str(context).map_err(|e| js_error(format!("piece context: {e}")))?;
    let profile = recordlint_core::Profile::from_json(profile_json).map_err(js_error)?;
    let today = parse_today(today)?;
    let report = recordlint_core::pieces::check_piece(bytes, &context, &profile, today, &tables.inner);
    Ok(report.to_json().into_bytes())
}

/// A piece report from the bytes [`check_piece`] returned.
fn piece_report(bytes: &[u8]) -> Result<recordlint_core::pieces::PieceReport, JsValue> {
    let json = std::str::from_utf8(bytes).map_err(|e| js_error(format!("not a piece report: {e}")))?;
    recordlint_core::pieces::PieceReport::from_json(json).map_err(js_error)
}

/// Merges the piece reports of one input, pushed in input order, into its report.
#[wasm_bindgen]
pub struct Merger {
    inner: Option<recordlint_core::pieces::Merger>,
}

#[wasm_bindgen]
impl Merger {
    /// A merger for a profile (JSON; blank: the default) as of `today` (`YYYY-MM-DD`), by `tables`.
    #[wasm_bindgen(constructor)]
    pub fn new(profile_json: &str, today: &str, tables: &Tables) -> Result<Merger, JsValue> {
        let profile = recordlint_core::Profile::from_json(profile_json).map_err(js_error)?;
        let today = parse_today(today)?;
        let tables = Arc::clone(&tables.inner);
        Ok(Merger { inner: Some(recordlint_core::pieces::Merger::new(&profile, today, tables)) })
    }

    fn merger(&self) -> Result<&recordlint_core::pieces::Merger, JsValue> {
        self.inner.as_ref().ok_or_else(|| js_error("merger already finished"))
    }

    /// Adds the next piece's report (the bytes `checkPiece` returned).
    pub fn push(&mut self, piece: &[u8]) -> Result<(), JsValue> {
        let piece = piece_report(piece)?;
        self.inner.as_mut().ok_or_else(|| js_error("merger already finished"))?.push(piece);
        Ok(())
    }

    /// Counts so far, as `Validator.progress`.
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.merger()?.report().summary)
    }

    /// The merged findings from index `start` on, as `Validator.findingsFrom`.
    #[wasm_bindgen(js_name = findingsFrom)]
    pub fn findings_from(&self, start: usize) -> Result<JsValue, JsValue> {
        findings_from(&self.merger()?.report().findings, start)
    }

    /// Ends the input and returns its report `{ format, findings, summary }`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.take().ok_or_else(|| js_error("merger already finished"))?.finish())
    }
}

/// One input through the pieces for a pool of workers (see [`recordlint_core::pieces::Pipeline`]): fed the
/// input's chunks, it hands out each piece as soon as its end is known; the pieces' reports
/// (from `checkPiece`) are pushed in any order and merged in input order.
#[wasm_bindgen]
pub struct Pipeline {
    inner: Option<recordlint_core::pieces::Pipeline>,
}

#[wasm_bindgen]
impl Pipeline {
    /// A pipeline for an input of `total` bytes cut into at most `count` pieces, checked with a
    /// profile (JSON; blank: the default) as of `today` (`YYYY-MM-DD`), by `tables`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        total: f64,
        count: u32,
        profile_json: &str,
        today: &str,
        tables: &Tables,
    ) -> Result<Pipeline, JsValue> {
        let profile = recordlint_core::Profile::from_json(profile_json).map_err(js_error)?;
        let today = parse_today(today)?;
        let tables = Arc::clone(&tables.inner);
        let inner = recordlint_core::pieces::Pipeline::new(
            None,
            total as u64,
            count as usize,
            &profile,
            today,
            tables,
        );
        Ok(Pipeline { inner: Some(inner) })
    }

    fn pipeline(&self) -> Result<&recordlint_core::pieces::Pipeline, JsValue> {
        self.inner.as_ref().ok_or_else(|| js_error("pipeline already finished"))
    }

    fn pipeline_mut(&mut self) -> Result<&mut recordlint_core::pieces::Pipeline, JsValue> {
        self.inner.as_mut().ok_or_else(|| js_error("pipeline already finished"))
    }

    /// Feeds the next chunk: the pieces whose end is now known, `[{ start, end, number, last,
    /// context }]`.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        pieces_to_js(self.pipeline_mut()?.feed(chunk))
    }

    /// Ends the input: the remaining pieces, the last one included.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> Result<JsValue, JsValue> {
        pieces_to_js(self.pipeline_mut()?.end_input())
    }

    /// Whether the input is cut, once its head has been read (`undefined` before): `false` for
    /// an input that stays one piece (FHIR JSON, not text), to be validated as a stream.
    pub fn splittable(&self) -> Option<bool> {
        self.inner.as_ref().and_then(|p| p.splittable())
    }

    /// Adds the report of piece `number` (the bytes `checkPiece` returned), in any order.
    pub fn push(&mut self, number: u32, piece: &[u8]) -> Result<(), JsValue> {
        let piece = piece_report(piece)?;
        self.pipeline_mut()?.push(number as usize, piece);
        Ok(())
    }

    /// Pieces merged so far.
    pub fn merged(&self) -> Result<u32, JsValue> {
        Ok(u32::try_from(self.pipeline()?.merged()).unwrap_or(u32::MAX))
    }

    /// Bytes of the input the merged pieces cover.
    #[wasm_bindgen(js_name = mergedBytes)]
    pub fn merged_bytes(&self) -> Result<f64, JsValue> {
        Ok(self.pipeline()?.merged_bytes() as f64)
    }

    /// True once the input has ended and every piece is merged.
    pub fn done(&self) -> Result<bool, JsValue> {
        Ok(self.pipeline()?.done())
    }

    /// Counts so far, as `Validator.progress`.
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.pipeline()?.report().summary)
    }

    /// The merged findings from index `start` on, as `Validator.findingsFrom`.
    #[wasm_bindgen(js_name = findingsFrom)]
    pub fn findings_from(&self, start: usize) -> Result<JsValue, JsValue> {
        findings_from(&self.pipeline()?.report().findings, start)
    }

    /// The report of the input `{ format, findings, summary }`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.take().ok_or_else(|| js_error("pipeline already finished"))?.finish())
    }

    /// The report with its findings from index `start` on, as `Validator.finishFrom`.
    #[wasm_bindgen(js_name = finishFrom)]
    pub fn finish_from(&mut self, start: usize) -> Result<JsValue, JsValue> {
        let pipeline = self.inner.take().ok_or_else(|| js_error("pipeline already finished"))?;
        report_from((pipeline.finish(), None), start)
    }
}

fn export_format(name: &str) -> Result<recordlint_core::ExportFormat, JsValue> {
    recordlint_core::ExportFormat::from_name(name)
        .ok_or_else(|| js_error(format!("unknown export format {name:?} (json, csv, operation-outcome)")))
}

/// Exports a report in `format` (`json`, `csv`, `operation-outcome`) as the file `file`: the
/// same text `recordlint check FILE --format FORMAT` prints. `report_json` is the report as JSON
/// (`{ format, findings, summary }`, as `finish` returns it); the page makes the download.
#[wasm_bindgen(js_name = exportFindings)]
pub fn export_findings(report_json: &str, format: &str, file: &str) -> Result<String, JsValue> {
    let format = export_format(format)?;
    let report: recordlint_core::Report =
        serde_json::from_str(report_json).map_err(|e| js_error(format!("report to export: {e}")))?;
    Ok(recordlint_core::export(format, &[recordlint_core::FileReport { file, report: &report }]))
}

#[derive(serde::Deserialize)]
struct FileReportJs {
    file: String,
    report: recordlint_core::Report,
}

/// Exports the reports of several files of one run (`[{ file, report }]` as JSON, each report as
/// `finish` or `endFile` returns it) in `format`: the same text `recordlint check A B C --format
/// FORMAT` prints. `partial`, the note of a cancelled run, marks the export as holding only part
/// of the input (see `recordlint_core::export_partial`).
#[wasm_bindgen(js_name = exportFiles)]
pub fn export_files(files_json: &str, format: &str, partial: Option<String>) -> Result<String, JsValue> {
    let format = export_format(format)?;
    let files: Vec<FileReportJs> =
        serde_json::from_str(files_json).map_err(|e| js_error(format!("reports to export: {e}")))?;
    let files: Vec<recordlint_core::FileReport> =
        files.iter().map(|f| recordlint_core::FileReport { file: &f.file, report: &f.report }).collect();
    Ok(recordlint_core::export_partial(format, &files, partial.as_deref()))
}

#[derive(Serialize)]
struct RuleDoc {
    id: &'static str,
    name: &'static str,
    family: rules::Family,
    default_severity: recordlint_core::Severity,
    enabled_by_default: bool,
    summary: String,
    doc: String,
}

/// Every rule with its documentation (Markdown) and default severity.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsValue> {
    let docs: Vec<RuleDoc> = rules::ALL
        .iter()
        .map(|r| RuleDoc {
            id: r.id,
            name: r.name,
            family: r.family,
            default_severity: r.default_severity,
            enabled_by_default: r.enabled_by_default,
            summary: r.summary(),
            doc: r.doc(),
        })
        .collect();
    to_js(&docs)
}

#[derive(Serialize)]
struct PresetDoc {
    name: String,
    title: String,
    description: String,
    /// The preset as profile JSON, to load or to start a profile of one's own from.
    json: String,
}

/// The preset profiles: `[{ name, title, description, json }]`.
#[wasm_bindgen]
pub fn profiles() -> Result<JsValue, JsValue> {
    let presets = recordlint_core::Profile::presets()
        .into_iter()
        .map(|p| {
            let json = serde_json::to_string_pretty(&p).map_err(js_error)?;
            Ok(PresetDoc { name: p.name, title: p.title, description: p.description, json })
        })
        .collect::<Result<Vec<_>, JsValue>>()?;
    to_js(&presets)
}

/// What `text` is in every code system it could belong to, on `date` (`YYYY-MM-DD`; absent:
/// the newest release of each table), by `tables`: `[{ system, code, verdict, answer, notes,
/// children, … }]`.
#[wasm_bindgen(js_name = lookupCode)]
pub fn lookup_code(text: &str, date: Option<String>, tables: &Tables) -> Result<JsValue, JsValue> {
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(recordlint_core::parse_date(d).map_err(|e| js_error(format!("date {d:?}: {e}")))?),
        None => None,
    };
    to_js(&recordlint_core::codes::lookup::lookup(&tables.inner, text, date))
}

/// `text` (a small input, or an excerpt of one placed by `from` = `{ line, row, message }`) as
/// the engine reads it, cell by cell: `{ format, delimiter, header, records: [{ location, place,
/// kind, cells, segments: [{ id, path, line, cells }] }], truncated }`, each cell `{ name, number,
/// value, location, place, field, system }` (see `recordlint_core::source`).
#[wasm_bindgen(js_name = readRecords)]
pub fn read_records(text: &str, from: JsValue) -> Result<JsValue, JsValue> {
    let from: recordlint_core::source::Excerpt = if from.is_undefined() || from.is_null() {
        recordlint_core::source::Excerpt::default()
    } else {
        serde_wasm_bindgen::from_value(from).map_err(|e| js_error(format!("excerpt: {e}")))?
    };
    to_js(&recordlint_core::source::read_source(text, from))
}

/// The record fields profiles name: `[{ name, label, patient_level, required_by_default }]`.
#[wasm_bindgen(js_name = fieldKinds)]
pub fn field_kinds() -> Result<JsValue, JsValue> {
    to_js(&recordlint_core::source::field_kinds())
}

/// The engine's heap: `{ live, peak, settled }`, bytes allocated and not freed now, at most since
/// the instance started, and at most leaving out the moments a growing container held its old and
/// new blocks at once (the wasm memory holds the peak and what the allocator adds).
#[wasm_bindgen(js_name = heapStats)]
pub fn heap_stats() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct HeapStats {
        live: usize,
        peak: usize,
        settled: usize,
    }
    let heap::Stats { live, peak, settled } = heap::stats();
    to_js(&HeapStats { live, peak, settled })
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Grades a student's answer (JSON) to one exercise (JSON, as in a pack), by the built-in tables
/// (exercises are written against them): `{ score, correct,
/// feedback: [{ kind, item, message }], explanation }`. An unreadable exercise throws; an
/// unreadable answer scores 0 with a message.
#[wasm_bindgen(js_name = gradeExercise)]
pub fn grade_exercise(exercise_json: &str, answer_json: &str) -> Result<JsValue, JsValue> {
    let tables = recordlint_core::Tables::builtin();
    to_js(&recordlint_lab::grade_json(&tables, exercise_json, answer_json).map_err(js_error)?)
}

/// The words new exercise views show: `{ discharge_statuses: [[code, description]], query_flaws:
/// [[id, description]] }` (the same tables the graders use).
#[wasm_bindgen(js_name = exerciseVocabulary)]
pub fn exercise_vocabulary() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Vocabulary {
        discharge_statuses: Vec<(&'static str, &'static str)>,
        query_flaws: Vec<(&'static str, &'static str)>,
    }
    to_js(&Vocabulary {
        discharge_statuses: recordlint_lab::DISCHARGE_STATUSES.to_vec(),
        query_flaws: recordlint_lab::QUERY_FLAWS.to_vec(),
    })
}

#[derive(Serialize)]
struct PackCheck {
    ok: bool,
    problems: Vec<PackProblemJs>,
}

#[derive(Serialize)]
struct PackProblemJs {
    exercise: Option<String>,
    message: String,
}

/// Checks a pack (JSON text) as `recordlint exercises lint` does: `{ ok, problems: [{ exercise,
/// message }] }`, so that the page can refuse a malformed pack with a clear message.
#[wasm_bindgen(js_name = lintPack)]
pub fn lint_pack(pack_json: &str) -> Result<JsValue, JsValue> {
    let tables = recordlint_core::Tables::builtin();
    let problems: Vec<PackProblemJs> = recordlint_lab::lint_pack(&tables, "pack", pack_json)
        .into_iter()
        .map(|p| PackProblemJs { exercise: p.exercise, message: p.message })
        .collect();
    to_js(&PackCheck { ok: problems.is_empty(), problems })
}

/// A de-identification run in the page: one input written to a de-identified copy in its own
/// format (see `recordlint_core::deid`), fed in chunks; the report and the key are JSON.
#[wasm_bindgen]
pub struct Deidentifier {
    session: recordlint_core::deid::Session,
    writer: Box<dyn recordlint_core::deid::Writer>,
}

#[wasm_bindgen]
impl Deidentifier {
    /// A run by `method` (`safe-harbor` or `date-shift`) over the file `name`, whose first bytes
    /// are `head` (to tell its format); `seed` is 32 bytes from `crypto.getRandomValues`;
    /// `with_key` keeps the identifiers for [`Deidentifier::key`] (without it the key is empty).
    #[wasm_bindgen(constructor)]
    pub fn new(
        method: &str,
        seed: &[u8],
        today_year: i16,
        name: &str,
        head: &[u8],
        with_key: bool,
    ) -> Result<Deidentifier, JsValue> {
        use recordlint_core::deid::{Method, Session};
        let method = match method {
            "safe-harbor" => Method::SafeHarbor,
            "date-shift" => Method::DateShift,
            other => return Err(js_error(format!("no de-identification method {other:?}"))),
        };
        let seed: [u8; 32] = seed.try_into().map_err(|_| js_error("the seed must be 32 random bytes"))?;
        let mut session = Session::new(method, seed, today_year, with_key);
        session.start_file(name);
        Ok(Deidentifier {
            session,
            writer: recordlint_core::deid::writer_for(recordlint_core::Format::sniff(head)),
        })
    }

    /// Reads `chunk`; returns the part of the copy that is ready.
    pub fn write(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer.write(chunk, &mut self.session, &mut out);
        out
    }

    /// Ends the input; returns the rest of the copy (throws when the input cannot be copied).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        let mut out = Vec::new();
        self.writer.finish(&mut self.session, &mut out).map_err(js_error)?;
        Ok(out)
    }

    /// The report so far (JSON text, as `deidentify-report.json`).
    pub fn report(&self) -> String {
        self.session.report.to_json()
    }

    /// The report in words (as `deidentify-report.txt`).
    #[wasm_bindgen(js_name = reportText)]
    pub fn report_text(&self) -> String {
        self.session.report.to_text()
    }

    /// The key: every token with the identifier it replaced (JSON text).
    pub fn key(&self) -> String {
        let mut out = Vec::new();
        let _ = self.session.tokens.write_key(self.session.method(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}
