import { type Jwks, type SignedCheckpoint, type SignedRecord, verifyLog } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import { admin, call, sql, subjectIdOf, subscribed } from '../../test/worker.js';

const browser = 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/151.0 (record-cells)';
const jwks = async () => (await (await call('/.well-known/jwks.json')).json()) as Jwks;
const allRecords = async () =>
  ((await (await admin('/v1/records')).json()) as { records: SignedRecord[] }).records;
const checkpoint = async () =>
  (await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint;

async function subscribe(email: string) {
  const headers = { 'user-agent': browser, 'cf-connecting-ip': '203.0.113.9' };
  await subscribed(email, ['newsletter'], headers);
  return subjectIdOf(email);
}

describe('records keep shared evidence once (issue 23, migration 0037)', () => {
  it("P1: a browser's name, a page, a form and a wording version are kept once for every record that carries them, each record still shows them and verifies, and a changed shared text breaks the log", async () => {
    const first = await subscribe('cells-1@example.org');
    const second = await subscribe('cells-2@example.org');
    const head = await checkpoint();
    const records = await allRecords();
    expect(await verifyLog(records, head, await jwks())).toEqual({ ok: true });
    const mine = records.filter((s) => [first, second].includes(s.record.subject));
    expect(mine.map((s) => s.record.event)).toEqual([
      'requested',
      'confirmed',
      'requested',
      'confirmed',
    ]);
    for (const signed of mine) expect(signed.record.evidence.userAgent).toBe(browser);
    expect(mine.map((s) => [s.record.source.pageUrl, s.record.source.form])).toEqual([
      ['https://shop.example/newsletter', null],
      ['https://shop.example/newsletter', 'confirm-page:email-link'],
      ['https://shop.example/newsletter', null],
      ['https://shop.example/newsletter', 'confirm-page:email-link'],
    ]);

    const kept = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM evidence_texts WHERE text = ?',
      browser,
    );
    expect(kept[0]?.n).toBe(1);
    const inRows = await sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM records
        WHERE subject_id IN (?, ?) AND (evidence_user_agent IS NOT NULL OR page_url IS NOT NULL
          OR form IS NOT NULL OR agent_id IS NULL OR page_id IS NULL OR wording_id IS NULL
          OR length(wording_version) > 0)`,
      first,
      second,
    );
    expect(inRows[0]?.n).toBe(0);

    // One changed shared text shows on every sealed record that names it.
    await sql("UPDATE evidence_texts SET text = 'Forged/1' WHERE text = ?", browser);
    const forged = await allRecords();
    expect(forged.filter((s) => s.record.evidence.userAgent === 'Forged/1')).toHaveLength(4);
    expect((await verifyLog(forged, head, await jwks())).ok).toBe(false);
    await sql("UPDATE evidence_texts SET text = ? WHERE text = 'Forged/1'", browser);
  });

  it('P3: a sealed record keeps no copy of the hash before it, the log reads it back and a changed hash breaks the chain', async () => {
    await subscribe('cells-3@example.org');
    const head = await checkpoint();
    const records = await allRecords();
    expect(await verifyLog(records, head, await jwks())).toEqual({ ok: true });
    const stored = await sql<{ seq: number; kept: number }>(
      "SELECT seq, prev_hash IS NOT NULL AS kept FROM records WHERE site_id = 'demo' AND seq > 1",
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.kept === 0)).toBe(true);
    for (const [i, signed] of records.entries()) {
      if (i > 0) expect(signed.record.prev).toBe(records[i - 1]?.hash);
    }

    // A row as written before migration 0037 keeps its browser and previous hash: read as stored.
    const last = records.at(-1);
    await sql(
      `UPDATE records SET evidence_user_agent = 'Old/1', agent_id = NULL, prev_hash = unhex(?)
        WHERE id = ?`,
      '00'.repeat(32),
      last?.record.id,
    );
    const changed = (await allRecords()).at(-1)?.record;
    expect(changed).toMatchObject({ prev: '00'.repeat(32), evidence: { userAgent: 'Old/1' } });
    expect((await verifyLog(await allRecords(), head, await jwks())).ok).toBe(false);
  });
});
