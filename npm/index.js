// recordlint for JavaScript: the wasm engine's bindings (./recordlint.js, made by wasm-bindgen)
// plus two helpers: validateFile (stream a File or Blob through a Validator) and
// loadCodeDescriptions (code tables with the descriptions and notes shipped in ./data/).
import init from './recordlint.js';
import { Tables, Validator } from './recordlint.js';

export * from './recordlint.js';
export { init as default };

let started;

/** Loads the wasm module once (the package's recordlint_bg.wasm); later calls wait for the same. */
export function ready(moduleOrPath) {
  started ??= init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  return started;
}

/** Checks a File or Blob as a stream and resolves with the report; rejects when the profile is bad.
 *  Codes are looked up in `tables` (default: the built-in tables). */
export async function validateFile(file, { profile, tables, onProgress, signal } = {}) {
  await ready();
  const json = profile == null ? undefined : typeof profile === 'string' ? profile : JSON.stringify(profile);
  const own = tables ? null : new Tables();
  let validator;
  try {
    validator = new Validator(json, tables ?? own);
  } finally {
    own?.free();
  }
  const reader = file.stream().getReader();
  let bytes = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      validator.feed(value);
      bytes += value.length;
      onProgress?.({ ...validator.progress(), bytes, total: file.size });
    }
    return validator.finish();
  } finally {
    reader.releaseLock();
    validator.free();
  }
}

const DATA = [
  ['icd10cm-descriptions.txt.deflate', 'loadDescriptions'],
  ['icd10pcs-descriptions.txt.deflate', 'loadPcsDescriptions'],
  ['hcpcs-descriptions.txt.deflate', 'loadHcpcsDescriptions'],
  ['icd10cm-notes.txt.deflate', 'loadNotes'],
];

/** Fetches the bundled code descriptions and notes (about 1.6 MB) and resolves with code tables
 *  that have them, for lookupCode (and validators) to be given. */
export async function loadCodeDescriptions(base = new URL('./data/', import.meta.url)) {
  await ready();
  const files = await Promise.all(DATA.map(async ([name, load]) => {
    const url = new URL(name, base);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return [load, new Uint8Array(await response.arrayBuffer())];
  }));
  const tables = new Tables();
  for (const [load, bytes] of files) tables[load](bytes);
  return tables;
}
