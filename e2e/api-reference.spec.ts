// The API reference at /docs: axe in light and dark, "try it" under its strict CSP (Trusted Types,
// no policy allowed), and the page read without JavaScript.
import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './axe.js';

/** Collects CSP reports from the page itself and from the console. */
async function watchCsp(page: Page) {
  const consoleReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) {
      consoleReports.push(message.text());
    }
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return async () => [
    ...consoleReports,
    ...(await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    )),
  ];
}

test('/docs has no axe violations in light and dark, before and after trying an operation', async ({
  page,
  baseURL,
}) => {
  // Four axe runs over every operation of the reference: about 10 s on a quiet machine, past the
  // default 30 s on a loaded one (the page grows with the API).
  test.setTimeout(120_000);
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const cspReports = await watchCsp(page);

  const response = await page.goto('/docs');
  expect(response?.headers()['content-security-policy']).toContain(
    "require-trusted-types-for 'script'",
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Signet API reference' })).toBeVisible();
  const health = page.locator('#op-getHealth');
  await expect(health.getByRole('button', { name: 'Send GET /v1/health' })).toBeVisible();

  const seen: Record<string, string[]> = {};
  seen.light = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  seen.dark = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });

  await health.getByRole('button', { name: 'Send GET /v1/health' }).click();
  await expect(health.getByRole('status')).toHaveText(/^200\b.*application\/json/);
  await expect(health.locator('pre.answer-body')).toContainText('"status": "ok"');

  const form = page.locator('#op-getForm');
  await expect(form.getByLabel(/^site/)).toHaveValue('demo');
  await form.getByLabel(/^locale/).selectOption('en');
  await form.getByRole('button', { name: 'Send GET /v1/sites/{site}/form' }).click();
  await expect(form.getByRole('status')).toHaveText(/^200\b/);
  await expect(form.locator('pre.answer-body')).toContainText('"site": "demo"');

  // An error answer is shown as it came.
  const check = page.locator('#op-checkConsent');
  await check.getByRole('button', { name: 'Send GET /v1/consents/check' }).click();
  await expect(check.getByRole('status')).toHaveText(/^401\b/);
  await expect(check.locator('pre.answer-body')).toContainText('"code": "unauthorized"');

  seen.answered = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  seen.answeredDark = await axeViolations(page);

  expect(seen).toEqual({ light: [], dark: [], answered: [], answeredDark: [] });
  expect(await cspReports()).toEqual([]);
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
});

test('the keyboard reaches a "try it" form and sends it', async ({ page }) => {
  const cspReports = await watchCsp(page);
  await page.goto('/docs#op-getHealth');
  const button = page.locator('#op-getHealth').getByRole('button', { name: 'Send GET /v1/health' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#op-getHealth').getByRole('status')).toHaveText(/^200\b/);
  expect(await cspReports()).toEqual([]);
});

test('without JavaScript /docs still shows every operation, and no form it could not send', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/docs');
  await expect(page.getByRole('heading', { level: 1, name: 'Signet API reference' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Contents' })).toBeVisible();
  const health = page.locator('#op-getHealth');
  await expect(health.getByRole('heading', { name: 'GET /v1/health' })).toBeVisible();
  await expect(health.getByRole('button', { name: 'Send GET /v1/health' })).toBeHidden();
  await expect(page.locator('#schema-FormConfig')).toBeVisible();
  await context.close();
});
