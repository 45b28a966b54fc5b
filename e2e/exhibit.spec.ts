// The exhibit ("Nachweis der Einwilligung", issue 18.3) as a court or authority gets it: the HTML
// file opened from disk with the network off checks its own signatures, and says so when a byte
// of a record was changed; the PDF's text is real text, and Chromium opens it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe.js';
import { confirmedPerson, exhibit } from './exhibit-helpers.js';

const run = promisify(execFile);

const checkButton = {
  de: 'Signaturen prüfen',
  en: 'Check the signatures',
  fr: 'Vérifier les signatures',
};
const verdicts = {
  de: { valid: /^Gültig/, invalid: /^Ungültig/ },
  en: { valid: /^Valid/, invalid: /^Invalid/ },
  fr: { valid: /^Valide/, invalid: /^Non valide/ },
};

test('P5: the HTML exhibit opened from a file with the network off has no axe violations and checks valid, and invalid after one byte of a record changed', async ({
  browser,
  request,
  baseURL,
}) => {
  const email = await confirmedPerson(request, `${baseURL}`);
  const dir = await mkdtemp(join(tmpdir(), 'signet-exhibit-'));
  for (const locale of ['de', 'en', 'fr'] as const) {
    const response = await exhibit(request, email, 'html', locale);
    const file = join(dir, `exhibit-${locale}.html`);
    await writeFile(file, await response.text());

    const context = await browser.newContext();
    await context.setOffline(true);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await axeViolations(page), locale).toEqual([]);
    await page.getByRole('button', { name: checkButton[locale] }).click();
    await expect(page.getByRole('status')).toHaveText(verdicts[locale].valid);
    if (locale === 'de') {
      // Printed on A4 by Chromium: page numbers from the @page counters, the button left out.
      const printed = join(dir, 'printed.pdf');
      await writeFile(printed, await page.pdf({ preferCSSPageSize: true }));
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', printed, '-']);
      const { stdout: info } = await run('pdfinfo', [printed]);
      expect(info).toMatch(/Page size:.*\(A4\)/);
      expect(stdout).toMatch(/Seite 1 von \d+/);
      expect(stdout).not.toContain(checkButton.de);
    }

    // One byte of the first record: a digit of its sequence number.
    const html = await readFile(file, 'utf8');
    const at = html.indexOf('&quot;seq&quot;:') + '&quot;seq&quot;:'.length;
    const digit = html[at] ?? '1';
    const changed = `${html.slice(0, at)}${digit === '9' ? '8' : String(Number(digit) + 1)}${html.slice(at + 1)}`;
    const tampered = join(dir, `exhibit-${locale}-changed.html`);
    await writeFile(tampered, changed);
    await page.goto(pathToFileURL(tampered).href);
    await page.getByRole('button', { name: checkButton[locale] }).click();
    await expect(page.getByRole('status')).toHaveText(verdicts[locale].invalid);
    expect(blocked, 'the page runs under its own CSP without violations').toEqual([]);
    await context.close();
  }
});

test('P5: the PDF exhibit holds the person, the controller and the German dates as text, and opens in Chromium', async ({
  page,
  request,
  baseURL,
}) => {
  const email = await confirmedPerson(request, `${baseURL}`);
  const response = await exhibit(request, email, 'pdf');
  expect(response.headers()['content-type']).toBe('application/pdf');
  const bytes = await response.body();
  const dir = await mkdtemp(join(tmpdir(), 'signet-exhibit-'));
  const file = join(dir, 'exhibit.pdf');
  await writeFile(file, bytes);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
  // Lines wrap where the page ends them.
  const text = stdout.replace(/\s+/g, ' ');
  const evidence = await (await exhibit(request, email, 'json')).json();
  expect(text).toContain(email);
  expect(text).toContain(evidence.controller.name);
  expect(text).toContain('Nachweis der Einwilligung');
  const day = new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  });
  for (const signed of evidence.records) {
    expect(text).toContain(`Am ${day.format(new Date(signed.record.at))} um`);
  }
  expect(text).toMatch(/Seite 1 von \d+/);
  expect(text, 'every character was drawable').not.toContain('[U+');
  expect(text).toContain('Bestätigungs-E-Mail über ihren Link bestätigt');

  // Chromium's viewer: the PDF served as a page of its own; a failure to load rejects goto.
  const downloads: string[] = [];
  page.on('download', (download) => downloads.push(download.suggestedFilename()));
  await page.route('**/exhibit.pdf', (route) =>
    route.fulfill({ status: 200, contentType: 'application/pdf', body: bytes }),
  );
  const shown = await page.goto(`${baseURL}/exhibit.pdf`);
  expect(shown?.status()).toBe(200);
  expect(shown?.headers()['content-type']).toBe('application/pdf');
  // Shown, not downloaded: Chromium's PDF viewer (its built-in extension) runs in a frame.
  const viewer = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';
  await expect.poll(() => page.frames().some((frame) => frame.url().startsWith(viewer))).toBe(true);
  expect(downloads).toEqual([]);
});
