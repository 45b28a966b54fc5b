// Browsers compile an input's `pattern` with the RegExp `v` flag: one that is invalid there is
// ignored without a word, and the field then checks nothing. Every pattern of the console and
// the preferences page must compile so, and must refuse what it is there to refuse.
import { expect, type Page, test } from '@playwright/test';

const key = 'sk_demo_local_development_only';
const tasks = [
  'Settings',
  'Purposes and wording',
  'Consents and records',
  'A person’s request',
  'API keys and admin log',
  'Reports and Art. 30',
];

/** Every `pattern` attribute on the page, inside shadow roots too, with whether `v` compiles it. */
function patternsOn(page: Page) {
  return page.evaluate(() => {
    const found: { pattern: string; compiles: boolean }[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        const pattern = element.getAttribute('pattern');
        if (pattern !== null) {
          let compiles = true;
          try {
            new RegExp(`^(?:${pattern})$`, 'v');
          } catch {
            compiles = false;
          }
          found.push({ pattern, compiles });
        }
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return found;
  });
}

test('every pattern in the console compiles under the v flag, and the purpose id field refuses a bad id', async ({
  page,
}) => {
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
  const seen: string[] = [];
  for (const name of tasks) {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    for (const { pattern, compiles } of await patternsOn(page)) {
      expect(compiles, `${name}: pattern ${pattern}`).toBe(true);
      seen.push(pattern);
    }
  }
  expect(seen.length).toBeGreaterThan(0);
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Purposes and wording' })
    .click();
  const id = page.getByLabel('Id', { exact: true });
  await id.fill('Bad_Id');
  expect(await id.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(true);
  await id.fill('good-id');
  expect(await id.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(
    false,
  );
});

test('the preferences page’s code field compiles under the v flag', async ({ page }) => {
  await page.goto('/p/demo');
  await expect(page.locator('signet-preferences')).toBeVisible();
  const code = page.locator('signet-preferences').locator('#code');
  await code.fill('12ab');
  expect(await code.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(
    true,
  );
  for (const { pattern, compiles } of await patternsOn(page)) {
    expect(compiles, `pattern ${pattern}`).toBe(true);
  }
});
