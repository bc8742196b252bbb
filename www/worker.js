// The worker owns the wasm instance: it reads the file as a stream, feeds the validator chunk by
// chunk and reports progress, so the page stays responsive. Record content never leaves it except
// as findings posted back to the page.
import init, * as engine from './pkg/recordlint.js';
import { PIECE_BYTES, Pool, validateInPieces } from './pool.js';
import { chunkReader } from './chunks.js';

/** The wasm instance's exports, once loaded (for its memory size). */
let instance = null;
/** The code tables every check of this worker is given: the built-in ones, then with each
 *  ICD-10-CM release the user loads (a run already going on keeps the tables it started with). */
let tables = null;
/** The pool for large files (`?workers=N`); its workers share this worker's compiled module. */
let pool = null;
const ready = compileEngine().then(async (module) => {
  instance = await init({ module_or_path: module });
  tables = new engine.Tables();
  pool = new Pool(Math.min(4, navigator.hardwareConcurrency || 1), module);
});
ready.catch(() => { /* reported to the page as init-failed when it asks */ });
/** The run going on; a cancel or a newer run makes the older one stop at its next chunk. */
let currentRun = 0;
/** The last run started: a newer one begins once it has ended (they would share the pool). */
let lastRun = Promise.resolve();

/** The engine's wasm module, compiled once (the pool workers are sent it, not its bytes). */
async function compileEngine() {
  const response = await fetch(new URL('./pkg/recordlint_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`recordlint_bg.wasm: HTTP ${response.status}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return WebAssembly.compile(await response.arrayBuffer()); // served without application/wasm
  }
}

/** How often a run posts its progress, at most (ms): live enough for the bar and the counts,
 *  rare enough that the page's thread stays mostly idle while a large file is checked. */
const PROGRESS_MS = 250;

/** Posts progress, with the findings found since the last post, at most every PROGRESS_MS. */
function progressReporter(run, total) {
  let last = 0;
  let sent = 0;
  /** Posts progress of `source` (`findingsFrom(sent)`: its findings not posted yet; `progress()`:
   *  its counts); returns the findings posted in all. */
  const report = (bytes, source, force = false) => {
    const now = performance.now();
    if (!force && now - last < PROGRESS_MS) return undefined;
    last = now;
    const findings = source.findingsFrom(sent);
    sent += findings.length;
    postMessage({ type: 'progress', run, bytes, total, summary: source.progress(), findings, memory: wasmMemory(), heap: engine.heapStats() });
    return sent;
  };
  report.sent = () => sent;
  return report;
}

/** Resolves after the messages already queued for this worker have been handled. */
function yieldToMessages() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Bytes of the wasm instance's linear memory (it only grows, so this is also its peak). */
function wasmMemory() {
  return instance?.memory?.buffer.byteLength ?? 0;
}

/** Posts the end of a run: its report (without the findings already posted with progress). */
function finishRun(run, result, bytes) {
  const { timing, index_bytes: indexBytes } = result;
  delete result.timing;
  delete result.index_bytes;
  postMessage({ type: 'done', run, report: result, bytes, memory: wasmMemory(), heap: engine.heapStats(), timing, indexBytes });
}

async function validateStream(run, stream, total, profile) {
  const validator = new engine.Validator(profile || undefined, tables);
  // The findings posted are taken out of the engine, so a large input's are held once (here).
  const source = { findingsFrom: () => validator.takeFindings(), progress: () => validator.progress() };
  const report = progressReporter(run, total);
  const reader = chunkReader(stream);
  let bytes = 0;
  try {
    for (;;) {
      if (run !== currentRun) {
        await reader.cancel();
        validator.free();
        postMessage({ type: 'cancelled', run, bytes });
        return;
      }
      const chunk = await reader.read();
      if (!chunk) break;
      validator.feed(chunk);
      bytes += chunk.byteLength;
      // After each progress post, let queued messages (a cancel, a newer run) in: a stream of
      // buffered chunks resolves as microtasks and would keep them waiting to the end.
      if (report(bytes, source) !== undefined) await yieldToMessages();
    }
    report(bytes, source, true);
    finishRun(run, validator.finishFrom(0), bytes);
  } finally {
    reader.release();
  }
}

/**
 * Validates several files as one run (`files`: [{ name, file }] in the order given): each is
 * streamed in turn through one engine `Run`, which checks it against the patients and encounters
 * of the files before it, as `recordlint check a.csv b.csv c.hl7` does. Every finding posted
 * carries its `file`; the end of each file is posted as `file-done` with its report.
 */
async function validateFiles(run, files, profile) {
  const checker = new engine.Run(profile || undefined, tables);
  const total = files.reduce((n, f) => n + f.file.size, 0);
  const tag = (name, findings) => { for (const f of findings) f.file = name; return findings; };
  let offset = 0;
  try {
    for (const [index, { name, file }] of files.entries()) {
      checker.begin(name);
      const source = { findingsFrom: (start) => tag(name, checker.findingsFrom(start)), progress: () => checker.progress() };
      const report = progressReporter(run, total);
      const reader = chunkReader(file.stream());
      let bytes = 0;
      try {
        for (;;) {
          if (run !== currentRun) {
            await reader.cancel();
            postMessage({ type: 'cancelled', run, bytes: offset + bytes });
            return;
          }
          const chunk = await reader.read();
          if (!chunk) break;
          checker.feed(chunk);
          bytes += chunk.byteLength;
          if (report(offset + bytes, source) !== undefined) await yieldToMessages();
        }
      } finally {
        reader.release();
      }
      const sent = report(offset + bytes, source, true);
      const result = checker.endFile();
      result.findings = tag(name, result.findings.slice(sent));
      offset += bytes;
      postMessage({ type: 'file-done', run, index, file: name, report: result, summary: checker.progress() });
    }
    postMessage({ type: 'done', run, report: { findings: [], summary: checker.progress() }, bytes: offset, memory: wasmMemory() });
  } finally {
    checker.free();
  }
}

/**
 * Validates a file across a pool of `workers` (`?workers=N`, at most one a core, up to four) when
 * it is large and can be cut; else as one stream. One stream is the default: merging the pieces'
 * reports (reading their JSON, replaying every record into the cross-record index) costs this
 * worker as much as checking the whole file itself, so the pool is not faster yet.
 */
async function validateFile(run, file, profile, workers) {
  const size = Math.min(workers ?? 1, Math.min(4, navigator.hardwareConcurrency || 1));
  if (size < 2 || file.size < 2 * PIECE_BYTES) {
    await validateStream(run, file.stream(), file.size, profile);
    return;
  }
  pool.size = size;
  const reader = file.stream().getReader();
  const report = progressReporter(run, file.size);
  let result;
  try {
    result = await validateInPieces({ engine, tables, pool, file, profile, reader, isCurrent: () => run === currentRun, report });
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (result === null) {
    await validateStream(run, file.stream(), file.size, profile);
  } else if (result === undefined) {
    postMessage({ type: 'cancelled', run, bytes: 0 });
  } else {
    finishRun(run, result, file.size);
  }
}

onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    switch (msg.type) {
      case 'init':
        postMessage({ type: 'ready', version: engine.version(), rules: engine.rules(), profiles: engine.profiles?.() ?? [], fields: engine.fieldKinds(), memory: wasmMemory(), heap: engine.heapStats() });
        break;
      case 'check-profile': {
        let problem = null;
        try {
          new engine.Validator(msg.json, tables).free();
        } catch (err) {
          problem = err instanceof Error ? err.message : String(err);
        }
        postMessage({ type: 'profile-checked', id: msg.id, problem });
        break;
      }
      case 'validate': {
        // The run going on stops at its next chunk or piece; this one starts when it has.
        currentRun = msg.run;
        pool.interrupt();
        const before = lastRun;
        const run = (async () => {
          await before.catch(() => {});
          if (msg.run !== currentRun) {
            postMessage({ type: 'cancelled', run: msg.run, bytes: 0 });
            return;
          }
          if (msg.files) await validateFiles(msg.run, msg.files, msg.profile);
          else if (msg.file) await validateFile(msg.run, msg.file, msg.profile, msg.workers);
          else {
            const blob = new Blob([msg.text ?? '']);
            await validateStream(msg.run, blob.stream(), blob.size, msg.profile);
          }
        })();
        lastRun = run;
        await run;
        break;
      }
      case 'release':
        postMessage({ type: 'release-loaded', summary: tables.loadOrderFile(msg.text, msg.name) });
        pool.addRelease(msg.text, msg.name);
        break;
      case 'cancel':
        if (msg.run === currentRun) currentRun = 0;
        pool.interrupt();
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
    const message = err instanceof Error ? err.message : String(err);
    // The engine itself could not be loaded (the wasm module is missing or broken): the page
    // finds out which file and says so (deploy-check.js).
    if (msg.type === 'init') postMessage({ type: 'init-failed', message });
    else postMessage({ type: 'error', run: msg.run, message });
  }
};
