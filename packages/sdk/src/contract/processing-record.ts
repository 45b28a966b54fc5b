import * as v from 'valibot';
import { ChannelSchema, LocaleSchema } from './common.js';

/** `GET /v1/admin/processing-record?locale=&format=json|md|html` (A2). */
export const ProcessingRecordQuerySchema = v.strictObject({
  locale: v.optional(v.picklist(['de', 'en']), 'en'),
  format: v.optional(v.picklist(['json', 'md', 'html']), 'json'),
});

/**
 * The Art. 30(1) GDPR entry for the site's use of Signet, made from its configuration: what the
 * site owner puts in their record of processing activities (and reviews; it cannot know what
 * else they do with the data once `mayContact` allowed a contact).
 */
export const ProcessingRecordSchema = v.object({
  site: v.string(),
  locale: LocaleSchema,
  generatedAt: v.string(),
  controller: v.object({ name: v.string(), contact: v.string(), privacyPolicyUrl: v.string() }),
  purposes: v.array(
    v.object({
      id: v.string(),
      channel: ChannelSchema,
      /** The current wording's label and purpose line in this locale, when published in it. */
      label: v.nullable(v.string()),
      description: v.nullable(v.string()),
      /** Days after confirmation; null with no lifetime (until withdrawn) or an end date. */
      lifetimeDays: v.nullable(v.number()),
      endsAt: v.nullable(v.string()),
      /** The data categories this channel's consent needs. */
      dataCategories: v.array(v.string()),
    }),
  ),
  unconfirmedRetentionDays: v.number(),
  evidenceIp: v.picklist(['truncate', 'hash']),
  recipients: v.array(
    v.object({ name: v.string(), role: v.string(), processes: v.string(), location: v.string() }),
  ),
});
export type ProcessingRecord = v.InferOutput<typeof ProcessingRecordSchema>;
