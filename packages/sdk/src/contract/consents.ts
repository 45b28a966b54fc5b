import * as v from 'valibot';
import { EmailSchema, type Locale, LocaleSchema, PhoneSchema, PurposeIdSchema } from './common.js';
import { SignetErrorSchema } from './errors.js';
import { ConsentBasisSchema } from './imports.js';

const exactlyOneContact = <T extends { email?: string; phone?: string }>(query: T) =>
  (query.email === undefined) !== (query.phone === undefined);

/** Who a site asks about: by email address or by phone number, exactly one of them. */
export const ContactQuerySchema = v.pipe(
  v.strictObject({ email: v.optional(EmailSchema), phone: v.optional(PhoneSchema) }),
  v.check(exactlyOneContact<{ email?: string; phone?: string }>, 'give either email or phone'),
  v.description('Exactly one of `email` and `phone`.'),
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
    /**
     * `call`: the site is about to call on a phone purpose; an allowed answer writes a signed
     * `used` record (P4, § 7a UWG).
     */
    use: v.optional(v.picklist(['call'])),
  }),
  v.check(
    exactlyOneContact<{ email?: string; phone?: string; purpose: string; use?: 'call' }>,
    'give either email or phone',
  ),
  v.description('Exactly one of `email` and `phone`.'),
);
export type ConsentCheckQuery = v.InferOutput<typeof ConsentCheckQuerySchema>;

/** What `GET /v1/consents/evidence` answers in: the contract's JSON, or an exhibit for people. */
export const evidenceFormats = ['json', 'html', 'pdf'] as const;
export type EvidenceFormat = (typeof evidenceFormats)[number];

/**
 * `GET /v1/consents/evidence?email=|phone=&purpose=&format=&locale=` (site key), or the same as a
 * JSON body: one person's proof for one purpose or, without `purpose`, for every purpose they
 * were ever asked for; as JSON or as the exhibit ("Nachweis der Einwilligung") in HTML or PDF,
 * in `locale` (default: the site's default locale).
 */
export const EvidenceQuerySchema = v.pipe(
  v.strictObject({
    email: v.optional(EmailSchema),
    phone: v.optional(PhoneSchema),
    purpose: v.optional(PurposeIdSchema),
    format: v.optional(v.picklist(evidenceFormats)),
    locale: v.optional(LocaleSchema),
  }),
  v.check(
    exactlyOneContact<{
      email?: string;
      phone?: string;
      purpose?: string;
      format?: EvidenceFormat;
      locale?: Locale;
    }>,
    'give either email or phone',
  ),
  v.description('Exactly one of `email` and `phone`.'),
);
export type EvidenceQuery = v.InferOutput<typeof EvidenceQuerySchema>;

export const ConsentRecordRefSchema = v.object({
  id: v.string(),
  event: v.string(),
  wordingVersion: v.string(),
  at: v.string(),
});

/**
 * RFC 8058 one-click unsubscribe for the mailing the site is about to send (R1): put `url` in
 * the message and `headers` on it (and have DKIM sign both headers).
 */
export const UnsubscribeSchema = v.object({
  url: v.string(),
  headers: v.object({
    'List-Unsubscribe': v.string(),
    'List-Unsubscribe-Post': v.literal('List-Unsubscribe=One-Click'),
  }),
});
export type Unsubscribe = v.InferOutput<typeof UnsubscribeSchema>;

export type ConsentRecordRef = v.InferOutput<typeof ConsentRecordRefSchema>;

/** Allowed: since when, and the record of the confirmation that proves it. */
const allowedEntries = {
  allowed: v.literal(true),
  since: v.string(),
  record: ConsentRecordRefSchema,
  /**
   * `double-opt-in`: the record is Signet's confirmation; `imported`: the owner's import, which
   * counts by the purpose's setting for imported consents (M1).
   */
  basis: ConsentBasisSchema,
  /** Only for an email purpose. */
  unsubscribe: v.optional(UnsubscribeSchema),
};
/** Not allowed: Signet holds no active consent (never given, withdrawn, expired). */
const refusedEntries = {
  allowed: v.literal(false),
  since: v.null(),
  record: v.null(),
};

/** The answer to a check: only `allowed: true` permits contact, and it names its record. */
export const ConsentCheckSchema = v.variant('allowed', [
  v.object(allowedEntries),
  v.object(refusedEntries),
]);
export type ConsentCheck = v.InferOutput<typeof ConsentCheckSchema>;

/**
 * The RFC 8058 headers to put on a marketing email, from a consent check; none when the check
 * did not allow it (then the message must not be sent at all).
 */
export function unsubscribeHeaders(check: ConsentCheck): Record<string, string> {
  return check.allowed && check.unsubscribe ? { ...check.unsubscribe.headers } : {};
}

/** A mailing list asked at once: at most this many contacts a call. */
export const maxBatchContacts = 1000;

// The list's own limits fail the call; a malformed entry fails only itself (its result says so).
const contactList = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(320, 'is too long'))),
  v.minLength(1, 'must list at least one contact'),
  v.maxLength(maxBatchContacts, `lists more than ${maxBatchContacts} contacts`),
);

/**
 * `POST /v1/consents/checks` (site key): {@link ConsentCheckQuerySchema} for a whole list, by
 * email addresses or by phone numbers, one purpose. Answers in the order asked; an entry that
 * is not an address (or a number) gets its own `invalid_input`, the others their answer.
 */
export const ConsentCheckBatchSchema = v.pipe(
  v.strictObject({
    purpose: PurposeIdSchema,
    emails: v.optional(contactList),
    phones: v.optional(contactList),
  }),
  v.check(
    (query) => (query.emails === undefined) !== (query.phones === undefined),
    'give either emails or phones',
  ),
  v.description('Exactly one of `emails` and `phones`.'),
);
export type ConsentCheckBatch = v.InferInput<typeof ConsentCheckBatchSchema>;

/**
 * One contact's answer in a batch: a check's answer, or, for an entry that could not be asked
 * about (not an address), `allowed: false` with its own `error` (`field` names the entry, as
 * `emails.3`).
 */
export const ConsentCheckBatchItemSchema = v.variant('allowed', [
  v.object({ contact: v.string(), ...allowedEntries }),
  v.object({ contact: v.string(), ...refusedEntries, error: v.optional(SignetErrorSchema) }),
]);
export type ConsentCheckBatchItem = v.InferOutput<typeof ConsentCheckBatchItemSchema>;

export const ConsentCheckBatchResultSchema = v.object({
  purpose: v.string(),
  results: v.array(ConsentCheckBatchItemSchema),
});
export type ConsentCheckBatchResult = v.InferOutput<typeof ConsentCheckBatchResultSchema>;
