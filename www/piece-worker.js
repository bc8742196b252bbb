// A pool worker: checks one piece of a large file at a time for the validator worker, which
// merges the pieces' reports in input order. Record content stays in the browser: the piece is
// read from the user's file here and only its report goes back.
import init, { checkPiece, loadOrderFile } from './pkg/recordlint.js';

const ready = init();

onmessage = async ({ data }) => {
  if (data.type === 'release') {
    await ready;
    loadOrderFile(data.text, data.name);
    return;
  }
  const { id, file, start, end, context, profile, today } = data;
  try {
    await ready;
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    const json = checkPiece(bytes, context, profile, today);
    postMessage({ id, json });
  } catch (err) {
    postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
