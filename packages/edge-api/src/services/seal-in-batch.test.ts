import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { verifyLog } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  apiOrigin,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  sql,
  subjectIdOf,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { loadSigner } from '../crypto/signer.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import worker from '../index.js';
import { always, type Guard } from '../store/guard.js';
import { findLogHead } from '../store/log-heads.js';
import {
  insertRecordForIndex,
  insertRecordForSubject,
  listSealedRecords,
  toSignedRecord,
  withMac,
} from '../store/records.js';
import { subjectContactIs } from '../store/subjects.js';
import { makeCheckpoint, sealInBatch, sequenceSite } from './record-log.js';

async function logVerifies() {
  const signer = await loadSigner(env.SIGNING_KEY);
  const rows = await listSealedRecords(env.DB, 'demo', { afterSeq: 0, limit: 10_000 });
  const records = rows.map(toSignedRecord);
  expect(records.map((signed) => signed.record.seq)).toEqual(records.map((_, i) => i + 1));
  const checkpoint = await makeCheckpoint(env, signer, 'demo', new Date());
  expect(checkpoint.checkpoint.seq).toBe(records.length);
  expect(await verifyLog(records, checkpoint, { keys: [signer.publicJwk] })).toEqual({ ok: true });
}

const unsealedCount = async () =>
  (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM records WHERE seq IS NULL AND test = 0'))[0]
    ?.n;

/** A `requested` record of an existing subject, written by the store as a request writes one. */
async function recordOf(subjectId: string, email: string) {
  const contact = { emailIndex: await indexOf(email), phoneIndex: null };
  const record = await withMac(
    await recordMacKey(env),
    {
      id: newId(),
      siteId: 'demo',
      subjectId,
      purposeId: 'newsletter',
      event: 'requested',
      wordingVersion: 'a'.repeat(64),
      requestId: null,
      context: {
        pageUrl: 'https://shop.example/form',
        form: null,
        evidenceIp: null,
        userAgent: null,
      },
      createdAt: new Date().toISOString(),
    },
    contact,
  );
  return { record, contact };
}

describe('sealing in the batch that writes the records (issue 23)', () => {
  it('P3: a consent request seals its records in its own batch once the isolate knows the head, and the log verifies', async () => {
    // The first request's records are sealed after it, which tells the isolate the head.
    await postJson('/v1/consent-requests', await validRequestBody('inline-first@example.org'));
    const db = countingD1(env.DB);
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL('/v1/consent-requests', apiOrigin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: testOrigin },
        body: JSON.stringify(await validRequestBody('inline-second@example.org')),
      }),
      { ...env, DB: db } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(202);
    const background = db.roundTrips.filter((trip) => trip.background);
    // No sequencer pass after the answer: only the message's delivery with its "sent".
    expect(background.map((trip) => trip.statements)).toEqual([2]);
    expect(db.roundTrips.length, db.roundTrips.map((trip) => trip.call).join('\n')).toBe(3);
    const subject = await subjectIdOf('inline-second@example.org');
    const rows = await sql<{ seq: number | null; mac: string | null }>(
      'SELECT seq, mac FROM records WHERE subject_id = ?',
      subject,
    );
    expect(rows.length).toBe(1);
    expect(rows[0]?.seq).toBeGreaterThan(0);
    expect(rows[0]?.mac).toBeNull();
    expect(await unsealedCount()).toBe(0);
    await logVerifies();
  });

  it('P3: requests that arrive together chain their seals: each batch seals its own records', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('inline-together-0@example.org'));
    const db = countingD1(env.DB);
    const ctx = createExecutionContext();
    const responses = await Promise.all(
      [1, 2, 3, 4].map(async (n) =>
        worker.fetch(
          new Request(new URL('/v1/consent-requests', apiOrigin), {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: testOrigin },
            body: JSON.stringify(await validRequestBody(`inline-together-${n}@example.org`)),
          }),
          { ...env, DB: db } as Env,
          ctx,
        ),
      ),
    );
    await waitOnExecutionContext(ctx);
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202]);
    // Four reads, four batches, four deliveries: no sequencer pass.
    expect(db.roundTrips.length, db.roundTrips.map((trip) => trip.call).join('\n')).toBe(12);
    expect(await unsealedCount()).toBe(0);
    await logVerifies();
  });

  it('P3: batches that land out of order: the one whose head moved leaves its records to the background sealer, and the log verifies', async () => {
    const email = 'inline-order@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const subject = (await subjectIdOf(email)) ?? '';
    const first = await recordOf(subject, email);
    const second = await recordOf(subject, email);
    // Prepared one after the other, the second chains on the first's head...
    const sealFirst = await sealInBatch(env, 'demo', [first]);
    const sealSecond = await sealInBatch(env, 'demo', [second]);
    expect(sealSecond.statements.length).toBe(2);
    // ...but its batch reaches the database first: the head is not where it starts from.
    const insert = (one: typeof first, guard: Guard = always) =>
      insertRecordForIndex(env.DB, one.contact, one.record, guard);
    const head = await findLogHead(env.DB, 'demo');
    const secondResults = await env.DB.batch([insert(second), ...sealSecond.statements]);
    expect(sealSecond.sealed(secondResults)).toBe(false);
    expect(await findLogHead(env.DB, 'demo')).toEqual(head);
    const firstResults = await env.DB.batch([insert(first), ...sealFirst.statements]);
    expect(sealFirst.sealed(firstResults)).toBe(true);
    expect(await unsealedCount()).toBe(1);
    await sequenceSite(env, await loadSigner(env.SIGNING_KEY), 'demo');
    expect(await unsealedCount()).toBe(0);
    await logVerifies();
  });

  it('P3: when the batch writes no record (its guard refused them), the head does not move past them', async () => {
    const email = 'inline-refused@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const subject = (await subjectIdOf(email)) ?? '';
    const refused = await recordOf(subject, email);
    const seal = await sealInBatch(env, 'demo', [refused]);
    expect(seal.statements.length).toBe(2);
    const head = await findLogHead(env.DB, 'demo');
    const results = await env.DB.batch([
      insertRecordForIndex(env.DB, refused.contact, refused.record, { sql: '0', binds: [] }),
      ...seal.statements,
    ]);
    expect(seal.sealed(results)).toBe(false);
    expect(await findLogHead(env.DB, 'demo')).toEqual(head);
    await logVerifies();
  });

  it('P3: a confirmation seals its records in its own batch, and the log verifies', async () => {
    const email = 'inline-confirm@example.org';
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(email, ['newsletter', 'prize-draw']),
    );
    await pressConfirm(await confirmLinkFor(email));
    const subject = await subjectIdOf(email);
    const rows = await sql<{ event: string; seq: number | null }>(
      "SELECT event, seq FROM records WHERE subject_id = ? AND event = 'confirmed'",
      subject,
    );
    expect(rows.length).toBe(2);
    expect(rows.every((row) => row.seq !== null)).toBe(true);
    expect(await unsealedCount()).toBe(0);
    await logVerifies();
  });

  it('P3: a record that takes its contact from the subject row is sealed only while that row holds what was signed', async () => {
    const email = 'inline-contact@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const subject = (await subjectIdOf(email)) ?? '';
    const contact = { emailIndex: await indexOf(email), phoneIndex: null };
    const signedFor = { emailIndex: 'b'.repeat(64), phoneIndex: null };
    const write = async (as: typeof contact) => {
      const { record } = await recordOf(subject, email);
      const seal = await sealInBatch(
        env,
        'demo',
        [{ record, contact: as }],
        subjectContactIs(subject, as),
      );
      const results = await env.DB.batch([
        insertRecordForSubject(env.DB, record, always),
        ...seal.statements,
      ]);
      return seal.sealed(results);
    };
    const head = await findLogHead(env.DB, 'demo');
    // Signed for another address than the row has: the record would not hold what was signed.
    expect(await write(signedFor)).toBe(false);
    expect(await findLogHead(env.DB, 'demo')).toEqual(head);
    await sequenceSite(env, await loadSigner(env.SIGNING_KEY), 'demo');
    expect(await write(contact)).toBe(true);
    expect(await unsealedCount()).toBe(0);
    await logVerifies();
  });
});
