import { readFile } from 'node:fs/promises';
import { Validator } from '@cfworker/json-schema';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { axeViolations } from './axe.js';

const siteKey = { authorization: 'Bearer sk_demo_local_development_only' };
const newsletter = 'Yes, I want to receive the Demo Shop newsletter by email.';
const prizeDraw = 'I want to take part in the prize draw and be told by email if I win.';

async function allowed(request: APIRequestContext, email: string, purpose: string) {
  const response = await request.get('/v1/consents/check', {
    params: { email, purpose },
    headers: siteKey,
  });
  return ((await response.json()) as { allowed: boolean }).allowed;
}

test('a person subscribes, opens the hosted preferences page by its link, withdraws, downloads and deletes everything', async ({
  page,
  request,
}) => {
  const email = `person-${Date.now()}@example.org`;
  const cspReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|TrustedHTML|Trusted Type/i.test(message.text())) {
      cspReports.push(message.text());
    }
  });

  // Subscribe to two purposes and confirm from the dev mailbox.
  await page.goto('/');
  await page.getByLabel(newsletter).check();
  await page.getByLabel(prizeDraw).check();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  await page.goto('/dev/mailbox');
  await page.locator('article', { hasText: email }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  expect(await allowed(request, email, 'newsletter')).toBe(true);

  // The hosted page, reached from the confirmation page; ask for a link there.
  await page.getByRole('link', { name: 'Manage your consents' }).click();
  await expect(page).toHaveURL(/\/p\/demo\?lang=en$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Your consents at Signet Demo Shop' }),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Email address').first().fill(email);
  await page.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByText('If we know this address, a link is on its way.')).toBeVisible();

  // Open it from the dev mailbox.
  await page.goto('/dev/mailbox');
  const mail = page.locator('article', { hasText: 'Your preferences at Signet Demo Shop' }).first();
  await expect(mail).toContainText(email);
  await mail
    .getByRole('link', { name: /\/p\/demo\?lang=[a-z]{2}#token=/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'What you agreed to' })).toBeVisible();
  // The token left the address bar.
  expect(new URL(page.url()).hash).toBe('');
  expect(await axeViolations(page)).toEqual([]);

  // Withdraw the newsletter: at once, the check says no; the prize draw stays.
  await page.getByRole('button', { name: `Withdraw: ${newsletter}` }).click();
  await expect(page.getByText(`“${newsletter}” is withdrawn.`)).toBeVisible();
  expect(await allowed(request, email, 'newsletter')).toBe(false);
  expect(await allowed(request, email, 'prize-draw')).toBe(true);

  // Download the export and check it against the published schema.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'As JSON' }).click();
  const file = await (await download).path();
  const data = JSON.parse(await readFile(file, 'utf8')) as {
    subject: { email: string };
    consents: { purpose: string; status: string }[];
  };
  const schema = await (await request.get('/schemas/export.json')).json();
  expect(new Validator(schema, '7').validate(data).errors).toEqual([]);
  expect(data.subject.email).toBe(email);
  expect(data.consents.map((consent) => `${consent.purpose}:${consent.status}`).sort()).toEqual([
    'newsletter:withdrawn',
    'prize-draw:active',
  ]);

  // Delete everything, after one confirmation step.
  await page.getByRole('button', { name: 'Delete everything …' }).click();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Yes, delete for good' }).click();
  await expect(page.getByText('Your data at this site is deleted.')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  expect(await allowed(request, email, 'prize-draw')).toBe(false);
  const suppression = await request.get('/v1/admin/suppressions', {
    params: { email },
    headers: siteKey,
  });
  expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'erased' });
  expect(cspReports).toEqual([]);
});
