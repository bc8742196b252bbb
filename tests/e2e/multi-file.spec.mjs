// Several files in one run: a patients CSV, an encounters CSV and an HL7 v2 batch dropped
// together are checked as `recordlint check patients.csv encounters.csv adt-batch.hl7` checks
// them — the cross-file conflicts (an MRN with another birth date, sex or name in another file, a
// patient under a second MRN, an encounter in two files) included — and the page's exports are
// byte for byte the CLI's. Each finding names its file (table, detail panel, exports), each file
// has its summary row, and the findings filter by file. Cancel part way keeps the files read and
// the part of the file being read, marked partial.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropFiles, expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const DIR = fileURLToPath(new URL('../multi-file/', import.meta.url));
const FILES = ['patients.csv', 'encounters.csv', 'adt-batch.hl7'];

/**
 * What `recordlint check FILES --format FORMAT` prints, run in the fixtures' folder so that it
 * names the files as the page does. The data's dates are all in the past: both judge them
 * against their own today with the same result.
 */
function cli(format, files = FILES, cwd = DIR) {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'recordlint', '--', 'check', ...files, '--format', format],
    { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`recordlint check failed: ${run.stderr}`);
  return run.stdout;
}

async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const findingRows = (page) => page.getByTestId('findings').locator('tbody tr.finding');

test('three files dropped together are one run, exported byte for byte as the CLI writes it', async ({ page, baseURL }) => {
  const log = logRequests(page);
  const errors = await openApp(page);
  const expected = { json: cli('json'), csv: cli('csv'), oo: cli('operation-outcome') };
  const report = JSON.parse(expected.json);
  // The fixtures hold what the test is about: conflicts found only across files.
  const crossFile = report.findings.filter((f) => /^X40[1-5]$/.test(f.rule));
  expect(crossFile.map((f) => `${f.file} ${f.rule}`)).toEqual([
    'encounters.csv X401', 'encounters.csv X402', 'adt-batch.hl7 X403', 'adt-batch.hl7 X404', 'adt-batch.hl7 X405',
  ]);
  for (const f of crossFile) expect(f.message).toMatch(/ of (patients|encounters)\.csv/);

  await dropFiles(page, FILES.map((name) => [name, readFileSync(`${DIR}${name}`, 'utf8')]));
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('status')).toContainText('3 files: one run, 13 records, 10 findings');

  // One summary row per file, in run order, with its counts.
  const rows = page.getByTestId('file-row');
  await expect(rows).toHaveCount(3);
  for (const [i, file] of report.files.entries()) {
    await expect(rows.nth(i).locator('th')).toHaveText(file.file);
    await expect(rows.nth(i).locator('td')).toHaveText([
      file.format.toUpperCase(), String(file.records), String(file.errors), String(file.warnings),
      `${Math.round((file.clean_records / file.records) * 1000) / 10}%`,
    ]);
  }
  await expect(page.getByTestId('sum-records')).toHaveText(String(report.summary.records));

  // Every finding names its file, in the table and in the detail panel.
  await expect(findingRows(page)).toHaveCount(report.findings.length);
  await expect(findingRows(page).locator('td.file')).toHaveText(report.findings.map((f) => f.file));
  await findingRows(page).filter({ hasText: 'X404' }).click();
  await expect(page.getByTestId('detail')).toContainText('Fileadt-batch.hl7');
  await expect(page.getByTestId('detail')).toContainText('at row 5 of patients.csv');

  // The exports of the whole run are the CLI's, byte for byte.
  const json = await download(page, 'export-json');
  expect(json.name).toBe('3_files-findings.json');
  expect(json.text).toBe(expected.json);
  expect((await download(page, 'export-csv')).text).toBe(expected.csv);
  expect((await download(page, 'export-oo')).text).toBe(expected.oo);

  // The printed report names each finding's file too.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.locator('#print-area thead th')).toHaveText(['Severity', 'Rule', 'File', 'Where', 'Value', 'What']);
  await expect(page.locator('#print-area tbody tr td:nth-child(3)')).toHaveText(report.findings.map((f) => f.file));
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));

  // The file filter (from the select or a summary row) shows one file's findings; exports follow it.
  await page.getByTestId('filter-file').selectOption('encounters.csv');
  const inEncounters = report.findings.filter((f) => f.file === 'encounters.csv');
  await expect(findingRows(page)).toHaveCount(inEncounters.length);
  await expect(page.getByTestId('view-count')).toContainText(`${inEncounters.length} of ${report.findings.length} findings shown`);
  const filtered = JSON.parse((await download(page, 'export-json')).text);
  expect(filtered.findings).toEqual(inEncounters);
  expect(filtered.files.map((f) => f.file)).toEqual(['encounters.csv']);
  await page.getByTestId('filter-clear').click();
  await expect(findingRows(page)).toHaveCount(report.findings.length);
  await rows.nth(2).getByRole('button', { name: 'adt-batch.hl7' }).click();
  await expect(page.getByTestId('filter-file')).toHaveValue('adt-batch.hl7');
  await expect(findingRows(page)).toHaveCount(report.findings.filter((f) => f.file === 'adt-batch.hl7').length);

  // One file afterwards is a single-file run again: no File column, rows or filter.
  await dropFiles(page, [['encounters.csv', readFileSync(`${DIR}encounters.csv`, 'utf8')]]);
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('file-summary')).toBeHidden();
  await expect(page.getByTestId('filter-file')).toBeHidden();
  await expect(page.getByTestId('findings').locator('th.file-col')).toHaveCount(0);
  expect((await download(page, 'export-json')).text).toBe(cli('json', ['encounters.csv']));

  expect(errors).toEqual([]);
  expectOnlyStaticGets(log, baseURL);
});

test('files chosen in the file picker are one run too', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(FILES.map((name) => `${DIR}${name}`));
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('file-row')).toHaveCount(3);
  expect((await download(page, 'export-json')).text).toBe(cli('json'));
});

test('a chosen folder is one run of its files in name order, named by their path in it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('folder-input').setInputFiles(DIR);
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
  const names = ['multi-file/adt-batch.hl7', 'multi-file/encounters.csv', 'multi-file/patients.csv'];
  await expect(page.getByTestId('file-row').locator('th')).toHaveText(names);
  expect((await download(page, 'export-json')).text).toBe(cli('json', names, `${DIR}..`));
});

test('Cancel in the middle of a run keeps the files read and the part of the one being read, marked partial', async ({ page }) => {
  // A run whose second file is large enough (about 50 MB) to be cancelled while it is read.
  const dir = mkdtempSync(join(tmpdir(), 'recordlint-multi-'));
  const big = join(dir, 'big.csv');
  const rows = ['mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx,attending_npi\n'];
  const pad = (n) => String(n).padStart(2, '0');
  for (let i = 0; i < 600_000; i++) {
    const dob = `${1930 + Math.floor(i / 336) % 80}-${pad(1 + Math.floor(i / 28) % 12)}-${pad(1 + i % 28)}`;
    rows.push(`${200000 + i},"Roe, Ann",${dob},F,2026-03-04,${i % 50 ? '2026-03-06' : '2026-03-01'},E11.9,1234567893\n`);
  }
  writeFileSync(big, rows.join(''));
  try {
    const errors = await openApp(page);
    await page.getByTestId('file-input').setInputFiles([`${DIR}patients.csv`, big, `${DIR}adt-batch.hl7`]);
    const fileRows = page.getByTestId('file-row');
    await expect(fileRows.nth(0).locator('td').first()).toHaveText('CSV');
    await expect.poll(async () => Number(await page.locator('#view-count').getAttribute('data-total')), { timeout: 20_000 }).toBeGreaterThan(50);
    await page.getByTestId('cancel').click();
    await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'cancelled');
    const note = (await page.getByTestId('status').textContent()).match(/partial: first [^;]+? of [^,]+, [\d,]+ records?/)?.[0];
    expect(note).toBeTruthy();

    // The first file whole, the second partial with the counts of the part read, the third not checked.
    await expect(fileRows.nth(1).locator('td').first()).toHaveText('partial');
    await expect(fileRows.nth(2).locator('td').first()).toHaveText('not checked');
    const json = JSON.parse((await download(page, 'export-json')).text);
    expect(json.partial).toBe(note);
    expect(json.files.map((f) => f.file)).toEqual(['patients.csv', 'big.csv']);
    const records = Number((await page.getByTestId('sum-records').textContent()).replace(/,/g, ''));
    expect(json.summary.records).toBe(records);
    expect(json.files[1].records).toBeGreaterThan(0);
    await expect(fileRows.nth(1).locator('td').nth(1)).toHaveText(json.files[1].records.toLocaleString('en-US'));
    expect(json.files[1].errors).toBe(json.findings.filter((f) => f.file === 'big.csv' && f.severity === 'error').length);
    expect(json.summary.errors + json.summary.warnings + json.summary.infos).toBe(json.findings.length);
    expect(errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
