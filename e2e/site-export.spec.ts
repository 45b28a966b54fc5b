// M2: leaving with everything, against the running worker: `signet export-all` and the console's
// "Download everything" write the whole site, and `signet verify` passes on it offline and fails
// once one byte of a record changes.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { axeViolations } from './axe.js';
import { confirmedPerson } from './exhibit-helpers.js';

const key = 'sk_demo_local_development_only';

function signet(args: string[]) {
  return new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ['packages/sdk/bin/signet.mjs', ...args],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout: `${stdout}${stderr}` }),
    );
  });
}

/** The export with one byte of its first record changed, in a directory of its own. */
async function withOneByteChanged(text: string) {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith('{"type":"record"'));
  const line = lines[at] ?? '';
  const byte = line.indexOf('"at":"') + 6;
  lines[at] = `${line.slice(0, byte)}${line[byte] === '1' ? '2' : '1'}${line.slice(byte + 1)}`;
  const dir = await mkdtemp(join(tmpdir(), 'signet-export-changed-'));
  await writeFile(join(dir, 'changed.ndjson'), lines.join('\n'));
  return dir;
}

test('M2: signet export-all writes the whole site, and signet verify passes on it and fails after one byte of a record changes', async ({
  request,
  baseURL,
}) => {
  const email = `leaving-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL ?? '', email, ['newsletter']);
  const dir = await mkdtemp(join(tmpdir(), 'signet-export-'));
  const exported = await signet([
    'export-all',
    '--out',
    dir,
    '--endpoint',
    baseURL ?? '',
    '--site',
    'demo',
    '--key',
    key,
  ]);
  expect(exported.stdout).toContain(`signet verify ${dir}`);
  expect(exported.code).toBe(0);
  const [file] = await readdir(dir);
  expect(file).toMatch(/^signet-site-export-demo-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const text = await readFile(join(dir, file ?? ''), 'utf8');
  expect(text).toContain(`"email":"${email}"`);

  const verified = await signet(['verify', dir, '--jwks', `${baseURL}/.well-known/jwks.json`]);
  expect(verified.stdout).toContain('valid   the keys in the file are the published ones');
  expect(verified.stdout).toMatch(/VALID: \d+ record\(s\) verified/);
  expect(verified.code).toBe(0);

  const changed = await signet(['verify', await withOneByteChanged(text)]);
  expect(changed.stdout).toMatch(/INVALID line \d+: record #1/);
  expect(changed.code).toBe(1);
});

test('M2: the console’s "Download everything" saves the export, which verifies; the settings page keeps no axe violations', async ({
  page,
  request,
  baseURL,
}) => {
  const email = `console-leaving-${Date.now()}@example.org`;
  await confirmedPerson(request, baseURL ?? '', email, ['newsletter']);
  await page.goto('/admin');
  await page.getByLabel('Site API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signet console: demo' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await expect(
    page.getByRole('heading', { level: 3, name: 'Take everything with you' }),
  ).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), colorScheme).toEqual([]);
  }

  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download everything' }).click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/^signet-site-export-demo-.+\.ndjson$/);
  await expect(page.getByText(`Downloaded ${file.suggestedFilename()}.`)).toBeVisible();
  const dir = await mkdtemp(join(tmpdir(), 'signet-console-export-'));
  await file.saveAs(join(dir, file.suggestedFilename()));
  expect(await readFile(join(dir, file.suggestedFilename()), 'utf8')).toContain(
    `"email":"${email}"`,
  );
  const verified = await signet(['verify', dir]);
  expect(verified.stdout).toMatch(/VALID: \d+ record\(s\) verified/);
  expect(verified.code).toBe(0);
});
