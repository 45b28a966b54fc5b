// Re-confirming an imported consent (M1), in Chromium against the running API: a person
// imported by the owner is mailed the normal confirmation, presses the button on the confirm
// page, and from then on may be contacted on Signet's own double opt-in.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { axeViolations, expectNoAxeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';
const auth = { authorization: `Bearer ${key}` };
const email = `reconfirm-${Date.now()}@example.org`;

async function mayContact(request: APIRequestContext) {
  const response = await request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: auth,
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { allowed: boolean; basis?: string; record: { event: string } };
}

test('M1: a re-confirmation moves an imported person to the double opt-in through the confirm page', async ({
  page,
  request,
}) => {
  const imported = await request.post('/v1/admin/imports?format=signet&purpose=newsletter', {
    headers: { ...auth, 'content-type': 'text/csv' },
    data: `email,opt_in_at,confirmed_at\r\n${email},2024-03-01T09:15:00Z,2024-03-01T09:17:42Z\r\n`,
  });
  expect(imported.status()).toBe(200);
  expect(await mayContact(request)).toMatchObject({ allowed: true, basis: 'imported' });

  const started = await request.post('/v1/admin/reconfirmations', {
    headers: auth,
    data: { purpose: 'newsletter' },
  });
  expect(started.status()).toBe(200);
  expect(await started.json()).toMatchObject({ sentNow: expect.any(Number) });

  await page.goto('/dev/mailbox');
  const message = page.locator('article', { hasText: email });
  await message.getByRole('link').first().click();
  await expect(page.getByRole('button')).toBeVisible();
  expect(await axeViolations(page), 'confirm page').toEqual([]);
  // Opening the link (what a mail scanner does) changes nothing.
  expect(await mayContact(request)).toMatchObject({ basis: 'imported' });

  await page.getByRole('button').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const answer = await mayContact(request);
  expect(answer).toMatchObject({ allowed: true, basis: 'double-opt-in' });
  expect(answer.record.event).toBe('confirmed');

  const status = await request.get('/v1/admin/reconfirmations', { headers: auth });
  const newsletter = (
    (await status.json()) as {
      purposes: {
        purpose: string;
        queued: number;
        sent: number;
        confirmed: number;
        noAnswer: number;
      }[];
    }
  ).purposes.find((entry) => entry.purpose === 'newsletter');
  expect(newsletter).toMatchObject({ confirmed: expect.any(Number), bounced: null });
  expect(newsletter?.confirmed).toBeGreaterThanOrEqual(1);

  // The console's re-confirmation page shows the same progress.
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Re-confirm imported people' })
    .click();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'newsletter', exact: true }) });
  await expect(row.getByRole('cell')).toHaveText([
    String(newsletter?.queued),
    String(newsletter?.sent),
    String(newsletter?.confirmed),
    'not known',
    String(newsletter?.noAnswer),
  ]);
  await expectNoAxeViolations(page, 're-confirmation progress');
});
