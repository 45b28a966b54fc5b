import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  admin,
  confirmLinkFor,
  postJson,
  pressConfirm,
  validRequestBody,
} from '../../test/worker.js';

/** The tables whose rows a confirmed consent leaves for good (docs/scaling.md). */
const kept = [
  'outbox',
  'records',
  'consent_requests',
  'subjects',
  'consents',
  'evidence_texts',
] as const;

/** What `npm run bench:scale` sends (bench/lib/traffic.mjs): a browser and a client network. */
const browser =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const asBrowser = (n: number) => ({ 'user-agent': browser, 'cf-connecting-ip': `10.1.${n}.7` });

/**
 * What a table holds, in bytes, as the sum of its cells plus an estimate of its index entries.
 * D1 in workerd has no `dbstat`, so this counts content, not pages: each cell's stored length
 * (text and blobs as bytes, numbers as 8) plus one header byte per cell and 8 for the row id;
 * each index entry as its columns plus the row id, for the rows its WHERE admits.
 */
async function tableBytes(table: string) {
  const db = env.DB;
  const columns = (
    await db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()
  ).results.map((c) => c.name);
  const cell = (c: string) =>
    `(1 + CASE WHEN typeof("${c}") IN ('integer', 'real') THEN 8 ELSE COALESCE(length(CAST("${c}" AS BLOB)), 0) END)`;
  const rows = await db
    .prepare(
      `SELECT COALESCE(SUM(8 + ${columns.map(cell).join(' + ')}), 0) AS bytes FROM "${table}"`,
    )
    .first<{ bytes: number }>();
  let bytes = rows?.bytes ?? 0;
  const indexes = (
    await db.prepare(`SELECT name FROM pragma_index_list('${table}')`).all<{ name: string }>()
  ).results;
  for (const { name } of indexes) {
    const indexed = (
      await db.prepare(`SELECT name FROM pragma_index_info('${name}')`).all<{ name: string }>()
    ).results.map((c) => c.name);
    const definition = await db
      .prepare('SELECT sql FROM sqlite_master WHERE name = ?')
      .bind(name)
      .first<{ sql: string | null }>();
    const where = definition?.sql?.match(/\bWHERE\b([\s\S]*)$/i)?.[1] ?? '1';
    const entries = await db
      .prepare(
        `SELECT COALESCE(SUM(8 + ${indexed.map(cell).join(' + ')}), 0) AS bytes FROM "${table}" WHERE ${where}`,
      )
      .first<{ bytes: number }>();
    bytes += entries?.bytes ?? 0;
  }
  return bytes;
}

async function keptBytes() {
  const sizes: Record<string, number> = {};
  for (const table of kept) sizes[table] = await tableBytes(table);
  return sizes;
}

describe('bytes kept per confirmed consent', () => {
  it('a confirmed consent (one new address, one purpose, a browser and a client network as bench:scale sends them, through the real routes, sealed) keeps at most 2,800 bytes of cells and index entries', async () => {
    const consents = 12;
    const before = await keptBytes();
    for (let i = 0; i < consents; i++) {
      const email = `bytes-${i}@example.org`;
      const sent = await postJson(
        '/v1/consent-requests',
        await validRequestBody(email),
        asBrowser(i),
      );
      expect(sent.status).toBe(202);
      const confirmed = await pressConfirm(await confirmLinkFor(email), {}, asBrowser(i));
      expect(confirmed.status).toBe(200);
    }
    expect((await admin('/v1/log/checkpoint')).status).toBe(200);
    const after = await keptBytes();
    const perConsent = Object.fromEntries(
      kept.map((table) => [
        table,
        Math.round(((after[table] ?? 0) - (before[table] ?? 0)) / consents),
      ]),
    );
    const total = Object.values(perConsent).reduce((sum, n) => sum + n, 0);
    console.log('bytes per consent', JSON.stringify({ ...perConsent, total }));
    // Issue 23 asks for 3,000. 5,313 before issue 23; 3,909 after migration 0030 and the merges;
    // 2,989 with digests and signatures stored as bytes, nothing kept twice and fewer index
    // entries (migration 0032, docs/scaling.md). With the bench's browser and client network on
    // both records that count was 3,205; 2,847 with a record's page, form, browser and wording
    // kept once, no copy of the previous hash, the send and change times kept once and the
    // message's parts joined without JSON (migration 0037). 2,729 with a request's confirmation
    // message keeping no subject id, no outbox_by_subject and an address's blind index kept as
    // its 32 bytes (migration 0038). 2,761 with the outbox found by request, not scanned: the
    // confirmation message's entry in outbox_by_request, 32 bytes (migration 0039). 2,791 with a
    // subject's consents found by subject, not scanned when it is deleted or exported: the
    // consent's entry in consents_by_subject, 30 bytes (migration 0040).
    expect(total).toBeLessThanOrEqual(2800);
  });
});
