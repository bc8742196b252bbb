// De-identification off the page's main thread: this worker owns its own wasm instance, reads the
// dropped file in slices, feeds the engine's Deidentifier and keeps the copy as a Blob, which it
// hands to the page with the report. Nothing leaves the browser.
import init, { Deidentifier } from './pkg/recordlint.js';

const ready = init();
/** Bytes read at a time. */
const SLICE = 1 << 20;
let current = 0;

onmessage = async ({ data }) => {
  if (data.type === 'cancel') {
    current = 0;
    return;
  }
  if (data.type !== 'start') return;
  const run = data.run;
  current = run;
  try {
    await ready;
    const { file, method } = data;
    const seed = crypto.getRandomValues(new Uint8Array(32));
    const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
    const d = new Deidentifier(method, seed, new Date().getFullYear(), file.name, head, Boolean(data.withKey));
    const parts = [];
    let last = 0;
    try {
      for (let at = 0; at < file.size; at += SLICE) {
        if (current !== run) return;
        const chunk = new Uint8Array(await file.slice(at, at + SLICE).arrayBuffer());
        const out = d.write(chunk);
        if (out.length) parts.push(out);
        const now = performance.now();
        if (now - last > 100) {
          last = now;
          postMessage({ type: 'progress', run, bytes: Math.min(at + SLICE, file.size), total: file.size });
        }
      }
      parts.push(d.finish());
      const copy = new Blob(parts, { type: file.type || 'application/octet-stream' });
      postMessage({
        type: 'done',
        run,
        copy,
        report: JSON.parse(d.report()),
        reportText: d.reportText(),
        key: data.withKey ? d.key() : null,
      });
    } finally {
      d.free();
    }
  } catch (err) {
    postMessage({ type: 'error', run, message: err instanceof Error ? err.message : String(err) });
  }
};
