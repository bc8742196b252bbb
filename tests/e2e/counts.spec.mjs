// The cards go on counting while a large file streams, also once the findings kept have reached the
// profile's limit (after which no finding arrives, only counts).
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { writeEncounters } from './big-csv.mjs';

let big;
test.beforeAll(() => { big = writeEncounters('recordlint-counts-', 1_000_000); });
test.afterAll(() => big.remove());

test('the record count on the cards goes on after the findings kept reach the limit', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  await page.getByTestId('profile-edit').click();
  const profile = JSON.stringify({ name: 'few', title: 'Few', max_findings: 20 });
  await page.getByTestId('profile-import').setInputFiles({ name: 'few.json', mimeType: 'application/json', buffer: Buffer.from(profile) });
  await page.getByTestId('profile-save').click();

  await page.getByTestId('file-input').setInputFiles(big.path);
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
