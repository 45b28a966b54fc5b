import { callSignet } from './checked-call.js';
import type { Locale } from './contract/common.js';
import {
  type ConsentRequestAccepted,
  ConsentRequestAcceptedSchema,
} from './contract/consent-requests.js';
import { type ConsentCheck, ConsentCheckSchema } from './contract/consents.js';
import type { Result } from './contract/errors.js';
import { type FormConfig, FormConfigSchema } from './contract/form.js';
import { type ConsentRequestInput, consentRequestCall, formPath } from './requests.js';
import type { SignetClientOptions } from './transport.js';

export type { ConsentRequestInput } from './requests.js';
export type { SignetClientOptions } from './transport.js';

export interface SignetClient {
  /** The site's public form configuration in one locale. */
  getForm(locale: Locale): Promise<Result<FormConfig>>;
  /** Starts the double opt-in: the API mails a confirmation link and answers `pending`. */
  requestConsent(input: ConsentRequestInput): Promise<Result<ConsentRequestAccepted>>;
  /** Server side (needs `apiKey`): may this person be contacted for this purpose? */
  checkConsent(query: { email: string; purpose: string }): Promise<Result<ConsentCheck>>;
}

/**
 * A fetch-based client for browsers, Node, Workers, Deno and Bun. Every method resolves to a
 * {@link Result}; it never throws for HTTP, network or response-shape failures.
 *
 * @example
 * const signet = createSignetClient({ endpoint: 'https://consent.example.eu', site: 'shop' });
 * const form = await signet.getForm('de');
 * if (!form.ok) console.error(form.error.code, form.error.message);
 */
export function createSignetClient(options: SignetClientOptions): SignetClient {
  return {
    getForm: (locale) => getForm(options, locale),
    requestConsent: (input) => requestConsent(options, input),
    checkConsent: (query) => checkConsent(options, query),
  };
}

// The calls are also exported one by one, so a bundle carries only those it uses.

/** The site's public form configuration in one locale. */
export function getForm(options: SignetClientOptions, locale: Locale) {
  return callSignet(options, FormConfigSchema, formPath(options.site, locale));
}

/** Starts the double opt-in: the API sends a confirmation link and answers `pending`. */
export function requestConsent(options: SignetClientOptions, input: ConsentRequestInput) {
  const { path, init } = consentRequestCall(options.site, input, options.apiKey);
  return callSignet(options, ConsentRequestAcceptedSchema, path, init);
}

/** Server side (needs `apiKey`): may this person be contacted for this purpose? */
export function checkConsent(
  options: SignetClientOptions,
  query: { email: string; purpose: string },
) {
  const search = new URLSearchParams(query);
  return callSignet(options, ConsentCheckSchema, `/v1/consents/check?${search}`, {
    headers: { authorization: `Bearer ${options.apiKey ?? ''}` },
  });
}
