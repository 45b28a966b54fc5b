import * as v from 'valibot';
import {
  type Result,
  readErrorResponse,
  type SignetError,
  signetError,
} from '../contract/errors.js';
import { sdkVersion } from '../version.js';
import { notify, type TracingHooks } from './tracing.js';

/** How a server-side client reaches the API: key, timeouts, retries and tracing hooks. */
export interface ServerOptions extends TracingHooks {
  /** Base URL of the Signet API, e.g. `https://consent.example.eu`. */
  endpoint: string;
  /**
   * The site id. Sent with every call (`Signet-Site`): a key of another site is refused with
   * `unauthorized` rather than quietly answering for the key's own site.
   */
  site: string;
  /** The site's API key (`sk_…`): keep it on the server. */
  apiKey: string;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Time allowed for one attempt, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Retries after the first attempt, for network errors, timeouts, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** The first retry's delay before jitter, doubled each time (default 250 ms). */
  retryBaseMs?: number;
  /**
   * The longest wait between attempts (default 20,000 ms). A `Retry-After` longer than this is
   * not waited for: the call fails with `rate_limited` and says when to come back.
   */
  maxRetryDelayMs?: number;
}

/** One call's own options. */
export interface CallOptions {
  /** Cancels the call, also while it waits to retry. */
  signal?: AbortSignal;
  /**
   * Sent as `Idempotency-Key` on every attempt of a POST (default: a random one per call), so a
   * retry never starts a second request; pass your own (an order id) to cover your retries too.
   */
  idempotencyKey?: string;
}

const defaults = { timeoutMs: 10_000, maxRetries: 2, retryBaseMs: 250, maxRetryDelayMs: 20_000 };

type Attempt =
  | { kind: 'answer'; response: Response; body: unknown; text: string; bytes: Uint8Array }
  | { kind: 'failed'; error: SignetError; timedOut: boolean };

function retryable(attempt: Attempt) {
  if (attempt.kind === 'failed') return true;
  return attempt.response.status === 429 || attempt.response.status >= 500;
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Full jitter over an exponential window: retries of many clients do not arrive together. */
function backoffMs(retry: number, base: number, max: number) {
  return Math.random() * Math.min(max, base * 2 ** retry);
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

async function attempt(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await doFetch(url, { ...init, signal: combined });
    // Bytes first: a PDF is not text.
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { kind: 'answer', response, body, text, bytes };
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      const message = `Signet did not answer within ${timeoutMs} ms`;
      return { kind: 'failed', error: signetError('timeout', message), timedOut: true };
    }
    const message = `Could not reach Signet: ${String(cause)}`;
    return { kind: 'failed', error: signetError('network', message), timedOut: false };
  }
}

/**
 * An error with what the answer said besides its body: the HTTP status (0 without an answer),
 * the request's id (from the body, else the header) and how long `Retry-After` asks to wait.
 */
function described(error: SignetError, response?: Response): SignetError {
  const headerId = response?.headers.get('request-id') ?? undefined;
  const requestId = error.requestId ?? headerId;
  return {
    ...error,
    ...(requestId === undefined ? {} : { requestId }),
    status: response?.status ?? 0,
    retryAfterMs: retryAfterMs(response?.headers.get('retry-after') ?? null),
  };
}

function toResult<S extends v.GenericSchema>(schema: S, last: Attempt): Result<v.InferOutput<S>> {
  if (last.kind === 'failed') return { ok: false, error: described(last.error) };
  const { response, body } = last;
  if (!response.ok) {
    const error = readErrorResponse(body);
    const after = response.headers.get('retry-after');
    if (error && response.status === 429 && after) {
      const message = `${error.message} (Retry-After: ${after})`;
      return { ok: false, error: described({ ...error, message }, response) };
    }
    if (error) return { ok: false, error: described(error, response) };
    const message = `Signet answered HTTP ${response.status}`;
    return { ok: false, error: described(signetError('invalid_response', message), response) };
  }
  const parsed = v.safeParse(schema, body);
  if (parsed.success) return { ok: true, value: parsed.output };
  const message = `Signet's answer does not match the contract: ${parsed.issues[0].message}`;
  return { ok: false, error: described(signetError('invalid_response', message), response) };
}

function randomKey() {
  return `signet-sdk-${crypto.randomUUID()}`;
}

/**
 * One API call with the site key: each attempt bounded by `timeoutMs`, retried with exponential
 * backoff and full jitter on network errors, timeouts, 429 and 5xx (never on another 4xx, which
 * a retry would only repeat), honouring `Retry-After`. A POST carries the same
 * `Idempotency-Key` on every attempt. Resolves to a {@link Result}; throws only when the
 * caller's signal aborts.
 */
export async function serverCall<S extends v.GenericSchema>(
  options: ServerOptions,
  schema: S,
  path: string,
  init: CallInit = {},
): Promise<Result<v.InferOutput<S>>> {
  return toResult(schema, await sendWithRetries(options, path, init));
}

/** {@link serverCall} for answers that are not JSON (CSV, Markdown, HTML): the body as text. */
export async function serverText(
  options: ServerOptions,
  path: string,
  init: CallInit = {},
): Promise<Result<string>> {
  const last = await sendWithRetries(options, path, init);
  if (last.kind === 'answer' && last.response.ok) return { ok: true, value: last.text };
  return failedWithoutBody(last);
}

/** A document Signet answered (an exhibit in HTML or PDF): its bytes, and its name. */
export interface SignetDocument {
  bytes: Uint8Array;
  /** The bytes as UTF-8 text (for HTML). */
  text: string;
  contentType: string;
  /** From `Content-Disposition`: site, person reference, purpose and date. */
  fileName: string | null;
}

/** {@link serverText} for a document that may be binary, with its file name. */
export async function serverDocument(
  options: ServerOptions,
  path: string,
  init: CallInit = {},
): Promise<Result<SignetDocument>> {
  const last = await sendWithRetries(options, path, init);
  if (last.kind === 'answer' && last.response.ok) {
    const disposition = last.response.headers.get('content-disposition') ?? '';
    return {
      ok: true,
      value: {
        bytes: last.bytes,
        text: last.text,
        contentType: last.response.headers.get('content-type') ?? '',
        fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null,
      },
    };
  }
  return failedWithoutBody(last);
}

/** A body too large to hold (a whole-site export): its bytes as they arrive, and its name. */
export interface SignetStream {
  body: ReadableStream<Uint8Array>;
  fileName: string | null;
}

/**
 * A GET whose answer is read as it arrives, never held whole. `timeoutMs` bounds the wait for
 * the answer to start, not the download; refusals (4xx, 5xx) are read whole as errors. Not
 * retried: a retry would start the download again, which the caller can do.
 */
export async function serverStream(
  options: ServerOptions,
  path: string,
  init: CallOptions = {},
): Promise<Result<SignetStream>> {
  const doFetch = options.fetch ?? ((input, requestInit) => fetch(input, requestInit));
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    'signet-site': options.site,
  };
  if (!('document' in globalThis)) headers['user-agent'] = `signet-sdk/${sdkVersion}`;
  const started = new AbortController();
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const timer = setTimeout(() => started.abort(), timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, started.signal]) : started.signal;
  const url = `${options.endpoint.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await doFetch(url, { method: 'GET', headers, signal });
  } catch (cause) {
    if (init.signal?.aborted) throw init.signal.reason;
    const error = started.signal.aborted
      ? signetError('timeout', `Signet did not answer within ${timeoutMs} ms`)
      : signetError('network', `Could not reach Signet: ${String(cause)}`);
    return { ok: false, error: described(error) };
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || !response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return failedWithoutBody({ kind: 'answer', response, body, text, bytes });
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  return {
    ok: true,
    value: { body: response.body, fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null },
  };
}

/** A text or document call that did not get its 2xx answer. */
function failedWithoutBody(last: Attempt): Result<never> {
  const failed = toResult(v.unknown(), last);
  if (!failed.ok) return failed;
  const error = signetError('invalid_response', 'Signet answered without a body');
  return { ok: false, error: described(error, last.kind === 'answer' ? last.response : undefined) };
}

type CallInit = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A body that is not JSON (an import's CSV or NDJSON rows), sent as it is. */
  text?: { body: string; contentType: string };
} & CallOptions;

async function sendWithRetries(options: ServerOptions, path: string, init: CallInit) {
  const settings = { ...defaults, ...definedOnly(options) };
  const doFetch = options.fetch ?? ((input, requestInit) => fetch(input, requestInit));
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    'signet-site': options.site,
  };
  // Not from a page (the owner console runs this client same-origin): browsers forbid the header.
  if (!('document' in globalThis)) headers['user-agent'] = `signet-sdk/${sdkVersion}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = init.idempotencyKey ?? randomKey();
  const request: RequestInit = { method, headers };
  if (init.body !== undefined) request.body = JSON.stringify(init.body);
  if (init.text) {
    headers['content-type'] = init.text.contentType;
    request.body = init.text.body;
  }
  const url = `${options.endpoint.replace(/\/+$/, '')}${path}`;

  const traced = async (number: number) => {
    notify(options.onRequest, { method, url, attempt: number });
    const started = Date.now();
    const result = await attempt(doFetch, url, request, settings.timeoutMs, init.signal);
    const answered = result.kind === 'answer' ? result.response : null;
    notify(options.onResponse, {
      method,
      url,
      attempt: number,
      status: answered?.status ?? 0,
      requestId: answered?.headers.get('request-id') ?? null,
      durationMs: Date.now() - started,
    });
    return result;
  };
  let last = await traced(0);
  for (let retry = 0; retry < settings.maxRetries && retryable(last); retry += 1) {
    const asked =
      last.kind === 'answer' ? retryAfterMs(last.response.headers.get('retry-after')) : null;
    if (asked !== null && asked > settings.maxRetryDelayMs) break;
    const wait = Math.max(
      asked ?? 0,
      backoffMs(retry, settings.retryBaseMs, settings.maxRetryDelayMs),
    );
    await sleep(wait, init.signal);
    last = await traced(retry + 1);
  }
  return last;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
