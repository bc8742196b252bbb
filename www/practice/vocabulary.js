// The engine's word lists the newer exercise views show (discharge status codes, query flaws),
// read once from the wasm module so the page and the graders use the same tables.

let cached = null;

/** `{ discharge_statuses: [[code, description]], query_flaws: [[id, description]] }`. */
export function vocabulary(wasm) {
  if (!cached) {
    try {
      cached = wasm.exerciseVocabulary();
    } catch {
      cached = { discharge_statuses: [], query_flaws: [] };
    }
  }
  return cached;
}

/** The description of discharge status `code`, or ''. */
export function dischargeWords(wasm, code) {
  return vocabulary(wasm).discharge_statuses.find(([c]) => c === code)?.[1] ?? '';
}
