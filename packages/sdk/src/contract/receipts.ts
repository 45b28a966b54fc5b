import * as v from 'valibot';
import { ChannelSchema, LocaleSchema, PurposeIdSchema } from './common.js';
import {
  Ed25519JwkSchema,
  recordEvents,
  SignedExcerptSchema,
  SignedRecordSchema,
} from './records.js';
import { WordingSchema } from './wording.js';

/** The value of `schemaVersion` (ISO/IEC TS 27560 "schema version") of every receipt. */
export const receiptSchemaVersion = 'signet-receipt/1';

/**
 * ISO/IEC TS 27560 "event state" for each record event, in DPV's consent status terms; `used`
 * is not a state change, so it keeps "given"; `imported` is a consent given elsewhere, as the
 * owner reports it.
 */
export const receiptEventStates = {
  requested: 'ConsentRequested',
  confirmed: 'ConsentGiven',
  used: 'ConsentGiven',
  withdrawn: 'ConsentWithdrawn',
  expired: 'ConsentExpired',
  erased: 'ConsentWithdrawn',
  // The owner's system applied the withdrawal or erasure (A5): the state stays withdrawn.
  honoured: 'ConsentWithdrawn',
  imported: 'ConsentGiven',
} as const satisfies Record<(typeof recordEvents)[number], string>;

/** An ISO/IEC TS 27560 "party": who it is, how to reach them, and in which role. */
export const ReceiptPartySchema = v.strictObject({
  partyId: v.string(),
  partyName: v.string(),
  partyAddress: v.string(),
  partyContact: v.string(),
  partyRole: v.literal('DataController'),
  privacyNotice: v.string(),
});

/** One ISO/IEC TS 27560 consent event; `recordId` names the signed record it restates. */
export const ReceiptEventSchema = v.strictObject({
  recordId: v.string(),
  eventTime: v.string(),
  eventType: v.picklist(recordEvents),
  eventState: v.picklist(Object.values(receiptEventStates)),
});

/**
 * A receipt the person keeps (P6): one consent (a request, its confirmation and what happened to
 * it after) with the wording as shown, the controller and the person's contact, and the signed
 * records with the key and a signed excerpt covering them, so it verifies alone and offline.
 * Field names follow ISO/IEC TS 27560 where one fits (docs/receipt.md has the mapping). The
 * service signs the whole receipt (`proof.signature`), so no character of it can change unseen;
 * `verifyReceipt` also checks that every field that restates a record (principal, purpose,
 * wording, events) agrees with the signed record.
 */
export const ReceiptSchema = v.strictObject({
  schemaVersion: v.literal(receiptSchemaVersion),
  receiptId: v.string(),
  /** The consent request the receipt is of: the `request` of its records. */
  recordId: v.string(),
  receiptTimestamp: v.string(),
  language: LocaleSchema,
  piiPrincipalId: v.string(),
  /** The person's contact as Signet holds it (never in the records: they carry keyed hashes). */
  piiPrincipalContact: v.strictObject({
    email: v.nullable(v.string()),
    phone: v.nullable(v.string()),
  }),
  piiControllers: v.pipe(v.array(ReceiptPartySchema), v.minLength(1)),
  site: v.strictObject({ id: v.string(), name: v.string() }),
  purpose: v.strictObject({ id: PurposeIdSchema, channel: ChannelSchema, label: v.string() }),
  lawfulBasis: v.literal('GDPR Art. 6(1)(a) consent'),
  /** ISO/IEC TS 27560 "privacy notice": the wording exactly as shown, and its version hash. */
  privacyNotice: v.strictObject({ version: v.string(), wording: WordingSchema }),
  collectionMethod: v.nullable(v.string()),
  withdrawalMethod: v.string(),
  events: v.pipe(v.array(ReceiptEventSchema), v.minLength(1)),
  proof: v.strictObject({
    records: v.pipe(v.array(SignedRecordSchema), v.minLength(1)),
    excerpt: SignedExcerptSchema,
    keys: v.pipe(v.array(Ed25519JwkSchema), v.minLength(1)),
    /** The service's signature over all of the receipt but itself (`signet-receipt`). */
    signature: v.strictObject({ kid: v.string(), sig: v.string() }),
  }),
});
export type Receipt = v.InferOutput<typeof ReceiptSchema>;
/** What the receipt's own signature covers: everything but that signature. */
export function receiptBody(receipt: Receipt) {
  const { signature: _signature, ...proof } = receipt.proof;
  return { ...receipt, proof };
}
export type ReceiptEvent = v.InferOutput<typeof ReceiptEventSchema>;

/**
 * `GET /v1/me/receipts?purpose=ID[&format=html]` (the person's receipt for one purpose) and
 * `GET /receipt/{token}?purpose=ID[&format=html]` (the done page's).
 */
export const ReceiptQuerySchema = v.strictObject({
  purpose: PurposeIdSchema,
  format: v.optional(v.picklist(['json', 'html'])),
});
