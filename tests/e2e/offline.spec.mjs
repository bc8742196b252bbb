// "Runs offline once loaded": after one visit, the page and the engine work without a network.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.mjs';

test('after one visit the page loads and validates offline', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  // The first load happened before the worker controlled the page: load once more to cache all.
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('findings').locator('tbody tr').first()).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('sum-records')).toHaveText('9');
  await context.setOffline(false);
});
