import * as v from 'valibot';
import {
  type Receipt,
  ReceiptSchema,
  receiptBody,
  receiptEventStates,
} from '../contract/receipts.js';
import type { Jwks } from '../contract/records.js';
import { wordingVersion } from '../contract/wording.js';
import { type Verdict, verifyExcerpt, verifySignature } from './verify.js';

const fail = (reason: string): Verdict => ({ ok: false, reason });

/** The fields a receipt restates from its records must say what the signed records say. */
async function restatesItsRecords(receipt: Receipt): Promise<Verdict> {
  const { records } = receipt.proof;
  if ((await wordingVersion(receipt.privacyNotice.wording)) !== receipt.privacyNotice.version) {
    return fail('the wording is not the one its version names');
  }
  if (!records.some((signed) => signed.record.event === 'confirmed')) {
    return fail('no confirmed record');
  }
  if (receipt.events.length !== records.length) {
    return fail(`${receipt.events.length} events for ${records.length} records`);
  }
  for (const [index, { record }] of records.entries()) {
    const at = `record ${index + 1}`;
    if (record.site !== receipt.site.id) return fail(`${at} is of another site`);
    if (record.subject !== receipt.piiPrincipalId) return fail(`${at} is of another person`);
    if (record.purpose !== receipt.purpose.id) return fail(`${at} is of another purpose`);
    if (record.request !== null && record.request !== receipt.recordId) {
      return fail(`${at} is of another consent request`);
    }
    const confirms = record.event === 'requested' || record.event === 'confirmed';
    if (confirms && record.wording.version !== receipt.privacyNotice.version) {
      return fail(`${at} names another wording`);
    }
    const event = receipt.events[index];
    const same =
      event?.recordId === record.id &&
      event.eventTime === record.at &&
      event.eventType === record.event &&
      event.eventState === receiptEventStates[record.event];
    if (!same) return fail(`event ${index + 1} does not restate ${at}`);
  }
  return { ok: true };
}

/** Every key the proof signs with must be published with the same public value. */
function keysArePublished(receipt: Receipt, published: Jwks): Verdict {
  const used = new Set([
    receipt.proof.signature.kid,
    receipt.proof.excerpt.kid,
    ...receipt.proof.records.map((signed) => signed.kid),
  ]);
  for (const kid of used) {
    const inside = receipt.proof.keys.find((key) => key.kid === kid);
    const outside = published.keys.find((key) => key.kid === kid) as { x?: unknown } | undefined;
    if (!outside) return fail(`key "${kid}" is not in the published JWKS`);
    if (!inside || outside.x !== inside.x) {
      return fail(`key "${kid}" in the receipt is not the published one`);
    }
  }
  return { ok: true };
}

/**
 * Checks a receipt (P6) offline: its shape, the service's signature over all of it, every
 * record's hash and signature and the signed excerpt covering exactly them, all with the key
 * inside the receipt, and that the readable fields restate the records (the wording hashes to the
 * version the records sign). With `jwks` (the deployment's published keys) the keys inside must
 * also be the published ones: without it, the check shows the receipt is whole, not whose key
 * made it.
 */
export async function verifyReceipt(
  receipt: unknown,
  options: { jwks?: Jwks } = {},
): Promise<Verdict> {
  const parsed = v.safeParse(ReceiptSchema, receipt);
  if (!parsed.success) return fail(`not a receipt: ${v.summarize(parsed.issues)}`);
  const { proof } = parsed.output;
  const inside = { keys: proof.keys };
  const { kid, sig } = proof.signature;
  const signed = await verifySignature(
    'signet-receipt',
    kid,
    receiptBody(parsed.output),
    sig,
    inside,
  );
  if (!signed.ok) return fail(`the receipt's signature: ${signed.reason}`);
  const proven = await verifyExcerpt(proof.records, proof.excerpt, inside);
  if (!proven.ok) return proven;
  const restated = await restatesItsRecords(parsed.output);
  if (!restated.ok) return restated;
  return options.jwks ? keysArePublished(parsed.output, options.jwks) : { ok: true };
}
