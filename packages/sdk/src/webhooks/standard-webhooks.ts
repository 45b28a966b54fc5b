import * as v from 'valibot';
import { type Result, signetError } from '../contract/errors.js';
import { type WebhookEvent, WebhookEventSchema } from '../contract/webhooks.js';

// Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (unix seconds) and
// `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the secret `whsec_<base64>`.

const encoder = new TextEncoder();

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

const bytesToBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function secretKey(secret: string, usage: 'sign' | 'verify') {
  const raw = base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  if (!raw || raw.length < 16) throw new Error('the webhook secret is not whsec_<base64>');
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** A new secret: 32 random bytes as `whsec_<base64>`. */
export function newWebhookSecret(): string {
  return `whsec_${bytesToBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** The `webhook-signature` value for one delivery. */
export async function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  payload: string,
): Promise<string> {
  const key = await secretKey(secret, 'sign');
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(`${id}.${timestamp}.${payload}`),
  );
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

export interface VerifyWebhookInput {
  /** The raw body exactly as received (never re-serialised JSON). */
  payload: string;
  /** The request's headers (a Headers object or Node's `req.headers`). */
  headers: HeaderSource;
  /**
   * The endpoint's secret, `whsec_…`, as shown when it was created or rotated; or several (the
   * new one and the old one while a rotation settles): any of them may match.
   */
  secret: string | readonly string[];
  /** How far `webhook-timestamp` may be from now, in seconds (default 300): replays fail after. */
  toleranceSeconds?: number;
  now?: Date;
}

const refused = (message: string): Result<never> => ({
  ok: false,
  error: signetError('invalid_signature', message),
});

/**
 * Checks a webhook from Signet: the signature over id, timestamp and raw body (any of the
 * space-separated `v1,` signatures under any of the secrets given, compared in constant time by
 * WebCrypto), a timestamp within the tolerance (against replays), and a body of the contract's
 * shape. Resolves to the event, or to an `invalid_signature` error saying why; never throws for
 * bad input.
 *
 * How Signet delivers, so that a receiver can rely on it:
 * - **When**: right after the change is signed, else by the cron (every 5 minutes). A failed
 *   attempt (no 2xx, a redirect, or no answer within 10 s) is retried after 1 and 5 minutes, half
 *   an hour, 2 and 5 hours, then every 10 hours: 13 attempts over more than three days, then the
 *   delivery is `failed` (the log says so; `redeliver` sends it again).
 * - **Once per id**: one attempt at a time per event, but a retry after a lost answer can bring an
 *   event twice: deduplicate on `webhook-id` (the same on every retry and redelivery).
 * - **Order**: not guaranteed. A retried event can arrive after a later one; order by
 *   `data.record.record.seq` (the site's log sequence) or `timestamp`.
 * - **Rotation**: after `webhooks.rotateSecret`, for 24 hours every delivery carries one `v1,`
 *   signature under each secret; pass both (`secret: [next, previous]`) while switching.
 * - **Tests**: `webhooks.test` sends `test: true` events with made-up data: never act on one.
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<Result<WebhookEvent>> {
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return refused('webhook-id, webhook-timestamp and webhook-signature are required');
  }
  if (!/^\d{1,12}$/.test(timestamp)) return refused('webhook-timestamp is not unix seconds');
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) {
    return refused('webhook-timestamp is outside the tolerance (an old or replayed delivery)');
  }
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0) return refused('no secret given');
  const keys: CryptoKey[] = [];
  try {
    for (const secret of secrets) keys.push(await secretKey(secret, 'verify'));
  } catch (error) {
    return refused(error instanceof Error ? error.message : 'bad secret');
  }
  const signed = encoder.encode(`${id}.${timestamp}.${input.payload}`);
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value = ''] = candidate.split(',');
    const mac = version === 'v1' ? base64ToBytes(value) : null;
    for (const key of mac ? keys : []) {
      if (mac && (await crypto.subtle.verify('HMAC', key, mac, signed))) matched = true;
    }
  }
  if (!matched) return refused('no signature matches the secret and the body');
  let body: unknown;
  try {
    body = JSON.parse(input.payload);
  } catch {
    return refused('the signed body is not JSON');
  }
  const event = v.safeParse(WebhookEventSchema, body);
  if (!event.success) return refused('the signed body is not a Signet event');
  if (event.output.id !== id) return refused('the body is for another webhook-id');
  return { ok: true, value: event.output };
}
