import type { Locale, Wording } from '@signet/sdk';
import { formNonce, isValidFormNonce } from '../crypto/confirm-nonce.js';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { receiptToken } from '../crypto/receipt-tokens.js';
import { looksLikeToken, newId, tokenHash } from '../crypto/tokens.js';
import {
  type ConsentRequestRow,
  claimedBy,
  claimForConfirmation,
  movePhoneToSubject,
  type PurposeLifetime,
  requestedPurposes,
  requestForConfirmationRead,
  siteOfRequest,
} from '../store/consent-requests.js';
import { activateConsent } from '../store/consents.js';
import { readTogether } from '../store/reads.js';
import {
  insertRecordForSubject,
  type MacedRecord,
  type RecordContact,
  withMac,
} from '../store/records.js';
import { withShardTag } from '../store/shards.js';
import { type Site, siteRead } from '../store/sites.js';
import { subjectContactIs } from '../store/subjects.js';
import { liftSuppressionOfRequest } from '../store/suppressions.js';
import { sealInBatch } from './record-log.js';

interface RequestDescription {
  locale: Locale;
  siteId: string;
  siteName: string;
  controller: string;
  privacyPolicyUrl: string;
  purposeLabels: string[];
}

export type ConfirmationView =
  | { state: 'unknown' }
  /** `formUrl`: the page the form was on, when it is one of the site's origins. */
  | { state: 'expired'; locale: Locale; siteName: string; formUrl: string | null }
  /**
   * `otherLink` when another link of the same request confirmed it (decision 0008); `siteId`
   * leads the person to the preferences page, where the used link's consent is.
   */
  | { state: 'used'; locale: Locale; siteName: string; otherLink: boolean; siteId: string }
  | { state: 'cross-site'; locale: Locale; siteName: string }
  | { state: 'number-taken'; locale: Locale; siteName: string }
  /** `nonce` goes into the page's form; `again` when a POST came without a good one. */
  | ({ state: 'pending'; nonce: string; again: boolean } & RequestDescription)
  /**
   * `receiptToken` opens the receipt of this request's purposes (`purposeIds`), nothing else.
   * `records` says whether the batch sealed its records and whether webhook events are due.
   */
  | ({
      state: 'confirmed';
      receiptToken: string;
      purposeIds: string[];
      records: { siteId: string; sealed: boolean; webhooksDue: boolean };
    } & RequestDescription);

/** What the confirm POST brings besides the token: where it came from and the form's nonce. */
export interface ConfirmContext {
  now: Date;
  clientIp: string | null;
  userAgent: string | null;
  /** The secret of the IP's keyed hash. */
  indexKey: string;
  /** The link key (crypto/link-tokens.ts): the form nonce's secret. */
  linkKey: string;
  /** The key of the records' MAC (crypto/record-mac.ts). */
  recordKey: string;
  sameOrigin: boolean;
  nonce: string | null;
  /** The records' signing key: with it, the batch seals them when the isolate knows the head. */
  signingKey?: string | undefined;
}

/** The request a token names, with its site, the site's purposes and the wordings it was made with. */
interface Loaded {
  request: ConsentRequestRow;
  site: Site;
  settings: Map<string, PurposeLifetime>;
  texts: Map<string, string>;
  /** The subject's contact hashes, which its records take; null once the subject is gone. */
  contact: RecordContact | null;
  hasWebhooks: boolean;
}

/** Everything a confirm page and a confirmation read, in one round trip of two statements. */
async function loadRequest(db: D1Database, token: string): Promise<Loaded | null> {
  if (!looksLikeToken(token)) return null;
  const hash = await tokenHash(token);
  const [found, site] = await readTogether(db, [
    requestForConfirmationRead(db, hash),
    siteRead(db, siteOfRequest(hash)),
  ] as const);
  if (!found || !site) return null;
  const { request, texts, lifetimes, contact, hasWebhooks } = found;
  const settings = new Map(lifetimes.map((p) => [p.id, p]));
  return { request, site, settings, texts, contact, hasWebhooks };
}

/** Describes a request with the exact wording versions the person was shown. */
function describe({ site, request, texts }: Loaded): RequestDescription {
  const purposes = requestedPurposes(request);
  const label = (version: string, fallback: string) => {
    const text = texts.get(version);
    return text ? (JSON.parse(text) as Wording).label : fallback;
  };
  return {
    locale: request.locale,
    siteId: site.id,
    siteName: site.name,
    controller: site.controllerName,
    privacyPolicyUrl: site.privacyPolicyUrl,
    purposeLabels: purposes.map((purpose) => label(purpose.wordingVersion, purpose.id)),
  };
}

/** The form's page, to ask again from, only if it is on one of the site's own origins. */
function formUrlOf(request: ConsentRequestRow, site: Site): string | null {
  try {
    const url = new URL(request.page_url);
    return site.allowedOrigins.includes(url.origin) ? url.href : null;
  } catch {
    return null;
  }
}

function unusable(request: ConsentRequestRow, site: Site): ConfirmationView {
  const { locale } = request;
  if (request.status === 'confirmed' || request.superseded_by !== null) {
    return {
      state: 'used',
      locale,
      siteName: site.name,
      otherLink: request.status !== 'confirmed',
      siteId: request.site_id,
    };
  }
  return { state: 'expired', locale, siteName: site.name, formUrl: formUrlOf(request, site) };
}

/** C9: when the consent lapses: at the purpose's end date or after its lifetime, if sooner. */
export function consentExpiry(
  purpose: Pick<PurposeLifetime, 'ends_at' | 'lifetime_days'> | undefined,
  confirmedAt: Date,
): string | null {
  const candidates: number[] = [];
  if (purpose?.ends_at) candidates.push(Date.parse(purpose.ends_at));
  if (purpose?.lifetime_days) {
    candidates.push(confirmedAt.getTime() + purpose.lifetime_days * 86_400_000);
  }
  return candidates.length ? new Date(Math.min(...candidates)).toISOString() : null;
}

function isOpen(request: ConsentRequestRow, now: Date) {
  return (
    request.status === 'pending' &&
    request.superseded_by === null &&
    request.expires_at > now.toISOString()
  );
}

/** The page with its button, a fresh nonce in the form. */
async function pendingView(
  loaded: Loaded,
  options: { linkKey: string; now: Date; again: boolean },
): Promise<ConfirmationView> {
  const nonce = await formNonce(options.linkKey, loaded.request.token_hash, options.now);
  return { state: 'pending', nonce, again: options.again, ...describe(loaded) };
}

/** What `GET /confirm/{token}` shows. Reads only: mail scanners open links (C6). */
export async function previewConfirmation(
  db: D1Database,
  token: string,
  options: { linkKey: string; now: Date },
): Promise<ConfirmationView> {
  const loaded = await loadRequest(db, token);
  if (!loaded) return { state: 'unknown' };
  if (!isOpen(loaded.request, options.now)) return unusable(loaded.request, loaded.site);
  return pendingView(loaded, { ...options, again: false });
}

/**
 * The seal of a confirmation's records in its own batch (`sealInBatch`), when the subject is still
 * there and the request moves no number (the records take the subject's contact hashes from its
 * row, which the batch would change): the seal takes only if that row still holds what was read.
 */
function sealOfConfirmation(
  db: D1Database,
  { request, contact }: Loaded,
  records: MacedRecord[],
  signingKey: string | undefined,
) {
  if (!contact || request.phone_index) return null;
  return sealInBatch(
    { DB: db, SIGNING_KEY: signingKey },
    request.site_id,
    records.map((record) => ({ record, contact })),
    subjectContactIs(request.subject_id, contact),
  );
}

/**
 * `POST /confirm/{token}`: activates the requested purposes and writes a `confirmed` record for
 * each, in one batch that only takes effect for the first confirmation of a pending request.
 * Only the person's own click counts (C5): a POST from another site is refused, and one without
 * the nonce of a page rendered for this token gets the page again instead of confirming.
 */
export async function confirm(
  db: D1Database,
  token: string,
  context: ConfirmContext,
): Promise<ConfirmationView> {
  const { now } = context;
  const loaded = await loadRequest(db, token);
  if (!loaded) return { state: 'unknown' };
  const { request, site, settings } = loaded;
  if (!isOpen(request, now)) return unusable(request, site);
  if (!context.sameOrigin)
    return { state: 'cross-site', locale: request.locale, siteName: site.name };
  const nonceGood =
    context.nonce !== null &&
    (await isValidFormNonce(context.linkKey, request.token_hash, context.nonce, now));
  if (!nonceGood) return pendingView(loaded, { ...context, again: true });
  // P1: how it was confirmed: which link, the button on the page, time, network and browser.
  const channel = request.phone_index ? 'sms' : 'email';
  const recordContext = {
    pageUrl: request.page_url,
    form: `confirm-page:${channel}-link`,
    evidenceIp: await evidenceIp(site.evidenceIp, context.clientIp, context.indexKey),
    userAgent: evidenceUserAgent(context.userAgent),
  };
  const at = now.toISOString();
  const nonce = newId();
  const guard = claimedBy(request.id, nonce);
  const purposes = requestedPurposes(request);
  const records = await Promise.all(
    purposes.map((purpose) =>
      withMac(context.recordKey, {
        id: newId(),
        siteId: request.site_id,
        subjectId: request.subject_id,
        purposeId: purpose.id,
        event: 'confirmed',
        wordingVersion: purpose.wordingVersion,
        requestId: request.id,
        context: recordContext,
        createdAt: at,
      }),
    ),
  );
  const seal = await sealOfConfirmation(db, loaded, records, context.signingKey);
  const [claimed, ...rest] = await db.batch([
    // Also settles the other links of the same open request (decision 0008).
    claimForConfirmation(db, request.id, nonce, at),
    ...purposes.map((purpose) =>
      activateConsent(
        db,
        request.id,
        { ...purpose, expiresAt: consentExpiry(settings.get(purpose.id), now) },
        at,
        guard,
      ),
    ),
    // Only a request with a number has one to move (two statements fewer without: issue 23).
    ...(request.phone_index ? movePhoneToSubject(db, request.id, guard) : []),
    // A new double opt-in is a new consent: the address is no longer suppressed (R5).
    liftSuppressionOfRequest(db, request.id, guard),
    ...records.map((record) => insertRecordForSubject(db, record, guard)),
    ...(seal?.statements ?? []),
  ]);
  // Told at once, claimed or not: a seal that did not take must not stay this isolate's head.
  const sealed = seal?.sealed([claimed, ...rest] as D1Result[]) ?? false;
  if ((claimed?.meta.changes ?? 0) < 1) {
    // Lost to another confirmation or to expiry, or the number is another person's.
    const latest = (await loadRequest(db, token))?.request ?? request;
    if (isOpen(latest, now))
      return { state: 'number-taken', locale: request.locale, siteName: site.name };
    return unusable(latest, site);
  }
  return {
    state: 'confirmed',
    // The records' webhook events were queued by the batch (a trigger) when the site has endpoints.
    records: { siteId: request.site_id, sealed, webhooksDue: loaded.hasWebhooks },
    receiptToken: withShardTag(db, await receiptToken(context.indexKey, request.id, now)),
    purposeIds: purposes.map((purpose) => purpose.id),
    ...describe(loaded),
  };
}
