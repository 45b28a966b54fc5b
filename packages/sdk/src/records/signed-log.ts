// Test helper, free of Node APIs so the browser tests can use it too: a gap-free, hash-chained
// log of `count` records and its checkpoint, signed by whatever `sign` the caller brings.
import { type ConsentRecord, genesisHash, type SignedRecord } from '../contract/records.js';
import { recordHash } from './signing-input.js';

export type SignLogPart = (
  kind: 'signet-record' | 'signet-checkpoint',
  payload: unknown,
) => string | Promise<string>;

export async function signedLog(count: number, kid: string, sign: SignLogPart) {
  const records: SignedRecord[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const record: ConsentRecord = {
      v: 1,
      id: `r-${seq}`,
      site: 'demo',
      seq,
      prev,
      subject: `subject-${seq % 3}`,
      contact: { email: 'a'.repeat(64), phone: null },
      purpose: 'newsletter',
      wording: { version: 'b'.repeat(64), sha256: 'b'.repeat(64) },
      event: seq % 2 ? 'requested' : 'confirmed',
      at: `2026-11-22T10:00:0${seq % 10}.000Z`,
      source: { pageUrl: 'https://shop.example/', form: 'signet-form' },
      evidence: { ip: '203.0.113.0/24', userAgent: 'Mozilla/5.0' },
      request: 'req-1',
    };
    const hash = await recordHash(record);
    records.push({ record, hash, kid, sig: await sign('signet-record', record) });
    prev = hash;
  }
  const body = {
    v: 1 as const,
    site: 'demo',
    seq: count,
    head: prev,
    at: '2026-11-22T11:00:00.000Z',
  };
  const checkpoint = { checkpoint: body, kid, sig: await sign('signet-checkpoint', body) };
  return { records, checkpoint };
}
