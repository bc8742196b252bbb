// Browser benchmark: validates a generated CSV in the real page in Debian's Chromium and reports
// throughput, peak wasm memory, the tab's peak memory and the longest main-thread task (and when
// it ran).
//
//   make bench-browser                 # 200 MB
//   make bench-browser BENCH_MB=1024   # 1 GB
//   BENCH_KIND=bundle make bench-browser BENCH_MB=100   # or ndjson, hl7
//
// Run by hand (not in `make test`): it takes a while and its numbers depend on the machine. The
// input is made by `recordlint generate csv` (deterministic) and cached under target/bench/.
import { chromium } from '@playwright/test';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = Number(process.env.BENCH_MB || 200);
const PORT = Number(process.env.BENCH_PORT || 8399);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS || 3);
/** `BENCH_WORKERS=N`: the page's pool of N workers (`?workers=N`); unset: the page's default. */
const WORKERS = process.env.BENCH_WORKERS;
/** `BENCH_KIND`: what `recordlint generate` makes — csv (default), ndjson, bundle or hl7. */
const KIND = process.env.BENCH_KIND || 'csv';
const EXTENSION = { csv: 'csv', ndjson: 'ndjson', bundle: 'json', hl7: 'hl7' }[KIND];
if (!EXTENSION) throw new Error(`BENCH_KIND must be csv, ndjson, bundle or hl7, not ${KIND}`);

function generate() {
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

/** Marks this benchmark's Chromium (an unknown switch, ignored by it) so that its processes can
 *  be told from other browsers on the machine. */
const MARK = `--recordlint-bench=${process.pid}`;

/** The parent process of `pid`, or 0. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Whether `pid` descends from this benchmark's Chromium. */
function ours(pid) {
  for (let p = parentOf(pid), hops = 0; p > 1 && hops < 8; p = parentOf(p), hops++) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(MARK)) return true;
    } catch { return false; }
  }
  return false;
}

/**
 * Memory of every renderer process of this benchmark's Chromium (the tab and its workers), in bytes: `rss`, resident
 * pages including those shared with other processes (the browser binary's code, counted once per
 * process), and `footprint`, the private dirty pages and swap (what Chromium's task manager calls
 * the memory footprint: the process's own heap, wasm memory and stacks).
 */
function rendererMemory() {
  const total = { rss: 0, footprint: 0 };
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !ours(pid)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      total.rss += kb('Rss');
      total.footprint += kb('Private_Dirty') + kb('Swap');
    } catch { /* the process ended */ }
  }
  return total;
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

/**
 * From a trace of the `toplevel` category: the main thread's longest task by wall time and by
 * thread (CPU) time, in ms.
 */
function mainThreadTasks(buffer) {
  const parsed = JSON.parse(buffer.toString());
  const events = parsed.traceEvents ?? parsed;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let wall = 0;
  let cpu = 0;
  let cpuOfLongest = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || !/RunTask/.test(e.name)) continue;
    if (e.dur > wall) { wall = e.dur; cpuOfLongest = e.tdur ?? 0; }
    cpu = Math.max(cpu, e.tdur ?? 0);
  }
  return { traceWall: wall / 1000, traceCpuOfLongest: cpuOfLongest / 1000, traceCpu: cpu / 1000 };
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
  await page.evaluate(() => { window.__longest = { duration: 0, start: 0 }; window.__longTasks = 0; });
  const idle = rendererMemory();
  const peak = { ...idle };
  const sampler = setInterval(() => {
    const now = rendererMemory();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.footprint = Math.max(peak.footprint, now.footprint);
  }, 100);
  // A trace of the run's tasks: how long the longest main-thread task held the CPU, beside how
  // long it took (on a loaded machine the thread waits for a core within a task).
  await browser.startTracing(page, { categories: ['toplevel'] });
  const started = performance.now();
  const pageStarted = await page.evaluate(() => performance.now());
  await page.setInputFiles('[data-testid="file-input"]', file);
  const timeline = await followProgress(page);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = await page.evaluate(() => ({
    longest: window.__longest.duration,
    longestAt: window.__longest.start,
    longTasks: window.__longTasks,
    wasm: Number(document.querySelector('[data-testid="status"]').dataset.wasmBytes || 0),
    index: Number(document.querySelector('[data-testid="status"]').dataset.indexBytes || 0),
    records: document.querySelector('[data-testid="sum-records"]').textContent,
    mainHeap: performance.memory?.usedJSHeapSize ?? 0,
    pool: document.querySelector('[data-testid="status"]').dataset.pool ?? null,
  }));
  const after = rendererMemory();
  Object.assign(result, mainThreadTasks(await browser.stopTracing()));
  await page.close();
  result.longestAt = Math.max(0, (result.longestAt - pageStarted) / 1000);
  return { seconds, idle, peak, after, coldStart, timeline, ...result };
}

/**
 * Waits for the run to end, reading the page's progress bar each second; returns, for each tenth
 * of the file, the time, the tab's footprint then and the progress text. The first time past 40 %,
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
    }));
    if (now.state === 'done') return timeline;
    if (now.state === 'error') throw new Error(`the page reports an error: ${now.text}`);
    if (performance.now() > deadline) throw new Error('the run did not end within an hour');
    const tenth = Math.floor(now.done * 10);
    if (tenth > (timeline.at(-1)?.tenth ?? 0)) {
      timeline.push({ tenth, seconds: (performance.now() - started) / 1000, footprint: rendererMemory().footprint, text: now.text });
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
  console.log(`load average at the start: ${load()}`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(browser, file);
    console.log(`run ${i + 1}: ${(bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.seconds.toFixed(2)} s, records ${r.records}, `
      + `wasm ${mib(r.wasm)} MiB (the cross-record index's containers ${mib(r.index)} MiB of it), tab peak footprint ${mib(r.peak.footprint)} MiB (resident ${mib(r.peak.rss)} MiB), `
      + `longest task ${r.longest.toFixed(0)} ms (at ${r.longestAt.toFixed(1)} s; ${r.longTasks} tasks over 50 ms; in the trace the longest took ${r.traceWall.toFixed(0)} ms `
      + `and held the CPU ${r.traceCpuOfLongest.toFixed(0)} ms, the most CPU a main-thread task held ${r.traceCpu.toFixed(0)} ms), page ready in ${(r.coldStart * 1000).toFixed(0)} ms; `
      + `footprint of the idle page ${mib(r.idle.footprint)} MiB, at the end ${mib(r.after.footprint)} MiB; main thread's JS heap at the end ${mib(r.mainHeap)} MiB`);
    if (r.pool) {
      const t = JSON.parse(r.pool);
      const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`  the pool: ${t.workers} pool workers checked ${t.pieces} pieces in ${s(t.check)} of their time; the validator worker merged their reports `
        + `(${mib(t.reportBytes)} MiB of JSON) in ${s(t.merge)}, cut the file in ${s(t.feed)}, waited ${s(t.wait)}`);
    }
    for (const t of r.timeline) {
      console.log(`  ${t.tenth * 10}% at ${t.seconds.toFixed(0)} s: footprint ${mib(t.footprint)} MiB — “${t.text}”`);
    }
    runs.push(r);
  }
  const seconds = median(runs.map((r) => r.seconds));
  console.log(`\n${(bytes / 1e6).toFixed(1)} MB ${KIND} in Chromium: median ${(bytes / 1e6 / seconds).toFixed(1)} MB/s over ${RUNS} runs; `
    + `peak wasm memory ${mib(Math.max(...runs.map((r) => r.wasm)))} MiB; `
    + `tab peak footprint ${mib(Math.max(...runs.map((r) => r.peak.footprint)))} MiB `
    + `(resident ${mib(Math.max(...runs.map((r) => r.peak.rss)))} MiB); `
    + `longest main-thread task ${Math.max(...runs.map((r) => r.longest)).toFixed(0)} ms `
    + `(most CPU time a main-thread task held ${Math.max(...runs.map((r) => r.traceCpu)).toFixed(0)} ms); `
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
