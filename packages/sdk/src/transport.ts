import { type Result, readErrorResponse, signetError } from './contract/errors.js';

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

/**
 * One HTTP call to the API. Network failures, non-JSON answers and error answers become
 * {@link SignetError} values; the body of a successful answer is handed back as it came, for the
 * caller to check (the SDK's calls) or to trust (the widget, see decision 0004).
 */
export async function callApi(
  options: SignetClientOptions,
  path: string,
  init: RequestInit = {},
): Promise<Result<unknown>> {
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
    const error = readErrorResponse(body);
    if (error) return { ok: false, error };
    const message = `Signet answered HTTP ${response.status}`;
    return { ok: false, error: signetError('invalid_response', message) };
  }
  if (body === undefined) {
    const message = 'Signet answered without a JSON body';
    return { ok: false, error: signetError('invalid_response', message) };
  }
  return { ok: true, value: body };
}
