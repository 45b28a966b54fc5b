import {
  type OwnerSession,
  OwnerSessionSchema,
  type Result,
  readErrorResponse,
  signetError,
} from '@signet/sdk';
import * as v from 'valibot';
import { t } from './i18n/console-locale.js';

/**
 * The console's session: a short-lived bearer for the admin API, kept for this tab only
 * (sessionStorage: gone with the tab, never sent by the browser on its own like a cookie).
 * A pasted site key is exchanged for a session at once and never stored.
 */
const storageKey = 'signet-console-session';

export function storedSession(): OwnerSession | null {
  try {
    const parsed = v.safeParse(
      OwnerSessionSchema,
      JSON.parse(sessionStorage.getItem(storageKey) ?? 'null'),
    );
    if (!parsed.success || Date.parse(parsed.output.expiresAt) <= Date.now()) return null;
    return parsed.output;
  } catch {
    return null;
  }
}

export function keepSession(session: OwnerSession | null) {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}

async function post(path: string, body: unknown, bearer?: string): Promise<Result<unknown>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: answer };
    return {
      ok: false,
      error:
        readErrorResponse(answer) ??
        signetError('invalid_response', t().shell.answeredHttp(response.status)),
    };
  } catch {
    return {
      ok: false,
      error: signetError('network', t().shell.unreachable),
    };
  }
}

function asSession(result: Result<unknown>): Result<OwnerSession> {
  if (!result.ok) return result;
  const parsed = v.safeParse(OwnerSessionSchema, result.value);
  return parsed.success
    ? { ok: true, value: parsed.output }
    : { ok: false, error: signetError('invalid_response', t().shell.unexpectedAnswer) };
}

export async function sessionFromLink(token: string) {
  return asSession(await post('/v1/admin/sessions', { token }));
}

export async function sessionFromKey(key: string) {
  return asSession(await post('/v1/admin/sessions', undefined, key));
}

export async function askSignInLink(site: string, email: string): Promise<Result<unknown>> {
  return post('/v1/admin/sign-in-links', { site, email });
}

export async function endSession(session: OwnerSession) {
  await fetch('/v1/admin/sessions/current', {
    method: 'DELETE',
    headers: { authorization: `Bearer ${session.session}` },
  }).catch(() => undefined);
}
