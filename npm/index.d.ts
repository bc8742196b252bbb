// Types of the package entry (index.js): the wasm-bindgen declarations (./recordlint.d.ts) with
// the functions that return engine results typed by ./types.d.ts.
import type { InitInput, InitOutput } from './recordlint.js';
import type { CodeLookup, Finding, Grade, PackCheck, Progress, Report, Summary } from './types.js';

export * from './types.js';
export * from './recordlint.js';
export { default } from './recordlint.js';

/** Loads the wasm module once (the package's recordlint_bg.wasm unless given another). */
export function ready(moduleOrPath?: InitInput | Promise<InitInput>): Promise<InitOutput>;

export interface ValidateOptions {
  /** A profile: its JSON text or the object (as `profiles()` lists them); default: the default profile. */
  profile?: string | object;
  /** The code tables to look codes up in; default: the built-in tables. */
  tables?: Tables;
  /** Called after each chunk with the counts so far and the bytes read. */
  onProgress?: (progress: Progress) => void;
  /** Stops between chunks (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Checks a File or Blob as a stream (never whole in memory) and resolves with the report. */
export function validateFile(file: Blob, options?: ValidateOptions): Promise<Report>;

/** Fetches the code descriptions and notes shipped in the package's data/ folder and resolves with
 *  code tables that have them, for lookupCode. */
export function loadCodeDescriptions(base?: URL | string): Promise<Tables>;

/** The code tables a check or a look-up is given: the built-in ones (`new Tables()`), with what
 *  is loaded into them. */
export declare class Tables {
  free(): void;
  constructor();
  /** Adds ICD-10-CM descriptions; returns how many codes are described. */
  loadDescriptions(bytes: Uint8Array): number;
  /** Uses these ICD-10-PCS descriptions; returns how many codes are described. */
  loadPcsDescriptions(bytes: Uint8Array): number;
  /** Uses these HCPCS Level II descriptions; returns how many codes are described. */
  loadHcpcsDescriptions(bytes: Uint8Array): number;
  /** Uses these ICD-10-CM tabular notes; returns how many there are. */
  loadNotes(bytes: Uint8Array): number;
  /** Makes a newer ICD-10-CM release (an `icd10cm_order_YYYY.txt` file's text) the one in force
   *  from its effective date. */
  loadOrderFile(text: string, fileName: string): { codes: number; billable: number; effective_from: string; new_codes: number; ended_codes: number };
}

/** A validator for one input, fed in chunks of any size. */
export declare class Validator {
  free(): void;
  /** A profile in JSON (absent or blank: the default profile), codes looked up in `tables`;
   *  throws on a bad profile. */
  constructor(profileJson: string | null | undefined, tables: Tables);
  /** Feeds the next chunk (it may end mid-row). */
  feed(chunk: Uint8Array): void;
  /** Counts so far. */
  progress(): Summary;
  /** The findings kept so far from index `start` on. */
  findingsFrom(start: number): Finding[];
  /** Ends the input and returns the report. */
  finish(): Report;
}

/** What `text` is in every code system it could belong to, on `date` (YYYY-MM-DD; null: the
 *  newest tables), by `tables`. */
export function lookupCode(text: string, date: string | null | undefined, tables: Tables): CodeLookup[];

/** Grades an answer (JSON) to one exercise (JSON, as in a pack). */
export function gradeExercise(exerciseJson: string, answerJson: string): Grade;

/** Checks an exercise pack (JSON text) as `recordlint exercises lint` does. */
export function lintPack(packJson: string): PackCheck;
