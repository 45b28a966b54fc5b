import * as v from 'valibot';
import { ChannelSchema, LocaleSchema } from './common.js';
import { recordEvents, SignedRecordSchema } from './records.js';
import { WordingSchema } from './wording.js';

const nullableText = v.nullable(v.string());

/**
 * `GET /v1/me/export` (R2, R3): every row Signet holds about the person on one site, in a
 * structured, documented form. Its JSON Schema is served at `/schemas/export.json`, made from
 * this schema.
 */
export const ExportSchema = v.strictObject({
  format: v.literal('signet-export/1'),
  generatedAt: v.string(),
  site: v.strictObject({
    id: v.string(),
    name: v.string(),
    controller: v.string(),
    controllerContact: v.string(),
    privacyPolicyUrl: v.string(),
  }),
  subject: v.strictObject({
    id: v.string(),
    email: v.string(),
    phone: nullableText,
    createdAt: v.string(),
  }),
  consents: v.array(
    v.strictObject({
      purpose: v.string(),
      status: v.picklist(['active', 'withdrawn', 'expired']),
      wordingVersion: v.string(),
      requestId: v.string(),
      confirmedAt: v.string(),
      expiresAt: nullableText,
      updatedAt: v.string(),
    }),
  ),
  requests: v.array(
    v.strictObject({
      id: v.string(),
      purposes: v.array(v.strictObject({ id: v.string(), wordingVersion: v.string() })),
      locale: LocaleSchema,
      pageUrl: v.string(),
      status: v.picklist(['pending', 'confirmed']),
      phone: nullableText,
      createdAt: v.string(),
      expiresAt: v.string(),
      confirmedAt: nullableText,
    }),
  ),
  messages: v.array(
    v.strictObject({
      id: v.string(),
      channel: v.picklist(['email', 'sms']),
      to: nullableText,
      subject: v.string(),
      text: v.string(),
      status: v.picklist(['pending', 'sent', 'failed']),
      createdAt: v.string(),
      sentAt: nullableText,
    }),
  ),
  preferenceLinks: v.array(
    v.strictObject({
      id: v.string(),
      createdAt: v.string(),
      expiresAt: v.string(),
      codeTries: v.number(),
    }),
  ),
  sessions: v.array(
    v.strictObject({ createdAt: v.string(), lastUsedAt: v.string(), expiresAt: v.string() }),
  ),
  /** When this address was counted by the abuse limits (S4); the counter holds a keyed hash. */
  rateEvents: v.array(v.strictObject({ at: v.string() })),
  records: v.array(SignedRecordSchema),
  /** Records written moments ago that have not been given their place in the log yet. */
  unsealedRecords: v.array(
    v.strictObject({
      id: v.string(),
      purpose: v.string(),
      event: v.picklist(recordEvents),
      at: v.string(),
    }),
  ),
  wordings: v.array(
    v.strictObject({
      version: v.string(),
      channel: v.nullable(ChannelSchema),
      text: v.string(),
      wording: WordingSchema,
    }),
  ),
});
export type Export = v.InferOutput<typeof ExportSchema>;

/**
 * `GET /v1/me/export?format=&locale=`: this JSON (the default, indented by two spaces), a
 * readable page, or the history as CSV (one row per record: time, purpose, event, wording
 * version). `locale` is the language of the page and of the CSV's labels and events; without
 * it, the browser's language if Signet speaks it, else the site's default.
 */
export const ExportQuerySchema = v.strictObject({
  format: v.optional(v.picklist(['json', 'html', 'csv'])),
  locale: v.optional(LocaleSchema),
});

/** `POST /v1/me/erasure`: what was erased (R4). */
export const ErasureSchema = v.object({ erased: v.literal(true), at: v.string() });
export type Erasure = v.InferOutput<typeof ErasureSchema>;
