import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './axe.js';

const siteKey = { authorization: 'Bearer sk_demo_local_development_only' };

async function mailTo(page: Page, email: string, pattern: RegExp) {
  const { messages } = (await (await page.request.get('/dev/mailbox.json')).json()) as {
    messages: { to: string; text: string }[];
  };
  for (const message of messages.filter((m) => m.to === email).reverse()) {
    const found = message.text.match(pattern);
    if (found) return found;
  }
  throw new Error(`no mail to ${email} matching ${pattern}`);
}

/** Signs up for the newsletter on the example page and confirms by the mailed link. */
async function subscribe(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.').check();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  const [link] = await mailTo(page, email, /https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/);
  await page.goto(new URL(link).pathname);
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
}

function watchCsp(page: Page) {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

test("the readable export, in each language, has no axe violations under the pages' strict CSP", async ({
  page,
  baseURL,
}) => {
  const csp = watchCsp(page);
  const email = `export-${Date.now()}@example.org`;
  await subscribe(page, email);
  const asked = await page.request.post('/v1/preference-links', {
    data: { site: 'demo', email, locale: 'en' },
    headers: { origin: baseURL ?? '' },
  });
  expect(asked.status()).toBe(202);
  // The mail goes out after the answer.
  await expect
    .poll(() =>
      mailTo(page, email, /#token=/).then(
        () => true,
        () => false,
      ),
    )
    .toBe(true);
  const [, token] = await mailTo(page, email, /#token=([A-Za-z0-9_-]{43})/);
  const opened = await page.request.post('/v1/preference-sessions', { data: { token } });
  const { session } = (await opened.json()) as { session: string };
  await page.setExtraHTTPHeaders({ authorization: `Bearer ${session}` });
  const seen: Record<string, string[]> = {};
  for (const locale of ['de', 'en', 'fr']) {
    const response = await page.goto(`/v1/me/export?format=html&locale=${locale}`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    seen[locale] = await axeViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    seen[`${locale} dark`] = await axeViolations(page);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  // The CSV button downloads the history the page carries.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger l’historique en CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^signet-history-demo-.+\.csv$/);
  expect(seen).toEqual({
    de: [],
    'de dark': [],
    en: [],
    'en dark': [],
    fr: [],
    'fr dark': [],
  });
  expect(csp).toEqual([]);
});

test('the one-click page warns before its button when the purpose is the last, and the click erases the person; no axe violations', async ({
  page,
}) => {
  const csp = watchCsp(page);
  const email = `one-click-${Date.now()}@example.org`;
  await subscribe(page, email);
  const check = await page.request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: siteKey,
  });
  const { unsubscribe } = (await check.json()) as { unsubscribe: { url: string } };
  await page.setExtraHTTPHeaders({ 'accept-language': 'en' });
  await page.goto(new URL(unsubscribe.url).pathname);
  await expect(page.getByText('This deletes your data here; only the signed proof')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByText('Your data here is deleted.')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  const suppression = await page.request.get('/v1/admin/suppressions', {
    params: { email },
    headers: siteKey,
  });
  expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'withdrawn' });
  expect(csp).toEqual([]);
});
