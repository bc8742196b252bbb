// The worker owns the wasm instance: it reads the file as a stream, feeds the validator chunk by
// chunk and reports progress, so the page stays responsive. Record content never leaves it except
// as findings posted back to the page.
import init, * as engine from './pkg/recordlint.js';

const ready = init();
let cancelled = false;

/** Posts progress at most every 100 ms. */
function progressReporter(total) {
  let last = 0;
  return (bytes, validator, force = false) => {
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    postMessage({ type: 'progress', bytes, total, summary: validator.progress() });
  };
}

async function validateStream(stream, total, profile) {
  const validator = new engine.Validator(profile || undefined);
  const report = progressReporter(total);
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      if (cancelled) {
        await reader.cancel();
        validator.free();
        postMessage({ type: 'cancelled', bytes });
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      validator.feed(value);
      bytes += value.byteLength;
      report(bytes, validator);
    }
    report(bytes, validator, true);
    postMessage({ type: 'done', report: validator.finish(), bytes });
  } finally {
    reader.releaseLock?.();
  }
}

onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    switch (msg.type) {
      case 'init':
        postMessage({ type: 'ready', version: engine.version(), rules: engine.rules(), profiles: engine.profiles?.() ?? [] });
        break;
      case 'check-profile': {
        let problem = null;
        try {
          new engine.Validator(msg.json).free();
        } catch (err) {
          problem = err instanceof Error ? err.message : String(err);
        }
        postMessage({ type: 'profile-checked', id: msg.id, problem });
        break;
      }
      case 'validate': {
        cancelled = false;
        const blob = msg.file ?? new Blob([msg.text ?? '']);
        await validateStream(blob.stream(), blob.size, msg.profile);
        break;
      }
      case 'release':
        postMessage({ type: 'release-loaded', summary: engine.loadOrderFile(msg.text, msg.name) });
        break;
      case 'cancel':
        cancelled = true;
        break;
      default:
        postMessage({ type: 'error', message: `unknown request ${String(msg.type)}` });
    }
  } catch (err) {
    // A wasm trap (a panic in the engine) leaves the instance unusable: say so and stop, and the
    // page starts a fresh worker (worker-client.js).
    if (err instanceof WebAssembly.RuntimeError) {
      postMessage({ type: 'crashed', message: err.message });
      close();
      return;
    }
    postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
