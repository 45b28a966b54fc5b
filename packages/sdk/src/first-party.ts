import type { Locale } from './contract/common.js';
import type { ConsentRequestAccepted } from './contract/consent-requests.js';
import { type Result, signetError } from './contract/errors.js';
import type { FormConfig } from './contract/form.js';
import { type ConsentRequestInput, consentRequestCall, formPath } from './requests.js';
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

export * from './first-party-person.js';
