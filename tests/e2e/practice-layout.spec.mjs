// Every exercise screen fits a laptop (1366 px) and a phone (390 px) without horizontal scrolling:
// one exercise of every type, with its task and answer in view and, after "Show answer", its key.
// Screenshots of each go to test-results/ for review.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';
import { TYPES, openExercise } from './practice-helpers.mjs';

/** What must be visible on each type's screen: the part a student reads to answer. */
const KEY_CONTENT = {
  coding: 'coding-input-1',
  deficiency: 'deficiency-chart',
  find_error: 'find-error-table',
  fix_record: 'fix-record-text',
  statistics: 'statistics-data',
  roi: 'roi-options',
  mpi: 'mpi-table',
  abstracting: 'abstracting-record',
  ms_drg: 'ms-drg-answer',
  cdi_query: 'cdi-answer',
  em_mdm: 'em-answer',
};

/** Asserts that no part of `locator` is cut off inside a box that scrolls or clips: the record
 * grid, the index and the chart show every cell. Record text (the editor, the solution) may scroll
 * its lines sideways on a phone (a record line is never wrapped), but not on a laptop. */
async function expectNothingClipped(locator, what, { editorMayScroll }) {
  const clipped = await locator.evaluate((root, mayScroll) => [root, ...root.querySelectorAll('*')]
    // A box whose content is wider than it: clipped when it hides or scrolls its overflow, drawn
    // over its neighbours when it does not. Inline boxes have no client width; skip them.
    .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    .filter((e) => !(mayScroll && (e.tagName === 'TEXTAREA' || e.tagName === 'PRE')) && !e.closest('.visually-hidden'))
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`), editorMayScroll);
  expect(clipped, `${what}: content cut off`).toEqual([]);
}

/** Asserts that nothing makes the page wider than the viewport. */
async function expectNoHorizontalScroll(page, what) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // The elements that stick out, to name them when this fails.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getClientRects().length)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}[${e.dataset.testid ?? ''}]`),
  }));
  expect(scrollWidth, `${what}: page wider than the viewport (${wide.join(', ')})`).toBeLessThanOrEqual(innerWidth);
}

for (const [width, height] of [[1366, 800], [390, 844]]) {
  test(`every exercise type fits ${width} px wide without horizontal scrolling`, async ({ page }, info) => {
    await page.setViewportSize({ width, height });
    const errors = await openApp(page, '/#practice');
    await expect(page.getByTestId('practice-matrix')).toBeVisible();
    await expectNoHorizontalScroll(page, `the dashboard at ${width} px`);
    await page.screenshot({ path: info.outputPath(`dashboard-${width}.png`), fullPage: true });
    for (const type of TYPES) {
      const ex = await openExercise(page, type);
      const what = `${type} (${ex.id}) at ${width} px`;
      const content = page.getByTestId(KEY_CONTENT[type]);
      await expect(content, what).toBeVisible();
      await expect(page.getByTestId('exercise-prompt'), what).toBeVisible();
      await expect(page.getByTestId('exercise-submit'), what).toBeVisible();
      // The content starts inside the viewport: nothing is cut off at the left or pushed off the right.
      const box = await content.boundingBox();
      expect(box.x, what).toBeGreaterThanOrEqual(0);
      expect(box.x + Math.min(box.width, 40), what).toBeLessThanOrEqual(width);
      await expectNoHorizontalScroll(page, what);
      // The record and the index show every cell, in the box or in the columns around it.
      await expectNothingClipped(page.getByTestId('exercise-screen'), what, { editorMayScroll: width < 600 });
      if (type === 'fix_record') {
        expect(await content.evaluate((e) => getComputedStyle(e).whiteSpace), `${what}: record lines never wrap`).toBe('pre');
      }
      if (type === 'mpi') {
        for (const p of ex.patients.filter((x) => x.registered)) {
          await expect(page.getByTestId(`mpi-registered-${p.id}`), what).toContainText(p.registered);
        }
      }
      await page.screenshot({ path: info.outputPath(`${type}-${width}.png`), fullPage: true });
      await page.getByTestId('exercise-give-up').click();
      await expect(page.getByTestId('answer-key'), what).toBeVisible();
      await expectNoHorizontalScroll(page, `${what}, with the answer shown`);
      await expectNothingClipped(page.getByTestId('answer-key'), `${what}, the key`, { editorMayScroll: width < 600 });
      await page.screenshot({ path: info.outputPath(`${type}-${width}-key.png`), fullPage: true });
      await page.getByTestId('exercise-back').click();
    }
    expect(errors).toEqual([]);
  });
}
