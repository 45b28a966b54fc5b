import * as v from 'valibot';
import {
  EmailSchema,
  HttpUrlSchema,
  LocaleSchema,
  noControlCharacters,
  PhoneSchema,
  PurposeIdSchema,
  SiteIdSchema,
  WordingVersionSchema,
} from './common.js';

/** An IPv4 address or an IPv6 address in any of its written forms. */
export const IpAddressSchema = v.pipe(
  v.string(),
  v.check(
    (ip) =>
      /^(\d{1,3}\.){3}\d{1,3}$/.test(ip) || (/^[0-9A-Fa-f:.]{2,45}$/.test(ip) && ip.includes(':')),
    'must be an IPv4 or IPv6 address',
  ),
);

export const ReportedEvidenceSchema = v.strictObject({
  clientIp: IpAddressSchema,
  userAgent: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});
export type ReportedEvidence = v.InferOutput<typeof ReportedEvidenceSchema>;

/** Form names that start with this were reported by the site's server (see `evidence`). */
export const serverFormPrefix = 'server:';

export const RequestedPurposeSchema = v.object({
  id: PurposeIdSchema,
  wordingVersion: WordingVersionSchema,
});

/** `POST /v1/consent-requests`: a person asks for one or more purposes (never pre-ticked, C1). */
export const ConsentRequestSchema = v.strictObject({
  site: SiteIdSchema,
  /** Always needed: the confirmation link is sent here, also for SMS and phone purposes (C5). */
  email: EmailSchema,
  /** Only when an SMS or phone purpose is chosen, and then required (C3). */
  phone: v.optional(PhoneSchema),
  purposes: v.pipe(
    v.array(RequestedPurposeSchema),
    v.minLength(1, 'must name at least one purpose'),
    v.maxLength(20, 'names too many purposes'),
    v.check(
      (purposes) => new Set(purposes.map((p) => p.id)).size === purposes.length,
      'names a purpose twice',
    ),
  ),
  locale: LocaleSchema,
  pageUrl: HttpUrlSchema,
  /** Which form on the page asked (kept in the record as the source, P1). */
  form: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be a short form name')),
  ),
  /**
   * What a site's server saw of the person's browser at checkout, for a request it sends with
   * the site key (never from a browser). Recorded as reported by the site: the record's form
   * then starts with `server:`, and the per-client limit counts this IP instead of the server's.
   */
  evidence: v.optional(ReportedEvidenceSchema),
  /**
   * The shop's own id for this request (an order or customer number): sealed at rest like the
   * address, erased with the person, and echoed in every webhook of the consents it confirms.
   */
  reference: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(128, 'must be at most 128 characters'),
      noControlCharacters,
    ),
  ),
  /** The Turnstile widget's response, when the site enables Turnstile. */
  turnstileToken: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type ConsentRequest = v.InferInput<typeof ConsentRequestSchema>;

/**
 * The same answer whether the address is new, pending or already confirmed (S4). A request made
 * with the site key also names the person's `subject` and the `requests` it wrote (one per
 * confirmation channel), the ids webhooks carry; a browser never gets them, nor a replay of an
 * Idempotency-Key.
 */
export const ConsentRequestAcceptedSchema = v.object({
  status: v.literal('pending'),
  subject: v.optional(v.string()),
  requests: v.optional(v.array(v.string())),
});
export type ConsentRequestAccepted = v.InferOutput<typeof ConsentRequestAcceptedSchema>;
