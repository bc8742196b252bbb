// The main thread's tasks while the page checks a file and draws its results, by CPU time (a
// trace's thread time, which a loaded machine inflates far less than wall time): the task that
// held the CPU longest, the next, how many held it over 10 and 5 ms, and the main thread's CPU in
// all; at 1366 × 800 and 390 × 844, with a screenshot of each size in target/bench/.
//
//   node benches/browser/first-results.mjs FILE [RUNS]     # after `make build`
//   SITE=dir node benches/browser/first-results.mjs FILE   # another build of the site
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TASK_CATEGORIES } from './main-thread-tasks.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const [file, runs = 3] = process.argv.slice(2);
if (!file) throw new Error('usage: node benches/browser/first-results.mjs FILE [RUNS]');
const PORT = Number(process.env.BENCH_PORT || 8411);
const SITE = process.env.SITE || `${ROOT}dist/site`;

/** The main thread's outermost tasks of a trace (JSON bytes), longest CPU first. */
function tasks(buffer) {
  const events = JSON.parse(buffer.toString()).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const all = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && /RunTask/.test(e.name));
  const inside = (t, o) => o !== t && o.tid === t.tid && o.ts <= t.ts && o.ts + o.dur >= t.ts + t.dur;
  return all.filter((t) => !all.some((o) => inside(t, o))).map((t) => (t.tdur ?? 0) / 1000).sort((a, b) => b - a);
}

mkdirSync(`${ROOT}target/bench`, { recursive: true });
const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', SITE], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const [width, height] of [[1366, 800], [390, 844]]) {
    for (let i = 0; i < Number(runs); i++) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForSelector('body[data-ready="true"]');
      await browser.startTracing(page, { categories: TASK_CATEGORIES });
      await page.setInputFiles('[data-testid="file-input"]', file);
      await page.waitForSelector('[data-testid="status"][data-state="done"]', { timeout: 600_000 });
      await new Promise((r) => setTimeout(r, 500));
      const cpu = tasks(await browser.stopTracing());
      const total = cpu.reduce((n, t) => n + t, 0);
      console.log(`${width}×${height} run ${i + 1}: longest ${cpu[0].toFixed(1)} ms of CPU, next ${cpu[1].toFixed(1)} ms; `
        + `${cpu.filter((t) => t > 10).length} tasks over 10 ms, ${cpu.filter((t) => t > 5).length} over 5 ms; main thread ${total.toFixed(0)} ms in all`);
      if (i === 0) await page.screenshot({ path: `${ROOT}target/bench/results-${width}.png` });
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
