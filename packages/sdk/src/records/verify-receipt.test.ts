import { describe, expect, it } from 'vitest';
import { type Receipt, receiptBody } from '../contract/receipts.js';
import made from './fixtures/receipt.json' with { type: 'json' };
import { keyA, keyPair, nodeSign } from './test-log.js';
import { verifyReceipt } from './verify-receipt.js';

// Saved from the done page of the real worker (e2e/receipt.spec.ts with SIGNET_SAVE_RECEIPT).
const receipt = made as Receipt;
const published = { keys: receipt.proof.keys };

/** Every path to a string, number or boolean in the receipt, with a copy changed there. */
function* changedLeaves(
  value: unknown,
  path: (string | number)[] = [],
): Generator<[string, unknown]> {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      yield* changedLeaves(inner, [...path, Array.isArray(value) ? Number(key) : key]);
    }
    return;
  }
  if (value === null) return;
  const copy = structuredClone(receipt) as unknown as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? '';
  const old = at[last];
  at[last] =
    typeof old === 'string'
      ? `${old.slice(0, -1)}${old.at(-1) === 'x' ? 'y' : 'x'}`
      : typeof old === 'number'
        ? old + 1
        : !old;
  yield [path.join('.'), copy];
}

describe('P6: verifyReceipt', () => {
  it('P6: a receipt made by the API verifies with the key inside, and against its published key', async () => {
    expect(await verifyReceipt(receipt)).toEqual({ ok: true });
    expect(await verifyReceipt(receipt, { jwks: published })).toEqual({ ok: true });
  });

  it('P6: one changed character in any field refuses it, signed record or not', async () => {
    let fields = 0;
    for (const [path, changed] of changedLeaves(receipt)) {
      const verdict = await verifyReceipt(changed);
      expect(verdict.ok, `changed at ${path}`).toBe(false);
      fields += 1;
    }
    expect(fields).toBeGreaterThan(60);
  });

  it('P6: with a JWKS, a key inside that is not the published one, or not published, refuses it', async () => {
    const kid = receipt.proof.keys[0]?.kid ?? '';
    const other = { keys: [{ ...keyA.jwk, kid }] };
    const verdict = await verifyReceipt(receipt, { jwks: other });
    expect(verdict).toEqual({
      ok: false,
      reason: `key "${kid}" in the receipt is not the published one`,
    });
    expect(await verifyReceipt(receipt, { jwks: { keys: [keyA.jwk] } })).toEqual({
      ok: false,
      reason: `key "${kid}" is not in the published JWKS`,
    });
  });

  it('P6: a receipt re-signed whole by another key under the same kid verifies offline only', async () => {
    // What a forger with a key of their own can make: the key inside cannot tell; the JWKS can.
    const kid = receipt.proof.keys[0]?.kid ?? '';
    const forger = keyPair(kid);
    const forged = structuredClone(receipt);
    forged.piiPrincipalContact.email = 'someone-else@example.org';
    for (const signed of forged.proof.records) {
      signed.sig = nodeSign(forger, 'signet-record', signed.record);
    }
    forged.proof.excerpt.sig = nodeSign(forger, 'signet-excerpt', forged.proof.excerpt.excerpt);
    forged.proof.keys = [forger.jwk as (typeof forged.proof.keys)[number]];
    forged.proof.signature.sig = nodeSign(forger, 'signet-receipt', receiptBody(forged));
    expect(await verifyReceipt(forged)).toEqual({ ok: true });
    expect((await verifyReceipt(forged, { jwks: published })).ok).toBe(false);
  });

  it('P6: anything else than a receipt is refused with the reason', async () => {
    const verdict = await verifyReceipt({ records: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/^not a receipt/);
    const stripped = structuredClone(receipt) as Partial<Receipt>;
    delete stripped.proof;
    expect((await verifyReceipt(stripped)).ok).toBe(false);
  });
});
