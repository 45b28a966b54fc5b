// Issue 22, items 2, 3 and 5 in the owner console, in Chromium against the running API: a test key
// is made and listed with its mode, its request's message is read in the test mailbox, the shop's
// reference of a request shows in the person's evidence, and the A5 systems and hours are set in
// Settings; every new view with axe at zero violations (light and dark) and no CSP report.
import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';
const auth = { authorization: `Bearer ${key}` };

function watchCsp(page: Page) {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

async function signIn(page: Page) {
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
}

async function openTask(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

async function newsletter(request: import('@playwright/test').APIRequestContext) {
  const form = await (await request.get('/v1/sites/demo/form?locale=en')).json();
  const purpose = (form.purposes as { id: string; wordingVersion: string }[]).find(
    (p) => p.id === 'newsletter',
  );
  return [{ id: 'newsletter', wordingVersion: purpose?.wordingVersion ?? '' }];
}

test('22.3: a test key made in the console mails nobody; its message is in the test mailbox', async ({
  page,
  request,
  baseURL,
}) => {
  const csp = watchCsp(page);
  await signIn(page);
  await openTask(page, 'API keys and admin log');
  await expectNoAxeViolations(page, 'keys');
  await page.getByLabel('Name (who or what uses it)').fill('e2e test key');
  await page.getByLabel(/^Test key/).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByLabel('The new key').textContent();
  expect(secret).toMatch(/^sk_test_/);
  await expect(page.getByRole('row', { name: /e2e test key/ })).toContainText('test');

  const email = `test-mode-${Date.now()}@example.org`;
  const accepted = await request.post('/v1/consent-requests', {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      site: 'demo',
      email,
      purposes: await newsletter(request),
      locale: 'en',
      pageUrl: `${baseURL}/`,
    },
  });
  expect(accepted.status()).toBe(202);

  await openTask(page, 'Test mailbox');
  await page.getByLabel('Recipient (optional)').fill(email);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('table')).toContainText(email);
  await expect(page.getByRole('table')).toContainText('Test messages: 1');
  await page.getByText('Text', { exact: true }).click();
  await expect(page.getByRole('table')).toContainText('/confirm/');
  await expectNoAxeViolations(page, 'test mailbox');
  expect(csp).toEqual([]);
});

test("22.2: the person's evidence in the console shows the shop's reference of the request", async ({
  page,
  request,
  baseURL,
}) => {
  const email = `reference-${Date.now()}@example.org`;
  const reference = `order-${Date.now() % 100000}`;
  const accepted = await request.post('/v1/consent-requests', {
    headers: auth,
    data: {
      site: 'demo',
      email,
      purposes: await newsletter(request),
      locale: 'en',
      pageUrl: `${baseURL}/`,
      reference,
    },
  });
  expect(accepted.status()).toBe(202);
  const { messages } = await (await request.get('/dev/mailbox.json')).json();
  const mail = messages.find((m: { to: string }) => m.to === email);
  const link = new URL(mail.text.match(/https?:\/\/\S+\/confirm\/\S+/)[0]).pathname;
  const nonce = (await (await request.get(link)).text()).match(/name="nonce" value="([^"]+)"/)?.[1];
  const confirmed = await request.post(link, {
    form: { nonce: nonce ?? '' },
    headers: { origin: baseURL ?? '' },
  });
  expect(confirmed.status()).toBe(200);
  await signIn(page);
  await openTask(page, 'A person’s request');
  await page.getByLabel('Email address or phone number').fill(email);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: /^Evidence ?for newsletter$/ }).click();
  // The request's record and its confirmation's both belong to the request the shop named.
  await expect(
    page.getByRole('listitem').filter({ hasText: `your reference: ${reference}` }),
  ).toHaveCount(2);
  await expectNoAxeViolations(page, 'person with reference');
});

test('A5: Settings sets the systems that must acknowledge withdrawals and within how many hours', async ({
  page,
  request,
}) => {
  const before = await (await request.get('/v1/admin/site', { headers: auth })).json();
  const csp = watchCsp(page);
  await signIn(page);
  await page.getByLabel('Systems, one per line').fill('crm\nnewsletter-tool');
  await page.getByLabel('Acknowledged within (hours)').fill('48');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  const site = await (await request.get('/v1/admin/site', { headers: auth })).json();
  expect(site).toMatchObject({ honourSystems: ['crm', 'newsletter-tool'], honourWithinHours: 48 });
  await page.reload();
  await expect(page.getByLabel('Systems, one per line')).toHaveValue('crm\nnewsletter-tool');
  await expectNoAxeViolations(page, 'settings');

  await page.getByLabel('Acknowledged within (hours)').fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'honourWithinHours' })).toBeVisible();
  expect(csp).toEqual([]);
  // Other specs of the same run see the site as it was.
  await request.patch('/v1/admin/site', {
    headers: auth,
    data: { honourSystems: before.honourSystems, honourWithinHours: before.honourWithinHours },
  });
});
