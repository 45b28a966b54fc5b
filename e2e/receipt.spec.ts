import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const email = `receipt-${Date.now()}@example.org`;

function signetVerify(...args: string[]) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ['packages/sdk/bin/signet.mjs', 'verify', ...args],
      { cwd: root },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

/** The SDK as published (its build), as a person's Node would run it. */
async function sdkVerify() {
  const url = new URL('../packages/sdk/dist/verify.js', import.meta.url).href;
  return (await import(url)) as typeof import('../packages/sdk/src/verify.js');
}

test('P6: the done page downloads a receipt that the SDK and the CLI verify, and refuse after one changed character', async ({
  page,
  baseURL,
}, testInfo) => {
  await page.goto('/');
  await page.getByLabel('Yes, I want to receive the Demo Shop newsletter by email.').check();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Agree and send confirmation link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  await page.goto('/dev/mailbox');
  await page.locator('article', { hasText: email }).getByRole('link').first().click();
  await page.getByRole('button', { name: 'Confirm now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download your confirmation (receipt)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^receipt-demo-newsletter-\d{4}-\d{2}-\d{2}\.json$/);
  const file = testInfo.outputPath('receipt.json');
  await download.saveAs(file);
  if (process.env.SIGNET_SAVE_RECEIPT) await copyFile(file, process.env.SIGNET_SAVE_RECEIPT);

  const receipt = JSON.parse(await readFile(file, 'utf8'));
  expect(receipt.piiPrincipalContact.email).toBe(email);
  const { verifyReceipt } = await sdkVerify();
  const jwks = await (await page.request.get('/.well-known/jwks.json')).json();
  expect(await verifyReceipt(receipt)).toEqual({ ok: true });
  expect(await verifyReceipt(receipt, { jwks })).toEqual({ ok: true });

  const offline = await signetVerify(file);
  expect(offline.code).toBe(0);
  expect(offline.stdout).toContain('VALID: receipt verified');
  const published = await signetVerify(file, '--jwks', `${baseURL}/.well-known/jwks.json`);
  expect(published.code).toBe(0);
  expect(published.stdout).toContain('the keys inside are the published ones');

  // One character changed: in the address (not in any record) and in a record's time.
  const text = await readFile(file, 'utf8');
  const inAddress = testInfo.outputPath('changed-address.json');
  await writeFile(inAddress, text.replace(email, email.replace('receipt-', 'receipt_')));
  expect((await signetVerify(inAddress)).code).toBe(1);
  const at = receipt.proof.records[1].record.at as string;
  const inRecord = testInfo.outputPath('changed-record.json');
  const changedAt = `${at.slice(0, -2)}${at.at(-2) === '1' ? '2' : '1'}Z`;
  await writeFile(inRecord, text.replace(`"at":"${at}"`, `"at":"${changedAt}"`));
  expect(await readFile(inRecord, 'utf8')).not.toBe(text);
  expect((await signetVerify(inRecord)).code).toBe(1);

  // The same receipt for people: the person, the controller, local times; printable.
  await page.getByRole('link', { name: 'Read the receipt' }).click();
  await expect(
    page.getByRole('heading', { name: 'Your confirmation of consent (receipt)' }),
  ).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText('Demo Shop GmbH, Musterstraße 1, 10115 Berlin')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Consent confirmed by the link' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  if (process.env.SIGNET_SCREENSHOTS) {
    await page.setViewportSize({ width: 900, height: 900 });
    await page.screenshot({ path: `${root}docs/screenshots/receipt.png`, fullPage: true });
  }
});

test('P6/C5: pressing the confirmation link again shows no receipt link', async ({ page }) => {
  await page.goto('/dev/mailbox');
  const link = await page
    .locator('article', { hasText: email })
    .getByRole('link')
    .first()
    .getAttribute('href');
  expect(link).toBeTruthy();
  // The confirmation was pressed in the test before: the link itself opens no receipt.
  await page.goto(new URL(link ?? '').pathname);
  await expect(page.getByRole('heading', { name: 'Already confirmed' })).toBeVisible();
  await expect(page.getByRole('link', { name: /receipt/ })).toHaveCount(0);
});

test('P6: the preferences page downloads a receipt per purpose and its check says valid, then invalid after a change', async ({
  page,
}, testInfo) => {
  const asked = await page.request.post('/v1/preference-links', {
    data: { site: 'demo', email, locale: 'en' },
    headers: { authorization: 'Bearer sk_demo_local_development_only' },
  });
  expect(asked.status()).toBe(202);
  await expect
    .poll(async () => {
      const { messages } = await (await page.request.get('/dev/mailbox.json')).json();
      return messages.some(
        (m: { to: string; text: string }) => m.to === email && m.text.includes('#token='),
      );
    })
    .toBe(true);
  await page.goto('/dev/mailbox');
  const mail = page.locator('article', { hasText: 'Your preferences at Signet Demo Shop' });
  await mail
    .filter({ hasText: email })
    .first()
    .getByRole('link', { name: /\/p\/demo\?lang=[a-z]{2}#token=/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'What you agreed to' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('button', {
      name: 'Download receipt: Yes, I want to receive the Demo Shop newsletter by email.',
    })
    .click();
  const file = testInfo.outputPath('from-preferences.json');
  await (await downloading).saveAs(file);
  const { verifyReceipt } = await sdkVerify();
  expect(await verifyReceipt(JSON.parse(await readFile(file, 'utf8')))).toEqual({ ok: true });

  await page.getByLabel('Receipt file').setInputFiles(file);
  const status = page.getByRole('status').filter({ hasText: /Valid|Invalid/ });
  await expect(status).toContainText('Valid: the receipt for');
  await expect(status).toContainText('The key inside is the published one.');
  expect(await axeViolations(page)).toEqual([]);

  const changed = testInfo.outputPath('changed.json');
  const text = await readFile(file, 'utf8');
  await writeFile(changed, text.replace('"newsletter"', '"newsletteR"'));
  await page.getByLabel('Receipt file').setInputFiles(changed);
  await expect(status).toContainText('Invalid: this receipt was changed or is incomplete');
});
