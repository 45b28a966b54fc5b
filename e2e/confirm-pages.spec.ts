import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './axe.js';

/** Signs up on the example page and returns the new link the dev mailbox got (not one of `known`). */
async function signUp(page: Page, email: string, known: string[] = []) {
  await page.goto('/');
  await page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.').check();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  const { messages } = (await (await page.request.get('/dev/mailbox.json')).json()) as {
    messages: { to: string; text: string }[];
  };
  const links = messages
    .filter((message) => message.to === email)
    .map((message) => message.text.match(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/)?.[0] ?? '')
    .map((link) => new URL(link).pathname);
  return links.find((link) => !known.includes(link)) ?? '';
}

test('every state of the confirm page has no axe violations, in light and dark', async ({
  page,
  baseURL,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const email = `axe-${Date.now()}@example.org`;
  const link = await signUp(page, email);
  // A second submit: the first mail's link still confirms, the second's then says so (C7).
  const second = await signUp(page, email, [link]);
  expect(second).not.toBe(link);
  const seen: Record<string, string[]> = {};

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Confirm your consent' })).toBeVisible();
  seen.pending = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  seen.pendingDark = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });

  // A POST from another site: refused with a page that says so.
  await page.goto('about:blank');
  await page.setContent(
    `<form method="post" action="${baseURL}${link}"><input name="nonce" value="x"><button>go</button></form>`,
  );
  await page.getByRole('button', { name: 'go' }).click();
  await expect(page.getByRole('heading', { name: 'Not confirmed' })).toBeVisible();
  seen.crossSite = await axeViolations(page);

  // The page's own form without its nonce: the page again, with a fresh button.
  await page.goto(link);
  await page.locator('input[name="nonce"]').evaluate((input) => input.remove());
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please confirm with the button on this page.');
  seen.again = await axeViolations(page);

  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  seen.confirmed = await axeViolations(page);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Already confirmed' })).toBeVisible();
  seen.used = await axeViolations(page);

  await page.goto(second);
  await expect(page.getByRole('heading', { name: 'Already confirmed' })).toBeVisible();
  await expect(
    page.getByText('already confirmed through the link in another message'),
  ).toBeVisible();
  seen.usedByOtherLink = await axeViolations(page);

  await page.goto(`/confirm/${'x'.repeat(43)}`);
  await expect(page.getByRole('heading', { name: 'Invalid link' })).toBeVisible();
  seen.unknown = await axeViolations(page);

  expect(seen).toEqual({
    pending: [],
    pendingDark: [],
    crossSite: [],
    again: [],
    confirmed: [],
    used: [],
    usedByOtherLink: [],
    unknown: [],
  });
  expect(cspViolations).toEqual([]);

  // Control: the same check does report a known violation.
  await page.setContent('<main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>');
  expect(await axeViolations(page)).toContain('image-alt (1)');
});
