// The first hour of a new site owner, as the README tells it: `npm start -- --site bakery …` on a
// fresh database, the printed snippet pasted into a page on another origin, that origin refused
// with a hint for the owner, allowed in the console, a purpose created and worded in German, and
// a customer confirming in German.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const e2ePort = Number(process.env.SIGNET_E2E_PORT ?? 8799);
// Beside the ports the config's servers take (the API and the shop below it).
const apiPort = e2ePort + 3;
const bakeryPort = e2ePort + 4;
const api = `http://localhost:${apiPort}`;
const bakery = `http://localhost:${bakeryPort}`;

let signet: ChildProcess;
let page: Server;
let banner = '';
const state = mkdtempSync(join(tmpdir(), 'signet-new-owner-'));

test.beforeAll(async () => {
  test.setTimeout(240_000);
  signet = spawn(
    process.execPath,
    [
      'packages/edge-api/scripts/start.mjs',
      '--port',
      String(apiPort),
      '--persist-to',
      state,
      '--fresh',
      '--site',
      'bakery',
      '--name',
      'Bäckerei Korn',
      '--origin',
      'https://baeckerei-korn.example',
      '--owner',
      'anna@baeckerei-korn.example',
    ],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  signet.stdout?.on('data', (chunk) => {
    banner += String(chunk);
  });
  await expect
    .poll(() => banner.includes('Press Ctrl+C to stop.'), { timeout: 230_000, intervals: [500] })
    .toBe(true);
  // The snippet as the banner prints it, on the bakery's own page: the preload hint's locale is
  // the page's language, as the banner says.
  const snippet = banner
    .split('\n')
    .filter((line) => /<link rel="preload"|<script type="module"|<signet-form /.test(line))
    .map((line) => line.trim().replace('?locale=en"', '?locale=de"'))
    .join('\n');
  page = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bäckerei Korn</title></head><body><main><h1>Bäckerei Korn</h1>${snippet}</main></body></html>`,
    );
  });
  await new Promise<void>((listening) => page.listen(bakeryPort, listening));
});

test.afterAll(async () => {
  signet?.kill('SIGTERM');
  await new Promise<void>((closed) => (page ? page.close(() => closed()) : closed()));
  rmSync(state, { recursive: true, force: true });
});

test('a new owner makes a site, allows their page, words a purpose in German, and a customer confirms', async ({
  browser,
  request,
}) => {
  const key = /Its key \(dev only\)\s+(\S+)/.exec(banner)?.[1] ?? '';
  // The new site lives in the shard with the fewest sites, beside the demo: its key names it.
  expect(key).toMatch(/^\d+\.sk_dev_/);
  expect(banner).toContain(`${api}/admin`);
  expect(banner).toContain(`${api}/docs`);
  expect(banner).toContain(`<signet-form site="bakery" endpoint="${api}"></signet-form>`);
  expect(banner).toContain(
    `<link rel="preload" as="fetch" crossorigin href="${api}/v1/sites/bakery/form?locale=en" />`,
  );
  expect(banner).not.toContain(`site="bakery" key`);

  const context = await browser.newContext({ locale: 'de-DE' });
  const visitor = await context.newPage();
  const logged: string[] = [];
  visitor.on('console', (message) => logged.push(message.text()));

  // Not yet allowed: the visitor reads a neutral sentence, the owner the fix in the console.
  await visitor.goto(`${bakery}/`);
  await expect(visitor.getByText('Dieses Formular ist hier nicht verfügbar.')).toBeVisible();
  await expect(visitor.getByRole('button')).toHaveCount(0);
  await expect
    .poll(() => logged.join('\n'))
    .toContain(`origin ${bakery} is not allowed for site bakery`);
  expect(logged.join('\n')).toContain("console's settings");

  // The console, in German as the owner's browser asks: sign in with the printed key, allow the
  // page's origin, make a purpose.
  const owner = await context.newPage();
  await owner.goto(`${api}/admin`);
  await owner.getByLabel('API-Schlüssel der Website').fill(key);
  await owner.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(
    owner.getByRole('heading', { level: 1, name: 'Signet-Konsole: bakery' }),
  ).toBeVisible();
  const origins = owner.getByLabel('Erlaubte Origins, eine pro Zeile');
  await expect(origins).toHaveValue('https://baeckerei-korn.example');
  await origins.fill(`https://baeckerei-korn.example\n${bakery}`);
  await owner.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(owner.getByText('Gespeichert.')).toBeVisible();

  const nav = owner.getByRole('navigation', { name: 'Konsole' });
  await nav.getByRole('link', { name: 'Zwecke und Texte' }).click();
  await owner.getByLabel('Kennung', { exact: true }).fill('brot-abo');
  await owner.getByRole('button', { name: 'Zweck hinzufügen' }).click();
  await expect(owner.getByText('Zweck brot-abo angelegt.')).toBeVisible();
  await owner.getByRole('button', { name: 'Text schreiben für brot-abo' }).click();
  const wording = {
    'Beschriftung neben dem Kästchen': 'Ja, schickt mir das Brot der Woche per E-Mail.',
    'Wozu (der Zweck)': 'Jeden Freitag das Brot der Woche und unsere Angebote.',
    'Was verarbeitet wird': 'Ihre E-Mail-Adresse und der Zeitpunkt Ihrer Einwilligung.',
    'Wie lange': 'Bis Sie Ihre Einwilligung widerrufen.',
    'Wie man widerruft': 'Jederzeit über den Abmeldelink in jeder E-Mail.',
  };
  for (const [label, text] of Object.entries(wording)) {
    await owner.getByLabel(label, { exact: true }).fill(text);
  }
  await owner.getByRole('button', { name: 'Text in de veröffentlichen' }).click();
  await expect(owner.getByText(/Veröffentlicht/).first()).toBeVisible();

  // The customer, in German, on the bakery's page. The form's configuration is asked for once,
  // by the preload hint from another origin, and the element takes that answer.
  const email = `kundin-${Date.now()}@example.org`;
  const asked: string[] = [];
  visitor.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname === '/signet.js' || url.pathname === '/v1/sites/bakery/form') {
      asked.push(`${url.pathname}${url.search}`);
    }
  });
  await visitor.reload();
  const box = visitor.getByLabel(wording['Beschriftung neben dem Kästchen']);
  await expect(box).toBeVisible();
  expect(asked).toEqual(['/v1/sites/bakery/form?locale=de', '/signet.js']);
  await expect(box).not.toBeChecked();
  await box.check();
  await visitor.getByLabel('E-Mail-Adresse').fill(email);
  await visitor.getByRole('button', { name: 'Zustimmen und Bestätigungslink senden' }).click();
  await expect(visitor.getByText('Bitte prüfen Sie Ihr Postfach')).toBeVisible();

  const { messages } = await (await request.get(`${api}/dev/mailbox.json`)).json();
  const mail = messages.find((message: { to: string }) => message.to === email);
  expect(mail.subject).toContain('Bäckerei Korn');
  const link = mail.text.match(/https?:\/\/\S+\/confirm\/\S+/)[0];
  await visitor.goto(link);
  await expect(visitor.getByText(wording['Beschriftung neben dem Kästchen'])).toBeVisible();
  await visitor.getByRole('button', { name: 'Jetzt bestätigen' }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toContainText('Vielen Dank');

  const check = await request.get(`${api}/v1/consents/check`, {
    params: { email, purpose: 'brot-abo' },
    headers: { authorization: `Bearer ${key}` },
  });
  expect((await check.json()).allowed).toBe(true);
  await context.close();
});
