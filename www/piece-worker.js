// A pool worker: checks one piece of a large file at a time for the validator worker, which
// merges the pieces' reports in input order. Record content stays in the browser: the piece is
// read from the user's file here and only its report goes back, as UTF-8 JSON in a buffer that is
// transferred, not copied.
import init, { checkPiece, Tables } from './pkg/recordlint.js';

/** This worker's code tables: the built-in ones, with the releases the validator worker replays. */
let tables = null;
/** The engine, from the module the validator worker compiled (sent first), so that its code is
 *  compiled once for every worker. */
let ready = null;

onmessage = async ({ data }) => {
  if (data.type === 'module') {
    ready = init({ module_or_path: data.module }).then(() => { tables = new Tables(); });
    ready.catch(() => { /* reported with the first piece */ });
    return;
  }
  if (data.type === 'release') {
    await ready;
    tables.loadOrderFile(data.text, data.name);
    return;
  }
  const { id, file, start, end, context, profile, today } = data;
  try {
    await ready;
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    const began = performance.now();
    const report = checkPiece(bytes, context, profile, today, tables);
    postMessage({ id, report, ms: performance.now() - began }, [report.buffer]);
  } catch (err) {
    postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
