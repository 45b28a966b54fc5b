import { noPendingRequest } from '../store/consent-requests.js';
import { noActiveConsent } from '../store/consents.js';
import { allOf, type Guard } from '../store/guard.js';
import { type ErasureEnv, eraseSubject } from './erasure.js';

/**
 * The one rule for a person's last purpose (R4, decision 0006), whichever way it ends: withdrawn
 * on the preferences page, by a one-click unsubscribe link, or lapsed by its lifetime. When
 * nothing is left active or pending, the data held for the person goes by the erasure path
 * (signed `erased` records, suppression, every row and the data key); the signed records stay,
 * so the proof of what they agreed to and of its end outlives the data (P4).
 */
export const lastPurposeRule = {
  /** Holds, inside a batch after its writes, when the person has nothing left active or pending. */
  nothingLeft(who: { siteId: string; subjectId: string }, at: string): Guard {
    return allOf(noActiveConsent(who.siteId, who.subjectId), noPendingRequest(who.subjectId, at));
  },

  /**
   * Whether ending `purposes` would leave nothing: what the pages say before the click. `consents`
   * are the person's consents, `pending` how many requests wait for their confirmation.
   */
  wouldEndAll(
    consents: { purpose_id: string; status: string }[],
    pending: number,
    purposes: string[],
  ): boolean {
    const active = consents.filter((consent) => consent.status === 'active');
    return (
      pending === 0 &&
      active.length > 0 &&
      active.every((consent) => purposes.includes(consent.purpose_id))
    );
  },

  /** Applies the rule once `nothingLeft` held after a batch that ended a purpose. */
  apply(
    env: ErasureEnv,
    who: { siteId: string; subjectId: string },
    ended: 'withdrawn' | 'expired',
    now: Date,
  ) {
    return eraseSubject(env, who, ended, now);
  },
};
