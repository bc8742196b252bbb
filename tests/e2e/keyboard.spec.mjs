// Keyboard only: every flow — choose a file, read and move through findings, filter, export, paste,
// switch and edit a profile, look up a code, practise an exercise, open progress and the rules —
// done with Tab, arrows, Enter and typing, no mouse. Every control reached shows a visible focus
// indicator.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is never reached. */
async function tabTo(page, target, { back = false, limit = 250 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((node) => node === document.activeElement)) {
      await expectVisibleFocus(page);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} is not reachable with the keyboard`);
}

/** The focused element draws a focus indicator (an outline or a ring). */
async function expectVisibleFocus(page) {
  const focus = await page.evaluate(() => {
    const node = document.activeElement;
    const style = getComputedStyle(node);
    return { what: node.outerHTML.slice(0, 80), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, ring: style.boxShadow !== 'none' };
  });
  expect(focus.outline || focus.ring, `visible focus on ${focus.what}`).toBe(true);
}

/** Collects the file choosers `page` opens. Subscribing before the page loads turns Playwright's
 * interception on first: a chooser opened before interception is a real dialog, which blocks every
 * later one. */
function watchFileChoosers(page) {
  const opened = [];
  page.on('filechooser', (chooser) => opened.push(chooser));
  return opened;
}

/** Presses Enter on the focused drop zone and returns the file chooser it opens. */
async function chooseWithEnter(page, opened) {
  const before = opened.length;
  await page.keyboard.press('Enter');
  await expect.poll(() => opened.length, { message: 'Enter on the drop zone opens the file chooser', timeout: 20_000 }).toBeGreaterThan(before);
  return opened[opened.length - 1];
}

test('validate, read findings, filter, export and paste with the keyboard alone', async ({ page }) => {
  const choosers = watchFileChoosers(page);
  await openApp(page);
  const status = page.getByTestId('status');

  await tabTo(page, page.getByTestId('drop-zone'));
  await (await chooseWithEnter(page, choosers)).setFiles(fixture('csv/dates.csv'));
  await expect(status).toContainText('dates.csv: CSV, 8 records');

  const rows = page.getByTestId('findings').locator('tbody tr');
  await tabTo(page, rows.first());
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail').getByTestId('rule-doc')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');

  await tabTo(page, page.getByTestId('filter-severity'), { back: true });
  await page.keyboard.type('w');
  await expect(page.getByTestId('filter-severity')).toHaveValue('warning');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('filter-severity')).toHaveValue('all');
  await tabTo(page, page.getByTestId('filter-text'));
  await page.keyboard.type('D202');
  await expect(rows.first()).toContainText('D202');

  await tabTo(page, page.getByTestId('export-csv'));
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await tabTo(page, page.locator('details.paste summary'), { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('paste-box'));
  await page.keyboard.insertText('mrn,patient_name,dob,sex,admit_date,principal_dx\n1,"Doe, Jane",1980-01-01,F,2026-01-05,E11-9\n');
  await tabTo(page, page.getByTestId('paste-check'));
  await page.keyboard.press('Enter');
  await expect(status).toContainText('pasted text: CSV, 1 record,');
});

test('switch and edit a profile with the keyboard alone', async ({ page }) => {
  await openApp(page);
  const status = page.getByTestId('status');
  await tabTo(page, page.getByTestId('load-sample'));
  await page.keyboard.press('Enter');
  await expect(status).toContainText('9 records');

  await tabTo(page, page.getByTestId('profile-select'), { back: true });
  await page.keyboard.type('Lab');
  await expect(status).toContainText('Lab results');

  await tabTo(page, page.getByTestId('profile-edit'));
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('profile-dialog');
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByTestId('profile-name'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Keyboard clinic');
  await tabTo(page, dialog.getByTestId('profile-save'));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(status).toContainText('Keyboard clinic');
});

test('look up a code, practise, see progress and read the rules with the keyboard alone', async ({ page }) => {
  await openApp(page);
  await tabTo(page, page.getByRole('tab', { name: 'Validate' }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Look up codes' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('lookup-input'), 'the look-up puts focus in its search box').toBeFocused();
  await page.keyboard.type('E11.9');
  await expect(page.getByTestId('lookup-card').first().getByTestId('lookup-description')).toContainText('Type 2 diabetes');

  await tabTo(page, page.getByRole('tab', { name: 'Look up codes' }), { back: true });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Practice' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await tabTo(page, page.getByTestId('filter-type'));
  await page.keyboard.type('Cod');
  await expect(page.getByTestId('filter-type')).toHaveValue('coding');
  await tabTo(page, page.getByTestId('practice-start'));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('coding-input-1'));
  await page.keyboard.type('E11.9');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('feedback-score')).toBeVisible();
  await tabTo(page, page.getByTestId('exercise-back'), { back: true });
  await page.keyboard.press('Enter');
  // Focus comes back to the control that opened the exercise, not to the page's start.
  await expect(page.getByTestId('practice-start')).toBeFocused();
  await tabTo(page, page.getByTestId('practice-progress-open'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('progress-view')).toBeVisible();
  await tabTo(page, page.getByTestId('progress-back'), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('practice-progress-open')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('progress-view')).toBeVisible();

  await tabTo(page, page.getByRole('tab', { name: 'Practice' }), { back: true });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('rules-list')).toBeVisible();
  await expect(page.getByTestId('rules-list')).toContainText('D201');
});
