import { expect, test } from '@playwright/test';

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
