// Class packs: `?pack=` lands on the pack (title, exercises, Start) by id, file name or address on
// the site; a pack on another site or an unknown id is refused with the reason; an unknown key in a
// pack is named with the key it probably meant; a pack opened from a file is kept in the browser.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const bundled = JSON.parse(readFileSync(fileURLToPath(new URL('../../exercises/coding-icd10cm.json', import.meta.url)), 'utf8'));

/** The bundled pack under another id and title, its first exercise's `hints` misspelt `hint`. */
function misspelt() {
  const [first, ...rest] = bundled.exercises;
  const { hints, ...others } = first;
  return { ...bundled, id: 'class-typo', title: 'Class set with a typo', exercises: [{ ...others, hint: hints }, ...rest] };
}

async function expectLanding(page, pack) {
  await expect(page.getByTestId('pack-landing')).toBeVisible();
  await expect(page.getByTestId('pack-title')).toHaveText(pack.title);
  await expect(page.getByTestId('pack-title')).toBeFocused();
  await expect(page.getByTestId('pack-exercises').locator('li')).toHaveCount(pack.exercises.length);
  await expect(page.getByTestId('pack-exercises').locator('li').first()).toContainText(pack.exercises[0].title);
  await expect(page.getByTestId('pack-made')).toContainText(`${pack.exercises.length} exercises`);
}

for (const [how, value] of [['id', bundled.id], ['file name', 'coding-icd10cm.json'], ['address on the site', '/exercises/coding-icd10cm.json']]) {
  test(`?pack= by ${how} lands on the pack; Start begins its first exercise`, async ({ page }) => {
    const errors = await openApp(page, `/?pack=${encodeURIComponent(value)}`);
    await expect(page.locator('#tab-practice')).toHaveAttribute('aria-selected', 'true');
    await expectLanding(page, bundled);
    await page.getByTestId('pack-start').click();
    await expect(page.getByTestId('exercise-screen')).toHaveAttribute('data-exercise-id', bundled.exercises[0].id);
    expect(errors).toEqual([]);
  });
}

test('?pack= with an unknown id or another site names the problem and shows the dashboard', async ({ page }) => {
  await openApp(page, '/?pack=no-such-pack');
  await expect(page.getByTestId('pack-errors')).toContainText('No pack with the id "no-such-pack"');
  await expect(page.getByTestId('pack-errors')).toContainText(bundled.id);
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await openApp(page, '/?pack=https://elsewhere.example/pack.json');
  await expect(page.getByTestId('pack-errors')).toContainText('Only packs on this site can be opened by link');
});

test('an unknown key is named with a suggestion, from a link and from a file', async ({ browser }) => {
  // The pack is served by the test (page.route), which the service worker would bypass.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const pack = JSON.stringify(misspelt());
  await page.route((url) => url.pathname === '/class/typo.json', (route) => route.fulfill({ contentType: 'application/json', body: pack }));
  await openApp(page, '/?pack=/class/typo.json');
  const message = `exercise ${bundled.exercises[0].id}: unknown key \`hint\` — did you mean \`hints\`?`;
  await expect(page.getByTestId('pack-errors')).toContainText(message);
  await expect(page.getByTestId('pack-landing')).toHaveCount(0);

  await openApp(page, '/#practice');
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(pack) });
  await expect(page.getByTestId('pack-errors')).toContainText(message);
  await expect(page.getByTestId('pack-errors')).toContainText('typo.json');
  await context.close();
});

test('a pack opened from a file is kept in the browser, linked by its id and can be removed', async ({ page }) => {
  const mine = { ...bundled, id: 'class-week-1', title: 'Week 1 coding', exercises: bundled.exercises.slice(0, 3) };
  await openApp(page, '/#practice');
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'week-1.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(page.getByTestId('practice-notice')).toContainText('Opened the pack "Week 1 coding" (3 exercises). It is kept in this browser.');

  await openApp(page, '/?pack=class-week-1');
  await expectLanding(page, mine);
  await page.getByTestId('pack-forget').click();
  await expect(page.getByTestId('practice-dashboard')).toBeVisible();
  await openApp(page, '/?pack=class-week-1');
  await expect(page.getByTestId('pack-errors')).toContainText('No pack with the id "class-week-1"');
});

for (const [name, viewport] of [['laptop', { width: 1366, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the pack landing on a ${name}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openApp(page, `/?pack=${bundled.id}`);
    await expectLanding(page, bundled);
    await page.screenshot({ path: `test-results/e2e/pack-landing-${name}.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
