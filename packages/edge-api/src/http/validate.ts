import { type SignetError, signetError } from '@signet/sdk';
import type { Context } from 'hono';
import * as v from 'valibot';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: SignetError };

export const maxBodyBytes = 16 * 1024;

/** Routes that take a list (a mailing list's addresses) get room for it, no more. */
const listRoutes = new Set(['/v1/consents/checks']);
export const maxListBodyBytes = 320 * 1024;

/** An import call: up to 5,000 rows of CSV or NDJSON (M1). */
export const maxImportBodyBytes = 8 * 1024 * 1024;

export function maxBodyBytesFor(path: string) {
  if (path === '/v1/admin/imports') return maxImportBodyBytes;
  return listRoutes.has(path) ? maxListBodyBytes : maxBodyBytes;
}

function issueToError(issue: v.BaseIssue<unknown>): SignetError {
  const field = v.getDotPath(issue);
  const where = field ? `${field} ` : '';
  return signetError('invalid_input', `${where}${issue.message}`.trim(), field);
}

export function parseWith<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  return { ok: false, error: issueToError(issue) };
}

/** Reads a small JSON body and validates it; every failure is a value, never a throw. */
export async function parseJsonBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<Parsed<v.InferOutput<S>>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return {
      ok: false,
      error: signetError('unsupported_media_type', 'Send the body as application/json'),
    };
  }
  const text = await c.req.text();
  const limit = maxBodyBytesFor(c.req.path);
  if (new TextEncoder().encode(text).byteLength > limit) {
    return {
      ok: false,
      error: signetError('payload_too_large', `The body must be at most ${limit} bytes`),
    };
  }
  const body = jsonOf(c.req.raw, text);
  if (body === notJson) {
    return { ok: false, error: signetError('invalid_json', 'The body is not valid JSON') };
  }
  return parseWith(schema, body);
}

const notJson = Symbol('not JSON');
/** Each request's body parsed once: shard routing reads `site` or `token` from the same JSON. */
const parsedBodies = new WeakMap<Request, unknown>();

function jsonOf(request: Request, text: string): unknown {
  if (parsedBodies.has(request)) return parsedBodies.get(request);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = notJson;
  }
  parsedBodies.set(request, body);
  return body;
}

/**
 * A JSON body as a value, or null when the request has none or it is not JSON; parsed once, so
 * the route that validates it later does not parse the text again (issue 23).
 */
export async function jsonBodyOf(c: Context): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return null;
  const body = jsonOf(c.req.raw, await c.req.text());
  return body === notJson ? null : body;
}

/** Query parameters as a plain object (a repeated key keeps its first value). */
export function queryObject(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(c.req.url).searchParams) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

/** The request's `Idempotency-Key`, if it sent one: 1 to 200 visible ASCII characters. */
export function idempotencyKeyOf(c: Context): Parsed<string | null> {
  const key = c.req.header('idempotency-key') ?? null;
  if (key === null || idempotencyKeyPattern.test(key)) return { ok: true, value: key };
  const message = 'Idempotency-Key must be 1 to 200 visible ASCII characters';
  return { ok: false, error: signetError('invalid_input', message, 'Idempotency-Key') };
}
