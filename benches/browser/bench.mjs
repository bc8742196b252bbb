// Browser benchmark: validates a generated CSV in the real page in Debian's Chromium and reports
// throughput, peak wasm memory, the tab's peak memory and the longest main-thread task.
//
//   make bench-browser                 # 200 MB
//   make bench-browser BENCH_MB=1024   # 1 GB
//
// Run by hand (not in `make test`): it takes a while and its numbers depend on the machine. The
// input is made by `recordlint generate csv` (deterministic) and cached under target/bench/.
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = Number(process.env.BENCH_MB || 200);
const PORT = Number(process.env.BENCH_PORT || 8399);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_RUNS || 3);
/** `BENCH_WORKERS=N`: the page's pool of N workers (`?workers=N`); unset: the page's default. */
const WORKERS = process.env.BENCH_WORKERS;
function generate() {
  const dir = `${ROOT}target/bench`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/encounters-${MB}mb.csv`;
  if (existsSync(path)) return path;
  console.log(`generating ${path}…`);
  const out = openSync(path, 'w');
  execFileSync(`${ROOT}target/release/recordlint`, ['generate', 'csv', '--bytes', `${MB}M`], { stdio: ['ignore', out, 'inherit'] });
  closeSync(out);
  return path;
}

/** Resident memory (bytes) of every Chromium renderer process: the tab and its workers. */
function rendererMemory() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch { /* the process ended */ }
  }
  return total;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function runOnce(browser, file) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const opened = performance.now();
  await page.goto(`http://127.0.0.1:${PORT}/${WORKERS ? `?workers=${WORKERS}` : ''}`);
  await page.waitForSelector('body[data-ready="true"]');
  const coldStart = (performance.now() - opened) / 1000;
  await page.evaluate(() => { window.__longest = 0; });
  let peak = rendererMemory();
  const sampler = setInterval(() => { peak = Math.max(peak, rendererMemory()); }, 100);
  const started = performance.now();
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="status"][data-state="done"]', { timeout: 30 * 60_000 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const result = await page.evaluate(() => ({
    longest: window.__longest,
    wasm: Number(document.querySelector('[data-testid="status"]').dataset.wasmBytes || 0),
    records: document.querySelector('[data-testid="sum-records"]').textContent,
  }));
  await page.close();
  return { seconds, peak, coldStart, ...result };
}

const file = generate();
const bytes = statSync(file).size;
const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', `${ROOT}www`], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runOnce(browser, file);
    console.log(`run ${i + 1}: ${(bytes / 1e6 / r.seconds).toFixed(1)} MB/s, ${r.seconds.toFixed(2)} s, records ${r.records}, `
      + `wasm ${(r.wasm / 2 ** 20).toFixed(0)} MiB, tab peak ${(r.peak / 2 ** 20).toFixed(0)} MiB, longest task ${r.longest.toFixed(0)} ms, page ready in ${(r.coldStart * 1000).toFixed(0)} ms`);
    runs.push(r);
  }
  const seconds = median(runs.map((r) => r.seconds));
  console.log(`\n${(bytes / 1e6).toFixed(1)} MB CSV in Chromium: median ${(bytes / 1e6 / seconds).toFixed(1)} MB/s over ${RUNS} runs; `
    + `peak wasm memory ${(Math.max(...runs.map((r) => r.wasm)) / 2 ** 20).toFixed(0)} MiB; `
    + `tab peak ${(Math.max(...runs.map((r) => r.peak)) / 2 ** 20).toFixed(0)} MiB; `
    + `longest main-thread task ${Math.max(...runs.map((r) => r.longest)).toFixed(0)} ms; `
    + `page ready (cold, new tab) median ${(median(runs.map((r) => r.coldStart)) * 1000).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.kill();
}
