// Large files stream through the worker: a live progress bar with bytes, records per second and
// time left, a cancel button, and a page that stays usable.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { encounters, writeEncounters } from './big-csv.mjs';

/** A file big enough (about 125 MB) that even a fast engine is still at it when the test acts. */
let big;
test.beforeAll(() => { big = writeEncounters('recordlint-stream-', 1_500_000); });
test.afterAll(() => big.remove());

test('a large file shows live progress and can be cancelled; the next file still validates', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big.path);

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
  await expect(page.getByTestId('status')).toContainText('Cancelled');
  await expect(panel).toBeHidden();

  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(500) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sum-records')).toHaveText('500');
  await expect(page.getByTestId('sum-errors')).toHaveText('10');
  expect(errors).toEqual([]);
});

test('a new file replaces the run going on: only its findings are shown', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big.path);
  await expect(page.getByTestId('progress-panel')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(100) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('status')).toContainText('small.csv');
  await expect(page.getByTestId('sum-records')).toHaveText('100');
  await expect(page.getByTestId('sum-errors')).toHaveText('2');
});

test('a finding chosen while findings still arrive keeps its row, its focus and its selection', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big.path);
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

/** Saves the export behind `testId` and returns its text and file name. */
async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('Cancel keeps the partial result and says so on the cards, the table, the charts and every export', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(big.path);
  const count = page.locator('#view-count');
  await expect.poll(async () => Number(await count.getAttribute('data-total')), { timeout: 20_000 }).toBeGreaterThan(50);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'cancelled');

  // One note, `partial: first 12.0 MB of 125 MB, 149,603 records`, everywhere.
  const status = await page.getByTestId('status').textContent();
  const note = status.match(/partial: first [\d.]+ [KM]?B of [\d.]+ MB, [\d,]+ records?/)?.[0];
  expect(note, status).toBeTruthy();
  expect(status).not.toContain('nothing was kept');
  const records = note.match(/, ([\d,]+) record/)[1];
  await expect(page.getByTestId('sum-records')).toHaveText(records);
  await expect(page.getByTestId('partial-note')).toBeVisible();
  await expect(page.getByTestId('partial-note')).toContainText(note);
  for (const card of await page.locator('#results .card').all()) {
    await expect(card.locator('.card-partial')).toBeVisible();
    await expect(card.locator('.card-partial')).toHaveText('partial');
  }
  // The table keeps the findings of the part that was read, and its count line says partial.
  const total = Number(await count.getAttribute('data-total'));
  expect(total).toBeGreaterThan(50);
  await expect(page.locator('#findings-table tbody tr.finding').first()).toBeVisible();
  await expect(count).toContainText(note);
  await expect(page.getByTestId('charts-partial')).toHaveText(`Charts of the ${note}`);

  // Exports: enabled, named partial, and each carries the note.
  for (const id of ['export-csv', 'export-json', 'export-oo']) await expect(page.getByTestId(id)).toBeEnabled();
  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe('big-partial-findings.csv');
  const lines = csv.text.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('file,location,rule,name,severity,message,value,mrn,partial');
  expect(lines).toHaveLength(total + 1);
  expect(lines.slice(1).filter((line) => !line.endsWith(`,"${note}"`))).toEqual([]);
  const json = await download(page, 'export-json');
  expect(json.name).toBe('big-partial-findings.json');
  const report = JSON.parse(json.text);
  expect(report.partial).toBe(note);
  expect(report.findings).toHaveLength(total);
  expect(report.summary.records.toLocaleString('en-US')).toBe(records);
  // The counts are those of the findings kept (the cards, the table and the export agree).
  const { errors: e, warnings: w, infos: i } = report.summary;
  expect(e + w + i).toBe(total);
  await expect(page.getByTestId('sum-errors')).toHaveText(e.toLocaleString('en-US'));
  await expect(page.getByTestId('sum-warnings')).toHaveText(w.toLocaleString('en-US'));
  const oo = await download(page, 'export-oo');
  expect(oo.name).toBe('big-partial-operation-outcome.json');
  const outcome = JSON.parse(oo.text);
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0]).toMatchObject({ severity: 'information', code: 'incomplete', diagnostics: note });
  expect(outcome.issue).toHaveLength(total + 1);

  // The next run is whole again: no partial marks left.
  await page.getByTestId('file-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: encounters(100) });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('partial-note')).toBeHidden();
  await expect(page.locator('#results .card-partial')).toHaveCount(4);
  for (const tag of await page.locator('#results .card-partial').all()) await expect(tag).toBeHidden();
  await expect(page.getByTestId('charts-partial')).toHaveCount(0);
  await expect(count).not.toContainText('partial');
  const whole = JSON.parse((await download(page, 'export-json')).text);
  expect(whole.partial).toBeUndefined();
  expect(errors).toEqual([]);
});
