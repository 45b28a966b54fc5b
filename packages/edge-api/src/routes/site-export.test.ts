// M2: the whole site, taken out in one documented file whose log verifies offline.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Validator } from '@cfworker/json-schema';
import {
  type Jwks,
  ndjsonLines,
  type SiteExportLine,
  SiteExportLineSchema,
  sha256Hex,
  verifySiteExport,
} from '@signet/sdk';
import { createSignetAdmin } from '@signet/sdk/server';
import * as v from 'valibot';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  addSite,
  admin,
  apiOrigin,
  call,
  demoApiKey,
  indexOf,
  sql,
  subjectIdOf,
  subscribed,
} from '../../test/worker.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import worker from '../index.js';
import { exportPage } from '../services/site-export.js';
import { subjectForRequest } from '../services/subject-keys.js';
import { insertRecordForIndex, withMac } from '../store/records.js';

const always = { sql: '1', binds: [] };

async function exported(key = demoApiKey) {
  const response = await admin('/v1/admin/export', 'GET', undefined, key);
  expect(response.status).toBe(200);
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return { response, text, lines: text.trimEnd().split('\n') };
}

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as SiteExportLine);
const ofType = <T extends SiteExportLine['type']>(lines: SiteExportLine[], type: T) =>
  lines.filter((line): line is Extract<SiteExportLine, { type: T }> => line.type === type);

async function publishedJwks() {
  return (await (await call('/.well-known/jwks.json')).json()) as Jwks;
}

describe('M2: GET /v1/admin/export', () => {
  beforeAll(async () => {
    await subscribed('ada@example.org');
    await subscribed('grace@example.org');
    // A second text for the newsletter: the first is retired and must still be in the export.
    const published = await admin('/v1/admin/purposes/newsletter/wordings', 'POST', {
      locale: 'en',
      label: 'Send me the newsletter, now monthly',
      processed: 'Your email address',
      purpose: 'A monthly newsletter',
      retention: 'Until you withdraw',
      withdrawal: 'Use the link in every mail',
    });
    expect(published.status).toBe(201);
  });

  it('M2: holds the settings, purposes, every wording version, each person with contact and consents, the whole signed log to a fresh checkpoint, and the keys', async () => {
    const { response, lines: text } = await exported();
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="signet-site-export-demo-\d{4}-\d{2}-\d{2}\.ndjson"$/,
    );
    const lines = parsed(text);
    for (const line of lines) expect(v.safeParse(SiteExportLineSchema, line).success).toBe(true);
    expect(lines[0]).toMatchObject({
      type: 'manifest',
      format: 'signet-site-export',
      version: 1,
      site: 'demo',
      schema: `${apiOrigin}/schemas/site-export.json`,
    });
    expect(lines.map((line) => line.type).slice(1, 4)).toEqual(['site', 'keys', 'checkpoint']);
    const [site] = ofType(lines, 'site');
    expect(site?.settings.id).toBe('demo');
    expect(JSON.stringify(site)).not.toContain('turnstileSecret');
    expect(ofType(lines, 'keys')[0]?.keys).toEqual((await publishedJwks()).keys);

    const purposes = await sql<{ id: string }>("SELECT id FROM purposes WHERE site_id = 'demo'");
    expect(
      ofType(lines, 'purpose')
        .map((p) => p.id)
        .sort(),
    ).toEqual(purposes.map((p) => p.id).sort());
    const wordings = ofType(lines, 'wording');
    const stored = await sql("SELECT version FROM wordings WHERE site_id = 'demo'");
    expect(wordings).toHaveLength(stored.length);
    expect(wordings.some((w) => w.purpose === 'newsletter' && w.retiredAt !== null)).toBe(true);
    for (const wording of wordings) expect(await sha256Hex(wording.text)).toBe(wording.version);

    const records = ofType(lines, 'record');
    const [checkpoint] = ofType(lines, 'checkpoint');
    const sealed = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM records WHERE site_id = 'demo' AND seq IS NOT NULL",
    );
    expect(records.length).toBe(sealed[0]?.n);
    expect(checkpoint?.checkpoint.seq).toBe(records.length);
    expect(records.map((r) => r.record.seq)).toEqual(records.map((_, i) => i + 1));

    const ada = ofType(lines, 'person').find((p) => p.email === 'ada@example.org');
    expect(ada?.id).toBe(await subjectIdOf('ada@example.org'));
    expect(ada?.consents).toEqual([
      expect.objectContaining({
        purpose: 'newsletter',
        status: 'active',
        record: expect.any(Object),
      }),
    ]);
    // The consent names its `confirmed` record by id and by the hash the log holds.
    const confirmed = records.find((r) => r.record.id === ada?.consents[0]?.record?.id);
    expect(confirmed?.record.event).toBe('confirmed');
    expect(confirmed?.hash).toBe(ada?.consents[0]?.record?.hash);

    expect(lines.at(-1)).toEqual({
      type: 'end',
      counts: {
        purposes: purposes.length,
        wordings: wordings.length,
        persons: ofType(lines, 'person').length,
        consents: ofType(lines, 'person').reduce((n, p) => n + p.consents.length, 0),
        records: records.length,
        unreadableContacts: 0,
      },
    });
  });

  it('M2: the SDK verifies the exported log offline, with the file’s keys and with the published ones, and fails it after one byte of a record changes', async () => {
    const { lines } = await exported();
    const withOwnKeys = await verifySiteExport(lines);
    expect(withOwnKeys.lines.filter((line) => line.startsWith('INVALID'))).toEqual([]);
    expect(withOwnKeys.valid).toBe(true);
    expect((await verifySiteExport(lines, { jwks: await publishedJwks() })).valid).toBe(true);

    const at = lines.findIndex((line) => line.startsWith('{"type":"record"'));
    const line = lines[at] ?? '';
    const byte = line.indexOf('"event":"') + 9;
    const changed = [...lines];
    changed[at] = `${line.slice(0, byte)}X${line.slice(byte + 1)}`;
    const found = await verifySiteExport(changed);
    expect(found.valid).toBe(false);
    expect(found.lines.join('\n')).toMatch(/INVALID line \d+: record #1/);
  });

  it('M2: a file cut short, or with a record left out, does not verify', async () => {
    const { lines } = await exported();
    const cut = await verifySiteExport(lines.slice(0, -1));
    expect(cut.lines).toContain('INVALID the file ends without its end line: it was cut short');
    const at = lines.findIndex((line) => line.startsWith('{"type":"record"'));
    const without = await verifySiteExport(lines.filter((_, i) => i !== at));
    expect(without.valid).toBe(false);
  });

  it('M2: the SDK admin client’s exportSite answers the stream with its file name, and verifySiteExport passes on it as it is read', async () => {
    const siteAdmin = createSignetAdmin({
      endpoint: apiOrigin,
      site: 'demo',
      apiKey: demoApiKey,
      fetch: (input, init) => call(String(input), init),
    });
    const answer = await siteAdmin.exportSite();
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.fileName).toMatch(/^signet-site-export-demo-.+\.ndjson$/);
    const found = await verifySiteExport(ndjsonLines(answer.value.body));
    expect(found.valid).toBe(true);
    expect(found.records).toBeGreaterThan(0);
  });

  it('M2: every line of an export is valid against the served JSON Schema, and a line of another shape is not', async () => {
    const response = await call('/schemas/site-export.json');
    expect(response.status).toBe(200);
    const schema = (await response.json()) as { title: string };
    expect(schema.title).toContain('signet-site-export, version 1');
    const validator = new Validator(schema as never, '7');
    const { lines } = await exported();
    for (const line of lines) {
      const result = validator.validate(JSON.parse(line));
      expect(result.errors.slice(0, 1), line.slice(0, 80)).toEqual([]);
    }
    const person = lines.find((line) => line.startsWith('{"type":"person"')) ?? '';
    expect(validator.validate({ ...JSON.parse(person), consents: 'none' }).valid).toBe(false);
    expect(validator.validate({ type: 'manifest', format: 'signet-export/1' }).valid).toBe(false);
  });

  it('M2: a person whose contact cannot be opened is exported with a null address and counted in the end line, and the check says so', async () => {
    await subscribed('broken-row@example.org');
    const id = await subjectIdOf('broken-row@example.org');
    await sql(
      "UPDATE subjects SET email_sealed = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA' WHERE id = ?",
      id,
    );
    const { lines } = await exported();
    const person = parsed(lines).find((line) => line.type === 'person' && line.id === id);
    expect(person).toMatchObject({
      email: null,
      consents: [expect.objectContaining({ purpose: 'newsletter' })],
    });
    expect(JSON.parse(lines.at(-1) ?? '{}').counts.unreadableContacts).toBe(1);
    const found = await verifySiteExport(lines);
    expect(found.valid).toBe(true);
    expect(found.lines).toContain(
      'note    1 person(s) without contact data: it could not be opened',
    );
  });
});

describe('M2/S5: who may export', () => {
  type Session = { session: string; id: string };
  async function consoleSession() {
    const opened = await call('/v1/admin/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${demoApiKey}` },
    });
    expect(opened.status).toBe(201);
    return (await opened.json()) as Session;
  }
  const exportAs = (bearer: string | null, headers: Record<string, string> = {}) =>
    call('/v1/admin/export', {
      headers: bearer ? { authorization: `Bearer ${bearer}`, ...headers } : headers,
    });
  const exportEvents = () =>
    sql<{ key_id: string; session_id: string | null }>(
      "SELECT key_id, session_id FROM admin_events WHERE site_id = 'demo' AND action = 'GET /v1/admin/export' ORDER BY rowid",
    );

  it('M2/S5: only the site key or a console session opened in the last 15 minutes exports (401, 403 otherwise), and each export is in the admin log', async () => {
    const before = (await exportEvents()).length;
    const none = await exportAs(null);
    expect(none.status).toBe(401);
    await addSite('other-shop', 'sk_other_shop_export_key');
    const otherKey = await exportAs('sk_other_shop_export_key', { 'signet-site': 'demo' });
    expect(otherKey.status).toBe(401);
    const stale = await consoleSession();
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000).toISOString();
    await sql('UPDATE owner_sessions SET created_at = ? WHERE id = ?', twentyMinutesAgo, stale.id);
    const refused = await exportAs(stale.session);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'fresh_session_required' } });
    expect(await exportEvents()).toHaveLength(before);

    const fresh = await consoleSession();
    const byKey = await exportAs(demoApiKey);
    expect(byKey.status).toBe(200);
    await byKey.body?.cancel();
    const bySession = await exportAs(fresh.session);
    expect(bySession.status).toBe(200);
    await bySession.body?.cancel();
    const events = (await exportEvents()).slice(before);
    expect(events).toEqual([
      { key_id: 'key-demo', session_id: null },
      { key_id: expect.any(String), session_id: fresh.id },
    ]);
  });
});

describe('M2: the export streams', () => {
  const site = 'big-shop';
  const key = 'sk_big_shop_export_key';
  const people = 1_000;
  const records = 2_000;
  const pageSizes = { ...exportPage };

  beforeAll(async () => {
    await addSite(site, key);
    const now = new Date().toISOString();
    await sql(
      "INSERT INTO purposes (site_id, id, channel, position, created_at) VALUES (?, 'newsletter', 'email', 0, ?)",
      site,
      now,
    );
    const macKey = await recordMacKey(env);
    for (let start = 0; start < people; start += 100) {
      const writes: D1PreparedStatement[] = [];
      for (let n = start; n < start + 100; n += 1) {
        const email = `person-${n}@big-shop.example`;
        const emailIndex = await indexOf(email, site);
        const subject = await subjectForRequest(env as Env, null, {
          siteId: site,
          emailIndex,
          email,
          now,
        });
        writes.push(...subject.writes(always));
        writes.push(
          env.DB.prepare(
            `INSERT INTO consents (site_id, subject_id, purpose_id, status, wording_version, request_id, confirmed_at, updated_at)
             VALUES (?, ?, 'newsletter', 'active', ?, ?, ?, ?)`,
          ).bind(site, subject.subjectId, 'a'.repeat(64), `request-${n}`, now, now),
        );
        for (const event of ['requested', 'confirmed'] as const) {
          const record = await withMac(
            macKey,
            {
              id: newId(),
              siteId: site,
              subjectId: subject.subjectId,
              purposeId: 'newsletter',
              event,
              wordingVersion: 'a'.repeat(64),
              requestId: `request-${n}`,
              context: { pageUrl: null, form: null, evidenceIp: null, userAgent: null },
              createdAt: new Date(
                Date.parse(now) + n * 1000 + (event === 'confirmed' ? 1 : 0),
              ).toISOString(),
            },
            { emailIndex, phoneIndex: null },
          );
          writes.push(
            insertRecordForIndex(env.DB, { emailIndex, phoneIndex: null }, record, always),
          );
        }
      }
      await env.DB.batch(writes);
    }
    // Small pages, so that a thousand people and two thousand records make many of them.
    Object.assign(exportPage, { persons: 100, records: 200 });
  });

  afterEach(() => {
    Object.assign(exportPage, pageSizes);
  });

  async function countedExport() {
    Object.assign(exportPage, { persons: 100, records: 200 });
    const db = countingD1(env.DB);
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL('/v1/admin/export', apiOrigin), {
        headers: { authorization: `Bearer ${key}` },
      }),
      { ...env, DB: db } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    const pageReads = () => ({
      persons: db.roundTrips.filter((trip) => trip.call.includes('SELECT created_at, email_sealed'))
        .length,
      records: db.roundTrips.filter((trip) =>
        // A read names its columns first (packed ones read back as text): a page of the log
        // names them with its table (store/records.ts `listSealedRecords`).
        trip.call.includes('SELECT records.id, records.site_id'),
      ).length,
      all: db.roundTrips.length,
    });
    return { response, pageReads };
  }

  it(`M2: ${people} people and ${records} records are read a page at a time as the reader asks, never all at once`, async () => {
    const { response, pageReads } = await countedExport();
    // The answer has started (its head: manifest, settings, keys, checkpoint) before any page.
    expect(pageReads()).toMatchObject({ persons: 0, records: 0 });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const sizes: number[] = [];
    for (let chunk = 0; chunk < 4; chunk += 1) {
      const { value } = await reader.read();
      sizes.push(new TextDecoder().decode(value).split('\n').length - 1);
    }
    // Head, purposes, wordings, then one page of people: one read of a page for one chunk of it.
    expect(pageReads()).toMatchObject({ persons: 1, records: 0 });
    expect(sizes[3]).toBe(100);
    await reader.cancel();
    expect(pageReads()).toMatchObject({ persons: 1, records: 0 });
  });

  it('M2: a read of D1 that fails midway ends the stream with an error, so what arrived has no end line and does not verify', async () => {
    const failing = new Proxy(env.DB, {
      get(target, name) {
        if (name !== 'prepare') return Reflect.get(target, name).bind(target);
        return (query: string) =>
          query.replace(/\s+/g, ' ').includes('FROM records WHERE site_id = ?1 AND seq IS NOT NULL')
            ? { bind: () => ({ all: () => Promise.reject(new Error('D1 went away')) }) }
            : target.prepare(query);
      },
    });
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL('/v1/admin/export', apiOrigin), {
        headers: { authorization: `Bearer ${key}` },
      }),
      { ...env, DB: failing } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of ndjsonLines(response.body as ReadableStream<Uint8Array>)) {
        lines.push(line);
      }
    })();
    await expect(reading).rejects.toThrow('D1 went away');
    expect(lines.filter((line) => line.startsWith('{"type":"person"'))).toHaveLength(people);
    expect(lines.some((line) => line.startsWith('{"type":"end"'))).toBe(false);
    const found = await verifySiteExport(lines);
    expect(found.valid).toBe(false);
    expect(found.lines).toContain('INVALID the file ends without its end line: it was cut short');
  });

  it('M2: read to its end, the stream holds every person and record, each chunk at most a page, in a bounded number of reads; and it verifies', async () => {
    const { response, pageReads } = await countedExport();
    const startedWith = pageReads().all;
    const chunks: number[] = [];
    const lines: string[] = [];
    for await (const line of ndjsonLines(
      (response.body as ReadableStream<Uint8Array>).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            chunks.push(chunk.byteLength);
            controller.enqueue(chunk);
          },
        }),
      ),
    )) {
      lines.push(line);
    }
    const end = JSON.parse(lines.at(-1) ?? '{}');
    expect(end.counts).toMatchObject({ persons: people, consents: people, records });
    // One read of subjects and one of their consents per page of people, one per page of records.
    const reads = pageReads();
    expect(reads.persons).toBe(people / 100 + 1);
    expect(reads.records).toBe(records / 200);
    expect(reads.all - startedWith).toBeLessThanOrEqual(2 * (people / 100 + 1) + records / 200 + 2);
    expect(chunks.length).toBeGreaterThan(people / 100 + records / 200);
    const person = JSON.parse(
      lines.find((line) => line.includes('"person-7@big-shop.example"')) ?? '{}',
    );
    expect(person.consents).toEqual([
      expect.objectContaining({
        purpose: 'newsletter',
        requestId: 'request-7',
        record: expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      }),
    ]);
    const found = await verifySiteExport(lines);
    expect(found.lines.filter((line) => line.startsWith('INVALID'))).toEqual([]);
    expect(found).toMatchObject({ valid: true, records });
  });
});
