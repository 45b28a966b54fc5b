import type { SignetErrorCode } from '@signet/sdk';

export type ApiErrorCode = SignetErrorCode;

/**
 * What each code the API sends tells a caller. Codes with no status (the SDK's own, such as
 * `timeout`) never travel and have no entry; a test holds this table and `errorStatus` together.
 */
export const errorMeanings: Partial<Record<SignetErrorCode, string>> = {
  invalid_json: 'The body is not JSON.',
  invalid_input: 'An input is not valid; `field` names it.',
  unsupported_media_type: 'The body is not sent as `application/json`.',
  payload_too_large: 'The body is too large (16 KiB; 320 KiB for a mailing list).',
  unknown_site: 'No site has this id.',
  unknown_purpose:
    'The site has no such purpose (a typo?), or, for a consent request, it has ended.',
  outdated_wording: 'The wording shown is no longer the current one: load the form again.',
  origin_not_allowed:
    'The `Origin` is not one of the site’s, or a call without one has no site key.',
  unauthorized:
    'The key or session is missing, wrong, revoked or expired, or what opened the session no longer holds.',
  forbidden: 'The credential is valid but may not do this (a console session cannot open another).',
  fresh_session_required:
    'This change needs the site key or a console session opened in the last 15 minutes: sign in again.',
  not_found: 'Nothing is held under this name.',
  rate_limited: 'Too many requests for this address, client or site; try again later.',
  idempotency_conflict: 'This `Idempotency-Key` came with another body.',
  turnstile_failed: 'The Turnstile check failed.',
  conflict: 'The change contradicts what is stored.',
  sms_not_configured: 'This deployment has no SMS transport for SMS and phone purposes.',
  internal: 'Something failed on Signet’s side, or the deployment is misconfigured.',
};
