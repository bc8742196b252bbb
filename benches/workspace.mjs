// Benchmark of the findings workspace with 100,000 findings in real Chromium: for each view
// change (filters, sort, grouping) the time until the table shows the new view and the longest
// main-thread task meanwhile (PerformanceObserver "longtask", tasks over 50 ms). Medians of RUNS.
//   make build && node benches/workspace.mjs [PORT]
// (not part of `make test`: speed is measured here, never asserted in tests)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.argv[2] || 8473);
const RUNS = 5;
const ROWS = 50_000; // two findings a row: 100,000 findings (the default profile keeps 100,000)
const www = fileURLToPath(new URL('../dist/site/', import.meta.url)); // the built site (make build)

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', www], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const day = (n) => new Date(Date.UTC(1900, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const lines = ['mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx'];
  for (let i = 1; i <= ROWS; i++) {
    const d = String((i % 27) + 1).padStart(2, '0');
    lines.push(`M${i},"Name${i}, Test",${day(i % 40000)},F,2026-03-${d},2026-02-${d},E11-${i % 10}`);
  }
  await page.getByTestId('file-input').setInputFiles({ name: 'bench.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForFunction(() => Number(document.getElementById('view-count')?.dataset.total) >= 100000, null, { timeout: 600_000 });
  const total = await page.evaluate(() => Number(document.getElementById('view-count').dataset.total));
  await page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration); })
      .observe({ type: 'longtask', buffered: false });
  });

  /** Runs `change` (in the page) and waits for the view to be redrawn; returns [ms, longest task ms]. */
  const measure = (change) => page.evaluate(async (code) => {
    window.longest = 0;
    const count = document.getElementById('view-count');
    const before = count.textContent;
    const started = performance.now();
    const done = new Promise((resolve) => {
      new MutationObserver((_, obs) => { obs.disconnect(); resolve(); }).observe(count, { childList: true, characterData: true, subtree: true, attributes: true });
    });
    new Function(code)();
    await done;
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
    return [ms, window.longest, before === count.textContent];
  }, change);
  const set = (id, value, event) => `const e = document.getElementById('${id}'); e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event('${event}'));`;
  const cases = [
    ['severity filter (errors)', set('filter-severity', 'error', 'change'), set('filter-severity', 'all', 'change')],
    ['text filter ("e11-3")', set('filter-text', 'e11-3', 'input'), set('filter-text', '', 'input')],
    ['rule filter (K301)', set('filter-rule', 'K301', 'change'), set('filter-rule', '', 'change')],
    ['sort by message', "document.querySelector('th button[data-sort=message]').click();", "document.querySelector('th button[data-sort=message]').click();"],
    ['group by record', set('group-by', 'record', 'change'), set('group-by', 'none', 'change')],
    ['group by rule', set('group-by', 'rule', 'change'), set('group-by', 'none', 'change')],
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${total.toLocaleString('en-US')} findings in the page; medians of ${RUNS} runs`);
  console.log('view change                 | until shown | longest main-thread task');
  for (const [name, on, off] of cases) {
    const times = [];
    const tasks = [];
    for (let r = 0; r < RUNS; r++) {
      const [ms, longest] = await measure(on);
      times.push(ms);
      tasks.push(longest);
      await measure(off);
    }
    console.log(`${name.padEnd(27)} | ${median(times).toFixed(0).padStart(8)} ms | ${median(tasks) ? `${median(tasks).toFixed(0)} ms` : 'none over 50 ms'}`);
  }
  const rows = await page.locator('#findings-body tr').count();
  console.log(`rows in the DOM: ${rows}`);
} finally {
  await browser.close();
  server.kill();
}
