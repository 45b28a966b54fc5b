import type { Locale } from './contract/common.js';
import type { ConsentRequestAccepted } from './contract/consent-requests.js';
import type { Result } from './contract/errors.js';
import type { FormConfig } from './contract/form.js';
import { type ConsentRequestInput, consentRequestCall, formPath } from './requests.js';
import { callApi, type SignetClientOptions } from './transport.js';

// For code that the Signet deployment serves itself, the widget: it reads answers of the same
// versioned API (/v1) whose responses are tested against the contract's schemas, and a validator
// would be the largest part of its bundle (decision 0004). Everyone else uses the checked calls
// in client.ts.

/** {@link getForm} without checking the answer's shape: only for the widget. */
export function getFormUnchecked(options: SignetClientOptions, locale: Locale) {
  return callApi(options, formPath(options.site, locale)) as Promise<Result<FormConfig>>;
}

/** {@link requestConsent} without checking the answer's shape: only for the widget. */
export function requestConsentUnchecked(options: SignetClientOptions, input: ConsentRequestInput) {
  const { path, init } = consentRequestCall(options.site, input);
  return callApi(options, path, init) as Promise<Result<ConsentRequestAccepted>>;
}
