// Every view and tab fits a laptop (1366 × 800) and a phone (390 × 844), in the light and the dark
// theme, without horizontal scrolling of the page: Validate before and with a result of several
// files (the findings table, a finding's detail panel, the charts and their tables, grouping),
// the profile editor, Look up with results, the Practice dashboard and an exercise of every type
// with its key, the mock exam and its report, My progress, the Rules index and De-identify with a result. Tables may scroll inside their own box. A
// screenshot of each goes to test-results/ for review. On a phone the sticky header takes at most
// 64 px, its tabs in one row.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectNoHorizontalScroll, openApp } from './helpers.mjs';
import { TYPES, answer, exercises, openExercise } from './practice-helpers.mjs';

const file = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const RUN = ['multi-file/patients.csv', 'multi-file/encounters.csv', 'multi-file/adt-batch.hl7', 'fixtures/fhir/semantic-rules.json'];

for (const [width, height] of [[1366, 800], [390, 844]]) {
  for (const scheme of ['light', 'dark']) {
    test(`every view fits ${width} × ${height} in the ${scheme} theme`, async ({ page }, info) => {
      test.setTimeout(240_000);
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      const errors = await openApp(page);
      const at = `at ${width} px, ${scheme}`;
      const shot = (name) => page.screenshot({ path: info.outputPath(`${name}-${width}-${scheme}.png`), fullPage: true });
      const check = async (name) => { await expectNoHorizontalScroll(page, `${name} ${at}`, { soft: true }); await shot(name); };

      await check('validate');
      // A phone's header is compact: the title and one row of tabs, every tab reachable.
      const header = await page.locator('.masthead').boundingBox();
      if (width <= 480) expect.soft(header.height, `the header ${at}`).toBeLessThanOrEqual(64);
      for (const tab of await page.getByRole('tab').all()) {
        await tab.focus();
        const box = await tab.boundingBox();
        expect.soft(box.x >= 0 && box.x + box.width <= width, `${await tab.textContent()} in view when focused ${at}`).toBe(true);
      }
      await page.locator('#tab-validate').focus();

      // A run of four files: CSV, HL7 v2 and FHIR locations in one table, with the File column.
      await page.getByTestId('file-input').setInputFiles(RUN.map(file));
      await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'done');
      await check('validate-result');
      const rows = page.getByTestId('findings').locator('tbody tr.finding');
      // A long FHIR location loses its middle in the table and is whole in its title, for screen
      // readers (the row's text) and in the detail panel.
      const long = rows.filter({ hasText: '/entry/' }).first();
      const full = await long.locator('td.loc .cell').getAttribute('title');
      expect(full).toMatch(/^line \d+, \/entry\/\d+\/resource\/.+\/.+/);
      await expect(long.locator('td.loc [aria-hidden="true"]')).toHaveText(/^line \d+, \/entry\/\d+\/…\/.+/);
      await expect(long.locator('td.loc .visually-hidden')).toHaveText(full);
      await long.click();
      await expect(page.getByTestId('detail')).toContainText('semantic-rules.json');
      await expect(page.getByTestId('detail').locator('dd').filter({ hasText: '/entry/' })).toHaveText(full);
      await check('detail');
      for (const summary of await page.getByTestId('charts').locator('details summary').all()) await summary.click();
      await check('charts');
      await page.getByTestId('group-by').selectOption('record');
      await check('grouped');
      await page.getByTestId('group-by').selectOption('none');

      await page.getByTestId('profile-edit').click();
      await expect(page.getByTestId('profile-dialog')).toBeVisible();
      await check('profile-editor');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('profile-dialog')).toBeHidden();

      await page.locator('#tab-lookup').click();
      for (const code of ['S52.501', 'E11.99', '99213']) {
        await page.getByTestId('lookup-input').fill(code);
        await expect(page.getByTestId('lookup-card').first()).toBeVisible();
        await check(`lookup-${code}`);
      }

      await page.locator('#tab-practice').click();
      await expect(page.getByTestId('practice-dashboard')).toBeVisible();
      await check('practice-dashboard');
      for (const type of TYPES) {
        await openExercise(page, type);
        await check(`exercise-${type}`);
        await page.getByTestId('exercise-give-up').click();
        await expect(page.getByTestId('answer-key')).toBeVisible();
        await check(`exercise-${type}-key`);
        await page.getByTestId('exercise-back').click();
      }
      // The mock exam: a question, then its report.
      await page.getByTestId('mock-questions').fill('5');
      await page.getByTestId('mock-start').click();
      const question = page.getByTestId('exercise-screen');
      for (let i = 0; i < 5; i++) {
        await expect(question).toBeVisible();
        if (i === 0) await check('mock-exam');
        await answer(page, exercises.get(await question.getAttribute('data-exercise-id')));
        await page.getByTestId('exercise-submit').click();
        await page.getByTestId('exercise-next').click();
      }
      await expect(page.getByTestId('mock-summary')).toBeVisible();
      await check('mock-exam-report');
      await page.getByTestId('mock-back').click();
      await page.getByTestId('practice-progress-open').click();
      await expect(page.getByTestId('progress-view')).toBeVisible();
      await check('progress');
      await page.getByTestId('progress-back').click();

      await page.locator('#tab-rules').click();
      await page.getByTestId('rules-list').locator('details summary').first().click();
      await check('rules');

      // De-identify, before and after a file.
      await page.locator('#tab-deidentify').click();
      await expect(page.getByTestId('deid-drop')).toBeVisible();
      await check('deidentify');
      await page.getByTestId('deid-file').setInputFiles(file('multi-file/encounters.csv'));
      await page.getByTestId('deid-start').click();
      await expect(page.getByTestId('deid-counts')).toBeVisible({ timeout: 60_000 });
      await check('deidentify-result');

      expect(errors).toEqual([]);
    });
  }
}
