import { expect } from '@open-wc/testing';
import {
  type ConsentRecord,
  genesisHash,
  recordHash,
  type SignedRecord,
  signingInput,
  toBase64url,
  verifyLog,
  verifyRecord,
} from '@signet/sdk';

// P2: the SDK's offline verification runs in a browser, with the browser's own WebCrypto.
async function signedLog(count: number) {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid: 'browser-key' };
  const sign = async (kind: 'signet-record' | 'signet-checkpoint', payload: unknown) =>
    toBase64url(
      new Uint8Array(
        await crypto.subtle.sign(
          'Ed25519',
          pair.privateKey,
          new TextEncoder().encode(signingInput(kind, 'browser-key', payload)),
        ),
      ),
    );
  const records: SignedRecord[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const record: ConsentRecord = {
      v: 1,
      id: `r${seq}`,
      site: 'demo',
      seq,
      prev,
      subject: 's1',
      contact: { email: 'c'.repeat(64), phone: null },
      purpose: 'newsletter',
      wording: { version: 'd'.repeat(64), sha256: 'd'.repeat(64) },
      event: 'confirmed',
      at: '2026-11-22T12:00:00.000Z',
      source: { pageUrl: 'https://shop.example/', form: null },
      evidence: { ip: null, userAgent: null },
      request: null,
    };
    const hash = await recordHash(record);
    records.push({ record, hash, kid: 'browser-key', sig: await sign('signet-record', record) });
    prev = hash;
  }
  const body = {
    v: 1 as const,
    site: 'demo',
    seq: count,
    head: prev,
    at: '2026-11-22T13:00:00.000Z',
  };
  const checkpoint = {
    checkpoint: body,
    kid: 'browser-key',
    sig: await sign('signet-checkpoint', body),
  };
  return { records, checkpoint, jwks: { keys: [jwk] } };
}

describe('@signet/sdk verification in Chromium', () => {
  it('P2/P3: verifyRecord and verifyLog accept a valid log and reject a changed one', async () => {
    const { records, checkpoint, jwks } = await signedLog(3);
    expect(await verifyRecord(records[0], jwks)).to.deep.equal({ ok: true });
    expect(await verifyLog(records, checkpoint, jwks)).to.deep.equal({ ok: true });
    const changed = structuredClone(records);
    if (changed[1]) changed[1].record.event = 'withdrawn';
    expect((await verifyLog(changed, checkpoint, jwks)).ok).to.equal(false);
    expect((await verifyLog([records[0], records[2]], checkpoint, jwks)).ok).to.equal(false);
  });
});
