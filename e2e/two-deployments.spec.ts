// M2: a site moves between two separate Signet deployments, each with its own local D1, signing
// key and master key (the config's worker is the old home; a second `npm start` on a fresh state
// directory is the new one): `signet export-all` on the old, `signet import DIR --format
// signet-export` into a site of the new, `signet verify` on both exports, each with its own
// deployment's published keys only.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Jwks, SiteExportLine } from '@signet/sdk';
import { confirmedPerson } from './exhibit-helpers.js';

const e2ePort = Number(process.env.SIGNET_E2E_PORT ?? 8799);
// Beside the config's API (and the shop below it); new-owner.spec.ts takes +3 and +4.
const newPort = e2ePort + 1;
const newHome = `http://localhost:${newPort}`;
const oldKey = 'sk_demo_local_development_only';
const repo = fileURLToPath(new URL('..', import.meta.url));

let deployment: ChildProcess;
let banner = '';
let errors = '';
const state = mkdtempSync(join(tmpdir(), 'signet-new-home-'));
const files = mkdtempSync(join(tmpdir(), 'signet-move-'));

function signet(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['packages/sdk/bin/signet.mjs', ...args],
      { cwd: repo, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr: `${stderr}` }),
    );
  });
}

/** The one export file `signet export-all --out DIR` wrote, as lines. */
function exportIn(dir: string) {
  const [file] = readdirSync(dir);
  const text = readFileSync(join(dir, file ?? ''), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as SiteExportLine);
}

const ofType = <T extends SiteExportLine['type']>(lines: SiteExportLine[], type: T) =>
  lines.filter((line): line is Extract<SiteExportLine, { type: T }> => line.type === type);

test.beforeAll(async () => {
  // Migrating three local databases and starting a worker takes minutes on a loaded machine.
  test.setTimeout(420_000);
  deployment = spawn(
    process.execPath,
    [
      'packages/edge-api/scripts/start.mjs',
      '--port',
      String(newPort),
      '--persist-to',
      state,
      '--fresh',
      '--site',
      'newhome',
      '--name',
      'Neues Zuhause',
      '--origin',
      'https://newhome.example',
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let exited = false;
  deployment.stdout?.on('data', (chunk) => {
    banner += String(chunk);
  });
  deployment.stderr?.on('data', (chunk) => {
    errors = `${errors}${String(chunk)}`.slice(-4000);
  });
  deployment.on('exit', () => {
    exited = true;
  });
  try {
    await expect
      .poll(() => exited || banner.includes('Press Ctrl+C to stop.'), {
        timeout: 410_000,
        intervals: [500],
      })
      .toBe(true);
  } catch {
    // Its own output says why (a port taken, a migration failed), not just that time ran out.
  }
  if (exited || !banner.includes('Press Ctrl+C to stop.')) {
    throw new Error(`the second deployment did not start:\n${banner.slice(-1500)}\n${errors}`);
  }
});

test.afterAll(() => {
  deployment?.kill('SIGTERM');
  rmSync(state, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

test('M2: a site exported from one deployment and imported into another verifies on each with its own keys; the imported records name the originals', async ({
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const oldHome = baseURL ?? '';
  const newKey = /Its key \(dev only\)\s+(\S+)/.exec(banner)?.[1] ?? '';
  expect(newKey).toMatch(/sk_dev_/);
  const stamp = Date.now();
  const people = [`ada-moves-${stamp}@example.org`, `grace-moves-${stamp}@example.org`];
  for (const email of people) await confirmedPerson(request, oldHome, email);

  // Two deployments: neither publishes a key of the other.
  const oldJwks = `${oldHome}/.well-known/jwks.json`;
  const newJwks = `${newHome}/.well-known/jwks.json`;
  const published = async (url: string) => (await (await request.get(url)).json()) as Jwks;
  const oldKeys = (await published(oldJwks)).keys.map((key) => key.x);
  const newKeys = (await published(newJwks)).keys.map((key) => key.x);
  expect(oldKeys.length).toBeGreaterThan(0);
  expect(newKeys.length).toBeGreaterThan(0);
  expect(newKeys.filter((x) => oldKeys.includes(x))).toEqual([]);

  const oldDir = join(files, 'old');
  const from = ['--endpoint', oldHome, '--site', 'demo', '--key', oldKey];
  const exported = await signet(['export-all', '--out', oldDir, ...from]);
  expect(exported.code, exported.stderr).toBe(0);
  const oldVerified = await signet(['verify', oldDir, '--jwks', oldJwks]);
  expect(oldVerified.stdout).toContain('valid   the keys in the file are the published ones');
  expect(oldVerified.stdout).toMatch(/VALID: \d+ record\(s\) verified/);
  expect(oldVerified.code).toBe(0);
  const notTheNewKeys = await signet(['verify', oldDir, '--jwks', newJwks]);
  expect(notTheNewKeys.stdout).toContain('is not among the published keys');
  expect(notTheNewKeys.code).toBe(1);

  const to = ['--endpoint', newHome, '--site', 'newhome', '--key', newKey];
  const imported = await signet(['import', oldDir, '--format', 'signet-export', ...to]);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/imported [1-9]\d* of \d+ rows/);

  const newDir = join(files, 'new');
  const reexported = await signet(['export-all', '--out', newDir, ...to]);
  expect(reexported.code, reexported.stderr).toBe(0);
  const newVerified = await signet(['verify', newDir, '--jwks', newJwks]);
  expect(newVerified.stdout).toContain('valid   the keys in the file are the published ones');
  expect(newVerified.stdout).toMatch(/VALID: \d+ record\(s\) verified/);
  expect(newVerified.code).toBe(0);
  const notTheOldKeys = await signet(['verify', newDir, '--jwks', oldJwks]);
  expect(notTheOldKeys.code).toBe(1);

  // Each imported record names a confirmed record of the old export by origin, site, id, hash
  // and the kid of a key in that export's keys line.
  const old = exportIn(oldDir);
  const moved = exportIn(newDir);
  expect(ofType(old, 'manifest')[0]?.origin).toBe(oldHome);
  const oldKids = ofType(old, 'keys').flatMap((line) => line.keys.map((key) => key.kid));
  const originals = new Map(ofType(old, 'record').map((line) => [line.record.id, line]));
  const newRecords = ofType(moved, 'record');
  expect(newRecords.length).toBeGreaterThan(0);
  const named = new Set<string>();
  for (const { record } of newRecords) {
    expect(record.site).toBe('newhome');
    expect(record.event).toBe('imported');
    const original = record.import?.original;
    const exportedRecord = originals.get(original?.id ?? '');
    expect(exportedRecord, `original of ${record.id}`).toBeDefined();
    expect(original).toEqual({
      origin: oldHome,
      site: 'demo',
      id: exportedRecord?.record.id,
      hash: exportedRecord?.hash,
      kid: exportedRecord?.kid,
    });
    expect(oldKids).toContain(original?.kid);
    // Other specs import into the old home too: its consents rest on confirmed or imported records.
    expect(['confirmed', 'imported']).toContain(exportedRecord?.record.event);
    expect(record.wording.version).toBe(exportedRecord?.record.wording.version);
    expect(named.has(original?.id ?? ''), `${original?.id} named twice`).toBe(false);
    named.add(original?.id ?? '');
  }
  // Every active consent of the old export whose address it holds is named, the people's own
  // confirmations among them.
  const active = ofType(old, 'person')
    .filter((person) => person.email !== null)
    .flatMap((person) => person.consents.filter((consent) => consent.status === 'active'));
  expect([...named].sort()).toEqual(active.map((consent) => consent.record?.id).sort());
  const theirs = ofType(old, 'person')
    .filter((person) => people.includes(person.email ?? ''))
    .flatMap((person) => person.consents.map((consent) => consent.record?.id ?? ''));
  expect(theirs.length).toBeGreaterThanOrEqual(people.length);
  for (const id of theirs) {
    expect([...named]).toContain(id);
    expect(originals.get(id)?.record.event).toBe('confirmed');
  }

  // The people moved: the new deployment opens their addresses and may contact them.
  const newEmails = ofType(moved, 'person').map((person) => person.email);
  for (const email of people) {
    expect(newEmails).toContain(email);
    const check = await request.get(
      `${newHome}/v1/consents/check?${new URLSearchParams({ email, purpose: 'newsletter' })}`,
      { headers: { authorization: `Bearer ${newKey}` } },
    );
    expect(check.status()).toBe(200);
    expect(await check.json()).toMatchObject({ allowed: true, basis: 'imported' });
  }
});
