// Large files stream through the worker: a live progress bar with bytes, records per second and
// time left, a cancel button, and a page that stays usable.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEADER = 'mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,attending_npi\n';

const pad = (n) => String(n).padStart(2, '0');

/** `rows` encounters of distinct patients, every 50th with its discharge before its admission. */
function encounters(rows) {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const dob = `${1930 + Math.floor(i / 336) % 80}-${pad(1 + Math.floor(i / 28) % 12)}-${pad(1 + i % 28)}`;
    const discharge = i % 50 === 0 ? '2026-03-01' : '2026-03-06';
    lines.push(`${100000 + i},"Doe, Jane",${dob},F,2026-03-04,${discharge},E11.9,1234567893\n`);
  }
  return Buffer.from(lines.join(''));
}

/** A file big enough (about 125 MB) that even a fast engine is still at it when the test acts. */
let dir;
let big;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recordlint-stream-'));
  big = join(dir, 'big.csv');
  writeFileSync(big, encounters(1_500_000));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a large file shows live progress and can be cancelled; the next file still validates', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big);

  const panel = page.getByTestId('progress-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('progress-text')).toContainText('records/s', { timeout: 15_000 });
  await expect(page.getByTestId('progress-text')).toContainText('left');
  // The page answers while the worker validates: a tab switch goes through at once.
  await page.getByRole('tab', { name: 'Rules' }).click();
  await expect(page.getByRole('tab', { name: 'Rules' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Validate' }).click();

  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByTestId('status')).toContainText('Cancelled after');
  await expect(panel).toBeHidden();

  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(500) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sum-records')).toHaveText('500');
  await expect(page.getByTestId('sum-errors')).toHaveText('10');
  expect(errors).toEqual([]);
});

test('a new file replaces the run going on: only its findings are shown', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big);
  await expect(page.getByTestId('progress-panel')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(100) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('status')).toContainText('small.csv');
  await expect(page.getByTestId('sum-records')).toHaveText('100');
  await expect(page.getByTestId('sum-errors')).toHaveText('2');
});

test('a finding chosen while findings still arrive keeps its row, its focus and its selection', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big);
  const count = page.locator('#view-count');
  await expect.poll(async () => Number(await count.getAttribute('data-total')), { timeout: 20_000 }).toBeGreaterThan(100);
  const row = page.locator('#findings-table tbody tr.finding').first();
  await row.click();
  await expect(row).toBeFocused();
  const before = Number(await count.getAttribute('data-total'));
  // More findings arrive below the view; the row in view is the same element, still focused.
  await expect.poll(async () => Number(await count.getAttribute('data-total')), { timeout: 20_000 }).toBeGreaterThan(before + 100);
  await expect(row).toBeFocused();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'cancelled');
  expect(errors).toEqual([]);
});
