// A pool worker: checks one piece of a large file at a time for the validator worker, which
// merges the pieces' reports in input order. Record content stays in the browser: the piece is
// read from the user's file here and only its report goes back.
import init, { checkPiece, Tables } from './pkg/recordlint.js';

/** This worker's code tables: the built-in ones, with the releases the validator worker replays. */
let tables = null;
const ready = init().then(() => { tables = new Tables(); });

onmessage = async ({ data }) => {
  if (data.type === 'release') {
    await ready;
    tables.loadOrderFile(data.text, data.name);
    return;
  }
  const { id, file, start, end, context, profile, today } = data;
  try {
    await ready;
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    const json = checkPiece(bytes, context, profile, today, tables);
    postMessage({ id, json });
  } catch (err) {
    postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
