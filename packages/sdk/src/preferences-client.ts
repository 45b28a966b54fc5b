import { callSignet } from './checked-call.js';
import type { Locale } from './contract/common.js';
import { ErasureSchema, ExportSchema } from './contract/export.js';
import {
  MeSchema,
  PreferenceLinkAcceptedSchema,
  PreferenceSessionSchema,
  WithdrawalSchema,
} from './contract/preferences.js';
import { ReceiptSchema } from './contract/receipts.js';
import { bearer, jsonPost } from './requests.js';
import type { SignetClientOptions } from './transport.js';

// The person's side (R1-R6), checked against the contract: for a site that builds its own
// preferences page instead of embedding <signet-preferences>. Each call is exported on its own.

/** Mails a link to the preferences page, if the site knows the address (the answer is the same). */
export function requestPreferenceLink(
  options: SignetClientOptions,
  input: { email: string; locale?: Locale },
) {
  return callSignet(
    options,
    PreferenceLinkAcceptedSchema,
    '/v1/preference-links',
    jsonPost({ site: options.site, ...input }),
  );
}

/** Opens a session from a link's token, or from the address and the mailed 8-digit code. */
export function openPreferenceSession(
  options: SignetClientOptions,
  input: { token: string } | { email: string; code: string },
) {
  const body = 'token' in input ? input : { site: options.site, ...input };
  return callSignet(options, PreferenceSessionSchema, '/v1/preference-sessions', jsonPost(body));
}

/** What the site holds about the person (R2). */
export function getMe(options: SignetClientOptions, session: string, locale: Locale) {
  return callSignet(options, MeSchema, `/v1/me?locale=${encodeURIComponent(locale)}`, {
    headers: bearer(session),
  });
}

/** Withdraws purposes at once (R1); when nothing is left, the person is erased. */
export function withdraw(options: SignetClientOptions, session: string, purposes: string[]) {
  return callSignet(
    options,
    WithdrawalSchema,
    '/v1/me/withdrawals',
    jsonPost({ purposes }, bearer(session)),
  );
}

/** Every row held about the person (R3); needs a session opened in the last 15 minutes. */
export function exportData(options: SignetClientOptions, session: string) {
  return callSignet(options, ExportSchema, '/v1/me/export', { headers: bearer(session) });
}

/** Erases the person (R4); needs a session opened in the last 15 minutes. */
export function erase(options: SignetClientOptions, session: string) {
  return callSignet(options, ErasureSchema, '/v1/me/erasure', {
    method: 'POST',
    headers: bearer(session),
  });
}

/** The person's receipt for one purpose (P6): check it with `verifyReceipt` from `/verify`. */
export function getReceipt(options: SignetClientOptions, session: string, purpose: string) {
  const path = `/v1/me/receipts?purpose=${encodeURIComponent(purpose)}`;
  return callSignet(options, ReceiptSchema, path, { headers: bearer(session) });
}
