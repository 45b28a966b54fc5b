import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptedWebhookUrls, refusedWebhookUrls } from '../../test/webhook-addresses.js';
import {
  admin,
  confirmLinkFor,
  postJson,
  pressConfirm,
  productionEnv,
  sql,
  validRequestBody,
} from '../../test/worker.js';
import type { Env } from '../env.js';
import { deliverDueWebhooks, retryDelaysMs } from './webhook-delivery.js';

afterEach(() => vi.restoreAllMocks());

describe('webhook delivery', () => {
  it('a delivery that throws (its secret sealed by a master key no longer configured) fails alone, on the retry schedule, and the others are sent', async () => {
    const good = 'https://hooks.shop.example/good';
    const broken = 'https://hooks.broken.example/signet';
    const ids: Record<string, string> = {};
    for (const url of [broken, good]) {
      const response = await admin('/v1/admin/webhooks', 'POST', {
        url,
        events: ['consent.confirmed'],
      });
      ids[url] = ((await response.json()) as { id: string }).id;
    }
    // As if the operator removed MASTER_KEY_PREVIOUS_* before this secret was re-sealed.
    await sql("UPDATE webhook_endpoints SET master_kid = 'removed-key' WHERE id = ?", ids[broken]);
    const sent: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      sent.push(String(input));
      return new Response(null, { status: 204 });
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const email = 'hook-broken-key@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    // Both events due again, the broken endpoint's first in the pass.
    for (const [url, due] of [
      [broken, '2000-01-01T00:00:00.000Z'],
      [good, '2000-01-01T00:00:01.000Z'],
    ]) {
      await sql(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
                leased_until = NULL, last_error = NULL WHERE endpoint_id = ?`,
        due,
        ids[url ?? ''],
      );
    }
    sent.length = 0;
    const now = new Date(Date.now() + 60_000);
    await deliverDueWebhooks(env, now);
    expect(sent).toContain(good);
    const rows = await sql<{
      endpoint_id: string;
      status: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: string;
    }>('SELECT * FROM webhook_deliveries WHERE endpoint_id IN (?, ?)', ids[broken], ids[good]);
    expect(rows.find((row) => row.endpoint_id === ids[good])?.status).toBe('delivered');
    expect(rows.find((row) => row.endpoint_id === ids[broken])).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'internal error',
      next_attempt_at: new Date(now.getTime() + (retryDelaysMs[0] ?? 0)).toISOString(),
    });
  });
});

const production = { ...env, ...productionEnv } as Env;

/** A sealed `confirmed` record of the demo site, for deliveries written by hand. */
async function sealedRecordId(email: string) {
  await postJson('/v1/consent-requests', await validRequestBody(email));
  await pressConfirm(await confirmLinkFor(email));
  const [row] = await sql<{ id: string }>(
    "SELECT id FROM records WHERE site_id = 'demo' AND event = 'confirmed' AND seq IS NOT NULL LIMIT 1",
  );
  if (!row) throw new Error('no sealed record');
  return row.id;
}

/**
 * An endpoint made by the route (so its secret is really sealed) whose URL is then changed in D1,
 * as one stored before the rule or written by hand, with one delivery due now.
 */
async function endpointStoredWith(url: string, recordId: string) {
  const response = await admin('/v1/admin/webhooks', 'POST', {
    url: acceptedWebhookUrls[0],
    events: ['consent.confirmed'],
  });
  const { id } = (await response.json()) as { id: string };
  await sql('UPDATE webhook_endpoints SET url = ? WHERE id = ?', url, id);
  await sql(
    `INSERT INTO webhook_deliveries
       (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, status, attempts,
        next_attempt_at, created_at)
     SELECT 'evt_hand.' || ?1, ?1, 'demo', 'consent.confirmed', subject_id, purpose_id, id,
            'pending', 0, '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z'
       FROM records WHERE id = ?2`,
    id,
    recordId,
  );
  return id;
}

const deliveryOf = async (endpointId: string) =>
  (
    await sql<{
      status: string;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
    }>(
      'SELECT status, attempts, last_status, last_error FROM webhook_deliveries WHERE endpoint_id = ?',
      endpointId,
    )
  )[0];

describe('webhook delivery to a stored address', () => {
  // Only this test's endpoints and events (the cascade takes the deliveries).
  beforeEach(() => sql('DELETE FROM webhook_endpoints'));

  it('A4: a stored URL that is no public receiver is never fetched: its delivery fails at once with the reason, and is not retried', async () => {
    const recordId = await sealedRecordId('hook-stored@example.org');
    const sent: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      sent.push(String(input));
      return new Response(null, { status: 204 });
    });
    // Ten at a time, the most a site may have.
    for (let from = 0; from < refusedWebhookUrls.length; from += 10) {
      const stored = refusedWebhookUrls.slice(from, from + 10);
      const endpoints: string[] = [];
      for (const [url] of stored) endpoints.push(await endpointStoredWith(url, recordId));
      const now = new Date();
      await deliverDueWebhooks(production, now);
      // A day of cron passes later: still the one attempt that fetched nothing.
      await deliverDueWebhooks(production, new Date(now.getTime() + 86_400_000));
      expect(sent).toEqual([]);
      for (const [index, [url, reason]] of stored.entries()) {
        const delivery = await deliveryOf(endpoints[index] ?? '');
        expect(delivery, url).toMatchObject({ status: 'failed', attempts: 1, last_status: null });
        expect(delivery?.last_error, url).toMatch(/^url /);
        expect(delivery?.last_error, url).toMatch(reason);
      }
      await sql('DELETE FROM webhook_endpoints');
    }
  });

  it('A4: a redirect is not followed: the 3xx is a failed attempt, and its Location is never fetched', async () => {
    const recordId = await sealedRecordId('hook-moved@example.org');
    const endpoint = await endpointStoredWith('https://hooks.shop.example/moved', recordId);
    const calls: { url: string; redirect: RequestInit['redirect'] }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls.push({ url: String(input), redirect: init?.redirect });
      return new Response(null, { status: 307, headers: { location: 'http://127.0.0.1/admin' } });
    });
    await deliverDueWebhooks(production, new Date());
    expect(calls).toEqual([{ url: 'https://hooks.shop.example/moved', redirect: 'manual' }]);
    expect(await deliveryOf(endpoint)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status: 307,
      last_error: 'HTTP 307 (redirects are not followed)',
    });
  });
});
