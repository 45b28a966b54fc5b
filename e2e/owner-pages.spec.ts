// The site owner's pages and tools against the running API: the Art. 30 entry as a page (axe, in
// German and English, light and dark, no CSP report) and `npx signet` from a terminal.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe.js';

const key = 'sk_demo_local_development_only';

test('the Art. 30 entry as a page has no axe violations in German and English, light and dark', async ({
  browser,
}) => {
  const context = await browser.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  for (const [locale, heading] of [
    ['de', /Verzeichnis von Verarbeitungstätigkeiten/],
    ['en', /Record of processing activities/],
  ] as const) {
    await page.goto(`/v1/admin/processing-record?locale=${locale}&format=html`);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), `${locale} ${colorScheme}`).toEqual([]);
    }
  }
  expect(cspViolations).toEqual([]);
  await context.close();
});

test('npx signet runs the admin tasks against the API', async ({ baseURL }) => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['packages/sdk/bin/signet.mjs', ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, SIGNET_ENDPOINT: baseURL, SIGNET_SITE: 'demo', SIGNET_API_KEY: key },
    });
  const created = JSON.parse((await run('keys', 'create', 'e2e terminal')).stdout) as {
    key: string;
  };
  expect(created.key).toMatch(/^sk_live_/);
  const art30 = await run('art30', '--locale', 'de');
  expect(art30.stdout).toMatch(/^# Verzeichnis von Verarbeitungstätigkeiten/);
  const report = await run(
    'report',
    '--from',
    '2026-01-01',
    '--to',
    '2026-12-31',
    '--format',
    'csv',
  );
  expect(report.stdout.split(/\r?\n/)[0]).toBe(
    'purpose,period,requests,people,confirmations,peopleConfirmed,conversion,medianSecondsToConfirm,withdrawals,expiries,erasures,bounces',
  );
  const events = JSON.parse((await run('events', '--limit', '5')).stdout) as {
    events: { action: string }[];
  };
  expect(events.events[0]?.action).toBe('POST /v1/admin/keys');
});
