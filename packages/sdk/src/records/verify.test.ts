import { describe, expect, it } from 'vitest';
import type { SignedRecord } from '../contract/records.js';
import { canonicalJson } from './canonical-json.js';
import { recordHash } from './signing-input.js';
import { jwks, keyA, keyB, keyPair, makeLog, nodeSign } from './test-log.js';
import {
  excerptBody,
  recordToJws,
  verifyCheckpoint,
  verifyExcerpt,
  verifyLog,
  verifyRecord,
} from './verify.js';

describe('verifyRecord', () => {
  it('P2: accepts a record signed with Ed25519 by an independent implementation', async () => {
    const { records } = await makeLog(1);
    expect(await verifyRecord(records[0], jwks)).toEqual({ ok: true });
  });

  it('P2: rejects the change of any single byte of a signed record', async () => {
    const { records } = await makeLog(1);
    const text = canonicalJson(records[0]);
    const bytes = new TextEncoder().encode(text);
    let accepted = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = Uint8Array.from(bytes);
      changed[i] = (changed[i] ?? 0) ^ 0x01;
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(changed));
      } catch {
        continue; // not even JSON any more: nothing to verify
      }
      if ((await verifyRecord(parsed, jwks)).ok) accepted += 1;
    }
    expect(bytes.length).toBeGreaterThan(400);
    expect(accepted).toBe(0);
  });

  it('P2: rejects a record whose key is not in the JWKS, or a signature by another key', async () => {
    const { records } = await makeLog(1);
    const record = records[0] as SignedRecord;
    expect((await verifyRecord(record, { keys: [keyB.jwk] })).ok).toBe(false);
    const forged = { ...record, kid: 'key-b' };
    expect(await verifyRecord(forged, jwks)).toMatchObject({ ok: false });
  });

  it('P2: a record is also a compact JWS that Node verifies on its own', async () => {
    const { records } = await makeLog(1);
    const jws = recordToJws(records[0] as SignedRecord);
    const [header, payload, signature] = jws.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: 'key-a',
      typ: 'signet-record',
    });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toEqual(
      records[0]?.record,
    );
    const { verify, createPublicKey } = await import('node:crypto');
    const key = createPublicKey({ key: keyA.jwk, format: 'jwk' });
    expect(
      verify(
        null,
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature ?? '', 'base64url'),
      ),
    ).toBe(true);
  });
});

describe('verifyLog', () => {
  it('P3: accepts a complete, linked log that ends at the checkpoint head', async () => {
    const { records, checkpoint } = await makeLog(6);
    expect(await verifyLog(records, checkpoint, jwks)).toEqual({ ok: true });
    expect(await verifyCheckpoint(checkpoint, jwks)).toEqual({ ok: true });
  });

  it('P3: rejects a log with a record deleted, reordered or inserted', async () => {
    const { records, checkpoint } = await makeLog(6);
    const deleted = records.filter((_, i) => i !== 2);
    const reordered = [records[0], records[2], records[1], ...records.slice(3)];
    const extra = (await makeLog(1)).records[0];
    const inserted = [...records.slice(0, 3), extra, ...records.slice(3)];
    const deletedLast = records.slice(0, 5);
    for (const log of [deleted, reordered, inserted, deletedLast]) {
      expect((await verifyLog(log, checkpoint, jwks)).ok).toBe(false);
    }
  });

  it('P3: rejects a log whose records were all re-signed after one was altered, against the old checkpoint', async () => {
    const { records, checkpoint } = await makeLog(3);
    const altered = structuredClone(records);
    const first = altered[0] as SignedRecord;
    first.record.event = 'withdrawn';
    first.hash = await recordHash(first.record);
    first.sig = nodeSign(keyA, 'signet-record', first.record);
    expect(await verifyRecord(first, jwks)).toEqual({ ok: true });
    expect((await verifyLog(altered, checkpoint, jwks)).ok).toBe(false);
  });

  it('P2: records signed before a key rotation verify after it', async () => {
    const before = await makeLog(2, keyA);
    const after = await makeLog(2, keyB);
    for (const record of [...before.records, ...after.records]) {
      expect(await verifyRecord(record, jwks)).toEqual({ ok: true });
    }
  });
});

describe('verifyExcerpt', () => {
  async function excerptOf(picked: SignedRecord[], all: SignedRecord[], key = keyA) {
    const last = all.at(-1) as SignedRecord;
    const body = excerptBody(
      picked,
      { site: 'demo', seq: last.record.seq, hash: last.hash },
      '2026-11-22T12:00:00.000Z',
    );
    return { excerpt: body, kid: key.kid, sig: nodeSign(key, 'signet-excerpt', body) };
  }

  it('P6: accepts records that are not consecutive, with the excerpt that lists them', async () => {
    const { records } = await makeLog(6);
    const picked = [records[1], records[4]] as SignedRecord[];
    expect(await verifyExcerpt(picked, await excerptOf(picked, records), jwks)).toEqual({
      ok: true,
    });
  });

  it('P6: rejects a record left out, added, swapped, repeated or changed by one character', async () => {
    const { records } = await makeLog(6);
    const picked = [records[1], records[4]] as SignedRecord[];
    const excerpt = await excerptOf(picked, records);
    const [first, second] = picked as [SignedRecord, SignedRecord];
    const changed = structuredClone(first);
    changed.record.at = changed.record.at.replace('0', '1');
    for (const given of [
      [first],
      [first, second, records[0]],
      [second, first],
      [first, first],
      [changed, second],
      [],
    ]) {
      expect((await verifyExcerpt(given, excerpt, jwks)).ok).toBe(false);
    }
  });

  it('P6: rejects an excerpt whose list or head was changed after signing, or signed by an unknown key', async () => {
    const { records } = await makeLog(6);
    const picked = [records[2]] as SignedRecord[];
    const excerpt = await excerptOf(picked, records);
    const moved = structuredClone(excerpt);
    moved.excerpt.seq = 1;
    expect((await verifyExcerpt(picked, moved, jwks)).ok).toBe(false);
    const stranger = await excerptOf(picked, records, keyPair('key-c'));
    expect((await verifyExcerpt(picked, stranger, jwks)).ok).toBe(false);
  });
});
