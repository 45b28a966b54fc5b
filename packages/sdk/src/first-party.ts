import type { Locale } from './contract/common.js';
import type { ConsentRequestAccepted } from './contract/consent-requests.js';
import { type Result, readErrorResponse, signetError } from './contract/errors.js';
import type { Erasure } from './contract/export.js';
import type { FormConfig } from './contract/form.js';
import type {
  Me,
  PreferenceLinkAccepted,
  PreferenceSession,
  Withdrawal,
} from './contract/preferences.js';
import {
  bearer,
  type ConsentRequestInput,
  consentRequestCall,
  formPath,
  jsonPost,
} from './requests.js';
import { callApi, type SignetClientOptions } from './transport.js';

// For code that the Signet deployment serves itself, the widget: it reads answers of the same
// versioned API (/v1) whose responses are tested against the contract's schemas, and a validator
// would be the largest part of its bundle (decision 0004). Everyone else uses the checked calls
// in client.ts.

/**
 * `getForm` without the schema: only for the widget. It still refuses an answer that is not a
 * form at all (a proxy's page, an empty body), so the element reports an error instead of
 * failing to render.
 */
export async function getFormUnchecked(
  options: SignetClientOptions,
  locale: Locale,
): Promise<Result<FormConfig>> {
  const result = await callApi(options, formPath(options.site, locale));
  if (!result.ok) return result;
  const form = result.value as Partial<FormConfig> | null;
  if (typeof form?.locale === 'string' && Array.isArray(form.purposes)) {
    return { ok: true, value: form as FormConfig };
  }
  return { ok: false, error: signetError('invalid_response', 'Signet answered without a form') };
}

/** `requestConsent` without checking the answer's shape: only for the widget. */
export function requestConsentUnchecked(options: SignetClientOptions, input: ConsentRequestInput) {
  const { path, init } = consentRequestCall(options.site, input);
  return callApi(options, path, init) as Promise<Result<ConsentRequestAccepted>>;
}

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

/** The export as a file to save: JSON (R3) or the readable page. */
export async function exportFileUnchecked(
  options: SignetClientOptions,
  session: string,
  format: 'json' | 'html' | 'csv',
  /** The language of the readable page and of the CSV's labels. */
  locale?: Locale,
): Promise<Result<Blob>> {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const language = locale ? `&locale=${locale}` : '';
  try {
    const response = await doFetch(`${base}/v1/me/export?format=${format}${language}`, {
      headers: bearer(session),
    });
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
export async function receiptFileUnchecked(
  options: SignetClientOptions,
  session: string,
  purpose: string,
): Promise<Result<Blob>> {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    const response = await doFetch(
      `${base}/v1/me/receipts?purpose=${encodeURIComponent(purpose)}`,
      { headers: bearer(session) },
    );
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
