import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteExportLine } from '../contract/site-export.js';
import { wordingCanonicalText, wordingVersion } from '../contract/wording.js';
import { jwks, keyA, keyB, makeLog } from '../records/test-log.js';
import { runSignet } from './main.js';

let dir: string;

/** A site export as the worker writes it, its log signed with node:crypto (test-log.ts). */
async function exportLines(recordCount = 5): Promise<string[]> {
  const log = await makeLog(recordCount);
  const wording = {
    locale: 'en' as const,
    label: 'Send me the newsletter',
    processed: 'Your email address',
    purpose: 'A weekly newsletter',
    retention: 'Until you withdraw',
    withdrawal: 'Use the link in every mail',
  };
  const settings = {
    id: 'demo',
    name: 'Demo Shop',
    controllerName: 'Demo GmbH',
    controllerContact: 'privacy@shop.example',
    controllerAddress: '',
    timeZone: 'Europe/Berlin',
    privacyPolicyUrl: 'https://shop.example/privacy',
    defaultLocale: 'en' as const,
    locales: ['en' as const],
    allowedOrigins: ['https://shop.example'],
    confirmTokenTtlSeconds: 172_800,
    unconfirmedRetentionDays: 14,
    addressLimitPerDay: 3,
    clientLimitPerHour: 30,
    messagesPerDay: 2000,
    smsPerDay: 100,
    turnstileEnabled: false,
    evidenceIp: 'truncate' as const,
    ownerEmails: [],
    honourSystems: [],
    honourWithinHours: 24,
  };
  const lines: SiteExportLine[] = [
    {
      type: 'manifest',
      format: 'signet-site-export',
      version: 1,
      site: 'demo',
      generatedAt: '2026-12-07T04:00:00.000Z',
      origin: 'https://consent.example',
      schema: 'https://consent.example/schemas/site-export.json',
    },
    { type: 'site', settings },
    { type: 'keys', keys: [keyA.jwk as { kid: string }] },
    { type: 'checkpoint', ...log.checkpoint },
    {
      type: 'purpose',
      id: 'newsletter',
      channel: 'email',
      lifetimeDays: null,
      endsAt: null,
      position: 0,
      createdAt: '2026-11-01T00:00:00.000Z',
    },
    {
      type: 'wording',
      purpose: 'newsletter',
      locale: 'en',
      version: await wordingVersion(wording),
      text: wordingCanonicalText(wording),
      publishedAt: '2026-11-01T00:00:00.000Z',
      retiredAt: null,
    },
    {
      type: 'person',
      id: 'subject-1',
      email: 'ada@example.org',
      phone: null,
      createdAt: '2026-11-22T10:00:00.000Z',
      consents: [],
    },
    ...log.records.map((signed): SiteExportLine => ({ type: 'record', ...signed })),
    {
      type: 'end',
      counts: {
        purposes: 1,
        wordings: 1,
        persons: 1,
        consents: 0,
        records: recordCount,
        unreadableContacts: 0,
      },
    },
  ];
  return lines.map((line) => JSON.stringify(line));
}

async function exportDir(lines: string[], name = 'signet-site-export-demo-2026-12-07.ndjson') {
  const at = await mkdtemp(join(dir, 'export-'));
  await writeFile(join(at, name), `${lines.join('\n')}\n`);
  return at;
}

async function run(args: string[], fetchImpl?: typeof fetch) {
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
  const environment = {
    SIGNET_ENDPOINT: 'https://consent.example',
    SIGNET_SITE: 'demo',
    SIGNET_API_KEY: 'sk_demo_key_for_the_cli_test',
  };
  const code = await runSignet(args, io, environment, fetchImpl);
  return { code, output: lines.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-site-export-'));
});

describe('M2: signet verify on a site export', () => {
  it('M2: passes on the directory export-all wrote and on the file itself, offline with the keys inside', async () => {
    const at = await exportDir(await exportLines());
    const byDir = await run(['verify', at]);
    expect(byDir.output).toContain('valid   log of demo: 5 records');
    expect(byDir.output).toContain('VALID: 5 record(s) verified');
    expect(byDir.code).toBe(0);
    const [file] = await readdir(at);
    expect((await run(['verify', join(at, file ?? '')])).code).toBe(0);
  });

  it('M2: fails after one byte of a record changes, and names the record', async () => {
    const lines = await exportLines();
    const at = lines.findIndex((line) => line.includes('"seq":3,'));
    const line = lines[at] ?? '';
    const byte = line.indexOf('"userAgent":"') + 13;
    lines[at] = `${line.slice(0, byte)}m${line.slice(byte + 1)}`;
    const found = await run(['verify', await exportDir(lines)]);
    expect(found.code).toBe(1);
    expect(found.output).toMatch(/INVALID line \d+: record #3: the hash does not match the record/);
    expect(found.output).toContain('INVALID: see above');
  });

  it('M2: fails a file cut short, a record left out, a checkpoint given twice, and a wording whose text was changed', async () => {
    const lines = await exportLines();
    const cut = await run(['verify', await exportDir(lines.slice(0, -3))]);
    expect(cut.code).toBe(1);
    expect(cut.output).toContain('it was cut short');
    const gap = await run([
      'verify',
      await exportDir(lines.filter((l) => !l.includes('"seq":2,'))),
    ]);
    expect(gap.code).toBe(1);
    expect(gap.output).toMatch(/record #3 stands where #2 should/);
    const checkpoint = lines.find((l) => l.startsWith('{"type":"checkpoint"')) ?? '';
    const twice = await run([
      'verify',
      await exportDir([...lines.slice(0, 4), checkpoint, ...lines.slice(4)]),
    ]);
    expect(twice.code).toBe(1);
    expect(twice.output).toContain('a second checkpoint');
    const reworded = lines.map((l) =>
      l.startsWith('{"type":"wording"') ? l.replace('weekly', 'daily') : l,
    );
    const wording = await run(['verify', await exportDir(reworded)]);
    expect(wording.code).toBe(1);
    expect(wording.output).toMatch(/wording [0-9a-f]{64} of newsletter does not match its text/);
  });

  it('M2: with --jwks, the file’s keys must be among the published ones', async () => {
    const at = await exportDir(await exportLines());
    const published = join(dir, 'published.json');
    await writeFile(published, JSON.stringify(jwks));
    const good = await run(['verify', at, '--jwks', published]);
    expect(good.output).toContain('valid   the keys in the file are the published ones');
    expect(good.code).toBe(0);
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ keys: [keyB.jwk] }));
    const refused = await run(['verify', at, '--jwks', other]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('key "key-a" in the file is not among the published keys');
  });
});

describe('M2: signet export-all', () => {
  /** A worker that answers the export as a stream, a line at a time, and notes how far it got. */
  function streamingApi(lines: string[]) {
    const state = { served: 0, request: null as Request | null };
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      state.request = new Request(input, init);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const line = lines[state.served];
          if (line === undefined) return controller.close();
          state.served += 1;
          controller.enqueue(new TextEncoder().encode(`${line}\n`));
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'content-disposition': 'attachment; filename="signet-site-export-demo-2026-12-07.ndjson"',
        },
      });
    }) as typeof fetch;
    return { state, fetchImpl };
  }

  it('M2: writes the streamed export into DIR under the name Signet gives it, and signet verify DIR passes on it', async () => {
    const lines = await exportLines(40);
    const api = streamingApi(lines);
    const out = join(dir, 'leaving');
    const written = await run(['export-all', '--out', out], api.fetchImpl);
    expect(written.code).toBe(0);
    expect(api.state.request?.url).toBe('https://consent.example/v1/admin/export');
    expect(api.state.request?.headers.get('authorization')).toBe(
      'Bearer sk_demo_key_for_the_cli_test',
    );
    expect(await readdir(out)).toEqual(['signet-site-export-demo-2026-12-07.ndjson']);
    expect(await readFile(join(out, 'signet-site-export-demo-2026-12-07.ndjson'), 'utf8')).toBe(
      `${lines.join('\n')}\n`,
    );
    expect(written.output).toContain(`signet verify ${out}`);
    const verified = await run(['verify', out]);
    expect(verified.output).toContain('VALID: 40 record(s) verified');
  });

  it('M2: a download that breaks off exits 1 and leaves only a .partial file, which signet verify does not take for an export', async () => {
    const lines = await exportLines(10);
    let served = 0;
    const fetchImpl = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (served === 6) return controller.error(new Error('connection reset'));
            controller.enqueue(new TextEncoder().encode(`${lines[served]}\n`));
            served += 1;
          },
        }),
        {
          headers: {
            'content-disposition':
              'attachment; filename="signet-site-export-demo-2026-12-07.ndjson"',
          },
        },
      )) as typeof fetch;
    const out = join(dir, 'broken');
    const broken = await run(['export-all', '--out', out], fetchImpl);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('The export broke off (connection reset)');
    expect(await readdir(out)).toEqual(['signet-site-export-demo-2026-12-07.ndjson.partial']);
    expect((await run(['verify', out])).code).toBe(2);
  });

  it('M2: a refused export (a stale console session) says why, exits 1 and writes no file', async () => {
    const out = join(dir, 'refused');
    const fetchImpl = (async () =>
      Response.json(
        { error: { code: 'fresh_session_required', message: 'sign in again', field: null } },
        { status: 403 },
      )) as typeof fetch;
    const refused = await run(['export-all', '--out', out], fetchImpl);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('signet: fresh_session_required: sign in again');
    expect(existsSync(out)).toBe(false);
  });

  it('M2: export-all without --out is a usage error', async () => {
    const missing = await run(['export-all']);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('missing --out DIR');
  });
});

/** The fixture with Ada's newsletter consent naming the log's second record, as confirmed. */
async function exportWithConsent() {
  const lines = (await exportLines()).map((line) => JSON.parse(line) as SiteExportLine);
  const record = lines.find((line) => line.type === 'record' && line.record.seq === 2);
  const wording = lines.find((line) => line.type === 'wording');
  if (record?.type !== 'record' || wording?.type !== 'wording') throw new Error('fixture');
  return lines.map((line) => {
    if (line.type === 'person') {
      const consent = {
        purpose: 'newsletter',
        status: 'active' as const,
        wordingVersion: wording.version,
        requestId: 'request-1',
        confirmedAt: '2026-11-22T10:05:00.000Z',
        expiresAt: null,
        updatedAt: '2026-11-22T10:05:00.000Z',
        record: { id: record.record.id, hash: record.hash },
      };
      return JSON.stringify({ ...line, consents: [consent] });
    }
    if (line.type === 'end') {
      return JSON.stringify({ ...line, counts: { ...line.counts, consents: 1 } });
    }
    return JSON.stringify(line);
  });
}

/** `GET /v1/admin/purposes` of a site holding these purposes. */
const heldPurposes = (ids: string[]) => ({
  purposes: ids.map((id, position) => ({
    id,
    channel: 'email',
    lifetimeDays: null,
    endsAt: null,
    position,
    wordings: [],
    importedWithoutEvidence: 'ignore',
  })),
});

describe('M2: signet import DIR --format signet-export', () => {
  it('M2: verifies the export, then sends each consent with its wording text and the original record it names', async () => {
    const lines = await exportWithConsent();
    const record = JSON.parse(lines.find((line) => line.includes('"seq":2,')) ?? '{}');
    const calls: { url: URL; body: string }[] = [];
    const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname === '/v1/admin/purposes') return Response.json(heldPurposes(['newsletter']));
      calls.push({ url, body: String(init?.body) });
      return Response.json({
        dryRun: false,
        format: 'signet-export',
        rows: 1,
        imported: 1,
        withEvidence: 1,
        skipped: [],
      });
    }) as typeof fetch;
    const moved = await run(
      ['import', await exportDir(lines), '--format', 'signet-export'],
      fetchImpl,
    );
    expect(moved.output).toContain('imported 1 of 1 rows');
    expect(moved.code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url.searchParams.get('format')).toBe('signet-export');
    const row = JSON.parse(calls[0]?.body ?? '{}');
    expect(row).toMatchObject({
      email: 'ada@example.org',
      purpose: 'newsletter',
      status: 'active',
      original_origin: 'https://consent.example',
      original_site: 'demo',
      original_id: record.record.id,
      original_hash: record.hash,
      original_kid: record.kid,
    });
    expect(row.wording_text).toContain('Send me the newsletter');
  });

  it('M2: an export that does not verify is not imported: exit 1, no call', async () => {
    const lines = await exportWithConsent();
    const at = lines.findIndex((line) => line.includes('"seq":3,'));
    lines[at] = (lines[at] ?? '').replace('"seq":3,', '"seq":4,');
    let calls = 0;
    const fetchImpl = (async () => {
      calls += 1;
      return Response.json({});
    }) as typeof fetch;
    const refused = await run(
      ['import', await exportDir(lines), '--format', 'signet-export'],
      fetchImpl,
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('the export does not verify; nothing was imported');
    expect(calls).toBe(0);
  });

  it('M2: a site without a purpose the export names is told which, before any import call', async () => {
    const lines = await exportWithConsent();
    const imports: string[] = [];
    const fetchImpl = (async (input: string | URL) => {
      const url = new URL(String(input));
      if (url.pathname === '/v1/admin/purposes') return Response.json(heldPurposes(['offers']));
      imports.push(url.pathname);
      return Response.json({});
    }) as typeof fetch;
    const refused = await run(
      ['import', await exportDir(lines), '--format', 'signet-export'],
      fetchImpl,
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('this site has no purpose "newsletter" of the export');
    expect(imports).toEqual([]);
  });
});
