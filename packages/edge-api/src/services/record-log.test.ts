import { env } from 'cloudflare:workers';
import { verifyLog } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  call,
  demoApiKey,
  postJson,
  sql,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';
import { loadSigner } from '../crypto/signer.js';
import { listSealedRecords, toSignedRecord } from '../store/records.js';
import { makeCheckpoint, sequenceSite } from './record-log.js';

/** Requests whose records stay unsealed: without a signing key, as after a crash. */
async function leaveUnsealedRequests(prefix: string, count: number) {
  for (let i = 0; i < count; i += 1) {
    const body = JSON.stringify(await validRequestBody(`${prefix}-${i}@example.org`));
    await call(
      '/v1/consent-requests',
      { method: 'POST', headers: { 'content-type': 'application/json', origin: testOrigin }, body },
      { SIGNING_KEY: '' },
    );
  }
}

describe('the sequencer', () => {
  it('P3: rival sequencers racing over the same pending records still build one gap-free chain', async () => {
    await leaveUnsealedRequests('race', 60);
    const [pending] = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM records WHERE seq IS NULL',
    );
    expect(pending?.n).toBeGreaterThanOrEqual(60);

    const signer = await loadSigner(env.SIGNING_KEY);
    const sealed = await Promise.all([1, 2, 3, 4, 5].map(() => sequenceSite(env, signer, 'demo')));
    expect(sealed.reduce((a, b) => a + b, 0)).toBe(pending?.n);

    const rows = await listSealedRecords(env.DB, 'demo', { afterSeq: 0, limit: 1000 });
    const records = rows.map(toSignedRecord);
    expect(records.map((signed) => signed.record.seq)).toEqual(records.map((_, i) => i + 1));
    const checkpoint = await makeCheckpoint(env, signer, 'demo', new Date());
    expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({
      ok: true,
    });
  });

  it('P3: a rival that seals the rows a pass has just listed cannot make it move the head past them', async () => {
    await leaveUnsealedRequests('interleave', 5);
    const signer = await loadSigner(env.SIGNING_KEY);
    // A D1 whose first "list unsealed rows" query lets a complete rival pass seal those very rows
    // before the listing pass goes on.
    let rivalRan = false;
    const hooked = new Proxy(env.DB, {
      get(target, key) {
        if (key !== 'prepare') return Reflect.get(target, key).bind(target);
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (rivalRan || !/seq IS NULL\b.*ORDER BY created_at/s.test(sql)) return statement;
          return new Proxy(statement, {
            get(stmt, name) {
              if (name !== 'bind') return Reflect.get(stmt, name).bind(stmt);
              return (...args: unknown[]) => {
                const bound = stmt.bind(...args);
                return new Proxy(bound, {
                  get(b, method) {
                    if (method !== 'all') return Reflect.get(b, method).bind(b);
                    return async () => {
                      const listed = await b.all();
                      rivalRan = true;
                      await sequenceSite(env, signer, 'demo');
                      return listed;
                    };
                  },
                });
              };
            },
          });
        };
      },
    });
    await sequenceSite({ ...env, DB: hooked }, signer, 'demo');
    expect(rivalRan).toBe(true);
    const rows = await listSealedRecords(env.DB, 'demo', { afterSeq: 0, limit: 1000 });
    const records = rows.map(toSignedRecord);
    expect(records.map((signed) => signed.record.seq)).toEqual(records.map((_, i) => i + 1));
    const checkpoint = await makeCheckpoint(env, signer, 'demo', new Date());
    expect(checkpoint.checkpoint.seq).toBe(records.length);
    expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({
      ok: true,
    });
  });

  it("M1: an import call's 1,000 records are sealed in two passes, each one read and one batch", async () => {
    const file = ['email', ...Array.from({ length: 1000 }, (_, i) => `passes-${i}@example.org`)];
    const response = await call(
      '/v1/admin/imports?format=signet&purpose=newsletter',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'text/csv' },
        body: `${file.join('\n')}\n`,
      },
      // Without a signing key the call's records wait for the sequencer below.
      { SIGNING_KEY: '' },
    );
    expect(response.status).toBe(200);
    const [pending] = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM records WHERE seq IS NULL AND test = 0',
    );
    expect(pending?.n).toBe(1000);
    const db = countingD1(env.DB);
    const signer = await loadSigner(env.SIGNING_KEY);
    expect(await sequenceSite({ ...env, DB: db }, signer, 'demo')).toBe(1000);
    // Two full passes (a read and a batch each), then the read that finds nothing more.
    expect(db.roundTrips.map((trip) => trip.call.split(' ')[0])).toEqual([
      'all',
      'batch',
      'all',
      'batch',
      'all',
    ]);
  });

  it('P2: every state change writes its record in the same batch: a refused request writes none', async () => {
    const [before] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM records');
    const body = await validRequestBody('refused@example.org');
    await postJson('/v1/consent-requests', {
      ...body,
      purposes: [{ id: 'newsletter', wordingVersion: '0'.repeat(64) }],
    });
    const [after] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM records');
    expect(after?.n).toBe(before?.n);
  });
});
