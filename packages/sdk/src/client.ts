import * as v from 'valibot';
import type { Locale } from './contract/common.js';
import {
  type ConsentRequest,
  type ConsentRequestAccepted,
  ConsentRequestAcceptedSchema,
} from './contract/consent-requests.js';
import { type ConsentCheck, ConsentCheckSchema } from './contract/consents.js';
import { ErrorResponseSchema, type Result, signetError } from './contract/errors.js';
import { type FormConfig, FormConfigSchema } from './contract/form.js';

export interface SignetClientOptions {
  /** Base URL of the Signet API, e.g. `https://consent.example.eu`. */
  endpoint: string;
  /** The site id the form belongs to. */
  site: string;
  /** Site API key, for server-side calls only (never ship it to a browser). */
  apiKey?: string;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
}

export type ConsentRequestInput = Omit<ConsentRequest, 'site'> & { idempotencyKey?: string };

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

/** One API call: every failure becomes a typed error value, never a throw. */
async function callSignet<S extends v.GenericSchema>(
  options: SignetClientOptions,
  schema: S,
  path: string,
  init: RequestInit = {},
): Promise<Result<v.InferOutput<S>>> {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, requestInit) => fetch(input, requestInit));
  let response: Response;
  try {
    response = await doFetch(`${base}${path}`, init);
  } catch (cause) {
    return { ok: false, error: signetError('network', `Could not reach Signet: ${String(cause)}`) };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const parsed = v.safeParse(ErrorResponseSchema, body);
    if (parsed.success) return { ok: false, error: parsed.output.error };
    const message = `Signet answered HTTP ${response.status}`;
    return { ok: false, error: signetError('invalid_response', message) };
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    const message = 'Signet answered in an unexpected shape';
    return { ok: false, error: signetError('invalid_response', message) };
  }
  return { ok: true, value: parsed.output };
}

// The calls are also exported one by one, so a bundle carries only those it uses.

/** The site's public form configuration in one locale. */
export function getForm(options: SignetClientOptions, locale: Locale) {
  const site = encodeURIComponent(options.site);
  const path = `/v1/sites/${site}/form?locale=${encodeURIComponent(locale)}`;
  return callSignet(options, FormConfigSchema, path);
}

/** Starts the double opt-in: the API sends a confirmation link and answers `pending`. */
export function requestConsent(
  options: SignetClientOptions,
  { idempotencyKey, ...input }: ConsentRequestInput,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return callSignet(options, ConsentRequestAcceptedSchema, '/v1/consent-requests', {
    method: 'POST',
    headers,
    body: JSON.stringify({ site: options.site, ...input }),
  });
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
