import type { ConsentCheck, ContactQuery } from '../contract/consents.js';
import { type Result, type SignetError, signetError } from '../contract/errors.js';

/**
 * The answer to "may I contact this person for this purpose?". Only `allowed: true` permits
 * contact, and then it names the record that proves it; every failure (network, timeout, an
 * error answer such as `unknown_purpose`, an answer that is not the contract's) is
 * `allowed: false` with `reason: 'error'` and the error, so a caller that checks `allowed` fails
 * closed.
 */
export type ContactDecision =
  // `reason` absent, so that `decision.reason === 'error'` reads well without testing `allowed`.
  | (Extract<ConsentCheck, { allowed: true }> & { reason?: undefined })
  /** Signet holds no active consent (never given, withdrawn, expired). */
  | { allowed: false; reason: 'no_consent' }
  /** Signet could not be asked, or refused the question: what went wrong. */
  | { allowed: false; reason: 'error'; error: SignetError };

/** A check's answer as a decision: allowed only when Signet said so in the contract's shape. */
export function decide(result: Result<ConsentCheck>): ContactDecision {
  if (!result.ok) return refuse(result.error);
  const check = result.value;
  return check.allowed === true ? check : { allowed: false, reason: 'no_consent' };
}

export const refuse = (error: SignetError): ContactDecision => ({
  allowed: false,
  reason: 'error',
  error,
});

/**
 * Who a call is about: an email address or a phone number, never both (the API refuses both, and
 * dropping one would ask about someone else than meant).
 */
export type ContactInput =
  | { email: string; phone?: undefined }
  | { phone: string; email?: undefined };

/**
 * The contact of a query, checked at run time too (a caller without types, or with a cast, can
 * still pass both): exactly one of `email` and `phone`, as a string.
 */
export function contactOf(query: { email?: unknown; phone?: unknown }): Result<ContactQuery> {
  const email = query.email ?? undefined;
  const phone = query.phone ?? undefined;
  if (typeof email === 'string' && phone === undefined) return { ok: true, value: { email } };
  if (typeof phone === 'string' && email === undefined) return { ok: true, value: { phone } };
  const both = email !== undefined && phone !== undefined;
  const message = both
    ? 'give either email or phone, not both: they may be two people'
    : 'give either email or phone, as a string';
  return { ok: false, error: signetError('invalid_input', message, both ? 'phone' : 'email') };
}
