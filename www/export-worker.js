// Writes findings exports with the engine (`exportFiles`), off the page's main thread.
import init, { exportFiles } from './pkg/recordlint.js';

const ready = init();

onmessage = async ({ data }) => {
  try {
    await ready;
    postMessage({ id: data.id, text: exportFiles(JSON.stringify(data.files), data.format, data.partial ?? undefined) });
  } catch (err) {
    postMessage({ id: data.id, error: err instanceof Error ? err.message : String(err) });
  }
};
