import * as v from 'valibot';
import { EmailSchema, PurposeIdSchema } from './common.js';

/** `GET /v1/consents/check?email=&purpose=` (site key): may I contact this person for this purpose? */
export const ConsentCheckQuerySchema = v.object({
  email: EmailSchema,
  purpose: PurposeIdSchema,
});

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
