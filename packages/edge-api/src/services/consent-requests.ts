import { type ConsentRequestSchema, type Result, signetError } from '@signet/sdk';
import type * as v from 'valibot';
import { emailIndex } from '../crypto/blind-index.js';
import { newId, newToken, tokenHash } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { confirmationEmail } from '../mail/confirmation-email.js';
import { insertConsentRequest } from '../store/consent-requests.js';
import { insertOutboxMessage } from '../store/outbox.js';
import { type CurrentPurpose, listCurrentPurposes } from '../store/purposes.js';
import { insertRecordForIndex } from '../store/records.js';
import { findSite, type Site } from '../store/sites.js';
import { insertSubjectIfNew } from '../store/subjects.js';

type ConsentRequestInput = v.InferOutput<typeof ConsentRequestSchema>;

export interface RequestContext {
  /** The browser's Origin header, when the call came from a browser. */
  origin: string | null;
  /** Base URL for the confirmation link. */
  publicUrl: string;
  now: Date;
}

function checkPurposes(
  input: ConsentRequestInput,
  current: CurrentPurpose[],
): Result<CurrentPurpose[]> {
  const byId = new Map(current.map((purpose) => [purpose.id, purpose]));
  const chosen: CurrentPurpose[] = [];
  for (const [index, requested] of input.purposes.entries()) {
    const purpose = byId.get(requested.id);
    if (!purpose) {
      const message = `The site has no purpose "${requested.id}"`;
      return { ok: false, error: signetError('unknown_purpose', message, `purposes.${index}.id`) };
    }
    if (purpose.wordingVersion !== requested.wordingVersion) {
      const message = `The wording shown for "${requested.id}" is not the current one; reload the form`;
      const field = `purposes.${index}.wordingVersion`;
      return { ok: false, error: signetError('outdated_wording', message, field) };
    }
    if (purpose.channel !== 'email') {
      const message = `"${requested.id}" is a ${purpose.channel} purpose and needs a phone number, which this API does not take yet`;
      return { ok: false, error: signetError('invalid_input', message, `purposes.${index}.id`) };
    }
    chosen.push(purpose);
  }
  return { ok: true, value: chosen };
}

function checkOrigin(site: Site, origin: string | null): Result<null> {
  // Server-side callers (a shop backend using the SDK) send no Origin; browsers always do.
  if (origin === null || site.allowedOrigins.includes(origin)) return { ok: true, value: null };
  const message = `Origin ${origin} may not send consent requests for this site`;
  return { ok: false, error: signetError('origin_not_allowed', message) };
}

/**
 * Starts a double opt-in: validates the request against the site, then writes the subject, the
 * pending request, a `requested` record per purpose and the confirmation email in one D1 batch.
 * Returns the outbox id of the email so the caller can send it at once.
 */
export async function requestConsent(
  env: Env,
  input: ConsentRequestInput,
  context: RequestContext,
): Promise<Result<{ outboxId: string }>> {
  const site = await findSite(env.DB, input.site);
  if (!site) {
    return { ok: false, error: signetError('unknown_site', `No site "${input.site}"`, 'site') };
  }
  const origin = checkOrigin(site, context.origin);
  if (!origin.ok) return origin;
  const purposes = checkPurposes(input, await listCurrentPurposes(env.DB, site.id, input.locale));
  if (!purposes.ok) return purposes;

  const now = context.now.toISOString();
  const expiresAt = new Date(context.now.getTime() + site.confirmTokenTtlSeconds * 1000);
  const index = await emailIndex(env.INDEX_KEY, input.email);
  const token = newToken();
  const requestId = newId();
  const outboxId = newId();
  const email = confirmationEmail({
    to: input.email,
    locale: input.locale,
    siteName: site.name,
    controller: site.controllerName,
    purposeLabels: purposes.value.map((purpose) => purpose.wording.label),
    confirmUrl: `${context.publicUrl}/confirm/${token}`,
    validHours: Math.round(site.confirmTokenTtlSeconds / 3600),
  });

  const db = env.DB;
  await db.batch([
    insertSubjectIfNew(db, {
      id: newId(),
      siteId: site.id,
      emailIndex: index,
      email: input.email,
      createdAt: now,
    }),
    insertConsentRequest(db, {
      id: requestId,
      siteId: site.id,
      emailIndex: index,
      tokenHash: await tokenHash(token),
      purposes: input.purposes,
      locale: input.locale,
      pageUrl: input.pageUrl,
      createdAt: now,
      expiresAt: expiresAt.toISOString(),
    }),
    ...input.purposes.map((purpose) =>
      insertRecordForIndex(db, index, {
        id: newId(),
        siteId: site.id,
        purposeId: purpose.id,
        event: 'requested',
        wordingVersion: purpose.wordingVersion,
        requestId,
        pageUrl: input.pageUrl,
        createdAt: now,
      }),
    ),
    insertOutboxMessage(db, { id: outboxId, siteId: site.id, requestId, ...email }, now),
  ]);
  return { ok: true, value: { outboxId } };
}
