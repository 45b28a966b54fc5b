import * as v from 'valibot';
import {
  ChannelSchema,
  HttpUrlSchema,
  LocaleSchema,
  PurposeIdSchema,
  SiteIdSchema,
  WordingVersionSchema,
} from './common.js';
import { WordingSchema } from './wording.js';

export const FormPurposeSchema = v.object({
  id: PurposeIdSchema,
  channel: ChannelSchema,
  wordingVersion: WordingVersionSchema,
  wording: WordingSchema,
});
export type FormPurpose = v.InferOutput<typeof FormPurposeSchema>;

/** `GET /v1/sites/{site}/form?locale=`: everything the form shows, in one locale. */
export const FormConfigSchema = v.object({
  site: SiteIdSchema,
  siteName: v.string(),
  locale: LocaleSchema,
  controller: v.object({ name: v.string(), contact: v.string() }),
  privacyPolicyUrl: HttpUrlSchema,
  purposes: v.array(FormPurposeSchema),
});
export type FormConfig = v.InferOutput<typeof FormConfigSchema>;

export const FormQuerySchema = v.object({
  locale: v.optional(LocaleSchema),
});
