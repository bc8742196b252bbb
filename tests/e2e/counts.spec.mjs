// The cards go on counting while a large file streams, also once the findings kept have reached the
// profile's limit (after which no finding arrives, only counts).
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
    lines.push(`${100000 + i},"Doe, Jane",${dob},F,2026-03-04,${i % 50 === 0 ? '2026-03-01' : '2026-03-06'},E11.9,1234567893\n`);
  }
  return Buffer.from(lines.join(''));
}

let dir;
let big;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recordlint-counts-'));
  big = join(dir, 'big.csv');
  writeFileSync(big, encounters(1_000_000));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the record count on the cards goes on after the findings kept reach the limit', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await page.getByTestId('profile-edit').click();
  const profile = JSON.stringify({ name: 'few', title: 'Few', max_findings: 20 });
  await page.getByTestId('profile-import').setInputFiles({ name: 'few.json', mimeType: 'application/json', buffer: Buffer.from(profile) });
  await page.getByTestId('profile-save').click();

  await page.getByTestId('file-input').setInputFiles(big);
  await expect(page.locator('#view-count')).toHaveAttribute('data-total', '20', { timeout: 30_000 });
  // While the run still goes on, the cards count far past the 1,000 records of the 20th finding.
  const busyRecords = async () => {
    const [state, records] = await Promise.all([
      page.getByTestId('status').getAttribute('data-state'),
      page.getByTestId('sum-records').textContent(),
    ]);
    return state === 'busy' ? Number(records.replace(/,/g, '')) : -1;
  };
  await expect.poll(busyRecords, { timeout: 60_000, intervals: [100] }).toBeGreaterThan(50_000);
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sum-records')).toHaveText('1,000,000');
  expect(errors).toEqual([]);
});
