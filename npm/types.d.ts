// The shapes of what the engine returns, written to match the JSON Schemas in the repository's
// schemas/ folder (check-report.v1, code-answer.v1) and the engine's serde structs.

export type Severity = 'error' | 'warning' | 'info';

/** A CSV row (the header is row 1) and column as written, with the line the row starts on. */
export interface CsvLocation { row: number; column?: string; line: number }
/** A FHIR JSON value by RFC 6901 pointer, with its line when known. */
export interface JsonLocation { pointer: string; line?: number }
/** An HL7 v2 message (from 1) and field path (`PID-7.1`). */
export interface Hl7Location { message: number; path: string; line: number }
/** A place in the file as a whole. */
export interface FileLocation { line?: number; byte?: number }
export type Location = CsvLocation | JsonLocation | Hl7Location | FileLocation;

/** One finding: `D201 error row 7, discharge_date: …`. */
export interface Finding {
  /** Stable rule id (`D201`). */
  rule: string;
  /** The rule's kebab-case name (`discharge-before-admission`). */
  name: string;
  severity: Severity;
  location: Location;
  message: string;
  /** The offending value as written, when the finding is about one field. */
  value?: string;
  /** The MRN of the record the finding is about. */
  mrn?: string;
}

/** Counts over everything checked, findings beyond the detail limit included. */
export interface Summary {
  records: number;
  clean_records: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings per rule id. */
  by_rule: Record<string, number>;
  /** True when more findings were counted than kept in detail. */
  truncated: boolean;
}

/** What `validateFile` and `Validator.finish` return. */
export interface Report {
  /** The format the input was read as, once known. */
  format?: 'csv' | 'fhir' | 'hl7v2';
  findings: Finding[];
  summary: Summary;
}

/** Counts while an input streams, with the bytes read (from `validateFile`'s onProgress). */
export interface Progress extends Summary { bytes: number; total: number }

/** The JSON export (`exportFindings(…, 'json', …)`) and `recordlint check --format json`: schemas/check-report.v1. */
export interface CheckReport {
  findings: (Finding & { file: string })[];
  summary: Summary;
  files: (Summary & { file: string; format: 'csv' | 'fhir' | 'hl7v2' | null })[];
}

export type CodeSystem =
  | 'icd10cm' | 'icd10' | 'icd10pcs' | 'cpt' | 'hcpcs' | 'npi' | 'loinc' | 'snomed' | 'ndc' | 'rxnorm'
  | 'other' | 'unrecognized';

export type Verdict = 'valid' | 'format_valid' | 'heading' | 'other_dates' | 'unknown' | 'invalid';

/** A code offered to choose: under a heading, or as "did you mean". */
export interface CodeChoice { code: string; billable: boolean; kind: string; description?: string }

/** What a text is in one code system (`lookupCode` returns one per system it could belong to). */
export interface CodeLookup {
  system: CodeSystem;
  /** The canonical form (`E11.9`). */
  code: string;
  verdict: Verdict;
  /** True when nothing wrong was found (verdict valid or format_valid). */
  valid: boolean;
  /** ICD-10-CM, ICD-10-PCS and HCPCS only: a code a claim may carry on the date. */
  billable?: boolean;
  /** Why the code is not valid, when it is not. */
  reason?: string;
  /** The answer in plain words. */
  answer: string;
  description?: string;
  notes: string[];
  children: CodeChoice[];
  children_total: number;
  suggestions?: CodeChoice[];
  /** The date the tables were consulted on (YYYY-MM-DD). */
  date?: string;
  seventh_characters?: { character: string; meaning: string }[];
  seventh_from?: string;
  tabular_notes: {
    kind: 'includes' | 'inclusion_term' | 'excludes1' | 'excludes2' | 'code_first' | 'use_additional_code' | 'code_also';
    text: string;
    from: string;
  }[];
  pcs_axes?: { position: number; axis: string; value: string; meaning: string }[];
}

/** One line of `recordlint code --format json`: schemas/code-answer.v1. */
export interface CodeAnswer { input: string; line?: number; answers: CodeLookup[] }

/** How one item of an answer fared. */
export interface Feedback { kind: 'right' | 'wrong' | 'partial' | 'missing' | 'extra'; item: string; message: string }

/** The grade of one exercise answer (`gradeExercise`). */
export interface Grade {
  /** 0 to 1. */
  score: number;
  /** True only for a fully right answer. */
  correct: boolean;
  feedback: Feedback[];
  explanation: string;
  /** True when the answer could not be read: an input error, not an attempt. */
  input_error: boolean;
}

/** What `lintPack` says about an exercise pack. */
export interface PackCheck { ok: boolean; problems: { exercise: string | null; message: string }[] }
