import {
  type ReconfirmationPreview,
  type ReconfirmationProgress,
  type ReconfirmationRequest,
  type ReconfirmationStarted,
  type ReconfirmationStatus,
  type Result,
  signetError,
} from '@signet/sdk';
import type { Env } from '../env.js';
import { currentPurposesRead, listCurrentPurposes } from '../store/purposes.js';
import { asSql, readAlone } from '../store/reads.js';
import {
  countRecipients,
  countSentSince,
  markSent,
  nextUnsent,
  queueImported,
  type ReconfirmationCounts,
  reconfirmationCounts,
  sitesWithUnsent,
  type UnsentReconfirmation,
} from '../store/reconfirmations.js';
import { type Site, siteRead } from '../store/sites.js';
import { sealedContactWithKeyRead } from '../store/subjects.js';
import { requestConsent } from './consent-requests.js';
import { openWithKey, sealedAs } from './subject-keys.js';

const dayMs = 24 * 3_600_000;
/**
 * The most sent by one call or cron pass: each is a consent request with its own batch, and a
 * Worker's CPU time is limited; the cron (every five minutes) sends the rest of the day's share.
 */
export const reconfirmationsPerPass = 100;

function progressOf(purpose: string, counts: ReconfirmationCounts | undefined) {
  const sent = counts?.sent ?? 0;
  const confirmed = counts?.confirmed ?? 0;
  return {
    purpose,
    queued: counts?.queued ?? 0,
    sent,
    confirmed,
    noAnswer: sent - confirmed,
    bounced: null,
  } satisfies ReconfirmationProgress;
}

/**
 * Sends one person's re-confirmation by the normal double opt-in (the same request, records,
 * email and confirm page as a form's), for the purpose's current wording in the site's default
 * locale. The email is the ordinary confirmation: content-neutral, it asks only to confirm.
 */
async function sendOne(
  env: Env,
  site: Site,
  row: UnsentReconfirmation,
  wordingVersion: string,
  now: Date,
) {
  // The links point where the start was called; the record names Signet's preferences page.
  const ownOrigin = new URL(row.public_url).origin;
  const contact = await readAlone(env.DB, sealedContactWithKeyRead(env.DB, asSql(row.subject_id)));
  const email = contact?.email_sealed
    ? await openWithKey(env, contact, contact.email_sealed, sealedAs.email(row.subject_id))
    : null;
  if (!email) return 'skipped' as const;
  const sent = await requestConsent(
    env,
    {
      site: site.id,
      email,
      purposes: [{ id: row.purpose_id, wordingVersion }],
      locale: site.defaultLocale,
      pageUrl: `${ownOrigin}/p/${site.id}`,
      form: 'reconfirmation',
    },
    {
      origin: null,
      siteKeyOf: null,
      // Signet asks on the owner's behalf, as for a person's own preferences page.
      sessionOf: site.id,
      ownOrigin,
      clientIp: null,
      userAgent: null,
      idempotencyKey: null,
      publicUrl: row.public_url,
      now,
      clientBucket: `reconfirmation:${site.id}:${row.subject_id}`,
    },
  );
  if (!sent.ok)
    return sent.error.code === 'rate_limited' ? ('capped' as const) : ('skipped' as const);
  const requestId = sent.value.written?.requests[0];
  // Nothing written: the address's own daily limit held it back; it is sent on a later pass.
  if (!requestId) return 'skipped' as const;
  await markSent(env.DB, {
    siteId: site.id,
    purposeId: row.purpose_id,
    subjectId: row.subject_id,
    requestId,
    now: now.toISOString(),
  });
  return sent.value.outboxIds;
}

/**
 * Sends what is left of the site's daily share: at most `reconfirmationsPerDay` in any 24 hours,
 * so a list of 40,000 goes out over days and does not burn the sender's reputation. Answers the
 * outbox messages it queued, one per person sent to. The caller has read the site.
 */
async function sendDueReconfirmations(env: Env, site: Site, now: Date) {
  const outboxIds: string[] = [];
  const siteId = site.id;
  const since = new Date(now.getTime() - dayMs).toISOString();
  const left = site.reconfirmationsPerDay - (await countSentSince(env.DB, siteId, since));
  if (left <= 0) return outboxIds;
  const rows = await nextUnsent(env.DB, siteId, Math.min(left, reconfirmationsPerPass));
  if (rows.length === 0) return outboxIds;
  const current = await listCurrentPurposes(env.DB, siteId, site.defaultLocale, now.toISOString());
  const versions = new Map(current.map((purpose) => [purpose.id, purpose.wordingVersion]));
  for (const row of rows) {
    const version = versions.get(row.purpose_id);
    // A purpose that ended, or has no wording in the default locale, has nothing to confirm.
    if (!version) continue;
    const outcome = await sendOne(env, site, row, version, now);
    if (outcome === 'capped') break;
    if (outcome !== 'skipped') outboxIds.push(...outcome);
  }
  return outboxIds;
}

/** The cron's share for every site with people still queued. */
export async function sendAllDueReconfirmations(env: Env, now: Date) {
  let sent = 0;
  for (const siteId of await sitesWithUnsent(env.DB)) {
    const site = await readAlone(env.DB, siteRead(env.DB, siteId));
    if (site) sent += (await sendDueReconfirmations(env, site, now)).length;
  }
  return sent;
}

/** The site, if the purpose is one a re-confirmation can mail: current, worded, by email. */
async function reconfirmable(
  env: Env,
  siteId: string,
  purposeId: string,
  now: Date,
): Promise<Result<Site>> {
  const site = await readAlone(env.DB, siteRead(env.DB, siteId));
  if (!site) return { ok: false, error: signetError('unknown_site', `No site "${siteId}"`) };
  const [purpose] = await readAlone(
    env.DB,
    currentPurposesRead(env.DB, siteId, site.defaultLocale, now.toISOString(), [purposeId]),
  );
  if (!purpose) {
    const message = `The site has no current purpose "${purposeId}" in its default locale`;
    return { ok: false, error: signetError('unknown_purpose', message, 'purpose') };
  }
  if (purpose.channel !== 'email') {
    const message = 'Only an email purpose is re-confirmed by email';
    return { ok: false, error: signetError('invalid_input', message, 'purpose') };
  }
  return { ok: true, value: site };
}

/**
 * M1: who a start with these choices would mail, and how many of them today's share allows,
 * before the owner starts it. Writes and sends nothing.
 */
export async function previewReconfirmation(
  env: Env,
  siteId: string,
  input: ReconfirmationRequest,
  now: Date,
): Promise<Result<ReconfirmationPreview>> {
  const chosen = await reconfirmable(env, siteId, input.purpose, now);
  if (!chosen.ok) return chosen;
  const withoutEvidenceOnly = input.withoutEvidenceOnly ?? false;
  const since = new Date(now.getTime() - dayMs).toISOString();
  const [recipients, sentLastDay] = await Promise.all([
    countRecipients(env.DB, { siteId, purposeId: input.purpose, withoutEvidenceOnly }),
    countSentSince(env.DB, siteId, since),
  ]);
  const dailyCap = chosen.value.reconfirmationsPerDay;
  return {
    ok: true,
    value: {
      purpose: input.purpose,
      withoutEvidenceOnly,
      recipients,
      dailyCap,
      leftToday: Math.max(0, dailyCap - sentLastDay),
    },
  };
}

/**
 * M1: queues a re-confirmation for a purpose's imported consents (all, or those without DOI
 * evidence) and sends today's share at once. A person confirmed by the link gets a `confirmed`
 * record and their consent rests on the double opt-in from then on; one who does not answer
 * stays imported, and the purpose's setting for imported consents decides.
 */
export async function startReconfirmation(
  env: Env,
  siteId: string,
  input: ReconfirmationRequest,
  publicUrl: string,
  now: Date,
): Promise<Result<ReconfirmationStarted & { outboxIds: string[] }>> {
  const chosen = await reconfirmable(env, siteId, input.purpose, now);
  if (!chosen.ok) return chosen;
  const queuedNow = await queueImported(env.DB, {
    siteId,
    purposeId: input.purpose,
    withoutEvidenceOnly: input.withoutEvidenceOnly ?? false,
    publicUrl,
    now: now.toISOString(),
  });
  const outboxIds = await sendDueReconfirmations(env, chosen.value, now);
  const [counts] = await reconfirmationCounts(env.DB, siteId, input.purpose);
  const progress = progressOf(input.purpose, counts);
  return { ok: true, value: { queuedNow, sentNow: outboxIds.length, progress, outboxIds } };
}

/** `GET /v1/admin/reconfirmations`: every purpose's progress, and the daily cap. */
export async function reconfirmationStatus(env: Env, site: Site): Promise<ReconfirmationStatus> {
  const counts = await reconfirmationCounts(env.DB, site.id);
  return {
    dailyCap: site.reconfirmationsPerDay,
    purposes: counts.map((row) => progressOf(row.purpose_id, row)),
  };
}
