// A file is read into one reused buffer a chunk at a time (www/chunks.js): rows, quoted fields
// and multi-byte characters cut by the chunks' ends are read whole, so the page finds exactly what
// `recordlint check` finds in the same file; and when the page says a run is done, its table,
// counts, facets and charts already show all of it.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';
import { encounters } from './big-csv.mjs';

const MANIFEST = fileURLToPath(new URL('../../Cargo.toml', import.meta.url));
let dir;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recordlint-chunks-'));
  // About 3.3 MB: three ends of the 1 MiB buffer fall inside rows, one of them in a name with é.
  writeFileSync(join(dir, 'chunks.csv'), encounters(40_000).toString().replaceAll('Jane', 'Jané'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `recordlint check chunks.csv --format json` prints, run beside the file. */
function cli() {
  const run = spawnSync('cargo', ['run', '--quiet', '--manifest-path', MANIFEST, '--bin', 'recordlint', '--', 'check', 'chunks.csv', '--format', 'json'],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`recordlint check failed: ${run.stderr}`);
  return run.stdout;
}

test('a file read a chunk at a time into one buffer is checked as the CLI checks it, and is drawn whole when done', async ({ page }) => {
  test.setTimeout(120_000);
  const expected = cli();
  const report = JSON.parse(expected);
  expect(report.summary.records).toBe(40_000);
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(join(dir, 'chunks.csv'));
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // At once, without waiting for anything more: the run's last counts are drawn.
  const shown = await page.evaluate(() => ({
    total: document.querySelector('#view-count').dataset.total,
    rules: [...document.querySelectorAll('#filter-rule option')].map((o) => o.textContent),
    topRules: document.querySelectorAll('#charts svg[role="img"]')[1]?.getAttribute('aria-label') ?? '',
  }));
  expect(shown.total).toBe(String(report.findings.length));
  const byRule = new Map();
  for (const f of report.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  for (const [rule, n] of byRule) {
    expect(shown.rules.some((o) => o.startsWith(`${rule} `) && o.endsWith(`(${n.toLocaleString('en-US')})`))).toBe(true);
    expect(shown.topRules).toContain(`${rule} `);
  }

  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(readFileSync(await file.path(), 'utf8')).toBe(expected);
  expect(errors).toEqual([]);
});
