import type { Locale } from './contract/common.js';
import type { ConsentRequest } from './contract/consent-requests.js';

export type ConsentRequestInput = Omit<ConsentRequest, 'site'> & { idempotencyKey?: string };

/** `GET /v1/sites/{site}/form?locale=`. */
export function formPath(site: string, locale: Locale) {
  return `/v1/sites/${encodeURIComponent(site)}/form?locale=${encodeURIComponent(locale)}`;
}

/**
 * `POST /v1/consent-requests` for a site; the idempotency key travels as a header. A server
 * (which sends no Origin) proves itself with the site key; a browser never has one.
 */
export function consentRequestCall(
  site: string,
  { idempotencyKey, ...input }: ConsentRequestInput,
  apiKey?: string,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const init: RequestInit = { method: 'POST', headers, body: JSON.stringify({ site, ...input }) };
  return { path: '/v1/consent-requests', init };
}

/** A JSON POST, with any extra headers (a bearer). */
export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A preference session as the API expects it. */
export const bearer = (session: string) => ({ authorization: `Bearer ${session}` });
