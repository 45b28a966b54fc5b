import * as v from 'valibot';
import { SystemNameSchema } from './acknowledgements.js';
import {
  ChannelSchema,
  EmailSchema,
  HttpUrlSchema,
  IsoDateTimeSchema,
  LocaleSchema,
  noControlCharacters,
  PurposeIdSchema,
  TimeZoneSchema,
} from './common.js';
import { ImportedWithoutEvidenceSchema } from './imports.js';
import { WordingSchema } from './wording.js';

const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
/** Names that reach an email's subject or body: one line each. */
const line = (max: number) => v.pipe(text(max), noControlCharacters);

/** `PUT /v1/admin/purposes/{id}`: create a purpose or change its lifetime and position. */
export const PurposeInputSchema = v.strictObject({
  channel: ChannelSchema,
  /** Consent lapses this many days after confirmation (C9). */
  lifetimeDays: v.optional(v.nullable(int(1, 3650))),
  /** Consent lapses at this moment, e.g. when a prize draw ends (C9). */
  endsAt: v.optional(v.nullable(IsoDateTimeSchema)),
  position: v.optional(int(0, 1000)),
  /**
   * M1: whether imported consents of this purpose whose source reported no confirmation time
   * count for `mayContact` (`count`), do not (`ignore`, the default), or count `{ until }` a
   * moment. Left out, the setting stays as it is.
   */
  importedWithoutEvidence: v.optional(ImportedWithoutEvidenceSchema),
});
export type PurposeInput = v.InferInput<typeof PurposeInputSchema>;

export const PublishedWordingSchema = v.object({
  purpose: PurposeIdSchema,
  locale: LocaleSchema,
  version: v.string(),
  publishedAt: v.string(),
});
export type PublishedWording = v.InferOutput<typeof PublishedWordingSchema>;

export const AdminPurposeSchema = v.object({
  id: PurposeIdSchema,
  channel: ChannelSchema,
  lifetimeDays: v.nullable(v.number()),
  endsAt: v.nullable(v.string()),
  position: v.number(),
  wordings: v.array(PublishedWordingSchema),
  importedWithoutEvidence: ImportedWithoutEvidenceSchema,
});
export type AdminPurpose = v.InferOutput<typeof AdminPurposeSchema>;

export const AdminPurposeListSchema = v.object({ purposes: v.array(AdminPurposeSchema) });

/**
 * `POST /v1/admin/purposes/{id}/wordings`: a wording to publish, and nothing else (its version is
 * computed, never sent).
 */
export const WordingInputSchema = v.strictObject(WordingSchema.entries);
export type WordingInput = v.InferInput<typeof WordingInputSchema>;

const OriginSchema = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin like https://shop.example'),
);

/** `PATCH /v1/admin/site`: every field optional; absent fields keep their value. */
export const SiteSettingsPatchSchema = v.strictObject({
  name: v.optional(line(200)),
  controllerName: v.optional(line(500)),
  controllerContact: v.optional(line(500)),
  /** The controller's postal address, one line (the exhibit names it). */
  controllerAddress: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(500), noControlCharacters),
  ),
  /** IANA time zone (e.g. Europe/Berlin) in which exhibits and receipts state times. */
  timeZone: v.optional(TimeZoneSchema),
  privacyPolicyUrl: v.optional(HttpUrlSchema),
  defaultLocale: v.optional(LocaleSchema),
  locales: v.optional(v.pipe(v.array(LocaleSchema), v.minLength(1))),
  allowedOrigins: v.optional(v.pipe(v.array(OriginSchema), v.maxLength(20))),
  confirmTokenTtlSeconds: v.optional(int(3600, 7 * 86400)),
  unconfirmedRetentionDays: v.optional(int(1, 90)),
  addressLimitPerDay: v.optional(int(1, 20)),
  clientLimitPerHour: v.optional(int(1, 10000)),
  /** Confirmation messages (email and SMS) the site may cause per 24 h (S4). */
  messagesPerDay: v.optional(int(1, 1_000_000)),
  /** SMS the site may cause per 24 h: lower, against SMS pumping (S4). */
  smsPerDay: v.optional(int(0, 100_000)),
  /** Re-confirmation emails of imported consents the site sends per day (M1). */
  reconfirmationsPerDay: v.optional(int(1, 100_000)),
  /** The site's Turnstile secret; null turns Turnstile off. Never returned. */
  turnstileSecret: v.optional(v.nullable(text(200))),
  /** How the client IP enters records as evidence: `/24`/`/48` network or keyed hash. */
  evidenceIp: v.optional(v.picklist(['truncate', 'hash'])),
  /** Addresses that may ask for a console sign-in link by email (replaces the list). */
  ownerEmails: v.optional(v.pipe(v.array(EmailSchema), v.maxLength(10))),
  /** A5: the owner's systems that must acknowledge every withdrawal and erasure (replaces the list). */
  honourSystems: v.optional(
    v.pipe(
      v.array(SystemNameSchema),
      v.maxLength(10),
      v.check((names) => new Set(names).size === names.length, 'names a system twice'),
    ),
  ),
  /** A5: hours after which a withdrawal a listed system has not acknowledged raises `consent.unhonoured`. */
  honourWithinHours: v.optional(int(1, 720)),
});
export type SiteSettingsPatch = v.InferInput<typeof SiteSettingsPatchSchema>;

export const SiteSettingsSchema = v.object({
  id: v.string(),
  name: v.string(),
  controllerName: v.string(),
  controllerContact: v.string(),
  controllerAddress: v.string(),
  timeZone: v.string(),
  privacyPolicyUrl: v.string(),
  defaultLocale: LocaleSchema,
  locales: v.array(LocaleSchema),
  allowedOrigins: v.array(v.string()),
  confirmTokenTtlSeconds: v.number(),
  unconfirmedRetentionDays: v.number(),
  addressLimitPerDay: v.number(),
  clientLimitPerHour: v.number(),
  messagesPerDay: v.number(),
  smsPerDay: v.number(),
  /** Absent from site exports made before re-confirmation existed (M1). */
  reconfirmationsPerDay: v.optional(v.number()),
  turnstileEnabled: v.boolean(),
  evidenceIp: v.picklist(['truncate', 'hash']),
  ownerEmails: v.array(v.string()),
  honourSystems: v.array(v.string()),
  honourWithinHours: v.number(),
});
export type SiteSettings = v.InferOutput<typeof SiteSettingsSchema>;

export const SubjectConsentSchema = v.object({
  purpose: PurposeIdSchema,
  status: v.picklist(['active', 'withdrawn', 'expired']),
  wordingVersion: v.string(),
  confirmedAt: v.string(),
  expiresAt: v.nullable(v.string()),
  updatedAt: v.string(),
});
/**
 * A person looked up by address or number: their subject id (what records and webhooks name), or
 * null for an address the site does not know; how many of their requests wait for confirmation
 * (a known person with no consents yet is pending, not unknown); and their consents.
 */
export const SubjectConsentsSchema = v.object({
  subject: v.nullable(v.string()),
  pendingRequests: v.number(),
  consents: v.array(SubjectConsentSchema),
});
export type SubjectConsents = v.InferOutput<typeof SubjectConsentsSchema>;

/** A subject id as records carry it (a UUID); anything else cannot be one. */
export const SubjectIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a subject id from a record'),
);

/** `GET /v1/admin/subjects?ids=a,b,c`: the subject ids of one page of records, at most 100. */
export const SubjectIdsQuerySchema = v.strictObject({
  ids: v.pipe(
    v.string(),
    v.transform((ids) => ids.split(',')),
    v.array(SubjectIdSchema),
    v.minLength(1, 'must name at least one subject id'),
    v.maxLength(100, 'must name at most 100 subject ids'),
  ),
});

/**
 * Whose record it is, masked (`pe*****n@example.org`, `+49 ••• ••• 678`), or `erased` for a
 * subject of the site whose contact data is gone. Ids the site does not know are left out.
 */
export const SubjectContactSchema = v.variant('state', [
  v.object({
    id: v.string(),
    state: v.literal('held'),
    email: v.nullable(v.string()),
    phone: v.nullable(v.string()),
  }),
  v.object({ id: v.string(), state: v.literal('erased') }),
]);
export type SubjectContact = v.InferOutput<typeof SubjectContactSchema>;
export const SubjectContactListSchema = v.object({ subjects: v.array(SubjectContactSchema) });
export type SubjectContactList = v.InferOutput<typeof SubjectContactListSchema>;

/**
 * `GET /v1/admin/subjects/{id}/consents`: a person opened from a record. The contact data in
 * full (the owner is the controller): the console goes on from it as from a typed address.
 */
export const SubjectByIdSchema = v.object({
  contact: v.object({ email: v.nullable(v.string()), phone: v.nullable(v.string()) }),
  consents: SubjectConsentsSchema.entries.consents,
});
export type SubjectById = v.InferOutput<typeof SubjectByIdSchema>;

/** `GET /v1/admin/suppressions` / `POST /v1/admin/suppressions/lookup` (R5). */
export const SuppressionStatusSchema = v.object({
  suppressed: v.boolean(),
  reason: v.nullable(v.string()),
  since: v.nullable(v.string()),
});
export type SuppressionStatus = v.InferOutput<typeof SuppressionStatusSchema>;

/**
 * A key is `live`, or `test` (`sk_test_…`): a test key's requests never mail or text anyone (their
 * messages go to the site's test mailbox), and its people and consents are apart from the live
 * ones, from the log, reports and exports, and purged after 7 days (decision 0011).
 */
export const keyModes = ['live', 'test'] as const;
export type KeyMode = (typeof keyModes)[number];

/** `POST /v1/admin/keys`: a new key for the site, named for whoever holds it. */
export const ApiKeyInputSchema = v.strictObject({
  label: line(100),
  mode: v.optional(v.picklist(keyModes), 'live'),
});

export const ApiKeySchema = v.object({
  id: v.string(),
  label: v.string(),
  /** Absent from servers older than test keys: their keys are all live. */
  mode: v.optional(v.picklist(keyModes), 'live'),
  createdAt: v.string(),
  revokedAt: v.nullable(v.string()),
});
export type ApiKey = v.InferOutput<typeof ApiKeySchema>;

/** The answer to creating a key: the key itself, this once (only its hash is stored, S5). */
export const ApiKeyCreatedSchema = v.object({ ...ApiKeySchema.entries, key: v.string() });
export type ApiKeyCreated = v.InferOutput<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = v.object({ keys: v.array(ApiKeySchema) });

/** One change made through the admin API, by which key (`GET /v1/admin/events`). */
export const AdminEventSchema = v.object({
  id: v.string(),
  /** Who acted: a key's id, or `owner:<address>` for an owner signed in by a mailed link. */
  keyId: v.string(),
  /** The console session it was done in (for a sign-in, the one it opened), or null for a key. */
  sessionId: v.nullable(v.string()),
  action: v.string(),
  target: v.nullable(v.string()),
  status: v.number(),
  at: v.string(),
});
export const AdminEventListSchema = v.object({
  events: v.array(AdminEventSchema),
  next: v.nullable(v.string()),
});
export type AdminEventList = v.InferOutput<typeof AdminEventListSchema>;

export const AdminEventQuerySchema = v.strictObject({
  before: v.optional(IsoDateTimeSchema),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be 1 to 200'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200),
    ),
    '50',
  ),
});
