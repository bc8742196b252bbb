// recordlint for JavaScript: the wasm engine's bindings (./recordlint.js, made by wasm-bindgen)
// plus two helpers: validateFile (stream a File or Blob through a Validator) and
// loadCodeDescriptions (the code descriptions and notes shipped in ./data/).
import init from './recordlint.js';
import {
  Validator, loadDescriptions, loadPcsDescriptions, loadHcpcsDescriptions, loadNotes,
} from './recordlint.js';

export * from './recordlint.js';
export { init as default };

let started;

/** Loads the wasm module once (the package's recordlint_bg.wasm); later calls wait for the same. */
export function ready(moduleOrPath) {
  started ??= init(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  return started;
}

/** Checks a File or Blob as a stream and resolves with the report; rejects when the profile is bad. */
export async function validateFile(file, { profile, onProgress, signal } = {}) {
  await ready();
  const json = profile == null ? undefined : typeof profile === 'string' ? profile : JSON.stringify(profile);
  const validator = new Validator(json);
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
  ['icd10cm-descriptions.txt.deflate', loadDescriptions],
  ['icd10pcs-descriptions.txt.deflate', loadPcsDescriptions],
  ['hcpcs-descriptions.txt.deflate', loadHcpcsDescriptions],
  ['icd10cm-notes.txt.deflate', loadNotes],
];

/** Fetches the bundled code descriptions and notes (about 1.6 MB) so that lookupCode describes codes. */
export async function loadCodeDescriptions(base = new URL('./data/', import.meta.url)) {
  await ready();
  await Promise.all(DATA.map(async ([name, load]) => {
    const url = new URL(name, base);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    load(new Uint8Array(await response.arrayBuffer()));
  }));
}
