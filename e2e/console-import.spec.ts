// "Import a list" in the owner console (M1), in Chromium against the running API: the dry run's
// report comes before the import can start, both with axe at zero violations and no CSP report;
// the imported person may then be contacted on the imported basis.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';
const auth = { authorization: `Bearer ${key}` };

const mailchimpExport = [
  '"Email Address","First Name","Last Name",OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP',
  'console-import-1@example.org,"Anna","Müller, geb. Roth","2024-03-01 09:15:00",203.0.113.7,"2024-03-01 09:17:42",198.51.100.23',
  'console-import-2@example.org,"Ben","Kurz","2024-03-02 10:00:00",,,',
  'no-address,"X","Y",,,,',
].join('\r\n');

test('M1: the console imports a Mailchimp export only after showing its dry run, with no axe violations', async ({
  page,
  request,
}) => {
  const csp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) csp.push(message.text());
  });
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Import a list' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Import a list' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectNoAxeViolations(page, 'import');

  const importButton = page.getByRole('button', { name: 'Import (after the check)' });
  await expect(importButton).toBeDisabled();
  await page.getByLabel('Export file (CSV or NDJSON)').setInputFiles({
    name: 'subscribed_members_export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(mailchimpExport),
  });
  await page.getByLabel('Exported from').selectOption('mailchimp');
  await page.getByLabel('Purpose of every row').selectOption('newsletter');
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await expect(page.getByRole('heading', { name: 'Dry run: nothing was written' })).toBeVisible();
  await expect(
    page.getByText('3 rows: 2 would be imported (1 with a confirmation time), 1 skipped.'),
  ).toBeVisible();
  await expect(page.getByRole('cell', { name: 'not an email address' })).toBeVisible();
  await expectNoAxeViolations(page, 'import, dry run');
  const before = await request.get(
    '/v1/consents/check?email=console-import-1%40example.org&purpose=newsletter',
    { headers: auth },
  );
  expect(await before.json()).toMatchObject({ allowed: false });

  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByRole('heading', { name: 'Imported', exact: true })).toBeVisible();
  await expect(
    page.getByText('3 rows: 2 imported (1 with a confirmation time), 1 skipped.'),
  ).toBeVisible();
  await expectNoAxeViolations(page, 'import, done');
  const after = await request.get(
    '/v1/consents/check?email=console-import-1%40example.org&purpose=newsletter',
    { headers: auth },
  );
  expect(await after.json()).toMatchObject({
    allowed: true,
    basis: 'imported',
    record: { event: 'imported' },
  });
  expect(csp).toEqual([]);
});
