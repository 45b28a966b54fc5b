import { type ConsentRequestSchema, type Result, signetError } from '@signet/sdk';
import type * as v from 'valibot';
import { emailIndex, phoneIndex } from '../crypto/blind-index.js';
import { hmacHex } from '../crypto/digest.js';
import { evidenceIp, evidenceUserAgent } from '../crypto/evidence.js';
import { pageWithoutQuery } from '../crypto/page-url.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { smsSenderFor } from '../sms/sms-sender.js';
import { allOf } from '../store/guard.js';
import {
  findIdempotencyKey,
  insertIdempotencyKey,
  isIdempotencyKeyClash,
} from '../store/idempotency-keys.js';
import { listCurrentPurposes } from '../store/purposes.js';
import { countEvents, recordEvent, takeTicket, ticketGranted } from '../store/rate-events.js';
import { findSite, type Site } from '../store/sites.js';
import { insertSubjectIfNew } from '../store/subjects.js';
import { pendingRequestWrites, splitByConfirmationChannel } from './pending-request.js';
import { selectPurposes } from './purpose-selection.js';
import { verifyTurnstile } from './turnstile.js';

type ConsentRequestInput = v.InferOutput<typeof ConsentRequestSchema>;

export interface RequestContext {
  /** The browser's Origin header, when the call came from a browser. */
  origin: string | null;
  /** The client's IP (CF-Connecting-IP); stored only truncated or as a keyed hash. */
  clientIp: string | null;
  userAgent: string | null;
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
 * The per-address (and, for an SMS confirmation, per-number) tickets of one submission: granted
 * inside the batch only while the last 24 h hold fewer than the site's limit (S4).
 */
function ticketStatements(
  db: D1Database,
  args: {
    site: Site;
    submissionId: string;
    emailIndex: string;
    smsIndex: string | null;
    now: Date;
  },
) {
  const { site, submissionId } = args;
  const at = args.now.toISOString();
  const since = new Date(args.now.getTime() - 24 * hourMs).toISOString();
  const limit = site.addressLimitPerDay;
  const address = `address:${site.id}:${args.emailIndex}`;
  return [
    takeTicket(db, { bucket: address, requestId: submissionId, at, since, limit }),
    ...(args.smsIndex
      ? [
          takeTicket(db, {
            bucket: `phone:${site.id}:${args.smsIndex}`,
            requestId: `${submissionId}:sms`,
            at,
            since,
            limit,
          }),
        ]
      : []),
  ];
}

/**
 * The checks that depend only on the caller, never on the address: idempotency replay, the
 * per-client rate and Turnstile.
 */
async function admitCaller(
  env: Env,
  site: Site,
  input: ConsentRequestInput,
  context: RequestContext,
): Promise<Result<{ replay: boolean; clientBucket: string; fingerprint: string }>> {
  // Keyed: the body holds the address, and a plain hash of it could be guessed back.
  const fingerprint = await hmacHex(env.INDEX_KEY, `idempotency:${JSON.stringify(input)}`);
  const idempotency = await checkIdempotency(env, site, context.idempotencyKey, fingerprint);
  if (!idempotency.ok) return idempotency;
  const clientHash = await hmacHex(env.INDEX_KEY, `ip:${context.clientIp ?? 'unknown'}`);
  const clientBucket = `client:${site.id}:${clientHash}`;
  if (idempotency.value === 'replay') {
    return { ok: true, value: { replay: true, clientBucket, fingerprint } };
  }
  const hourAgo = new Date(context.now.getTime() - hourMs).toISOString();
  if ((await countEvents(env.DB, clientBucket, hourAgo)) >= site.clientLimitPerHour) {
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
  return { ok: true, value: { replay: false, clientBucket, fingerprint } };
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

  const admitted = await admitCaller(env, site, input, context);
  if (!admitted.ok) return admitted;
  if (admitted.value.replay) return { ok: true, value: { outboxIds: [] } };
  const { clientBucket, fingerprint } = admitted.value;

  const now = context.now.toISOString();
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
  const recordContext = {
    pageUrl: pageWithoutQuery(input.pageUrl),
    form: input.form ?? null,
    evidenceIp: await evidenceIp(site.evidenceIp, context.clientIp, env.INDEX_KEY),
    userAgent: evidenceUserAgent(context.userAgent),
  };
  const writes = await Promise.all(
    parts.map((part) =>
      pendingRequestWrites(db, {
        site,
        input,
        part,
        emailIndex: index,
        phone,
        publicUrl: context.publicUrl,
        recordContext,
        now: context.now,
        guard: part.channel === 'sms' ? phoneGranted : addressGranted,
      }),
    ),
  );
  const smsIndex = parts.some((part) => part.channel === 'sms') ? (phone?.index ?? null) : null;
  const statements = [
    ...ticketStatements(db, { site, submissionId, emailIndex: index, smsIndex, now: context.now }),
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
