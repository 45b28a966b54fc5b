import type { ConsentCheck } from '../contract/consents.js';
import { type Result, type SignetError, signetError } from '../contract/errors.js';

/**
 * The answer to "may I contact this person for this purpose?". Only `allowed: true` permits
 * contact; every failure (network, timeout, an error answer, an answer that is not the contract's)
 * is `allowed: false` with `reason: 'error'`, so a caller that checks `allowed` fails closed.
 */
export type ContactDecision =
  | (ConsentCheck & { allowed: true; since: string })
  | {
      allowed: false;
      /** `no_consent`: Signet holds no active consent (never given, withdrawn, expired). */
      reason: 'no_consent' | 'error';
      /** What went wrong, for `reason: 'error'`. */
      error?: SignetError;
    };

/** A check's answer as a decision: allowed only when Signet said so in the contract's shape. */
export function decide(result: Result<ConsentCheck>): ContactDecision {
  if (!result.ok) return { allowed: false, reason: 'error', error: result.error };
  const check = result.value;
  if (check.allowed !== true) return { allowed: false, reason: 'no_consent' };
  if (typeof check.since === 'string') return { ...check, allowed: true, since: check.since };
  const error = signetError('invalid_response', 'Signet allowed contact without saying since when');
  return { allowed: false, reason: 'error', error };
}
