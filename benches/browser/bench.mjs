// Browser benchmark: validates a generated CSV in the real page in Debian's Chromium and reports
// throughput, the wasm memory and the engine's heap in it, the tab's peak memory (the renderer
// process of the page and its workers; tab-memory.mjs) and what it is made of (Chromium's memory
// dump), and the longest main-thread task, how much of it held the CPU and what ran in it
// (main-thread-tasks.mjs).
//
//   make bench-browser                 # 200 MB
//   make bench-browser BENCH_MB=1024   # 1 GB
//   BENCH_KIND=bundle make bench-browser BENCH_MB=100   # or ndjson, hl7
//   BENCH_MAX_FINDINGS=20 …            # a profile keeping 20 findings: what keeping them costs
//
// Run by hand (not in `make test`): it takes a while and its numbers depend on the machine. The
// input is made by `recordlint generate csv` (deterministic) and cached under target/bench/, or
// is benches/run.py's CSV of that size in target/bench-inputs/, or BENCH_FILE.
import { chromium } from '@playwright/test';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, statSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { MARK, memoryDump, rendererMemory } from './tab-memory.mjs';
import { TASK_CATEGORIES, mainThreadTasks } from './main-thread-tasks.mjs';
import { threadCpu } from './tab-threads.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = Number(process.env.BENCH_MB || 200);
const PORT = Number(process.env.BENCH_PORT || 8399);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS || 3);
/** `BENCH_WORKERS=N`: the page's pool of N workers (`?workers=N`); unset: the page's default. */
const WORKERS = process.env.BENCH_WORKERS;
/** `BENCH_MAX_FINDINGS=N`: the run keeps N findings (a profile of the default rules with
 *  `max_findings` N, loaded in the page) instead of the default 100,000 — to see what keeping them
 *  costs the tab. */
const MAX_FINDINGS = process.env.BENCH_MAX_FINDINGS;
/** `BENCH_KIND`: what `recordlint generate` makes — csv (default), ndjson, bundle or hl7. */
const KIND = process.env.BENCH_KIND || 'csv';
const EXTENSION = { csv: 'csv', ndjson: 'ndjson', bundle: 'json', hl7: 'hl7' }[KIND];
if (!EXTENSION) throw new Error(`BENCH_KIND must be csv, ndjson, bundle or hl7, not ${KIND}`);

/** The input: `BENCH_FILE`, else the CSV of `benches/run.py` of that size when it has made one
 *  (target/bench-inputs/mem-NM.csv, the same bytes), else one generated and cached here. */
function generate() {
  if (process.env.BENCH_FILE) return process.env.BENCH_FILE;
  const made = `${ROOT}target/bench-inputs/mem-${MB}M.csv`;
  if (KIND === 'csv' && existsSync(made)) return made;
  const dir = `${ROOT}target/bench`;
  mkdirSync(dir, { recursive: true });
  const path = KIND === 'csv' ? `${dir}/encounters-${MB}mb.csv` : `${dir}/${KIND}-${MB}mb.${EXTENSION}`;
  if (existsSync(path)) return path;
  console.log(`generating ${path}…`);
  const out = openSync(path, 'w');
  execFileSync(`${ROOT}target/release/recordlint`, ['generate', KIND, '--bytes', `${MB}M`], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  return path;
}

/**
 * The native CLI on the same file, right after the page's runs (`BENCH_NATIVE=0` skips it): wall
 * seconds and peak resident memory (`/usr/bin/time`), on every core as `recordlint check` runs.
 */
function native(file) {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', `${ROOT}target/release/recordlint`, 'check', file],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`recordlint check failed: ${run.stderr}`);
  return { seconds: (performance.now() - started) / 1000, peak: Number(run.stderr.trim().split('\n').at(-1)) * 1024 };
}

/** The machine's load averages over 1, 5 and 15 minutes, as text. */
function load() {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** The engine's heap as the wasm build counts it (`heapStats`), in words. */
function heapText(heap) {
  if (!heap) return '';
  return `; the engine's allocations at most ${mib(heap.peak)} MiB, ${mib(heap.settled ?? heap.peak)} MiB leaving out the moments a growing container held its old and new blocks at once, `
    + `${mib(heap.live)} MiB once the run has ended`;
}

/** Bytes as whole MiB. */
function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function runOnce(browser, file) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longest = { duration: 0, start: 0 };
    window.__longTasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__longTasks += 1;
        if (e.duration > window.__longest.duration) window.__longest = { duration: e.duration, start: e.startTime };
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  const opened = performance.now();
  await page.goto(`http://127.0.0.1:${PORT}/${WORKERS ? `?workers=${WORKERS}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]');
  const coldStart = (performance.now() - opened) / 1000;
  if (MAX_FINDINGS) {
    await page.getByTestId('profile-edit').click();
    const profile = JSON.stringify({ name: 'bench', title: 'Bench', max_findings: Number(MAX_FINDINGS) });
    await page.getByTestId('profile-import').setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(profile) });
    await page.getByTestId('profile-save').click();
  }
  const idleEngine = await page.evaluate(() => {
    window.__longest = { duration: 0, start: 0 };
    window.__longTasks = 0;
    const status = document.querySelector('[data-testid="status"]').dataset;
    return { wasm: Number(status.wasmBytes || 0), heap: JSON.parse(status.heap || 'null') };
  });
  const idle = rendererMemory();
  if (!idle.tab) throw new Error('no renderer process with worker threads: the tab cannot be told from the browser\'s other renderers');
  const peak = { ...idle, at: 0 };
  let started = performance.now();
  const sampler = setInterval(() => {
    const now = rendererMemory();
    if (now.tab > peak.tab) peak.at = (performance.now() - started) / 1000;
    for (const key of Object.keys(now)) peak[key] = Math.max(peak[key], now[key]);
  }, 100);
  // A trace of the run's tasks: how long the longest main-thread task held the CPU, beside how
  // long it took (on a loaded machine the thread waits for a core within a task), and what ran in it.
  await browser.startTracing(page, { categories: TASK_CATEGORIES });
  const cpuBefore = threadCpu();
  started = performance.now();
  const pageStarted = await page.evaluate(() => performance.now());
  await page.setInputFiles('[data-testid="file-input"]', file);
  const timeline = await followProgress(page);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = threadCpu();
  clearInterval(sampler);
  const result = await page.evaluate(() => ({
    longest: window.__longest.duration,
    longestAt: window.__longest.start,
    longTasks: window.__longTasks,
    wasm: Number(document.querySelector('[data-testid="status"]').dataset.wasmBytes || 0),
    index: Number(document.querySelector('[data-testid="status"]').dataset.indexBytes || 0),
    heap: JSON.parse(document.querySelector('[data-testid="status"]').dataset.heap || 'null'),
    records: document.querySelector('[data-testid="sum-records"]').textContent,
    mainHeap: performance.memory?.usedJSHeapSize ?? 0,
    pool: document.querySelector('[data-testid="status"]').dataset.pool ?? null,
  }));
  const after = rendererMemory();
  result.tasks = mainThreadTasks(await browser.stopTracing());
  // What the tab's memory is made of at the end (the run's wasm memory is still there: it is
  // the validator worker's, which keeps its instance for the next run), as it is and once the
  // garbage has been collected.
  result.dump = await memoryDump(browser);
  result.dumped = rendererMemory();
  result.collected = await memoryDump(browser, true);
  result.dumpedCollected = rendererMemory();
  await page.close();
  result.longestAt = Math.max(0, (result.longestAt - pageStarted) / 1000);
  const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, cpuAfter[k] - cpuBefore[k]]));
  return { seconds, cpu, idle, idleEngine, peak, after, coldStart, timeline, ...result };
}

/**
 * Waits for the run to end, reading the page's progress bar each second; returns, for each tenth
 * of the file, the time, the tab's footprint and the validator worker's wasm memory then, and the
 * progress text. The first time past 40 %,
 * a screenshot of the page goes to target/bench/progress.png.
 */
async function followProgress(page) {
  const timeline = [];
  const started = performance.now();
  const deadline = started + 60 * 60_000;
  let shot = false;
  for (;;) {
    const now = await page.evaluate(() => ({
      state: document.querySelector('[data-testid="status"]').dataset.state,
      done: document.getElementById('progress').position,
      text: document.querySelector('[data-testid="progress-text"]').textContent,
      wasm: Number(document.querySelector('[data-testid="status"]').dataset.wasmBytes || 0),
      heap: JSON.parse(document.querySelector('[data-testid="status"]').dataset.heap || 'null'),
    }));
    if (now.state === 'done') return timeline;
    if (now.state === 'error') throw new Error(`the page reports an error: ${now.text}`);
    if (performance.now() > deadline) throw new Error('the run did not end within an hour');
    const tenth = Math.floor(now.done * 10);
    if (tenth > (timeline.at(-1)?.tenth ?? 0)) {
      timeline.push({ tenth, seconds: (performance.now() - started) / 1000, footprint: rendererMemory().tab, wasm: now.wasm, heap: now.heap, text: now.text });
    }
    if (!shot && now.done > 0.4) {
      shot = true;
      await page.screenshot({ path: `${ROOT}target/bench/progress.png` });
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const file = generate();
const bytes = statSync(file).size;
const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', `${ROOT}dist/site`], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--enable-precise-memory-info', MARK],
});
try {
  console.log(`load average at the start: ${load()}${MAX_FINDINGS ? `; findings kept: ${MAX_FINDINGS}` : ''}`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(browser, file);
    const t = r.tasks;
    console.log(`run ${i + 1}: ${(bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.seconds.toFixed(2)} s, records ${r.records}, `
      + `wasm ${mib(r.wasm)} MiB (the cross-record index's containers ${mib(r.index)} MiB of it${heapText(r.heap)}), `
      + `tab peak footprint ${mib(r.peak.tab)} MiB at ${r.peak.at.toFixed(0)} s (anonymous memory, as Chromium's task manager counts it, ${mib(r.peak.tabAnon)} MiB; resident ${mib(r.peak.tabRss)} MiB; `
      + `every renderer of this Chromium, its UI and spare renderer included: ${mib(r.peak.all)} MiB), `
      + `longest task ${r.longest.toFixed(0)} ms (at ${r.longestAt.toFixed(1)} s; ${r.longTasks} tasks over 50 ms); in the trace the longest took ${t.wall.toFixed(0)} ms `
      + `and held the CPU ${t.cpu.toFixed(0)} ms (${(100 * t.share).toFixed(0)} %), the most CPU a main-thread task held ${t.maxCpu.toFixed(0)} ms, `
      + `${t.over50} tasks took over 50 ms and ${t.over100} over 100 ms, ${t.over50Cpu} held the CPU over 50 ms; page ready in ${(r.coldStart * 1000).toFixed(0)} ms; `
      + `tab footprint of the idle page ${mib(r.idle.tab)} MiB (its wasm memory ${mib(r.idleEngine.wasm)} MiB${r.idleEngine.heap ? `, the engine's allocations ${mib(r.idleEngine.heap.live)} MiB` : ''}), at the end ${mib(r.after.tab)} MiB; main thread's JS heap at the end ${mib(r.mainHeap)} MiB`);
    console.log(`  CPU of the tab's threads over the run: main thread ${r.cpu.main.toFixed(1)} s (${(100 * r.cpu.main / r.seconds).toFixed(1)} % of a core), `
      + `workers ${r.cpu.workers.toFixed(1)} s (${(100 * r.cpu.workers / r.seconds).toFixed(0)} %), the rest ${r.cpu.other.toFixed(1)} s`);
    console.log(`  in the longest task: ${t.inside.map(([name, wall, cpu]) => `${name} ${wall.toFixed(1)} ms (CPU ${cpu.toFixed(1)})`).join('; ') || 'nothing traced'}`);
    for (const [dump, proc, when] of [[r.dump, r.dumped, 'at the end'], [r.collected, r.dumpedCollected, 'then after a garbage collection']]) {
      if (!dump) continue;
      const listed = dump.parts.reduce((n, [, b]) => n + b, 0);
      console.log(`  the tab ${when}: footprint ${mib(proc.tab)} MiB (anonymous ${mib(proc.tabAnon)} MiB; Chromium's dump says ${mib(dump.footprint)} MiB): `
        + `wasm memory of the validator worker ${mib(r.wasm)} MiB, then by Chromium's memory dump ${dump.parts.map(([name, b]) => `${name} ${mib(b)} MiB`).join(', ')} `
        + `(the footprint less all these: ${mib(proc.tab - r.wasm - listed)} MiB: compiled code, stacks, shared memory, V8's other spaces, less what the allocators count but have not touched)`);
    }
    console.log(`  the longest task by CPU: ${t.cpuTask.map(([name, wall, cpu]) => `${name} ${wall.toFixed(1)} ms (CPU ${cpu.toFixed(1)})`).join('; ') || 'nothing traced'}`);
    if (r.pool) {
      const t = JSON.parse(r.pool);
      const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`  the pool: ${t.workers} pool workers checked ${t.pieces} pieces in ${s(t.check)} of their time; the validator worker merged their reports `
        + `(${mib(t.reportBytes)} MiB of JSON) in ${s(t.merge)}, cut the file in ${s(t.feed)}, waited ${s(t.wait)}`);
    }
    for (const t of r.timeline) {
      console.log(`  ${t.tenth * 10}% at ${t.seconds.toFixed(0)} s: tab footprint ${mib(t.footprint)} MiB, wasm ${mib(t.wasm)} MiB${t.heap ? ` (the engine's live allocations ${mib(t.heap.live)} MiB, at most ${mib(t.heap.peak)}, ${mib(t.heap.settled ?? t.heap.peak)} without doubling moves)` : ''} — “${t.text}”`);
    }
    runs.push(r);
  }
  const seconds = median(runs.map((r) => r.seconds));
  console.log(`\n${(bytes / 1e6).toFixed(1)} MB ${KIND} in Chromium: median ${(bytes / 1e6 / seconds).toFixed(1)} MB/s over ${RUNS} runs; `
    + `peak wasm memory ${mib(Math.max(...runs.map((r) => r.wasm)))} MiB; `
    + `tab peak footprint ${mib(Math.max(...runs.map((r) => r.peak.tab)))} MiB = ${(Math.max(...runs.map((r) => r.peak.tab)) / 1e6).toFixed(0)} MB `
    + `(resident ${mib(Math.max(...runs.map((r) => r.peak.tabRss)))} MiB; every renderer ${mib(Math.max(...runs.map((r) => r.peak.all)))} MiB); `
    + `longest main-thread task ${Math.max(...runs.map((r) => r.longest)).toFixed(0)} ms `
    + `(most CPU time a main-thread task held ${Math.max(...runs.map((r) => r.tasks.maxCpu)).toFixed(0)} ms); `
    + `page ready (cold, new tab) median ${(median(runs.map((r) => r.coldStart)) * 1000).toFixed(0)} ms`);
  console.log(`load average after the page's runs: ${load()}`);
  if (process.env.BENCH_NATIVE !== '0') {
    const n = native(file);
    console.log(`native \`recordlint check\` on the same file: ${(bytes / 1e6 / n.seconds).toFixed(1)} MB/s (${n.seconds.toFixed(1)} s), `
      + `peak resident ${mib(n.peak)} MiB; the page at ${(100 * n.seconds / seconds).toFixed(0)} % of native; load average then ${load()}`);
  }
} finally {
  await browser.close();
  server.kill();
}
