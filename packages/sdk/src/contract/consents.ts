import * as v from 'valibot';
import { EmailSchema, PhoneSchema, PurposeIdSchema } from './common.js';

const exactlyOneContact = <T extends { email?: string; phone?: string }>(query: T) =>
  (query.email === undefined) !== (query.phone === undefined);

/** Who a site asks about: by email address or by phone number, exactly one of them. */
export const ContactQuerySchema = v.pipe(
  v.strictObject({ email: v.optional(EmailSchema), phone: v.optional(PhoneSchema) }),
  v.check(exactlyOneContact<{ email?: string; phone?: string }>, 'give either email or phone'),
);
export type ContactQuery = v.InferOutput<typeof ContactQuerySchema>;

/**
 * `GET /v1/consents/check?email=|phone=&purpose=` (site key): may I contact this person for this
 * purpose (A3)?
 */
export const ConsentCheckQuerySchema = v.pipe(
  v.strictObject({
    email: v.optional(EmailSchema),
    phone: v.optional(PhoneSchema),
    purpose: PurposeIdSchema,
  }),
  v.check(
    exactlyOneContact<{ email?: string; phone?: string; purpose: string }>,
    'give either email or phone',
  ),
);
export type ConsentCheckQuery = v.InferOutput<typeof ConsentCheckQuerySchema>;

export const ConsentRecordRefSchema = v.object({
  id: v.string(),
  event: v.string(),
  wordingVersion: v.string(),
  at: v.string(),
});

export const ConsentCheckSchema = v.object({
  allowed: v.boolean(),
  since: v.nullable(v.string()),
  record: v.nullable(ConsentRecordRefSchema),
});
export type ConsentCheck = v.InferOutput<typeof ConsentCheckSchema>;
