import {
  type ConsentCheck,
  type ConsentCheckQuery,
  type ContactQuery,
  type Result,
  signetError,
} from '@signet/sdk';
import { emailIndex, phoneIndex } from '../crypto/blind-index.js';
import { linkToken } from '../crypto/link-tokens.js';
import { newId, tokenHash } from '../crypto/tokens.js';
import { always } from '../store/guard.js';
import { insertRecordForSubject, subjectById } from '../store/records.js';
import type { ContactKind } from '../store/subjects.js';

/** The blind index to look a person up by, from an email address or a phone number. */
export async function contactIndex(
  indexKey: string,
  siteId: string,
  query: ContactQuery,
): Promise<{ kind: ContactKind; index: string }> {
  if (query.email !== undefined) {
    return { kind: 'email', index: await emailIndex(indexKey, siteId, query.email) };
  }
  return { kind: 'phone', index: await phoneIndex(indexKey, siteId, query.phone ?? '') };
}

import { findConsentState, rememberUnsubscribeHash } from '../store/consents.js';

/** The RFC 8058 URL and headers of one email consent; the token's hash is kept for `/u/{token}`. */
async function unsubscribeFor(
  db: D1Database,
  indexKey: string,
  consent: { siteId: string; subjectId: string; purposeId: string },
  publicUrl: string,
) {
  const token = await linkToken(
    indexKey,
    'unsubscribe',
    `${consent.siteId}:${consent.subjectId}:${consent.purposeId}`,
  );
  await rememberUnsubscribeHash(db, consent, await tokenHash(token)).run();
  const url = `${publicUrl}/u/${token}`;
  return {
    url,
    headers: {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const,
    },
  };
}

/** P4: a signed `used` record of one call on a telephone consent (§ 7a UWG). */
function recordUse(
  db: D1Database,
  consent: { siteId: string; subjectId: string; purposeId: string },
  wordingVersion: string,
  now: Date,
) {
  return insertRecordForSubject(
    db,
    subjectById(consent.subjectId),
    {
      id: newId(),
      siteId: consent.siteId,
      purposeId: consent.purposeId,
      event: 'used',
      wordingVersion,
      requestId: null,
      context: { pageUrl: null, form: 'check:use=call', evidenceIp: null, userAgent: null },
      createdAt: now.toISOString(),
    },
    always,
  ).run();
}

/**
 * A3: may the site contact this person for this purpose, and which record proves it? For an
 * email purpose the answer carries the one-click unsubscribe for the mailing (R1).
 */
export async function checkConsent(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ConsentCheckQuery,
  options: { now?: Date; publicUrl: string },
): Promise<Result<ConsentCheck>> {
  const now = options.now ?? new Date();
  const contact = await contactIndex(indexKey, siteId, query);
  const state = await findConsentState(db, siteId, contact, query.purpose, now.toISOString());
  if (state?.status !== 'active')
    return { ok: true, value: { allowed: false, since: null, record: null } };
  if (query.use === 'call' && state.channel !== 'phone') {
    const message = `"${query.purpose}" is not a phone purpose: only calls are recorded as a use`;
    return { ok: false, error: signetError('invalid_input', message, 'use') };
  }
  const consent = { siteId, subjectId: state.subject_id, purposeId: query.purpose };
  if (query.use === 'call') await recordUse(db, consent, state.wording_version, now);
  return {
    ok: true,
    value: {
      ...(state.channel === 'email'
        ? { unsubscribe: await unsubscribeFor(db, indexKey, consent, options.publicUrl) }
        : {}),
      allowed: true,
      since: state.confirmed_at,
      record:
        state.record_id && state.record_event && state.record_at
          ? {
              id: state.record_id,
              event: state.record_event,
              wordingVersion: state.wording_version,
              at: state.record_at,
            }
          : null,
    },
  };
}
