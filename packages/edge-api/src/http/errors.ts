import { errorStatus, type SignetError, type SignetErrorCode, signetError } from '@signet/sdk';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one place an error value becomes an HTTP response: status from the contract's table. */
export function errorResponse(c: Context, error: SignetError, headers?: Record<string, string>) {
  const status = errorStatus[error.code] as ContentfulStatusCode;
  return c.json({ error }, status, headers);
}

export function fail(
  c: Context,
  code: SignetErrorCode,
  message: string,
  field: string | null = null,
) {
  return errorResponse(c, signetError(code, message, field));
}
