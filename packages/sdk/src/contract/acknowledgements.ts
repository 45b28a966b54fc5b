import * as v from 'valibot';
import { SignedRecordSchema } from './records.js';

/** A system of the owner's that acts on withdrawals (its ESP, its CRM): a short lower-case name. */
export const SystemNameSchema = v.pipe(
  v.string(),
  v.regex(
    /^[a-z0-9][a-z0-9._-]{0,39}$/,
    'must be 1 to 40 lower-case letters, digits, dots, dashes or underscores',
  ),
);

/**
 * `POST /v1/admin/acknowledgements` (A5): one of the owner's systems applied a withdrawal or an
 * erasure. `record` is the id of the signed `withdrawn` or `erased` record (the webhook's
 * `data.record.record.id`), so it links after an erasure too.
 */
export const AcknowledgementInputSchema = v.strictObject({
  record: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  system: SystemNameSchema,
});
export type AcknowledgementInput = v.InferInput<typeof AcknowledgementInputSchema>;

/**
 * The `honoured` record's id and what it says; `created` is false when the system had
 * acknowledged the same record before (the first acknowledgement stands, once).
 */
export const AcknowledgementSchema = v.object({
  id: v.string(),
  honours: v.string(),
  system: v.string(),
  at: v.string(),
  created: v.boolean(),
});
export type Acknowledgement = v.InferOutput<typeof AcknowledgementSchema>;

/** One withdrawal or erasure that a listed system has not acknowledged yet. */
export const WaitingStopSchema = v.object({
  record: v.string(),
  event: v.picklist(['withdrawn', 'erased']),
  subject: v.string(),
  purpose: v.string(),
  at: v.string(),
  system: v.string(),
  /** True once it waits longer than the site's `honourWithinHours`. */
  overdue: v.boolean(),
});
export type WaitingStop = v.InferOutput<typeof WaitingStopSchema>;

/** Per system: how long acknowledgements took, and what still waits. */
export const HonourSummarySchema = v.object({
  system: v.string(),
  acknowledged: v.number(),
  medianSeconds: v.nullable(v.number()),
  maxSeconds: v.nullable(v.number()),
  waiting: v.number(),
  overdue: v.number(),
});
export type HonourSummary = v.InferOutput<typeof HonourSummarySchema>;

/** `GET /v1/admin/acknowledgements`: the summary per listed system and the oldest waiting stops. */
export const AcknowledgementStatusSchema = v.object({
  withinHours: v.number(),
  systems: v.array(HonourSummarySchema),
  waiting: v.array(WaitingStopSchema),
});
export type AcknowledgementStatus = v.InferOutput<typeof AcknowledgementStatusSchema>;

/** `consent.unhonoured`'s data besides the signed record of the withdrawal or erasure. */
export const UnhonouredDataSchema = v.object({
  site: v.string(),
  subject: v.string(),
  purpose: v.string(),
  request: v.nullable(v.string()),
  system: v.string(),
  record: SignedRecordSchema,
});
