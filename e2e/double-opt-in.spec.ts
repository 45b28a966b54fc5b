import { type APIRequestContext, expect, test } from '@playwright/test';

const siteKey = 'sk_demo_local_development_only';
const email = `e2e-${Date.now()}@example.org`;

async function newsletterAllowed(request: APIRequestContext) {
  const response = await request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: { authorization: `Bearer ${siteKey}` },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { allowed: boolean }).allowed;
}

test('a person subscribes on the example page and confirms by the emailed link', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const newsletter = page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.');
  await expect(newsletter).toBeVisible();
  await expect(newsletter).not.toBeChecked();
  await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(0);

  await newsletter.check();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  expect(await newsletterAllowed(request)).toBe(false);

  await page.goto('/dev/mailbox');
  const message = page.locator('article', { hasText: email });
  await expect(message).toContainText('Please confirm your consent at Signet Demo Shop');
  await message.getByRole('link').first().click();

  await expect(page.getByRole('heading', { name: 'Confirm your consent' })).toBeVisible();
  await expect(
    page.getByText('Yes, I want to receive the Demo Shop newsletter by email.'),
  ).toBeVisible();
  // Opening the link (what a mail scanner does) must not have confirmed anything.
  expect(await newsletterAllowed(request)).toBe(false);

  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  expect(await newsletterAllowed(request)).toBe(true);

  // The same link again: a clear page, not an error.
  await page.goBack();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Already confirmed' })).toBeVisible();
});
