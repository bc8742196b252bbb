// The worker owns the wasm instance: it reads the file as a stream, feeds the validator chunk by
// chunk and reports progress, so the page stays responsive. Record content never leaves it except
// as findings posted back to the page.
import init, * as engine from './pkg/recordlint.js';

/** The wasm instance's exports, once loaded (for its memory size). */
let instance = null;
const ready = init().then((exports) => { instance = exports; });
/** The run going on; a cancel or a newer run makes the older one stop at its next chunk. */
let currentRun = 0;

/** Posts progress, with the findings found since the last post, at most every 100 ms. */
function progressReporter(run, total) {
  let last = 0;
  let sent = 0;
  return (bytes, validator, force = false) => {
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    const findings = validator.findingsFrom(sent);
    sent += findings.length;
    postMessage({ type: 'progress', run, bytes, total, summary: validator.progress(), findings, memory: wasmMemory() });
    return sent;
  };
}

/** Resolves after the messages already queued for this worker have been handled. */
function yieldToMessages() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Bytes of the wasm instance's linear memory (it only grows, so this is also its peak). */
function wasmMemory() {
  return instance?.memory?.buffer.byteLength ?? 0;
}

async function validateStream(run, stream, total, profile) {
  const validator = new engine.Validator(profile || undefined);
  const report = progressReporter(run, total);
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      if (run !== currentRun) {
        await reader.cancel();
        validator.free();
        postMessage({ type: 'cancelled', run, bytes });
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      validator.feed(value);
      bytes += value.byteLength;
      // After each progress post, let queued messages (a cancel, a newer run) in: a stream of
      // buffered chunks resolves as microtasks and would keep them waiting to the end.
      if (report(bytes, validator) !== undefined) await yieldToMessages();
    }
    const sent = report(bytes, validator, true);
    const result = validator.finish();
    // The findings posted with progress are not sent twice: `findings` holds the rest.
    result.findings = result.findings.slice(sent);
    postMessage({ type: 'done', run, report: result, bytes, memory: wasmMemory() });
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
        currentRun = msg.run;
        const blob = msg.file ?? new Blob([msg.text ?? '']);
        await validateStream(msg.run, blob.stream(), blob.size, msg.profile);
        break;
      }
      case 'release':
        postMessage({ type: 'release-loaded', summary: engine.loadOrderFile(msg.text, msg.name) });
        break;
      case 'cancel':
        if (msg.run === currentRun) currentRun = 0;
        break;
      default:
        postMessage({ type: 'error', message: `unknown request ${String(msg.type)}` });
    }
  } catch (err) {
    postMessage({ type: 'error', run: msg.run, message: err instanceof Error ? err.message : String(err) });
  }
};
