import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import { sessionIdleMs } from '../middleware/preference-session.js';
import { deleteRequest, listStaleRequests } from '../store/consent-requests.js';
import {
  deleteSubjectIfUnneeded,
  expireConsent,
  expiredInRun,
  listDueConsents,
} from '../store/consents.js';
import { guardHolds } from '../store/guard.js';
import { deleteIdempotencyKeysBefore } from '../store/idempotency-keys.js';
import { deleteMessagesOfGoneSubjects, deleteOutboxForRequest } from '../store/outbox.js';
import { deleteExpiredPreferenceLinks } from '../store/preference-links.js';
import { deleteEndedSessions } from '../store/preference-sessions.js';
import { countUnconfirmedDeleted } from '../store/purge-counts.js';
import { deleteEventsBefore } from '../store/rate-events.js';
import { insertRecordForSubject, withMac } from '../store/records.js';
import type { ErasureEnv } from './erasure.js';
import { lastPurposeRule } from './last-purpose.js';

const batchLimit = 200;
const maxRounds = 25;

/** Runs a batch job until it finds nothing more, at most `maxRounds` times per cron pass. */
async function untilDone(job: () => Promise<number>) {
  let total = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    const done = await job();
    total += done;
    if (done < batchLimit) break;
  }
  return total;
}

/**
 * C8: requests not confirmed within the site's retention are deleted with their email and, when
 * nothing else is held for it, the subject; only a per-site, per-day count remains.
 */
export function purgeUnconfirmed(db: D1Database, now: Date) {
  return untilDone(() => purgeUnconfirmedBatch(db, now));
}

async function purgeUnconfirmedBatch(db: D1Database, now: Date) {
  const stale = await listStaleRequests(db, now, batchLimit);
  if (stale.length === 0) return 0;
  const day = now.toISOString().slice(0, 10);
  const perSite = new Map<string, number>();
  for (const request of stale)
    perSite.set(request.site_id, (perSite.get(request.site_id) ?? 0) + 1);
  await db.batch([
    ...stale.flatMap((request) => [
      deleteOutboxForRequest(db, request.id),
      deleteRequest(db, request.id),
      ...deleteSubjectIfUnneeded(db, request.subject_id),
    ]),
    ...[...perSite].map(([siteId, count]) => countUnconfirmedDeleted(db, siteId, day, count)),
  ]);
  return stale.length;
}

/**
 * Erasures one cron pass may make by expiry: each writes one shred-log entry, and a Worker's
 * call allows 1,000 KV operations, half of which the shred-log pass may spend. Consents left
 * due wait for the next pass; the consent check says no from their end on anyway (C9).
 */
export const expiryErasuresPerPass = batchLimit;

/**
 * C9: consents whose lifetime has ended expire without anyone acting, each with an `expired`
 * record; a person with nothing active or pending left is erased by the same rule as a
 * withdrawal of their last purpose (`last-purpose.ts`): the data goes, the signed records stay.
 */
export async function expireConsents(env: ErasureEnv, now: Date, erasures = expiryErasuresPerPass) {
  let total = 0;
  let erased = 0;
  for (let round = 0; round < maxRounds && erased < erasures; round += 1) {
    // Never more consents than erasures left: each could be a person's last.
    const limit = Math.min(batchLimit, erasures - erased);
    const done = await expireConsentsBatch(env, now, limit);
    total += done.expired;
    erased += done.erased;
    if (done.expired < limit) break;
  }
  return total;
}

async function expireConsentsBatch(env: ErasureEnv, now: Date, limit: number) {
  const db = env.DB;
  const due = await listDueConsents(db, now.toISOString(), limit);
  if (due.length === 0) return { expired: 0, erased: 0 };
  const at = now.toISOString();
  const people = [
    ...new Map(
      due.map((consent) => [
        consent.subject_id,
        { siteId: consent.site_id, subjectId: consent.subject_id },
      ]),
    ).values(),
  ];
  const recordKey = await recordMacKey(env);
  const records = await Promise.all(
    due.map((consent) =>
      withMac(recordKey, {
        id: newId(),
        siteId: consent.site_id,
        subjectId: consent.subject_id,
        purposeId: consent.purpose_id,
        event: 'expired',
        wordingVersion: consent.wording_version,
        requestId: null,
        context: { pageUrl: null, form: 'lifetime-ended', evidenceIp: null, userAgent: null },
        createdAt: at,
      }),
    ),
  );
  // One batch: the state changes and their records, then, per person, whether anything is left.
  const results = await db.batch<{ holds?: number }>([
    ...due.flatMap((consent, i) => [
      expireConsent(db, consent, at),
      insertRecordForSubject(db, records[i] as (typeof records)[number], expiredInRun(consent, at)),
    ]),
    ...people.map((who) => guardHolds(db, lastPurposeRule.nothingLeft(who, at))),
  ]);
  const expired = new Set(
    due
      .filter((_, index) => results[index * 2]?.meta.changes === 1)
      .map((consent) => consent.subject_id),
  );
  const ended = people.filter(
    (who, index) =>
      expired.has(who.subjectId) && results[due.length * 2 + index]?.results[0]?.holds === 1,
  );
  for (const who of ended) await lastPurposeRule.apply(env, who, 'expired', now);
  return { expired: due.length, erased: ended.length };
}

/** Rate-limit events and idempotency keys are only needed for their windows. */
export async function forgetOldAbuseState(db: D1Database, now: Date) {
  const twoDaysAgo = new Date(now.getTime() - 48 * 3_600_000).toISOString();
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  await db.batch([deleteEventsBefore(db, twoDaysAgo), deleteIdempotencyKeysBefore(db, dayAgo)]);
}

/**
 * R6: preference sessions that have ended (idle or at their end) and links that have expired are
 * of no further use and go; so do messages left of a subject deleted since (R4).
 */
export async function forgetEndedPersonAccess(db: D1Database, now: Date) {
  const at = now.toISOString();
  const idleSince = new Date(now.getTime() - sessionIdleMs).toISOString();
  await db.batch([
    deleteEndedSessions(db, at, idleSince),
    deleteExpiredPreferenceLinks(db, at),
    deleteMessagesOfGoneSubjects(db),
  ]);
}
