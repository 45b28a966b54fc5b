import type { Locale } from './contract/common.js';
import type { ConsentRequestAccepted } from './contract/consent-requests.js';
import { type Result, readErrorResponse, signetError } from './contract/errors.js';
import type { Erasure } from './contract/export.js';
import type {
  Me,
  PreferenceLinkAccepted,
  PreferenceSession,
  SessionEnded,
  Withdrawal,
} from './contract/preferences.js';
import { bearer, jsonPost } from './requests.js';
import { callApi, type SignetClientOptions } from './transport.js';

// A module of its own, apart from the form's two calls in first-party.ts: the script-tag bundle
// then keeps these in the preferences element's chunk instead of in signet.js.

// The person's side, for <signet-preferences>: the same unchecked reading (decision 0004). The
// session is a bearer credential the element keeps in memory only.

/** `POST /v1/preference-links`: mail a link (and code) to this address if the site knows it. */
export function requestPreferenceLinkUnchecked(
  options: SignetClientOptions,
  input: { email: string; locale?: Locale },
) {
  const body = { site: options.site, ...input };
  return callApi(options, '/v1/preference-links', jsonPost(body)) as Promise<
    Result<PreferenceLinkAccepted>
  >;
}

/** `POST /v1/preference-sessions`: a link's token, or the address and the mailed code. */
export function openPreferenceSessionUnchecked(
  options: SignetClientOptions,
  input: { token: string } | { email: string; code: string },
) {
  const body = 'token' in input ? input : { site: options.site, ...input };
  return callApi(options, '/v1/preference-sessions', jsonPost(body)) as Promise<
    Result<PreferenceSession>
  >;
}

export function getMeUnchecked(options: SignetClientOptions, session: string, locale: Locale) {
  return callApi(options, `/v1/me?locale=${encodeURIComponent(locale)}`, {
    headers: bearer(session),
  }) as Promise<Result<Me>>;
}

export function withdrawUnchecked(
  options: SignetClientOptions,
  session: string,
  purposes: string[],
) {
  return callApi(options, '/v1/me/withdrawals', jsonPost({ purposes }, bearer(session))) as Promise<
    Result<Withdrawal>
  >;
}

export function eraseUnchecked(options: SignetClientOptions, session: string) {
  return callApi(options, '/v1/me/erasure', {
    method: 'POST',
    headers: bearer(session),
  }) as Promise<Result<Erasure>>;
}

/** `DELETE /v1/me/session`: signs the person out. */
export function endSessionUnchecked(options: SignetClientOptions, session: string) {
  return callApi(options, '/v1/me/session', {
    method: 'DELETE',
    headers: bearer(session),
  }) as Promise<Result<SessionEnded>>;
}

/** The export as a file to save: JSON (R3), the readable page or the history as CSV. */
export function exportFileUnchecked(
  options: SignetClientOptions,
  session: string,
  format: 'json' | 'html' | 'csv',
  /** The language of the readable page and of the CSV's labels. */
  locale?: Locale,
): Promise<Result<Blob>> {
  const language = locale ? `&locale=${locale}` : '';
  return fileUnchecked(options, session, `/v1/me/export?format=${format}${language}`);
}

/** `POST /v1/me/consent-requests`: agree (again) from the page; a new double opt-in starts. */
export function reconsentUnchecked(
  options: SignetClientOptions,
  session: string,
  input: { purposes: { id: string; wordingVersion: string }[]; locale: Locale },
) {
  return callApi(options, '/v1/me/consent-requests', jsonPost(input, bearer(session))) as Promise<
    Result<ConsentRequestAccepted>
  >;
}

/**
 * `GET /v1/me/receipts?purpose=`: the person's receipt for one purpose as a file (P6), for the
 * widget's download button; the element never reads it, so nothing is parsed here.
 */
export function receiptFileUnchecked(
  options: SignetClientOptions,
  session: string,
  purpose: string,
): Promise<Result<Blob>> {
  return fileUnchecked(options, session, `/v1/me/receipts?purpose=${encodeURIComponent(purpose)}`);
}

/** A file the person saves as it comes (never parsed), or the API's error. */
async function fileUnchecked(
  options: SignetClientOptions,
  session: string,
  path: string,
): Promise<Result<Blob>> {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    const response = await doFetch(`${base}${path}`, { headers: bearer(session) });
    if (response.ok) return { ok: true, value: await response.blob() };
    const error = readErrorResponse(await response.json().catch(() => null));
    return {
      ok: false,
      error: error ?? signetError('invalid_response', `Signet answered HTTP ${response.status}`),
    };
  } catch (cause) {
    return { ok: false, error: signetError('network', `Could not reach Signet: ${String(cause)}`) };
  }
}
