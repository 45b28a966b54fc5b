import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { confirmedPerson, exhibit } from './exhibit-helpers.js';

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [locale, path, submit] of [
    ['en', '/', 'Agree and send confirmation link'],
    ['de', '/de.html', 'Zustimmen und Bestätigungslink senden'],
  ] as const) {
    test(`form ${locale} ${colorScheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 760, height: 900 });
      await page.goto(path);
      const form = page.locator('signet-form');
      await expect(page.getByRole('button', { name: submit })).toBeVisible();
      await page
        .locator('details')
        .first()
        .evaluate((details) => {
          (details as HTMLDetailsElement).open = true;
        });
      await form.screenshot({ path: `docs/screenshots/form-${locale}-${colorScheme}-idle.png` });
      await page.getByRole('button', { name: submit }).click();
      await expect(page.getByRole('alert')).not.toBeEmpty();
      await form.screenshot({ path: `docs/screenshots/form-${locale}-${colorScheme}-error.png` });
    });
  }
}

test('exhibit de, first page', async ({ page, request, baseURL }) => {
  const email = await confirmedPerson(request, `${baseURL}`);
  const html = await (await exhibit(request, email, 'html', 'de')).text();
  const file = join(await mkdtemp(join(tmpdir(), 'signet-exhibit-')), 'nachweis.html');
  await writeFile(file, html);
  // A4 at 96 dpi: what the first printed page holds.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.goto(pathToFileURL(file).href);
  await expect(page.getByRole('heading', { name: 'Nachweis der Einwilligung' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/exhibit-de.png' });
});
