import { expect, test } from '@playwright/test';

test('the checkout element loads only where it is used and adds the ticked purposes to the order', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await expect(
    page.getByRole('button', { name: 'Agree and send confirmation link' }),
  ).toBeVisible();
  expect(scripts.some((path) => path.includes('consent-fields'))).toBe(false);

  await page.goto('/checkout.html');
  const newsletter = page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.');
  await expect(newsletter).not.toBeChecked();
  expect(scripts.some((path) => path.includes('consent-fields'))).toBe(true);
  await newsletter.check();
  await page.getByRole('textbox', { name: 'Email' }).fill('buyer@example.org');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/email=buyer/);
  const query = new URL(page.url()).searchParams;
  expect(query.getAll('signet-consent.purpose')).toHaveLength(1);
  expect(query.getAll('signet-consent.purpose')[0]).toMatch(/^newsletter:[0-9a-f]{64}$/);
  expect(query.get('signet-consent.locale')).toBe('en');
});
