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
  /** Called after each chunk with the counts so far and the bytes read. */
  onProgress?: (progress: Progress) => void;
  /** Stops between chunks (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Checks a File or Blob as a stream (never whole in memory) and resolves with the report. */
export function validateFile(file: Blob, options?: ValidateOptions): Promise<Report>;

/** Fetches the code descriptions and notes shipped in the package's data/ folder, for lookupCode. */
export function loadCodeDescriptions(base?: URL | string): Promise<void>;

/** A validator for one input, fed in chunks of any size. */
export declare class Validator {
  free(): void;
  /** A profile in JSON (absent or blank: the default profile); throws on a bad profile. */
  constructor(profileJson?: string | null);
  /** Feeds the next chunk (it may end mid-row). */
  feed(chunk: Uint8Array): void;
  /** Counts so far. */
  progress(): Summary;
  /** The findings kept so far from index `start` on. */
  findingsFrom(start: number): Finding[];
  /** Ends the input and returns the report. */
  finish(): Report;
}

/** What `text` is in every code system it could belong to, on `date` (YYYY-MM-DD; default: the newest tables). */
export function lookupCode(text: string, date?: string | null): CodeLookup[];

/** Grades an answer (JSON) to one exercise (JSON, as in a pack). */
export function gradeExercise(exerciseJson: string, answerJson: string): Grade;

/** Checks an exercise pack (JSON text) as `recordlint exercises lint` does. */
export function lintPack(packJson: string): PackCheck;
