// The findings workspace as a clinic user works in it: filter, sort and group the findings, see
// each in its file with the rule's documentation, export the worklist (CSV, JSON, FHIR
// OperationOutcome: contents checked, counts equal to the count shown, for thousands of
// findings), and the rule index linked by id.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectOnlyStaticGets, logRequests, openApp } from './helpers.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const ISSUE_TYPES = new Set(['invalid', 'structure', 'required', 'value', 'invariant', 'security', 'login', 'unknown',
  'expired', 'forbidden', 'suppressed', 'processing', 'not-supported', 'duplicate', 'multiple-matches', 'not-found',
  'deleted', 'too-long', 'code-invalid', 'extension', 'too-costly', 'business-rule', 'conflict', 'transient',
  'lock-lost', 'no-store', 'exception', 'timeout', 'incomplete', 'throttled', 'informational']);

/** CSV records of `text` (RFC 4180 quotes, CRLF). */
function csvRecords(text) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(cell); cell = ''; }
    else if (c === '\n') { record.push(cell); records.push(record); record = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  return records;
}

/** Clicks an export button and returns the saved file's name and text. */
async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const shown = async (page) => Number(await page.getByTestId('view-count').getAttribute('data-shown'));
const findingRows = (page) => page.getByTestId('findings').locator('tbody tr.finding');

test('filter, sort, group, see a finding in context and keep it all across tabs', async ({ page }) => {
  const errors = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('csv/dates.csv'));
  await expect(findingRows(page)).toHaveCount(7);
  await expect(page.getByTestId('view-count')).toHaveText('7 findings shown: 7 errors, 0 warnings, 0 info.');

  // Rule and field filters list what the run found, with counts.
  await expect(page.getByTestId('filter-rule').locator('option')).toContainText(['all rules', 'D202 invalid-date (3)']);
  await page.getByTestId('filter-rule').selectOption('D202');
  await expect(findingRows(page)).toHaveCount(3);
  await expect(page.getByTestId('view-count')).toContainText('3 of 7 findings shown: 3 errors');
  await page.getByTestId('filter-field').selectOption('admit_date');
  await expect(findingRows(page)).toHaveCount(1);
  await expect(findingRows(page).first()).toContainText('2026-02-30');
  await page.getByTestId('filter-clear').click();
  await expect(findingRows(page)).toHaveCount(7);
  await page.getByTestId('filter-mrn').fill('D-3');
  await expect(findingRows(page)).toHaveCount(2);
  await page.getByTestId('filter-mrn').fill('');
  await page.getByTestId('filter-text').fill('two-digit');
  await expect(findingRows(page)).toHaveCount(1);
  await page.getByTestId('filter-text').fill('');

  // The charts: spoken summaries, table alternatives, and a click on a bar filters by it.
  const charts = page.getByTestId('charts');
  await expect(charts).not.toContainText('null'); // a whole run has no partial heading, not even an empty one
  await expect(charts.locator('svg[role="img"]').nth(1)).toHaveAttribute('aria-label', /^Top rules: D202 invalid-date 3, /);
  await expect(charts.locator('.chart-table').first()).toContainText('error7');
  await charts.locator('.bar.selectable', { hasText: 'D204' }).dispatchEvent('click');
  await expect(page.getByTestId('filter-rule')).toHaveValue('D204');
  await expect(findingRows(page)).toHaveCount(2);
  await page.getByTestId('filter-clear').click();
  await expect(findingRows(page)).toHaveCount(7);

  // Sort by value, then the other way.
  const values = async () => (await findingRows(page).locator('td.value').allTextContents());
  const sorted = [...(await values())].sort();
  await page.getByRole('button', { name: 'Value' }).click();
  await expect.poll(values).toEqual(sorted);
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveText('Value');
  await page.getByRole('button', { name: 'Value' }).click();
  await expect.poll(values).toEqual([...sorted].reverse());

  // Group by rule: biggest group first; a heading folds its group.
  await page.getByTestId('group-by').selectOption('rule');
  const headings = page.getByTestId('findings').locator('tbody tr.group-row');
  await expect(headings).toHaveCount(4);
  await expect(headings.first()).toContainText('D202 invalid-date — 3 findings (3 errors)');
  await headings.first().click();
  await expect(findingRows(page)).toHaveCount(4);
  await headings.first().click();
  await page.getByTestId('group-by').selectOption('record');
  await expect(headings.first()).toContainText('row 2 · MRN D-1');

  // The context: the CSV row beside its header, the value marked, the rule's documentation.
  await page.getByTestId('group-by').selectOption('none');
  await page.getByRole('button', { name: 'Where' }).click();
  await findingRows(page).first().click();
  const detail = page.getByTestId('detail');
  await expect(detail.locator('h3')).toHaveText('D201 discharge-before-admission');
  await expect(detail.locator('table.kv tr.hit')).toContainText('discharge_date');
  await expect(detail.locator('table.kv tr.hit mark')).toHaveText('2026-03-01');
  await expect(detail.locator('table.kv tr.hit')).toContainText('this value');
  await expect(detail.locator('table.kv tbody tr')).toHaveCount(7);
  await expect(detail.getByTestId('rule-doc')).toContainText('How to fix');

  // The state survives a trip to another tab.
  await page.getByTestId('filter-severity').selectOption('error');
  await page.getByRole('tab', { name: 'Look up codes' }).click();
  await page.getByRole('tab', { name: 'Validate' }).click();
  await expect(page.getByTestId('filter-severity')).toHaveValue('error');
  await expect(findingRows(page)).toHaveCount(7);
  await expect(detail.locator('h3')).toHaveText('D201 discharge-before-admission');
  await expect(findingRows(page).first()).toHaveAttribute('aria-selected', 'true');

  // The panel links to the rule index.
  await detail.getByTestId('rule-link').click();
  await expect(page.getByRole('tab', { name: 'Rules' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#rule-D201')).toHaveAttribute('open', '');
  await expect(page.locator('#rule-D201')).toBeInViewport();
  expect(errors).toEqual([]);
});

test('FHIR and HL7 findings show the element and the numbered, named field', async ({ page }, info) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(fixture('fhir/dstu2-bundle.json'));
  const detail = page.getByTestId('detail');
  await findingRows(page).filter({ hasText: 'F106' }).first().click();
  await expect(detail.locator('.context-view h4').first()).toContainText('reference in entry/0/resource/careProvider/0');
  await expect(detail.locator('.context-json .hit-element mark')).toHaveText('"reference"');
  await expect(detail.locator('.context .hit mark')).toHaveText('"reference"');

  await page.getByTestId('file-input').setInputFiles(fixture('hl7v2/structure-errors.hl7'));
  await findingRows(page).filter({ hasText: 'MSH-7.1' }).first().click();
  const hit = detail.locator('table.kv tr.hit');
  await expect(hit).toContainText('MSH-7');
  await expect(hit).toContainText('Date/Time of Message');
  await expect(hit.locator('mark')).toHaveText('2026-03-04');
  await expect(detail.locator('table.kv')).toContainText('Message Type');
  await page.getByTestId('group-by').selectOption('record');
  await expect(page.getByTestId('findings').locator('tbody tr.group-row').first()).toContainText('message 1');
  await page.screenshot({ path: info.outputPath('workspace-hl7.png'), fullPage: true });
});

test('exports of thousands of findings hold exactly the findings shown', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const requests = logRequests(page);
  const errors = await openApp(page);
  // 3,000 encounters, each discharged before admission, every other one with a malformed code.
  const lines = ['mrn,patient_name,dob,sex,admit_date,discharge_date,principal_dx'];
  const day = (n) => new Date(Date.UTC(1930, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  for (let i = 1; i <= 3000; i++) {
    const d = String((i % 27) + 1).padStart(2, '0');
    lines.push(`M${i},"Name${i}, Test",${day(i)},F,2026-03-${d},2026-02-${d},${i % 2 ? 'E11.9' : 'E11-9'}`);
  }
  await page.getByTestId('file-input').setInputFiles({ name: 'worklist.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('sum-records')).toHaveText('3,000');
  await expect.poll(() => shown(page)).toBeGreaterThan(4000);
  const count = await shown(page);
  const counted = ['sum-errors', 'sum-warnings'].map(async (id) => Number((await page.getByTestId(id).textContent()).replaceAll(',', '')));
  const [errorsShown, warningsShown] = await Promise.all(counted);
  expect(errorsShown + warningsShown).toBe(count);
  // Virtualised: a few dozen rows in the DOM for thousands of findings.
  expect(await findingRows(page).count()).toBeLessThan(120);
  await expect(page.getByTestId('export-csv')).toContainText(count.toLocaleString('en-US'));

  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe('worklist-findings.csv');
  const records = csvRecords(csv.text);
  expect(records[0]).toEqual(['file', 'location', 'rule', 'name', 'severity', 'message', 'value', 'mrn']);
  expect(records.length - 1).toBe(count);
  expect(records[1].slice(0, 5)).toEqual(['worklist.csv', 'row 2, discharge_date', 'D201', 'discharge-before-admission', 'error']);
  expect(records[1][6]).toBe('2026-02-02');
  expect(records[1][7]).toBe('M1');

  const json = await download(page, 'export-json');
  const report = JSON.parse(json.text);
  expect(report.findings.length).toBe(count);
  expect(report.summary.errors + report.summary.warnings + report.summary.infos).toBe(count);
  expect(report.files[0]).toMatchObject({ file: 'worklist.csv', format: 'csv', records: 3000 });

  const oo = await download(page, 'export-oo');
  expect(oo.name).toBe('worklist-operation-outcome.json');
  const outcome = JSON.parse(oo.text);
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue.length).toBe(count);
  // One expect for all issues (an expect per issue would cost seconds each thousand).
  const malformed = outcome.issue.filter((issue) => !['fatal', 'error', 'warning', 'information'].includes(issue.severity)
    || !ISSUE_TYPES.has(issue.code) || !issue.details?.text || issue.location?.length !== 1 || !issue.diagnostics);
  expect(malformed).toEqual([]);
  expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'invariant', location: ['row 2, discharge_date'] });

  // A filtered worklist exports exactly what the filter shows.
  await page.getByTestId('filter-rule').selectOption('K301');
  await expect.poll(() => shown(page)).toBe(1500);
  const filtered = csvRecords((await download(page, 'export-csv')).text);
  expect(filtered.length - 1).toBe(1500);
  expect(new Set(filtered.slice(1).map((r) => r[2]))).toEqual(new Set(['K301']));
  const filteredOutcome = JSON.parse((await download(page, 'export-oo')).text);
  expect(filteredOutcome.issue.length).toBe(1500);
  expect(filteredOutcome.issue[0].code).toBe('code-invalid');

  // Scrolling to the end of the virtual list shows the last findings.
  await page.getByTestId('filter-clear').click();
  await expect.poll(() => shown(page)).toBe(count);
  await page.getByTestId('findings-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(findingRows(page).last()).toContainText('row 3001');
  expect(errors).toEqual([]);
  expectOnlyStaticGets(requests, baseURL);
});

test('the rule index: every rule with every section, opened by its id', async ({ page }, info) => {
  await openApp(page, '/#K302');
  await expect(page.getByRole('tab', { name: 'Rules' })).toHaveAttribute('aria-selected', 'true');
  const card = page.locator('#rule-K302');
  await expect(card).toHaveAttribute('open', '');
  await expect(card).toBeInViewport();
  await expect(card).toContainText('invalid-npi');
  const cards = page.locator('.rule-card');
  const n = await cards.count();
  expect(n).toBeGreaterThanOrEqual(58);
  const missing = await cards.evaluateAll((all) => all.flatMap((c) => {
    const headings = [...c.querySelectorAll('.doc h4')].map((h) => h.textContent);
    return ['What it does', 'Why is this bad?', 'Example', 'How to fix', 'References']
      .filter((s) => !headings.includes(s)).map((s) => `${c.id}: ${s}`);
  }));
  expect(missing).toEqual([]);
  await expect(card.locator('code', { hasText: 'recordlint rule K302' })).toHaveCount(1);
  await page.screenshot({ path: info.outputPath('rule-index.png') });
  await page.getByTestId('rules-filter').fill('npi');
  await expect(page.locator('.rule-card:visible')).not.toHaveCount(n);
  await expect(page.locator('#rule-K302')).toBeVisible();
  // A link by id within the page moves to that rule.
  await page.getByTestId('rules-filter').fill('');
  await page.evaluate(() => { location.hash = '#D201'; });
  await expect(page.locator('#rule-D201')).toHaveAttribute('open', '');
  await expect(page.locator('#rule-D201')).toBeInViewport();
});

for (const scheme of ['light', 'dark']) {
  test(`the workspace in the ${scheme} theme (screenshot for review)`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles(fixture('csv/dates.csv'));
    await expect(findingRows(page)).toHaveCount(7);
    await findingRows(page).first().click();
    await expect(page.getByTestId('detail').locator('table.kv')).toBeVisible();
    await expect(page.getByTestId('charts').locator('svg[role="img"]')).toHaveCount(4);
    await page.screenshot({ path: info.outputPath(`workspace-${scheme}.png`), fullPage: true });
    // The printable report: the summary, the charts and every finding of the view.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-table tbody tr')).toHaveCount(7);
    await expect(page.locator('.print-area h2')).toHaveText('Findings report: dates.csv');
    // The title comes first, then the cards and charts, then the table.
    expect(await page.evaluate(() => {
      const title = document.querySelector('.print-area h2');
      return [document.querySelector('.cards'), document.getElementById('charts'), document.querySelector('.print-table')]
        .every((n) => title.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    await expect(page.getByTestId('charts')).toBeVisible();
    await expect(page.getByTestId('findings')).toBeHidden();
    await page.screenshot({ path: info.outputPath(`workspace-${scheme}-print.png`), fullPage: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await expect(page.locator('.print-table')).toHaveCount(0);
  });
}
