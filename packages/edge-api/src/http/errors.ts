import {
  type ErrorResponse,
  errorStatus,
  type SignetError,
  type SignetErrorCode,
  signetError,
} from '@signet/sdk';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one place an error value becomes an HTTP response: status from the contract's table, and
 * the request's id (middleware/request-id.ts) in the body as in the `Request-Id` header.
 */
export function errorResponse(c: Context, error: SignetError, headers?: Record<string, string>) {
  const status = errorStatus[error.code] as ContentfulStatusCode;
  const requestId: unknown = c.get('requestId');
  const { code, message, field } = error;
  const body: ErrorResponse = {
    error: { code, message, field, ...(typeof requestId === 'string' ? { requestId } : {}) },
  };
  return c.json(body, status, headers);
}

export function fail(
  c: Context,
  code: SignetErrorCode,
  message: string,
  field: string | null = null,
) {
  return errorResponse(c, signetError(code, message, field));
}
