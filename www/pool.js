// The worker pool for large files: the validator worker reads the file once through the engine's
// `Pipeline`, which finds where it may be cut (CSV record ends, HL7 messages); each piece goes to
// a pool worker as soon as its end is known, and the pipeline merges the pieces' reports in input
// order — so the result is exactly what one validator reading the whole file gives,
// cross-record findings between pieces included. A piece's report comes back as UTF-8 JSON in a
// transferred buffer (about six times the piece), waits in JavaScript until the pieces before it
// are merged and only then enters the validator worker's wasm memory (which never shrinks), one
// report at a time.

/** Bytes a piece holds, about: small enough that a pool worker's memory and a report in flight
 *  stay small, big enough to amortise a piece's start. */
export const PIECE_BYTES = 2 * 1024 * 1024;
/** Pieces dispatched beyond the next one to merge, per pool worker: bounds waiting results. */
const LOOKAHEAD = 2;

/** Today as `YYYY-MM-DD` in local time: every piece and the merge judge "future" alike. */
export function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Pool workers, started on first use and kept for later runs. */
export class Pool {
  /** `module`: the engine's compiled `WebAssembly.Module`, shared with every pool worker. */
  constructor(size, module) {
    this.size = size;
    this.module = module;
    this.workers = [];
    /** ICD-10-CM releases loaded in this session: every pool worker loads them into its own
     *  tables too (each worker has its own wasm instance). */
    this.releases = [];
  }

  start() {
    while (this.workers.length > this.size) this.workers.pop().terminate();
    while (this.workers.length < this.size) {
      const worker = new Worker(new URL('./piece-worker.js', import.meta.url), { type: 'module' });
      worker.postMessage({ type: 'module', module: this.module });
      for (const release of this.releases) worker.postMessage({ type: 'release', ...release });
      this.workers.push(worker);
    }
    return this.workers;
  }

  /** Loads a newer ICD-10-CM release (an order file's text) in the pool workers, now and later. */
  addRelease(text, name) {
    this.releases.push({ text, name });
    for (const w of this.workers) w.postMessage({ type: 'release', text, name });
  }

  /** Wakes the run waiting for its pieces (set by each run), so that it sees a cancel at once. */
  interrupt() {}

  /** Stops every pool worker (a cancelled run): the next run starts fresh ones. */
  stop() {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}

/**
 * Validates `file` across `pool` through the engine's `Pipeline`, which cuts the file while it is
 * read and merges the pieces' reports in input order. `engine` is the wasm module, `tables` the
 * validator worker's code tables (the pool workers hold the same releases); `reader`
 * reads `file` from its start (its first chunks may already be in `head`);
 * `report(bytes, pipeline, force)` posts progress (`report.sent()`: the findings it posted); `isCurrent()` turns false when the run is
 * cancelled. Resolves to the report, or to `null` when the file cannot be cut (the caller then
 * validates it as one stream).
 */
export async function validateInPieces({ engine, tables, pool, file, profile, reader, isCurrent, report }) {
  const today = localToday();
  /** Where the run's time went, in ms (for benchmarks): pool workers checking pieces, this worker
   *  merging their reports and feeding the pipeline, and waiting for reports. */
  const timing = { workers: 0, check: 0, merge: 0, feed: 0, wait: 0, pieces: 0, reportBytes: 0 };
  const count = Math.max(2, Math.ceil(file.size / PIECE_BYTES));
  const pipeline = new engine.Pipeline(file.size, count, profile ?? '', today, tables);
  const workers = pool.start();
  const idle = [...workers];
  /** Pieces not dispatched yet, and the pool workers' answers not pushed yet. */
  const pending = [];
  const arrived = [];
  let failure = null;
  let wake = null;

  /** Waits for a piece's result, a failure or a cancel ([`Pool.interrupt`]). */
  const next = async () => {
    const began = performance.now();
    await new Promise((resolve) => { wake = resolve; });
    timing.wait += performance.now() - began;
    wake = null;
    if (failure) throw failure;
  };
  pool.interrupt = () => wake?.();

  const dispatch = () => {
    while (idle.length && pending.length && pending[0].number < pipeline.merged() + LOOKAHEAD * workers.length) {
      const piece = pending.shift();
      const worker = idle.pop();
      worker.onmessage = ({ data }) => {
        idle.push(worker);
        arrived.push(data);
        wake?.();
      };
      worker.onerror = (e) => {
        failure = new Error(`a pool worker stopped: ${e.message || 'unknown error'}`);
        wake?.();
      };
      worker.postMessage({ id: piece.number, file, start: piece.start, end: piece.end, context: piece.context, profile: profile ?? '', today });
    }
  };

  /** Hands the pipeline the answers that are next in input order (it merges each at once); the
   *  others wait here, outside wasm memory. */
  const merge = () => {
    const before = pipeline.merged();
    for (const result of arrived) {
      if (result.error) throw new Error(`piece ${result.id + 1}: ${result.error}`);
    }
    arrived.sort((a, b) => a.id - b.id);
    const began = performance.now();
    while (arrived.length && arrived[0].id === pipeline.merged()) {
      const result = arrived.shift();
      timing.check += result.ms;
      timing.pieces += 1;
      timing.reportBytes += result.report.byteLength;
      pipeline.push(result.id, result.report);
    }
    if (pipeline.merged() > before) report(pipeline.mergedBytes(), pipeline);
    timing.merge += performance.now() - began;
  };

  try {
    // Read the file once to find the pieces; check and merge them as they come.
    for (;;) {
      if (!isCurrent()) return undefined;
      const { done, value } = await reader.read();
      if (done) break;
      const began = performance.now();
      const pieces = pipeline.feed(value);
      timing.feed += performance.now() - began;
      if (pipeline.splittable() === false) {
        pipeline.free();
        return null;
      }
      pending.push(...pieces);
      merge();
      dispatch();
      // Read on only as far as the pool can use: wait while enough pieces are queued.
      while (pending.length > LOOKAHEAD * workers.length && isCurrent()) {
        await next();
        merge();
        dispatch();
      }
    }
    pending.push(...pipeline.endInput());
    for (;;) {
      merge();
      if (pipeline.done()) break;
      if (!isCurrent()) return undefined;
      dispatch();
      await next();
    }
    report(pipeline.mergedBytes(), pipeline, true);
    timing.workers = workers.length;
    const result = pipeline.finishFrom(report.sent());
    result.timing = timing;
    return result;
  } catch (err) {
    pool.stop();
    throw err;
  } finally {
    if (!isCurrent()) pool.stop();
  }
}
