import type { ConsentCheck } from '@signet/sdk';
import { emailIndex } from '../crypto/blind-index.js';
import { findConsentState } from '../store/consents.js';

/** A3: may the site contact this address for this purpose, and which record proves it? */
export async function checkConsent(
  db: D1Database,
  indexKey: string,
  siteId: string,
  query: { email: string; purpose: string },
): Promise<ConsentCheck> {
  const index = await emailIndex(indexKey, query.email);
  const state = await findConsentState(db, siteId, index, query.purpose);
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
