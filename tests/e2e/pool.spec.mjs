// Large files can be checked across the page's worker pool (`?workers=N`): the validator worker
// cuts the file into pieces, pool workers check them, the pieces' reports (UTF-8 JSON in transferred buffers) are
// merged in input order. The result is the same as one worker reading the whole file, cross-record
// findings between pieces included; a pool run can be cancelled or replaced; nothing leaves the page.
import { test, expect } from '@playwright/test';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEADER = 'mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,attending_npi\n';
const pad = (n) => String(n).padStart(2, '0');

/**
 * `rows` encounters of 20,000 patients seen again and again all through the file (so that
 * cross-record checks meet across pieces): every 997th row gives its patient another birth date,
 * every 1,499th repeats the encounter before it, every 50th ends before it begins.
 */
function encounters(rows) {
  const lines = [HEADER];
  let last = '';
  for (let i = 0; i < rows; i++) {
    const p = i % 20_000;
    const dob = `${1930 + (i % 997 === 0 ? 1 : 0) + Math.floor(p / 336) % 70}-${pad(1 + Math.floor(p / 28) % 12)}-${pad(1 + p % 28)}`;
    const admit = `20${16 + Math.floor(i / 20_000) % 9}-${pad(1 + Math.floor(i / 1000) % 12)}-${pad(1 + i % 28)}`;
    const discharge = i % 50 === 0 ? '2015-12-31' : `20${16 + Math.floor(i / 20_000) % 9}-12-29`;
    const line = i % 1_499 === 0 && last ? last : `${100000 + p},"Doe, Jane",${dob},F,${admit},${discharge},E11.9,1234567893\n`;
    lines.push(line);
    last = line;
  }
  return Buffer.from(lines.join(''));
}

let dir;
let medium; // about 10 MB: five pieces
let large; // about 35 MB: still being checked when the test acts
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recordlint-pool-'));
  medium = join(dir, 'medium.csv');
  large = join(dir, 'large.csv');
  writeFileSync(medium, encounters(130_000));
  writeFileSync(large, encounters(440_000));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the page shows of a finished run: the counts, and the rules with their counts. */
async function result(page) {
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  return page.evaluate(() => ({
    status: document.querySelector('[data-testid="status"]').textContent,
    records: document.querySelector('[data-testid="sum-records"]').textContent,
    errors: document.querySelector('[data-testid="sum-errors"]').textContent,
    warnings: document.querySelector('[data-testid="sum-warnings"]').textContent,
    clean: document.querySelector('[data-testid="sum-clean"]').textContent,
    kept: document.querySelector('#view-count').dataset.total,
    rules: [...document.querySelectorAll('#filter-rule option')].map((o) => o.textContent),
  }));
}

const pieceWorkers = (page) => page.workers().filter((w) => w.url().endsWith('/piece-worker.js')).length;

test('a file checked across the pool gives what one worker reading it whole gives', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await openApp(page, '/?workers=1');
  await page.getByTestId('file-input').setInputFiles(medium);
  const whole = await result(page);
  expect(pieceWorkers(page)).toBe(0);

  await openApp(page, '/?workers=2');
  await page.getByTestId('file-input').setInputFiles(medium);
  const pooled = await result(page);
  expect(pieceWorkers(page)).toBe(2);

  expect(pooled).toEqual(whole);
  expect(whole.records).toBe('130,000');
  // Cross-record findings between pieces are there: another birth date for a patient seen
  // before, an encounter given twice.
  expect(whole.rules.join('\n')).toMatch(/ mrn-birth-date-conflict \(/);
  expect(whole.rules.join('\n')).toMatch(/ duplicate-encounter \(/);
  expect(errors).toEqual([]);
});

test('a pool run can be cancelled, and the next file still validates; nothing leaves the page', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const log = logRequests(page);
  const errors = await openApp(page, '/?workers=2');
  await page.getByTestId('file-input').setInputFiles(large);
  await expect(page.getByTestId('progress-text')).toContainText('records/s', { timeout: 30_000 });
  expect(pieceWorkers(page)).toBe(2);

  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('status')).toContainText('Cancelled');

  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(500) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sum-records')).toHaveText('500');
  expectOnlyStaticGets(log, baseURL);
  expect(errors).toEqual([]);
});

test('a new file replaces a pool run going on: only its findings are shown', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, '/?workers=2');
  await page.getByTestId('file-input').setInputFiles(large);
  await expect(page.getByTestId('progress-text')).toContainText('records/s', { timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(100) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('status')).toContainText('small.csv');
  await expect(page.getByTestId('sum-records')).toHaveText('100');
  await expect(page.getByTestId('sum-errors')).toHaveText('2');
});
