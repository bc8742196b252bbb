// Writes findings exports with the engine (`exportFindings`), off the page's main thread.
import init, { exportFindings } from './pkg/recordlint.js';

const ready = init();

onmessage = async ({ data }) => {
  try {
    await ready;
    postMessage({ id: data.id, text: exportFindings(JSON.stringify(data.report), data.format, data.file) });
  } catch (err) {
    postMessage({ id: data.id, error: err instanceof Error ? err.message : String(err) });
  }
};
