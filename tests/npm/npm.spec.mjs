// The packed npm package, installed into a page that only imports it, validates a file in a
// worker: the same counts and findings as the command line gives for that fixture.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(root, 'tests/fixtures/csv/dates.csv');

test('the installed package validates a file in a worker', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('/');
  await page.setInputFiles('#file', fixture);
  const status = page.locator('#status');
  await expect(status).toHaveText(/^csv: \d+ records, \d+ errors/, { timeout: 30_000 });

  // The command line on the same file (exit status 1: it has error findings).
  const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
  const out = spawnSync(join(target, 'debug', 'recordlint'), ['check', fixture, '--format', 'json'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(1);
  const cli = JSON.parse(out.stdout);
  const { records, errors, warnings } = cli.summary;
  await expect(status).toHaveText(`csv: ${records} records, ${errors} errors, ${warnings} warnings`);
  await expect(page.locator('#findings li')).toHaveCount(cli.findings.length);
  await expect(page.locator('#findings li').first()).toHaveText(
    `${cli.findings[0].rule} ${cli.findings[0].severity}: ${cli.findings[0].message}`);
  expect(requests).toContain('/node_modules/recordlint/recordlint_bg.wasm');
});
