// M2: a site leaves one database for another: exported from a site in shard 1 (DB_1) and imported
// as a new site made in shard 2 (DB_2), each its own D1 database; both exports verify as
// `signet verify` checks them, and the person may be contacted on the new side.
import { env } from 'cloudflare:workers';
import {
  type ConsentCheck,
  type ImportReport,
  type Jwks,
  type SiteExportLine,
  siteExportImportRows,
  verifySiteExport,
} from '@signet/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { askForEveryPurpose, newestMailIn, siteInShard, siteRowsIn } from '../../test/shards.js';
import { call, pressConfirm } from '../../test/worker.js';

const people = ['ada-leaves@example.org', 'grace-leaves@example.org'];
let northKey = '';
let southKey = '';

const asOwner = (key: string) => ({ authorization: `Bearer ${key}` });

/** A person of `north` asks for every purpose of its form and confirms by the mailed link. */
async function confirmedInNorth(email: string) {
  expect((await askForEveryPurpose('north', email)).status).toBe(202);
  const mail = await newestMailIn(env.DB_1, email);
  const link = mail.match(/\/confirm\/1\.[A-Za-z0-9_-]{43}/)?.[0] ?? '';
  expect((await pressConfirm(link)).status).toBe(200);
}

async function exportOf(key: string) {
  const response = await call('/v1/admin/export', { headers: asOwner(key) });
  expect(response.status).toBe(200);
  const text = new TextDecoder().decode(await response.arrayBuffer());
  const lines = text.trimEnd().split('\n');
  return { lines, parsed: lines.map((line) => JSON.parse(line) as SiteExportLine) };
}

const ofType = <T extends SiteExportLine['type']>(lines: SiteExportLine[], type: T) =>
  lines.filter((line): line is Extract<SiteExportLine, { type: T }> => line.type === type);

async function check(key: string, email: string, purpose: string) {
  const query = new URLSearchParams({ email, purpose });
  const response = await call(`/v1/consents/check?${query}`, { headers: asOwner(key) });
  expect(response.status).toBe(200);
  return response.json<ConsentCheck>();
}

/** Records per shard: what each database holds of the log. */
const recordsIn = async (db: D1Database) =>
  (await db.prepare('SELECT COUNT(*) AS n FROM records').first<{ n: number }>())?.n ?? 0;

describe('M2: export from one database, import into another', () => {
  beforeAll(async () => {
    ({ key: northKey } = await siteInShard('north', 1));
    for (const email of people) await confirmedInNorth(email);
    // The new site, in another database: a fresh shard with nothing of `north` in it.
    ({ key: southKey } = await siteInShard('south', 2));
  });

  it('M2: a site exported from shard 1 and imported as a new site in shard 2 verifies on both sides; the imported records name the originals; the people may be contacted there', async () => {
    const jwks = await (await call('/.well-known/jwks.json')).json<Jwks>();
    const north = await exportOf(northKey);
    // What `signet verify DIR --jwks …` runs on the exported file.
    const exported = await verifySiteExport(north.lines, { jwks });
    expect(exported.valid, exported.lines.join('\n')).toBe(true);
    const active = ofType(north.parsed, 'person').flatMap((person) =>
      person.consents.filter((consent) => consent.status === 'active'),
    );
    expect(active.length).toBeGreaterThanOrEqual(people.length);

    const northRecords = await recordsIn(env.DB_1);
    const rows: string[] = [];
    for await (const row of siteExportImportRows(() => north.lines)) rows.push(row);
    const imported = await call('/v1/admin/imports?format=signet-export', {
      method: 'POST',
      headers: { ...asOwner(southKey), 'content-type': 'application/x-ndjson' },
      body: `${rows.join('\n')}\n`,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json<ImportReport>()).toMatchObject({
      imported: active.length,
      withEvidence: active.length,
      skipped: [],
    });

    // Each database holds its own site only; the import wrote nothing where `north` lives.
    expect(await recordsIn(env.DB_1)).toBe(northRecords);
    expect(await siteRowsIn(env.DB_1, 'south')).toEqual({});
    expect(await siteRowsIn(env.DB_2, 'north')).toEqual({});
    expect(await siteRowsIn(env.DB, 'south')).toEqual({});
    expect(await siteRowsIn(env.DB_2, 'south')).toMatchObject({
      subjects: people.length,
      records: active.length,
    });

    const south = await exportOf(southKey);
    const moved = await verifySiteExport(south.lines, { jwks });
    expect(moved.valid, moved.lines.join('\n')).toBe(true);
    expect(moved.records).toBe(active.length);

    const manifest = ofType(north.parsed, 'manifest')[0];
    const originals = new Map(ofType(north.parsed, 'record').map((line) => [line.record.id, line]));
    const named = new Set<string>();
    for (const { record } of ofType(south.parsed, 'record')) {
      expect(record.site).toBe('south');
      expect(record.event).toBe('imported');
      const original = record.import?.original;
      const exportedRecord = originals.get(original?.id ?? '');
      expect(exportedRecord, `original of ${record.id}`).toBeDefined();
      expect(original).toEqual({
        origin: manifest?.origin,
        site: 'north',
        id: exportedRecord?.record.id,
        hash: exportedRecord?.hash,
        kid: exportedRecord?.kid,
      });
      expect(exportedRecord?.record.event).toBe('confirmed');
      expect(record.purpose).toBe(exportedRecord?.record.purpose);
      expect(record.wording.version).toBe(exportedRecord?.record.wording.version);
      named.add(original?.id ?? '');
    }
    expect([...named].sort()).toEqual(active.map((consent) => consent.record?.id).sort());

    // The people, with their contact data opened under the new database's keys.
    expect(
      ofType(south.parsed, 'person')
        .map((person) => person.email)
        .sort(),
    ).toEqual([...people].sort());
    for (const email of people) {
      for (const purpose of new Set(active.map((consent) => consent.purpose))) {
        expect(await check(southKey, email, purpose)).toMatchObject({
          allowed: true,
          basis: 'imported',
          record: { event: 'imported' },
        });
        expect(await check(northKey, email, purpose)).toMatchObject({
          allowed: true,
          basis: 'double-opt-in',
        });
      }
    }
  });
});
