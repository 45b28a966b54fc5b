import { type PreferenceLinkRequestSchema, type Result, signetError } from '@signet/sdk';
import type * as v from 'valibot';
import { emailIndex } from '../crypto/blind-index.js';
import { seal } from '../crypto/data-keys.js';
import { hmacHex } from '../crypto/digest.js';
import { linkCode, linkKey, linkMarks, linkToken } from '../crypto/link-tokens.js';
import { newId, tokenHash } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { preferenceLinkEmail } from '../mail/preference-link-email.js';
import { allOf } from '../store/guard.js';
import { insertOutboxMessage } from '../store/outbox.js';
import { insertPreferenceLink } from '../store/preference-links.js';
import { readTogether } from '../store/reads.js';
import { siteRead } from '../store/sites.js';
import { subjectKeyByIndexRead } from '../store/subjects.js';
import { type Caller, checkCaller, refusal, ticketsFor } from './request-admission.js';
import { sealedAs, subjectForRequest } from './subject-keys.js';
import { verifyTurnstile } from './turnstile.js';

type PreferenceLinkInput = v.InferOutput<typeof PreferenceLinkRequestSchema>;

/** How long a magic link and its code stay good (R6, C7). */
export const preferenceLinkMinutes = 60;

/**
 * What a typed code is compared with: keyed, because 10^8 codes are quickly tried against a plain
 * hash by whoever reads the table (decision 0005: no table yields a live credential).
 */
export function codeHash(secret: string, linkId: string, code: string) {
  return hmacHex(secret, `code-hash:${linkId}:${code}`);
}

/**
 * `POST /v1/preference-links` (R6): mails a link to the preferences page, and a code for another
 * device, to a known address; an unknown one gets nothing. Both take the same path and the same
 * batch, decided inside it by "the subject exists" (decision 0001), so the answer tells nothing.
 */
export async function requestPreferenceLink(
  env: Env,
  input: PreferenceLinkInput,
  context: Caller & { ownOrigin: string; publicUrl: string; now: Date },
): Promise<Result<{ outboxIds: string[]; siteOrigins: readonly string[] }>> {
  const index = await emailIndex(env.INDEX_KEY, input.site, input.email);
  const [site, subjectRow] = await readTogether(env.DB, [
    siteRead(env.DB, input.site),
    subjectKeyByIndexRead(env.DB, input.site, index),
  ] as const);
  if (!site)
    return { ok: false, error: signetError('unknown_site', `No site "${input.site}"`, 'site') };
  // The hosted page is served from the API's own origin.
  const caller = checkCaller(site, context, [context.ownOrigin]);
  if (!caller.ok) return caller;
  if (site.turnstileSecret) {
    const check = await verifyTurnstile(
      site.turnstileSecret,
      input.turnstileToken,
      context.clientIp,
    );
    if (!check.ok) return check;
  }
  const now = context.now.toISOString();
  // The known subject's own key; for an unknown address a key nobody keeps, and since its
  // subject is never written (no `writes`), the guard below lets nothing through.
  const { subjectId, dataKey, keyKept } = await subjectForRequest(env, subjectRow, {
    siteId: site.id,
    emailIndex: index,
    email: input.email,
    now,
  });
  const tickets = await ticketsFor(env.DB, {
    site,
    indexKey: env.INDEX_KEY,
    submissionId: newId(),
    clientIp: context.clientIp,
    email: input.email,
    phoneIndex: null,
    channels: ['email'],
    now: context.now,
    addressBucket: 'preference-link',
  });
  const linkId = newId();
  const outboxId = newId();
  const guard = allOf(tickets.address, keyKept);
  const locale =
    input.locale && site.locales.includes(input.locale) ? input.locale : site.defaultLocale;
  const links = await linkKey(env);
  const marks = await linkMarks(links, 'preferences', linkId);
  const message = preferenceLinkEmail({
    locale,
    siteName: site.name,
    // The language rides in the query, which the page keeps when it takes the token out of the fragment.
    url: `${context.publicUrl}/p/${site.id}?lang=${locale}#token=${marks.token}`,
    code: marks.code,
    validMinutes: preferenceLinkMinutes,
  });
  const token = await linkToken(links, 'preferences', linkId);
  const results = await env.DB.batch([
    ...tickets.statements,
    insertPreferenceLink(
      env.DB,
      {
        id: linkId,
        siteId: site.id,
        subjectId,
        tokenHash: await tokenHash(token),
        codeHash: await codeHash(links, linkId, await linkCode(links, linkId)),
        createdAt: now,
        expiresAt: new Date(context.now.getTime() + preferenceLinkMinutes * 60_000).toISOString(),
      },
      guard,
    ),
    insertOutboxMessage(
      env.DB,
      {
        id: outboxId,
        channel: 'email',
        siteId: site.id,
        requestId: null,
        subjectId,
        toSealed: await seal(dataKey.key, input.email, sealedAs.recipient(subjectId)),
        ...message,
        link: { kind: 'preferences', ref: linkId },
        linkHash: null,
      },
      now,
      guard,
    ),
  ]);
  const refused = refusal(tickets, results);
  if (!refused.ok) return refused;
  return { ok: true, value: { outboxIds: [outboxId], siteOrigins: site.allowedOrigins } };
}
