// examples/shop-checkout end to end: the shop's own server beside Signet (playwright.config.ts
// starts both). Order with the newsletter ticked, confirm from the dev mailbox, the shop receives
// and verifies `consent.confirmed`, and mayContact then says yes.
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe';
import { shopUrl } from './playwright.config';

const email = `shop-buyer-${Date.now()}@example.org`;

test('an order with the newsletter ticked ends in a verified webhook and mayContact yes', async ({
  page,
  request,
}) => {
  await page.goto(`${shopUrl}/`);
  const newsletter = page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.');
  await expect(newsletter).toBeVisible();
  await expect(newsletter).not.toBeChecked();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('Name').fill('Mia Muster');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await newsletter.check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByRole('heading', { name: /order \d+ is placed/ })).toBeVisible();
  await expect(page.locator('#newsletter-status')).toHaveText(/Not yet/);
  const orderPage = page.url();

  await page.goto('/dev/mailbox');
  const message = page.locator('article', { hasText: email });
  await expect(message).toContainText('Please confirm your consent at Signet Demo Shop');
  await message.getByRole('link').first().click();
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

  // Delivered right after the change or by the next cron pass (run here by hand).
  await expect
    .poll(
      async () => {
        await request.get('/cdn-cgi/local/scheduled').catch(() => null);
        const events = (await (await request.get(`${shopUrl}/webhooks.json`)).json()) as {
          event: { type: string; data: { purpose: string } };
        }[];
        return events
          .filter((e) => e.event.type === 'consent.confirmed')
          .map((e) => e.event.data.purpose);
      },
      { timeout: 30_000, intervals: [500, 1000, 2000] },
    )
    .toContain('newsletter');

  await page.goto(`${shopUrl}/webhooks`);
  await expect(page.getByRole('cell', { name: 'consent.confirmed' }).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.goto(orderPage);
  await expect(page.locator('#newsletter-status')).toHaveText(/^Yes: confirmed since/);
  expect(await axeViolations(page)).toEqual([]);
});

test('a forged X-Forwarded-For does not reach the signed record: the shop reports the socket address', async ({
  request,
}) => {
  const buyer = `shop-forged-ip-${Date.now()}@example.org`;
  const form = (await (await request.get('/v1/sites/demo/form?locale=en')).json()) as {
    purposes: { id: string; wordingVersion: string }[];
  };
  const newsletter = form.purposes.find((purpose) => purpose.id === 'newsletter');
  expect(newsletter).toBeTruthy();
  const ordered = await request.post(`${shopUrl}/orders`, {
    headers: { 'x-forwarded-for': '203.0.113.66, 198.51.100.23' },
    form: {
      name: 'Forged Header',
      email: buyer,
      'signet-consent.purpose': `newsletter:${newsletter?.wordingVersion}`,
      'signet-consent.locale': 'en',
    },
    maxRedirects: 0,
  });
  expect(ordered.status()).toBe(303);

  // The requested record, once sealed, as the site owner exports it.
  const requestedIp = async () => {
    const exported = await request.post('/v1/admin/subjects/export', {
      headers: { authorization: 'Bearer sk_demo_local_development_only' },
      data: { email: buyer },
    });
    if (!exported.ok()) return null;
    const { records } = (await exported.json()) as {
      records: { record: { event: string; source: { form: string }; evidence: { ip: string } } }[];
    };
    const requested = records.find((signed) => signed.record.event === 'requested');
    return requested ? [requested.record.source.form, requested.record.evidence.ip] : null;
  };
  await expect
    .poll(requestedIp, { timeout: 30_000, intervals: [500, 1000, 2000] })
    .toEqual(['server:checkout', '127.0.0.0/24']);
});
