// Broken input never breaks the page: each case (the same as tests/malformed_inputs.rs, large
// ones generated in the page) gives a clear, located finding; afterwards a good file still
// validates. A crashed worker (an uncaught error, or a wasm trap during a check) is reported,
// restarted, and the next file validates.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const fixture = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
const bytes = (text) => [...Buffer.from(text, 'latin1')];
const half = (name, part = 2) => { const b = fixture(name); return [...b.subarray(0, Math.floor(b.length / part))]; };

/**
 * name, the file's bytes (or `make`: which large input the page generates), the rule that must be
 * found and text its location shows in the table.
 */
const CASES = [
  { name: 'empty file', bytes: [], rule: 'S103', at: 'file' },
  { name: 'only a BOM', bytes: [0xef, 0xbb, 0xbf], rule: 'S103', at: 'file' },
  { name: 'UTF-16 with BOM', bytes: [0xff, 0xfe, ...[...Buffer.from('mrn,name\n1,A\n', 'utf16le')]], rule: 'S106', at: 'file' },
  { name: 'Latin-1 bytes', bytes: bytes('mrn,patient_name\n1,Jos\xe9 Garc\xeda\n'), rule: 'S104', at: 'row 2' },
  { name: 'CR-only line endings', bytes: bytes('mrn,patient_name,dob\r1,Ann,1980-01-01\r2,Bo,1980-13-45\r'), rule: 'D202', at: 'row 3' },
  { name: 'NUL bytes', bytes: bytes('mrn,patient_name\n1,A\0B\n'), rule: 'S106', at: 'file' },
  { name: 'a 10 MB single line', make: 'long-line', rule: 'S103', at: 'row 1' },
  { name: '100,000 columns', make: 'wide', rule: 'C102', at: 'row 1' },
  { name: 'JSON nested 10,000 deep', make: 'deep', rule: 'F101', at: 'line 1' },
  { name: 'truncated CSV', bytes: bytes('mrn,patient_name\n1,"Doe, Ja'), rule: 'S102', at: 'row 2' },
  { name: 'truncated FHIR JSON', bytes: half('fhir/patient-only.json'), rule: 'F101', at: 'line' },
  { name: 'truncated NDJSON', bytes: half('fhir/bulk-export.ndjson'), rule: 'F101', at: 'line' },
  { name: 'truncated HL7 v2', bytes: half('hl7v2/adt-a01.hl7', 3), rule: 'H104', at: 'message 1' },
];

/** Drops a file made of `bytes`, or the large input `make` names, generated in the page. */
async function dropBroken(page, name, { bytes: content, make }) {
  const transfer = await page.evaluateHandle(([n, b, m]) => {
    const columns = (f) => Array.from({ length: 100_000 }, (_, i) => f(i)).join(',');
    const data = {
      'long-line': () => 'a'.repeat(10 * 1024 * 1024),
      wide: () => `${columns((i) => `c${i}`)}\n${columns((i) => i)}\n`,
      deep: () => '['.repeat(10_000) + ']'.repeat(10_000),
    }[m]?.() ?? new Uint8Array(b);
    const dt = new DataTransfer();
    dt.items.add(new File([data], n));
    return dt;
  }, [name, content ?? null, make ?? null]);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

/** A good file dropped next validates as usual. */
async function expectGoodFileStillWorks(page) {
  await dropBroken(page, 'dates.csv', { bytes: [...fixture('csv/dates.csv')] });
  await expect(page.getByTestId('status')).toContainText('dates.csv: CSV, 8 records');
  await expect(page.getByTestId('sum-errors')).toHaveText('7');
}

test(`${CASES.length} broken inputs each give a clear, located finding and the page stays usable`, async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await openApp(page);
  const rows = page.getByTestId('findings').locator('tbody tr');
  for (const c of CASES) {
    const name = `${c.name.replace(/\W+/g, '-')}.dat`;
    await dropBroken(page, name, c);
    await expect(page.getByTestId('status'), c.name).toContainText(`${name}:`, { timeout: 30_000 });
    const hit = rows.filter({ hasText: c.rule }).first();
    await expect(hit, `${c.name}: a ${c.rule} finding`).toBeVisible();
    await expect(hit.locator('td').nth(2), `${c.name}: located`).toContainText(c.at);
    expect((await hit.locator('td').nth(4).textContent()).length, `${c.name}: says what is wrong`).toBeGreaterThan(10);
  }
  await expectGoodFileStillWorks(page);
  expect(errors).toEqual([]);
});

/** The page's validator worker, as Playwright sees it. */
async function validatorWorker(page) {
  await expect.poll(() => page.workers().some((w) => w.url().endsWith('/worker.js'))).toBe(true);
  return page.workers().findLast((w) => w.url().endsWith('/worker.js'));
}

test('a worker that dies of an uncaught error is reported and restarted; the next file validates', async ({ page }) => {
  await openApp(page);
  const worker = await validatorWorker(page);
  await worker.evaluate(() => setTimeout(() => { throw new Error('simulated worker failure'); }));
  await expect(page.getByTestId('status')).toContainText('The checker crashed');
  await expect(page.getByTestId('status')).toContainText('simulated worker failure');
  await expect(page.getByTestId('status')).toContainText('restarted');
  await expectGoodFileStillWorks(page);
});

test('a wasm trap while checking a file is reported, the worker restarted, and the next file validates', async ({ page }, info) => {
  await openApp(page);
  const worker = await validatorWorker(page);
  // What a panic in the engine looks like from JavaScript: the next read of the file traps
  // (whichever reader the worker reads the file with: a byte reader into its own buffer or not).
  await worker.evaluate(() => {
    for (const reader of [ReadableStreamDefaultReader, ReadableStreamBYOBReader]) {
      reader.prototype.read = () => { throw new WebAssembly.RuntimeError('unreachable'); };
    }
  });
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('status')).toContainText('The checker crashed: the engine stopped with an internal error (unreachable)');
  await expect(page.getByTestId('progress')).toBeHidden();
  await page.screenshot({ path: info.outputPath('crash-reported.png') });
  await expect.poll(() => page.workers().filter((w) => w.url().endsWith('/worker.js')).length).toBe(1);
  await expectGoodFileStillWorks(page);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await expect(page.getByTestId('rules-list')).toContainText('D201');
});

test('a worker stuck in the engine is flagged as stalled, replaced on Cancel, and the next file validates', async ({ page }, info) => {
  await openApp(page);
  const worker = await validatorWorker(page);
  // What an endless loop in the engine looks like from the page: the worker never answers again.
  await worker.evaluate(() => {
    for (const reader of [ReadableStreamDefaultReader, ReadableStreamBYOBReader]) {
      reader.prototype.read = () => { for (;;) { /* hang */ } };
    }
  });
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('progress-text')).toContainText('no progress for', { timeout: 15_000 });
  await expect(page.getByTestId('progress-text')).toContainText('Cancel stops the check');
  await page.screenshot({ path: info.outputPath('stalled.png') });
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toContainText('The checker did not answer Cancel within 3 s, so it was stopped. It was restarted (restart 1)');
  await expect(page.getByTestId('progress-panel')).toBeHidden();
  await expect.poll(() => page.workers().filter((w) => w.url().endsWith('/worker.js')).length).toBe(1);
  await expectGoodFileStillWorks(page);
});
