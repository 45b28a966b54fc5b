import * as v from 'valibot';
import {
  ChannelSchema,
  EmailSchema,
  LinkTokenSchema,
  LocaleSchema,
  PurposeIdSchema,
  SiteIdSchema,
} from './common.js';
import { RequestedPurposeSchema } from './consent-requests.js';
import { recordEvents } from './records.js';
import { WordingSchema } from './wording.js';

/**
 * `POST /v1/preference-links`: mail me a link to my preferences page (R6). The answer is the same
 * whether or not the address is known; an unknown address gets no email (S4).
 */
export const PreferenceLinkRequestSchema = v.strictObject({
  site: SiteIdSchema,
  email: EmailSchema,
  locale: v.optional(LocaleSchema),
  turnstileToken: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type PreferenceLinkRequest = v.InferInput<typeof PreferenceLinkRequestSchema>;

export const PreferenceLinkAcceptedSchema = v.object({ status: v.literal('sent-if-known') });
export type PreferenceLinkAccepted = v.InferOutput<typeof PreferenceLinkAcceptedSchema>;

/** The token of a link, or the short code of the same email typed on another device. */
export const PreferenceSessionRequestSchema = v.union([
  v.strictObject({
    token: LinkTokenSchema,
  }),
  v.strictObject({
    site: SiteIdSchema,
    email: EmailSchema,
    code: v.pipe(v.string(), v.regex(/^\d{8}$/, 'must be the 8 digits from the email')),
  }),
]);
export type PreferenceSessionRequest = v.InferInput<typeof PreferenceSessionRequestSchema>;

/** A bearer credential for one site and one person: 15 minutes idle, 60 at most. */
export const PreferenceSessionSchema = v.object({
  session: v.string(),
  expiresAt: v.string(),
});
export type PreferenceSession = v.InferOutput<typeof PreferenceSessionSchema>;

/** `DELETE /v1/me/session`: the person signed out; the session's token opens nothing after. */
export const SessionEndedSchema = v.object({ ended: v.literal(true) });
export type SessionEnded = v.InferOutput<typeof SessionEndedSchema>;

export const purposeStates = ['active', 'pending', 'withdrawn', 'expired', 'never'] as const;

/** One purpose of the site as it stands for the person (R2). */
export const MyPurposeSchema = v.object({
  id: PurposeIdSchema,
  channel: ChannelSchema,
  state: v.picklist(purposeStates),
  /** When the state began: confirmed, requested, withdrawn or expired at; null for `never`. */
  since: v.nullable(v.string()),
  /** When an active consent lapses by its lifetime, if it does. */
  until: v.nullable(v.string()),
  /** The wording the person agreed to (or was asked), else the current one. */
  wordingVersion: v.nullable(v.string()),
  wording: v.nullable(WordingSchema),
});
export type MyPurpose = v.InferOutput<typeof MyPurposeSchema>;

export const MyRecordSchema = v.object({
  id: v.string(),
  seq: v.nullable(v.number()),
  purpose: v.string(),
  event: v.picklist(recordEvents),
  at: v.string(),
  /** Only on `honoured` records (A5): the site's system that applied the withdrawal. */
  system: v.optional(v.string()),
});

/** `GET /v1/me?locale=`: the wordings in this language (English when absent). */
export const MeQuerySchema = v.strictObject({ locale: v.optional(LocaleSchema) });

/** `GET /v1/me`: what the site holds about the person, and the history of it (R2). */
export const MeSchema = v.object({
  site: v.object({
    id: v.string(),
    name: v.string(),
    controller: v.string(),
    privacyPolicyUrl: v.string(),
  }),
  contact: v.object({ email: v.string(), phone: v.nullable(v.string()) }),
  purposes: v.array(MyPurposeSchema),
  records: v.array(MyRecordSchema),
  session: v.object({ expiresAt: v.string(), idleExpiresAt: v.string() }),
});
export type Me = v.InferOutput<typeof MeSchema>;

/** `POST /v1/me/withdrawals`: withdraw these purposes now (R1). */
export const WithdrawalRequestSchema = v.strictObject({
  purposes: v.pipe(
    v.array(PurposeIdSchema),
    v.minLength(1, 'must name at least one purpose'),
    v.maxLength(50, 'names too many purposes'),
  ),
});
export type WithdrawalRequest = v.InferInput<typeof WithdrawalRequestSchema>;

export const WithdrawalSchema = v.object({
  withdrawn: v.array(PurposeIdSchema),
  /** Named purposes that were not active: nothing to withdraw. */
  unchanged: v.array(PurposeIdSchema),
  /** Nothing was left active or pending, so the person's data was erased and the session ended (R4). */
  erased: v.boolean(),
});
export type Withdrawal = v.InferOutput<typeof WithdrawalSchema>;

/**
 * `POST /v1/me/consent-requests`: agree (again) from the preferences page. Starts a new double
 * opt-in to the session's own address (C5); nothing is active before its link is used.
 */
export const ReconsentRequestSchema = v.strictObject({
  purposes: v.pipe(
    v.array(RequestedPurposeSchema),
    v.minLength(1, 'must name at least one purpose'),
    v.maxLength(20, 'names too many purposes'),
  ),
  locale: LocaleSchema,
});
export type ReconsentRequest = v.InferInput<typeof ReconsentRequestSchema>;
