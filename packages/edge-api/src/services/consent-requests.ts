import { type ConsentRequestSchema, type Result, signetError } from '@signet/sdk';
import type * as v from 'valibot';
import { emailIndex, phoneIndex } from '../crypto/blind-index.js';
import { hmacHex, sha256Hex } from '../crypto/digest.js';
import { newId, newToken, tokenHash } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { confirmationEmail } from '../mail/confirmation-email.js';
import { confirmationSms } from '../sms/confirmation-sms.js';
import { smsSenderFor } from '../sms/sms-sender.js';
import {
  deleteReplacedRequests,
  insertConsentRequest,
  type NewConsentRequest,
} from '../store/consent-requests.js';
import { allOf, type Guard } from '../store/guard.js';
import {
  findIdempotencyKey,
  insertIdempotencyKey,
  isIdempotencyKeyClash,
} from '../store/idempotency-keys.js';
import { insertOutboxMessage } from '../store/outbox.js';
import { type CurrentPurpose, listCurrentPurposes } from '../store/purposes.js';
import { countEvents, recordEvent, takeTicket, ticketGranted } from '../store/rate-events.js';
import { insertRecordForIndex } from '../store/records.js';
import { findSite, type Site } from '../store/sites.js';
import { insertSubjectIfNew } from '../store/subjects.js';
import { selectPurposes } from './purpose-selection.js';
import { verifyTurnstile } from './turnstile.js';

type ConsentRequestInput = v.InferOutput<typeof ConsentRequestSchema>;

export interface RequestContext {
  /** The browser's Origin header, when the call came from a browser. */
  origin: string | null;
  /** The client's IP (CF-Connecting-IP); only ever stored as a keyed hash. */
  clientIp: string | null;
  idempotencyKey: string | null;
  /** Base URL for the confirmation link. */
  publicUrl: string;
  now: Date;
}

const hourMs = 3_600_000;

function checkOrigin(site: Site, origin: string | null): Result<null> {
  // Server-side callers (a shop backend using the SDK) send no Origin; browsers always do.
  if (origin === null || site.allowedOrigins.includes(origin)) return { ok: true, value: null };
  const message = `Origin ${origin} may not send consent requests for this site`;
  return { ok: false, error: signetError('origin_not_allowed', message) };
}

async function checkIdempotency(
  env: Env,
  site: Site,
  key: string | null,
  fingerprint: string,
): Promise<Result<'new' | 'replay'>> {
  if (key === null) return { ok: true, value: 'new' };
  const seen = await findIdempotencyKey(env.DB, site.id, key);
  if (!seen) return { ok: true, value: 'new' };
  if (seen.fingerprint === fingerprint) return { ok: true, value: 'replay' };
  const message = 'This Idempotency-Key was used for a different request';
  return { ok: false, error: signetError('idempotency_conflict', message, 'Idempotency-Key') };
}

/**
 * Starts a double opt-in (C5). After the checks that depend only on the caller (origin,
 * idempotency, client rate, Turnstile, purposes), every request runs the same batch: the
 * per-address ticket decides inside it whether the subject, request, records and email are
 * written. New, pending, confirmed and over-limit addresses get the same 202 by the same path (S4).
 */
export async function requestConsent(
  env: Env,
  input: ConsentRequestInput,
  context: RequestContext,
): Promise<Result<{ outboxIds: string[] }>> {
  const db = env.DB;
  const site = await findSite(db, input.site);
  if (!site) {
    return { ok: false, error: signetError('unknown_site', `No site "${input.site}"`, 'site') };
  }
  const origin = checkOrigin(site, context.origin);
  if (!origin.ok) return origin;

  const fingerprint = await sha256Hex(JSON.stringify(input));
  const idempotency = await checkIdempotency(env, site, context.idempotencyKey, fingerprint);
  if (!idempotency.ok) return idempotency;
  if (idempotency.value === 'replay') return { ok: true, value: { outboxIds: [] } };

  const now = context.now.toISOString();
  const clientBucket = `client:${site.id}:${await hmacHex(env.INDEX_KEY, `ip:${context.clientIp ?? 'unknown'}`)}`;
  const hourAgo = new Date(context.now.getTime() - hourMs).toISOString();
  if ((await countEvents(db, clientBucket, hourAgo)) >= site.clientLimitPerHour) {
    const message = 'Too many requests from this client; try again later';
    return { ok: false, error: signetError('rate_limited', message) };
  }
  if (site.turnstileSecret) {
    const check = await verifyTurnstile(
      site.turnstileSecret,
      input.turnstileToken,
      context.clientIp,
    );
    if (!check.ok) return check;
  }
  const current = await listCurrentPurposes(db, site.id, input.locale, now);
  const purposes = selectPurposes(input, current);
  if (!purposes.ok) return purposes;

  const index = await emailIndex(env.INDEX_KEY, input.email);
  const phone = input.phone
    ? { number: input.phone, index: await phoneIndex(env.INDEX_KEY, input.phone) }
    : null;
  const submissionId = newId();
  const addressGranted = ticketGranted(submissionId);
  const phoneGranted = allOf(addressGranted, ticketGranted(`${submissionId}:sms`));
  const parts = splitByConfirmationChannel(purposes.value, smsSenderFor(env) !== null);
  const writes = await Promise.all(
    parts.map((part) =>
      pendingRequestWrites(db, {
        site,
        input,
        part,
        emailIndex: index,
        phone,
        publicUrl: context.publicUrl,
        now: context.now,
        guard: part.channel === 'sms' ? phoneGranted : addressGranted,
      }),
    ),
  );
  const day = new Date(context.now.getTime() - 24 * hourMs).toISOString();
  const statements = [
    takeTicket(db, {
      bucket: `address:${site.id}:${index}`,
      requestId: submissionId,
      at: now,
      since: day,
      limit: site.addressLimitPerDay,
    }),
    ...(phone && parts.some((part) => part.channel === 'sms')
      ? [
          takeTicket(db, {
            bucket: `phone:${site.id}:${phone.index}`,
            requestId: `${submissionId}:sms`,
            at: now,
            since: day,
            limit: site.addressLimitPerDay,
          }),
        ]
      : []),
    recordEvent(db, clientBucket, now),
    insertSubjectIfNew(
      db,
      { id: newId(), siteId: site.id, emailIndex: index, email: input.email, createdAt: now },
      addressGranted,
    ),
    ...writes.flatMap((write) => write.statements),
  ];
  if (context.idempotencyKey) {
    const entry = { siteId: site.id, key: context.idempotencyKey, fingerprint, createdAt: now };
    statements.unshift(insertIdempotencyKey(db, entry));
  }
  const outboxIds = writes.map((write) => write.outboxId);
  try {
    await db.batch(statements);
  } catch (error) {
    // A concurrent retry with the same key won the race and did the work: answer as it did.
    if (isIdempotencyKeyClash(error)) return { ok: true, value: { outboxIds: [] } };
    throw error;
  }
  return { ok: true, value: { outboxIds } };
}

interface ConfirmationPart {
  channel: 'email' | 'sms';
  purposes: CurrentPurpose[];
}

/**
 * C5: with an SMS transport, SMS and phone purposes are confirmed by a link sent by SMS and
 * email purposes by email; without one, the email confirms them all.
 */
export function splitByConfirmationChannel(
  purposes: CurrentPurpose[],
  smsAvailable: boolean,
): ConfirmationPart[] {
  if (!smsAvailable) return [{ channel: 'email', purposes }];
  const byPhone = purposes.filter((purpose) => purpose.channel !== 'email');
  const byEmail = purposes.filter((purpose) => purpose.channel === 'email');
  return [
    ...(byEmail.length ? [{ channel: 'email' as const, purposes: byEmail }] : []),
    ...(byPhone.length ? [{ channel: 'sms' as const, purposes: byPhone }] : []),
  ];
}

/** The rows of one pending request: it replaces an older one, its records, its message. */
async function pendingRequestWrites(
  db: D1Database,
  args: {
    site: Site;
    input: ConsentRequestInput;
    part: ConfirmationPart;
    emailIndex: string;
    phone: { number: string; index: string } | null;
    publicUrl: string;
    now: Date;
    guard: Guard;
  },
) {
  const { site, input, part, guard } = args;
  const now = args.now.toISOString();
  const token = newToken();
  const requestId = newId();
  const outboxId = newId();
  const chosen = part.purposes.map((purpose) => ({
    id: purpose.id,
    wordingVersion: purpose.wordingVersion,
  }));
  const carriesPhone = part.channel === 'sms' || part.purposes.some((p) => p.channel !== 'email');
  const request: NewConsentRequest = {
    id: requestId,
    siteId: site.id,
    emailIndex: args.emailIndex,
    tokenHash: await tokenHash(token),
    purposes: chosen,
    phone: carriesPhone ? args.phone : null,
    locale: input.locale,
    pageUrl: input.pageUrl,
    createdAt: now,
    expiresAt: new Date(args.now.getTime() + site.confirmTokenTtlSeconds * 1000).toISOString(),
  };
  const confirmation = {
    locale: input.locale,
    siteName: site.name,
    purposeLabels: part.purposes.map((purpose) => purpose.wording.label),
    confirmUrl: `${args.publicUrl}/confirm/${token}`,
    validHours: Math.round(site.confirmTokenTtlSeconds / 3600),
  };
  const message =
    part.channel === 'sms'
      ? {
          ...confirmationSms({ ...confirmation, to: args.phone?.number ?? '' }),
          subject: 'SMS',
          html: '',
        }
      : confirmationEmail({
          ...confirmation,
          to: input.email,
          controller: site.controllerName,
          phone: request.phone?.number ?? null,
        });
  const statements = [
    deleteReplacedRequests(db, request, guard),
    insertConsentRequest(db, request, guard),
    ...chosen.map((purpose) =>
      insertRecordForIndex(
        db,
        args.emailIndex,
        {
          id: newId(),
          siteId: site.id,
          purposeId: purpose.id,
          event: 'requested',
          wordingVersion: purpose.wordingVersion,
          requestId,
          pageUrl: input.pageUrl,
          createdAt: now,
        },
        guard,
      ),
    ),
    insertOutboxMessage(
      db,
      { id: outboxId, channel: part.channel, siteId: site.id, requestId, ...message },
      now,
      guard,
    ),
  ];
  return { outboxId, statements };
}
