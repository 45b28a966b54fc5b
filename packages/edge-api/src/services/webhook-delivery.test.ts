import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  confirmLinkFor,
  postJson,
  pressConfirm,
  sql,
  validRequestBody,
} from '../../test/worker.js';
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
