// A4: webhooks. The admin API for endpoints, and delivery: a receiver that is down at first
// still gets every event, each exactly once, signed so that verifyWebhook accepts it and with a
// record verifyRecord accepts.
import { type Jwks, verifyRecord, verifyWebhook, type WebhookEvent } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptedWebhookUrls, refusedWebhookUrls } from '../../test/webhook-addresses.js';
import {
  addSite,
  admin,
  call,
  cellsContaining,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  productionEnv,
  rowCounts,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';
import type { Env } from '../env.js';

afterEach(() => vi.restoreAllMocks());

const receiver = 'https://hooks.shop.example/signet';
const allEvents = ['consent.confirmed', 'consent.withdrawn', 'consent.expired', 'subject.erased'];

/** A POST to the webhook route with the demo key, under other worker variables. */
function adminIn(overrides: Partial<Env>, body: unknown) {
  return call(
    '/v1/admin/webhooks',
    {
      method: 'POST',
      headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    overrides,
  );
}

async function subscribe(events = allEvents, key?: string) {
  const response = await admin('/v1/admin/webhooks', 'POST', { url: receiver, events }, key);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

/** The receiver: down (503, then unreachable) for its first `downFor` calls, then up. */
function flakyReceiver(downFor: number) {
  const calls: { id: string; timestamp: string; signature: string; body: string; ok: boolean }[] =
    [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== receiver) throw new Error(`unexpected fetch ${String(input)}`);
    const headers = new Headers(init?.headers);
    const up = calls.length >= downFor;
    calls.push({
      id: headers.get('webhook-id') ?? '',
      timestamp: headers.get('webhook-timestamp') ?? '',
      signature: headers.get('webhook-signature') ?? '',
      body: String(init?.body),
      ok: up,
    });
    if (up) return new Response(null, { status: 204 });
    if (calls.length % 2) return new Response('maintenance', { status: 503 });
    throw new TypeError('connection refused');
  });
  return calls;
}

async function confirmed(email: string, ids = ['newsletter']) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  await pressConfirm(await confirmLinkFor(email));
}

describe('webhook endpoints (admin API)', () => {
  it('shows the secret once, never stores it in clear, and lists endpoints without it', async () => {
    const created = await subscribe(['consent.confirmed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = (await (await admin('/v1/admin/webhooks')).json()) as { webhooks: unknown[] };
    expect(list.webhooks).toContainEqual({
      id: created.id,
      url: receiver,
      events: ['consent.confirmed'],
      description: null,
      createdAt: expect.any(String),
      previousSecretExpiresAt: null,
    });
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(await cellsContaining(created.secret.slice(6))).toEqual([]);
  });

  it('A4/S6: refuses every address that is not a public receiver with 422 invalid_input on url, saying why, writing nothing', async () => {
    const before = await rowCounts();
    for (const [url, reason] of refusedWebhookUrls) {
      const response = await adminIn(productionEnv, { url, events: ['consent.confirmed'] });
      expect(response.status, url).toBe(422);
      const { error } = (await response.json()) as {
        error: { code: string; field: string; message: string };
      };
      expect(error, url).toMatchObject({ code: 'invalid_input', field: 'url' });
      expect(error.message, url).toMatch(/^url /);
      expect(error.message, url).toMatch(reason);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts public receivers outside development', async () => {
    for (const url of acceptedWebhookUrls) {
      const response = await adminIn(productionEnv, { url, events: ['consent.confirmed'] });
      expect(response.status, url).toBe(201);
      const { id } = (await response.json()) as { id: string };
      expect((await admin(`/v1/admin/webhooks/${id}`, 'DELETE')).status).toBe(200);
    }
  });

  it('refuses unknown events and an empty list with 422, writing nothing', async () => {
    const before = await rowCounts();
    for (const body of [
      { url: receiver, events: ['consent.deleted'] },
      { url: receiver, events: [] },
    ]) {
      const response = await adminIn(productionEnv, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("is invisible to another site's key, and deleting it stops its deliveries", async () => {
    await addSite('hook-neighbour', 'sk_hook_neighbour_key');
    const created = await subscribe(['consent.confirmed']);
    const theirs = (await (
      await admin('/v1/admin/webhooks', 'GET', undefined, 'sk_hook_neighbour_key')
    ).json()) as {
      webhooks: unknown[];
    };
    expect(theirs.webhooks).toEqual([]);
    expect(
      (
        await admin(
          `/v1/admin/webhooks/${created.id}`,
          'DELETE',
          undefined,
          'sk_hook_neighbour_key',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await admin(
          `/v1/admin/webhooks/${created.id}/deliveries`,
          'GET',
          undefined,
          'sk_hook_neighbour_key',
        )
      ).status,
    ).toBe(404);
    expect((await admin(`/v1/admin/webhooks/${created.id}`, 'DELETE')).status).toBe(200);
    expect(
      await sql('SELECT id FROM webhook_deliveries WHERE endpoint_id = ?', created.id),
    ).toEqual([]);
  });
});

describe('webhook delivery', () => {
  it('A4: a receiver down for the first attempts gets every event, each delivered once, verifiable', async () => {
    const { id: endpoint, secret } = await subscribe();
    const calls = flakyReceiver(5);
    // A short-lived purpose, so that its consent expires.
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: 1 });

    await confirmed('hook-confirm@example.org'); // confirmed, then withdrawn by one click
    const check = (await (
      await admin('/v1/consents/check', 'POST', {
        email: 'hook-confirm@example.org',
        purpose: 'newsletter',
      })
    ).json()) as { unsubscribe: { url: string } };
    const unsubscribed = await call(new URL(check.unsubscribe.url).pathname, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(unsubscribed.status).toBe(200);
    await confirmed('hook-expire@example.org', ['prize-draw']); // confirmed, then expired
    await confirmed('hook-erase@example.org'); // confirmed, then erased
    expect(
      (await admin('/v1/admin/subjects/erasure', 'POST', { email: 'hook-erase@example.org' }))
        .status,
    ).toBe(200);

    // The cron every five minutes for three days: the receiver comes back after five calls.
    const start = Date.now();
    for (let minutes = 5; minutes <= 3 * 24 * 60; minutes *= 2) {
      await runCron(new Date(start + minutes * 60_000));
    }

    // Endpoints of the tests above (same URL, other secrets) get their own events too.
    const delivered = calls.filter((c) => c.ok && c.id.endsWith(`.${endpoint}`));
    const perId = new Map<string, number>();
    for (const c of delivered) perId.set(c.id, (perId.get(c.id) ?? 0) + 1);
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
    expect(calls.filter((c) => !c.ok)).toHaveLength(5);
    expect(calls.filter((c) => c.ok).length).toBe(
      new Set(calls.filter((c) => c.ok).map((c) => c.id)).size,
    );

    const jwks = (await (await call('/.well-known/jwks.json')).json()) as Jwks;
    const events: WebhookEvent[] = [];
    for (const c of delivered) {
      const verified = await verifyWebhook({
        payload: c.body,
        headers: {
          'webhook-id': c.id,
          'webhook-timestamp': c.timestamp,
          'webhook-signature': c.signature,
        },
        secret,
        now: new Date(Number(c.timestamp) * 1000),
      });
      expect(verified.ok ? true : verified.error.message).toBe(true);
      if (!verified.ok) continue;
      expect(await verifyRecord(verified.value.data.record, jwks)).toEqual({ ok: true });
      expect(c.body).not.toMatch(/@example\.org/);
      events.push(verified.value);
    }
    const types = events.map((e) => `${e.type}:${e.data.purpose}`).sort();
    expect(types).toEqual([
      'consent.confirmed:newsletter',
      'consent.confirmed:newsletter',
      'consent.confirmed:prize-draw',
      'consent.expired:prize-draw',
      'consent.withdrawn:newsletter',
      // The one erasure asked for, and two by the last-purpose rule: the one-click unsubscribe
      // and the expiry each ended their person's last purpose.
      'subject.erased:newsletter',
      'subject.erased:newsletter',
      'subject.erased:prize-draw',
    ]);
    const rows = await sql<{ status: string }>(
      'SELECT status FROM webhook_deliveries WHERE endpoint_id = ?',
      endpoint,
    );
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
    expect(rows).toHaveLength(8);
  });

  it('gives up after more than three days of retries, and the delivery log says so', async () => {
    const { id: endpoint } = await subscribe(['consent.confirmed']);
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response('down', { status: 500 }),
    );
    await confirmed('hook-never@example.org');
    const start = Date.now();
    for (let minutes = 5; minutes <= 4 * 24 * 60; minutes += 60) {
      await runCron(new Date(start + minutes * 60_000));
    }
    const log = (await (await admin(`/v1/admin/webhooks/${endpoint}/deliveries`)).json()) as {
      deliveries: {
        status: string;
        attempts: number;
        lastStatus: number;
        lastError: string;
        nextAttemptAt: string | null;
      }[];
    };
    expect(log.deliveries).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 13,
        lastStatus: 500,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
      }),
    ]);
    const [row] = await sql<{ created_at: string; next_attempt_at: string }>(
      'SELECT created_at, next_attempt_at FROM webhook_deliveries WHERE endpoint_id = ?',
      endpoint,
    );
    expect(
      Date.parse(row?.next_attempt_at ?? '') - Date.parse(row?.created_at ?? ''),
    ).toBeGreaterThan(3 * 86_400_000);
  });

  it('two cron passes at the same moment never send the same event twice', async () => {
    await subscribe(['consent.confirmed']);
    const calls = flakyReceiver(0);
    await postJson('/v1/consent-requests', await validRequestBody('hook-race@example.org'));
    const link = await confirmLinkFor('hook-race@example.org');
    await pressConfirm(link);
    const at = new Date(Date.now() + 10 * 60_000);
    await Promise.all([runCron(at), runCron(at), runCron(at)]);
    const ids = calls.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
