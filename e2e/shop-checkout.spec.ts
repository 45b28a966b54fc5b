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
