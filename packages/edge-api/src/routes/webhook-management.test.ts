// Issue 22: webhook endpoints managed from code. Changing an endpoint, paging its delivery log,
// test events of each type, redelivering one, and rotating the secret with both secrets valid for
// the overlap; every bad input is a 4xx that writes nothing.
import { verifyWebhook, type WebhookDelivery, webhookEventTypes } from '@signet/sdk';
import { createSignetAdmin } from '@signet/sdk/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSite,
  admin,
  adminHeaders,
  apiOrigin,
  call,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  productionEnv,
  rowCounts,
  runCron,
  validRequestBody,
} from '../../test/worker.js';

afterEach(() => vi.restoreAllMocks());

const receiver = 'https://hooks.manage.example/signet';

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

/** The receiver: answers `status` (204 by default) and keeps what it got. */
function receiving(status: () => number = () => 204) {
  const got: Received[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== receiver) throw new Error(`unexpected fetch ${String(input)}`);
    const headers = new Headers(init?.headers);
    got.push({
      id: headers.get('webhook-id') ?? '',
      timestamp: headers.get('webhook-timestamp') ?? '',
      signature: headers.get('webhook-signature') ?? '',
      body: String(init?.body),
    });
    return new Response(null, { status: status() });
  });
  return got;
}

async function endpoint(events = ['consent.confirmed']) {
  const response = await admin('/v1/admin/webhooks', 'POST', { url: receiver, events });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

const verifies = async (got: Received, secret: string | string[]) =>
  (
    await verifyWebhook({
      payload: got.body,
      headers: {
        'webhook-id': got.id,
        'webhook-timestamp': got.timestamp,
        'webhook-signature': got.signature,
      },
      secret,
      now: new Date(Number(got.timestamp) * 1000),
    })
  ).ok;

async function testEvent(id: string, type: string) {
  const response = await admin(`/v1/admin/webhooks/${id}/test`, 'POST', { type });
  expect(response.status).toBe(200);
  return (await response.json()) as WebhookDelivery;
}

describe('webhook endpoints from code', () => {
  it('changes events, URL and description; the secret stays; a change of nothing, a refused URL or another site is refused, writing nothing', async () => {
    const { id, secret } = await endpoint();
    const changed = await admin(`/v1/admin/webhooks/${id}`, 'PATCH', {
      events: ['consent.withdrawn', 'subject.erased'],
      description: 'CRM sync',
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id,
      url: receiver,
      events: ['consent.withdrawn', 'subject.erased'],
      description: 'CRM sync',
      previousSecretExpiresAt: null,
    });
    const cleared = await admin(`/v1/admin/webhooks/${id}`, 'PATCH', { description: null });
    expect(await cleared.json()).toMatchObject({ description: null });

    await addSite('hook-patch-neighbour', 'sk_hook_patch_neighbour');
    const before = await rowCounts();
    const refused = [
      [{}, 422, undefined],
      [{ events: [] }, 422, undefined],
      [{ url: 'http://hooks.manage.example/signet' }, 422, undefined],
      [{ url: 'https://10.0.0.1/hook' }, 422, undefined],
      [{ secret: 'whsec_x' }, 422, undefined],
      [{ events: ['consent.confirmed'] }, 404, 'sk_hook_patch_neighbour'],
    ] as const;
    for (const [body, status, key] of refused) {
      const response = await admin(`/v1/admin/webhooks/${id}`, 'PATCH', body, key);
      expect(response.status, JSON.stringify(body)).toBe(status);
    }
    const production = await call(
      `/v1/admin/webhooks/${id}`,
      {
        method: 'PATCH',
        headers: adminHeaders(),
        body: JSON.stringify({ url: 'https://127.0.0.1/hook' }),
      },
      productionEnv,
    );
    expect(production.status).toBe(422);
    expect(await rowCounts()).toEqual(before);

    // The secret did not change: a test event still verifies with it.
    const got = receiving();
    await testEvent(id, 'consent.withdrawn');
    expect(await verifies(got[0] as Received, secret)).toBe(true);
  });

  it('sends a test event of each type, marked test, signed so that verifyWebhook accepts it, and logs it', async () => {
    const { id, secret } = await endpoint(['consent.confirmed']);
    const got = receiving();
    for (const type of webhookEventTypes) {
      const delivery = await testEvent(id, type);
      expect(delivery).toMatchObject({ type, status: 'delivered', attempts: 1, lastStatus: 204 });
    }
    expect(got).toHaveLength(webhookEventTypes.length);
    for (const [n, delivery] of got.entries()) {
      const verified = await verifyWebhook({
        payload: delivery.body,
        headers: {
          'webhook-id': delivery.id,
          'webhook-timestamp': delivery.timestamp,
          'webhook-signature': delivery.signature,
        },
        secret,
      });
      expect(verified.ok ? verified.value : verified.error).toMatchObject({
        type: webhookEventTypes[n],
        test: true,
      });
    }
    const log = (await (await admin(`/v1/admin/webhooks/${id}/deliveries`)).json()) as {
      deliveries: WebhookDelivery[];
    };
    expect(log.deliveries.map((d) => d.type).sort()).toEqual([...webhookEventTypes].sort());

    const before = await rowCounts();
    for (const body of [{ type: 'consent.deleted' }, {}]) {
      const response = await admin(`/v1/admin/webhooks/${id}/test`, 'POST', body);
      expect(response.status).toBe(422);
    }
    expect(
      (await admin('/v1/admin/webhooks/wh_none/test', 'POST', { type: 'consent.confirmed' }))
        .status,
    ).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it('pages through the delivery log newest first with before and next, each delivery once', async () => {
    const { id } = await endpoint();
    receiving();
    const sent: string[] = [];
    for (let n = 0; n < 5; n += 1) sent.push((await testEvent(id, 'consent.confirmed')).id);
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const query: string = before ? `?limit=2&before=${encodeURIComponent(before)}` : '?limit=2';
      const response = await admin(`/v1/admin/webhooks/${id}/deliveries${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        deliveries: WebhookDelivery[];
        next: string | null;
      };
      expect(page.deliveries.length).toBeLessThanOrEqual(2);
      seen.push(...page.deliveries.map((d) => d.id));
      before = page.next;
      pages += 1;
    } while (before);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort()).toEqual([...sent].sort());
    for (const query of ['?limit=0', '?limit=201', '?limit=x', '?other=1']) {
      const response = await admin(`/v1/admin/webhooks/${id}/deliveries${query}`);
      expect(response.status, query).toBe(422);
    }
  });

  it('redelivers one delivery now with the same webhook-id and a fresh schedule', async () => {
    const { id, secret } = await endpoint();
    let status = 500;
    const got = receiving(() => status);
    const first = await testEvent(id, 'consent.confirmed');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    status = 204;
    const again = await admin(
      `/v1/admin/webhooks/${id}/deliveries/${encodeURIComponent(first.id)}/redeliver`,
      'POST',
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      id: first.id,
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
    });
    // A delivered one can be sent again too, as the same event.
    const third = await admin(
      `/v1/admin/webhooks/${id}/deliveries/${encodeURIComponent(first.id)}/redeliver`,
      'POST',
    );
    expect(third.status).toBe(200);
    expect(got.map((g) => g.id)).toEqual([first.id, first.id, first.id]);
    expect(await verifies(got[2] as Received, secret)).toBe(true);
    const unknown = await admin(`/v1/admin/webhooks/${id}/deliveries/evt_none/redeliver`, 'POST');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found', field: 'delivery' } });
  });

  it('rotates the secret: for the overlap every delivery verifies with either secret, after it only with the new one', async () => {
    const { id, secret: previous } = await endpoint();
    let status = 204;
    const got = receiving(() => status);
    const rotated = await admin(`/v1/admin/webhooks/${id}/secret`, 'POST');
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const { secret, previousSecretExpiresAt } = (await rotated.json()) as {
      secret: string;
      previousSecretExpiresAt: string;
    };
    expect(secret).not.toBe(previous);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const listed = (await (await admin('/v1/admin/webhooks')).json()) as {
      webhooks: { id: string; previousSecretExpiresAt: string | null }[];
    };
    expect(listed.webhooks.find((w) => w.id === id)?.previousSecretExpiresAt).toBe(
      previousSecretExpiresAt,
    );

    // During the overlap: one receiver still on the old secret, one already on the new.
    await testEvent(id, 'consent.confirmed');
    const during = got[0] as Received;
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(await verifies(during, previous)).toBe(true);
    expect(await verifies(during, secret)).toBe(true);

    // A real event that fails now and is retried after the overlap is signed with the new only.
    status = 500;
    await postJson('/v1/consent-requests', await validRequestBody('hook-rotate@example.org'));
    await pressConfirm(await confirmLinkFor('hook-rotate@example.org'));
    await runCron(new Date(Date.now() + 60_000));
    status = 204;
    await runCron(new Date(Date.parse(previousSecretExpiresAt) + 3_600_000));
    const after = got.at(-1) as Received;
    expect(after.id).toMatch(/^evt_/);
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(await verifies(after, secret)).toBe(true);
    expect(await verifies(after, previous)).toBe(false);
    expect(await verifies(after, [previous, secret])).toBe(true);

    // A second rotation ends the first secret at once: only the last two sign.
    const again = (await (await admin(`/v1/admin/webhooks/${id}/secret`, 'POST')).json()) as {
      secret: string;
    };
    await testEvent(id, 'consent.confirmed');
    const last = got.at(-1) as Received;
    expect(last.signature.split(' ')).toHaveLength(2);
    expect(await verifies(last, again.secret)).toBe(true);
    expect(await verifies(last, secret)).toBe(true);
    expect(await verifies(last, previous)).toBe(false);
  });
});

describe('the SDK admin client manages webhooks (admin.webhooks)', () => {
  const sdk = createSignetAdmin({
    endpoint: apiOrigin,
    site: 'demo',
    apiKey: demoApiKey,
    fetch: (input, init) => call(String(input), init),
    retryBaseMs: 1,
  });

  it('creates, changes, tests, pages with for await, redelivers, rotates and removes, each answer parsed', async () => {
    const got = receiving();
    const created = await sdk.webhooks.create({ url: receiver, events: ['consent.confirmed'] });
    if (!created.ok) throw new Error(created.error.message);
    const { id, secret } = created.value;
    const changed = await sdk.webhooks.update(id, { events: ['consent.withdrawn'] });
    expect(changed.ok && changed.value.events).toEqual(['consent.withdrawn']);
    const listed = await sdk.webhooks.list();
    expect(listed.ok && listed.value.webhooks.map((w) => w.id)).toContain(id);

    for (const type of webhookEventTypes) {
      const sent = await sdk.webhooks.test(id, type);
      expect(sent.ok && sent.value.status).toBe('delivered');
    }
    const seen: string[] = [];
    for await (const delivery of sdk.webhooks.allDeliveries(id, { limit: 2 })) {
      if (!delivery.ok) throw new Error(delivery.error.message);
      seen.push(delivery.value.id);
    }
    expect(seen).toHaveLength(webhookEventTypes.length);
    expect(new Set(seen).size).toBe(seen.length);

    const again = await sdk.webhooks.redeliver(id, seen[0] as string);
    expect(again.ok && again.value.id).toBe(seen[0]);
    expect(got.at(-1)?.id).toBe(seen[0]);

    const rotated = await sdk.webhooks.rotateSecret(id);
    if (!rotated.ok) throw new Error(rotated.error.message);
    await sdk.webhooks.test(id, 'consent.confirmed');
    const last = got.at(-1) as Received;
    expect(await verifies(last, secret)).toBe(true);
    expect(await verifies(last, rotated.value.secret)).toBe(true);

    const removed = await sdk.webhooks.remove(id);
    expect(removed.ok).toBe(true);
    const gone = await sdk.webhooks.deliveries(id);
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });
});
