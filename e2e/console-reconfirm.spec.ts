// Re-confirming imported people from the owner console (M1), in Chromium against the running API:
// the owner sees how many would be mailed and the daily cap before starting, starts it, the person
// confirms on the confirm page, and the progress shows the confirmation. axe at zero violations in
// light and dark, and no CSP report.
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';
const auth = { authorization: `Bearer ${key}` };
const email = `console-reconfirm-${Date.now()}@example.org`;

interface Progress {
  purpose: string;
  queued: number;
  sent: number;
  confirmed: number;
  noAnswer: number;
}

async function newsletterProgress(request: APIRequestContext) {
  const status = await request.get('/v1/admin/reconfirmations', { headers: auth });
  const { purposes } = (await status.json()) as { purposes: Progress[] };
  return (
    purposes.find((entry) => entry.purpose === 'newsletter') ?? {
      purpose: 'newsletter',
      queued: 0,
      sent: 0,
      confirmed: 0,
      noAnswer: 0,
    }
  );
}

async function check(request: APIRequestContext) {
  const response = await request.get('/v1/consents/check', {
    params: { email, purpose: 'newsletter' },
    headers: auth,
  });
  return (await response.json()) as { allowed: boolean; basis?: string };
}

async function previewed(request: APIRequestContext, withoutEvidenceOnly: boolean) {
  const preview = await request.get('/v1/admin/reconfirmations/preview', {
    params: { purpose: 'newsletter', withoutEvidenceOnly: String(withoutEvidenceOnly) },
    headers: auth,
  });
  expect(preview.status()).toBe(200);
  return (await preview.json()) as { recipients: number; dailyCap: number; leftToday: number };
}

const wouldGet = (n: number) => `${n === 1 ? '1 person' : `${n} people`} would get an email.`;

/** The progress table's cells for a purpose, as the API counts it (bounced is not known). */
async function expectProgressRow(page: Page, progress: Progress) {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: progress.purpose, exact: true }) });
  await expect(row.getByRole('cell')).toHaveText([
    String(progress.queued),
    String(progress.sent),
    String(progress.confirmed),
    'not known',
    String(progress.noAnswer),
  ]);
}

test('M1: the console shows who a re-confirmation would mail and the daily cap, starts it, and its progress shows the person who confirmed', async ({
  page,
  request,
}) => {
  const csp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) csp.push(message.text());
  });
  // Imported without a confirmation time (no DOI evidence).
  const imported = await request.post('/v1/admin/imports?format=signet&purpose=newsletter', {
    headers: { ...auth, 'content-type': 'text/csv' },
    data: `email,opt_in_at\r\n${email},2024-03-01T09:15:00Z\r\n`,
  });
  expect(imported.status()).toBe(200);
  const { recipients, dailyCap, leftToday } = await previewed(request, true);
  expect(recipients).toBeGreaterThanOrEqual(1);
  const before = await newsletterProgress(request);

  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Re-confirm imported people' })
    .click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Re-confirm imported people' }),
  ).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);

  await page.getByLabel('Purpose', { exact: true }).selectOption('newsletter');
  await page.getByLabel('Only those imported without a confirmation time').check();
  await expect(page.getByText(wouldGet(recipients))).toBeVisible();
  await expect(
    page.getByText(
      `At most ${dailyCap} are sent a day (the site’s daily cap); ${leftToday} can go today`,
    ),
  ).toBeVisible();
  await expectNoAxeViolations(page, 're-confirm, before the start');

  await page.getByRole('button', { name: `Start re-confirming (${recipients} emails)` }).click();
  await expect(page.getByText(/^Started: \d+ newly queued, \d+ emailed now\.$/)).toBeVisible();
  const started = await newsletterProgress(request);
  expect(started.sent).toBeGreaterThanOrEqual(before.sent + 1);
  await expectProgressRow(page, started);
  // Those mailed are not counted again: with no one left, a second start cannot be pressed.
  const left = await previewed(request, true);
  expect(left.recipients).toBeLessThan(recipients);
  await expect(page.getByText(wouldGet(left.recipients))).toBeVisible();
  if (left.recipients === 0) {
    await expect(page.getByRole('button', { name: /^Start re-confirming/ })).toBeDisabled();
  }
  await expectNoAxeViolations(page, 're-confirm, started');

  // The person confirms through the mailed link, on the confirm page (in a tab of their own).
  const person = await page.context().newPage();
  await person.goto('/dev/mailbox');
  await person.locator('article', { hasText: email }).getByRole('link').first().click();
  await person.getByRole('button').click();
  await expect(person.getByRole('heading', { level: 1 })).toBeVisible();
  await person.close();
  expect(await check(request)).toMatchObject({ allowed: true, basis: 'double-opt-in' });

  const after = await newsletterProgress(request);
  expect(after.confirmed).toBe(started.confirmed + 1);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expectProgressRow(page, after);
  await expectNoAxeViolations(page, 're-confirm, progress');

  // A count the API refuses is shown with its reason, and nothing can be started.
  await page.route('**/v1/admin/reconfirmations/preview**', (route) =>
    route.fulfill({
      status: 404,
      json: {
        error: {
          code: 'unknown_purpose',
          message: 'The site has no current purpose "newsletter" in its default locale',
          field: 'purpose',
        },
      },
    }),
  );
  await page.getByLabel('Everyone imported for this purpose').check();
  await expect(
    page.getByText('The site has no current purpose "newsletter" in its default locale (purpose)'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  await expectNoAxeViolations(page, 're-confirm, refused count');
  expect(csp).toEqual([]);
});
