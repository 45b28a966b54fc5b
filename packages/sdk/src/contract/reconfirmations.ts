import * as v from 'valibot';
import { PurposeIdSchema } from './common.js';

/** `POST /v1/admin/reconfirmations`: re-confirm a purpose's imported consents by double opt-in (M1). */
export const ReconfirmationRequestSchema = v.strictObject({
  purpose: PurposeIdSchema,
  /** Only the imported consents whose source reported no confirmation (no DOI evidence). */
  withoutEvidenceOnly: v.optional(v.boolean()),
});
export type ReconfirmationRequest = v.InferOutput<typeof ReconfirmationRequestSchema>;

/** One purpose's re-confirmation, counted per person. */
export const ReconfirmationProgressSchema = v.object({
  purpose: v.string(),
  /** Everyone ever queued for this purpose, sent or not. */
  queued: v.number(),
  /** Whose confirmation email has been queued for the outbox. */
  sent: v.number(),
  /** Who confirmed: their consent now rests on Signet's double opt-in. */
  confirmed: v.number(),
  /** Sent, not confirmed (yet): still imported, and the purpose's setting decides. */
  noAnswer: v.number(),
  /** No mail adapter reports bounces, so this is not known. */
  bounced: v.null(),
});
export type ReconfirmationProgress = v.InferOutput<typeof ReconfirmationProgressSchema>;

export const ReconfirmationStatusSchema = v.object({
  /** The most re-confirmation emails sent a day (a site setting). */
  dailyCap: v.number(),
  purposes: v.array(ReconfirmationProgressSchema),
});
export type ReconfirmationStatus = v.InferOutput<typeof ReconfirmationStatusSchema>;

/** What starting a re-confirmation did now; the cron sends the rest, a day's share at a time. */
export const ReconfirmationStartedSchema = v.object({
  /** Newly queued by this call (a re-run queues no one twice). */
  queuedNow: v.number(),
  /** Sent by this call, within today's share. */
  sentNow: v.number(),
  progress: ReconfirmationProgressSchema,
});
export type ReconfirmationStarted = v.InferOutput<typeof ReconfirmationStartedSchema>;

/** `GET /v1/admin/reconfirmations/preview`: the choices a start would be made with. */
export const ReconfirmationPreviewQuerySchema = v.strictObject({
  purpose: PurposeIdSchema,
  withoutEvidenceOnly: v.optional(v.picklist(['true', 'false'])),
});
export type ReconfirmationPreviewQuery = v.InferOutput<typeof ReconfirmationPreviewQuerySchema>;

/** Who a start would mail, before it starts: it writes and sends nothing. */
export const ReconfirmationPreviewSchema = v.object({
  purpose: v.string(),
  withoutEvidenceOnly: v.boolean(),
  /** People whose imported consent is active and who were not mailed a re-confirmation for it yet. */
  recipients: v.number(),
  /** The most re-confirmation emails sent a day (a site setting). */
  dailyCap: v.number(),
  /** What is left of the cap in the last 24 hours: a start sends at most this many now. */
  leftToday: v.number(),
});
export type ReconfirmationPreview = v.InferOutput<typeof ReconfirmationPreviewSchema>;
