// M2: a site moves between deployments: its export imported into a fresh site, both logs verifying.
import { env } from 'cloudflare:workers';
import {
  type ImportReport,
  type SignedRecord,
  type SiteExportLine,
  siteExportImportRows,
  verifyLog,
  verifySiteExport,
} from '@signet/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSite, admin, call, rowCounts, subscribed } from '../../test/worker.js';
import { loadSigner } from '../crypto/signer.js';
import { makeCheckpoint } from '../services/record-log.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';

const movedKey = 'sk_moved_site_for_tests_only';
const people = ['ada-moves@example.org', 'grace-moves@example.org'];

let lines: string[] = [];
let rows: string[] = [];

const parsed = () => lines.map((line) => JSON.parse(line) as SiteExportLine);
const ofType = <T extends SiteExportLine['type']>(type: T) =>
  parsed().filter((line): line is Extract<SiteExportLine, { type: T }> => line.type === type);

function importInto(body: string, key = movedKey) {
  return call('/v1/admin/imports?format=signet-export', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body,
  });
}

/** The moved site's log, sealed and checked against a fresh signed checkpoint of its own. */
async function movedLog(): Promise<SignedRecord[]> {
  const signer = await loadSigner(env.SIGNING_KEY);
  const checkpoint = await makeCheckpoint(env, signer, 'moved', new Date());
  const sealed = await listSealedRecords(env.DB, 'moved', { afterSeq: 0, limit: 10_000 });
  const records = sealed.map(toSignedRecord);
  expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({ ok: true });
  return records;
}

/** Every table's row count but the admin log's, which notes each admin call (A1). */
async function dataCounts() {
  const { admin_events: _log, ...counts } = await rowCounts();
  return counts;
}

describe('M2: importing a Signet site export into another site', () => {
  beforeAll(async () => {
    for (const email of people) await subscribed(email);
    const response = await admin('/v1/admin/export');
    expect(response.status).toBe(200);
    lines = new TextDecoder()
      .decode(await response.arrayBuffer())
      .trimEnd()
      .split('\n');
    rows = [];
    for await (const row of siteExportImportRows(() => lines)) rows.push(row);
    await addSite('moved', movedKey);
  });

  it('M2: refuses an export whose purposes the site lacks, naming each, and writes nothing', async () => {
    const before = await dataCounts();
    const response = await importInto(`${rows.join('\n')}\n`);
    expect(response.status).toBe(404);
    const { error } = await response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('unknown_purpose');
    for (const purpose of ofType('purpose')) {
      const used = rows.some((row) => JSON.parse(row).purpose === purpose.id);
      if (used) expect(error.message).toContain(`"${purpose.id}"`);
    }
    expect(await dataCounts()).toEqual(before);
  });

  it('M2: brings every active consent as an imported record naming its original in the export; both logs verify; a re-run is idempotent', async () => {
    for (const purpose of ofType('purpose')) {
      const created = await admin(
        `/v1/admin/purposes/${purpose.id}`,
        'PUT',
        { channel: purpose.channel, lifetimeDays: purpose.lifetimeDays },
        movedKey,
      );
      expect(created.status).toBe(200);
    }
    const active = ofType('person').flatMap((person) =>
      person.consents.filter((consent) => consent.status === 'active'),
    );
    expect(active.length).toBeGreaterThanOrEqual(people.length);

    const report = await (await importInto(`${rows.join('\n')}\n`)).json<ImportReport>();
    expect(report).toMatchObject({ format: 'signet-export', imported: active.length });
    expect(report.withEvidence).toBe(active.length);

    // The exported log still verifies offline, with the keys in the file.
    expect(await verifySiteExport(lines)).toMatchObject({ valid: true });

    const manifest = ofType('manifest')[0];
    const originals = new Map(ofType('record').map((line) => [line.record.id, line]));
    const moved = await movedLog();
    expect(moved).toHaveLength(active.length);
    for (const signed of moved) {
      expect(signed.record.event).toBe('imported');
      const original = signed.record.import?.original;
      const exported = originals.get(original?.id ?? '');
      expect(exported, `original of ${signed.record.id}`).toBeDefined();
      expect(original).toEqual({
        origin: manifest?.origin,
        site: 'demo',
        id: exported?.record.id,
        hash: exported?.hash,
        kid: exported?.kid,
      });
      expect(exported?.record.event).toBe('confirmed');
      expect(signed.record.purpose).toBe(exported?.record.purpose);
      // The same wording: the text moved with it, so its SHA-256 is the original's version.
      expect(signed.record.wording.version).toBe(exported?.record.wording.version);
    }

    const before = await dataCounts();
    const again = await (await importInto(`${rows.join('\n')}\n`)).json<ImportReport>();
    expect(again.imported).toBe(0);
    expect(again.skipped.map((skip) => skip.reason)).toEqual(active.map(() => 'consent-exists'));
    expect(await dataCounts()).toEqual(before);
    expect(await movedLog()).toHaveLength(active.length);
  });
});
