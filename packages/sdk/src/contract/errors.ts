import * as v from 'valibot';

/**
 * Every error Signet reports, on the wire and in the SDK. A closed union: the API maps each code
 * to one HTTP status in {@link errorStatus}, and the SDK turns responses back into the same union.
 */
export const errorCodes = [
  'invalid_json',
  'invalid_input',
  'unsupported_media_type',
  'payload_too_large',
  'unknown_site',
  'unknown_purpose',
  'outdated_wording',
  'origin_not_allowed',
  'unauthorized',
  'forbidden',
  'fresh_session_required',
  'not_found',
  'rate_limited',
  'idempotency_conflict',
  'turnstile_failed',
  'conflict',
  'sms_not_configured',
  'internal',
  // Only produced by the SDK, never sent by the API.
  'network',
  'timeout',
  'invalid_response',
  'invalid_signature',
] as const;

export type SignetErrorCode = (typeof errorCodes)[number];

export const errorStatus: Record<SignetErrorCode, number> = {
  invalid_json: 400,
  invalid_input: 422,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unknown_site: 404,
  unknown_purpose: 404,
  outdated_wording: 409,
  origin_not_allowed: 403,
  unauthorized: 401,
  forbidden: 403,
  fresh_session_required: 403,
  not_found: 404,
  rate_limited: 429,
  idempotency_conflict: 409,
  turnstile_failed: 403,
  conflict: 409,
  sms_not_configured: 422,
  internal: 500,
  network: 0,
  timeout: 0,
  invalid_response: 0,
  invalid_signature: 0,
};

/** An error as a value: what went wrong, in words for a developer, and which input field. */
export interface SignetError {
  code: SignetErrorCode;
  message: string;
  /** Dotted path of the input field at fault (`purposes.0.wordingVersion`), or null. */
  field: string | null;
  /**
   * The id of the request that failed, as in its `Request-Id` header: quote it when asking
   * about the failure. Absent when no answer came (or from an API older than request ids).
   */
  requestId?: string;
  /** Set by the SDK: the HTTP status of the answer, 0 when none came (network, timeout). */
  status?: number;
  /** Set by the SDK on a 429 (and a 503) with `Retry-After`: how long to wait, in ms; else null. */
  retryAfterMs?: number | null;
}

export const SignetErrorSchema = v.object({
  code: v.picklist(errorCodes),
  message: v.string(),
  field: v.nullable(v.string()),
  // Optional: answers of an API from before request ids still parse.
  requestId: v.optional(v.string()),
});

export const ErrorResponseSchema = v.object({ error: SignetErrorSchema });
export type ErrorResponse = v.InferOutput<typeof ErrorResponseSchema>;

/**
 * The error inside an error answer, or null: the same decision as {@link ErrorResponseSchema}
 * (a property test holds the two together) without valibot, so the widget's bundle can read
 * error answers without carrying a validator.
 */
export function readErrorResponse(body: unknown): SignetError | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error as Partial<Record<keyof SignetError, unknown>> | null;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, field, requestId } = error;
  const known = (errorCodes as readonly unknown[]).includes(code);
  if (!known || typeof message !== 'string') return null;
  if (field !== null && typeof field !== 'string') return null;
  if (requestId !== undefined && typeof requestId !== 'string') return null;
  const read: SignetError = { code: code as SignetErrorCode, message, field };
  if ('requestId' in error) read.requestId = requestId as string;
  return read;
}

export function signetError(
  code: SignetErrorCode,
  message: string,
  field: string | null = null,
): SignetError {
  return { code, message, field };
}

/** A result as a value: callers branch on `ok` instead of catching. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SignetError };
