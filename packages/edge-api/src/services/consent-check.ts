import type { ConsentCheck, ConsentCheckQuery, ContactQuery } from '@signet/sdk';
import { emailIndex, phoneIndex } from '../crypto/blind-index.js';
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

import { findConsentState } from '../store/consents.js';

/** A3: may the site contact this person for this purpose, and which record proves it? */
export async function checkConsent(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: ConsentCheckQuery,
  now: Date = new Date(),
): Promise<ConsentCheck> {
  const contact = await contactIndex(indexKey, siteId, query);
  const state = await findConsentState(db, siteId, contact, query.purpose, now.toISOString());
  if (state?.status !== 'active') return { allowed: false, since: null, record: null };
  return {
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
  };
}
