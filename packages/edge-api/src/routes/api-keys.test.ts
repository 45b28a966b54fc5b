// The site's API keys (shown once, named, revoked) and the log of every admin action.
import { describe, expect, it } from 'vitest';
import { addSite, admin, cellsContaining, demoApiKey } from '../../test/worker.js';

type Key = { id: string; label: string; key?: string; revokedAt: string | null };

async function createKey(label: string, apiKey = demoApiKey) {
  const response = await admin('/v1/admin/keys', 'POST', { label }, apiKey);
  return { status: response.status, body: (await response.json()) as Key };
}

describe('API keys', () => {
  it('shows a new key once, stores only its hash, and lists it by name', async () => {
    const { status, body } = await createKey('Checkout server');
    expect(status).toBe(201);
    expect(body.key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect((await admin('/v1/admin/site', 'GET', undefined, body.key)).status).toBe(200);
    const list = (await (await admin('/v1/admin/keys')).json()) as { keys: Key[] };
    const listed = list.keys.find((key) => key.id === body.id);
    expect(listed).toEqual({
      id: body.id,
      label: 'Checkout server',
      mode: 'live',
      createdAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(list)).not.toContain(body.key);
    expect(await cellsContaining(body.key ?? 'missing')).toEqual([]);
  });

  it('revokes a key at once, but never the last active one, and only its own site’s', async () => {
    await addSite('key-shop', 'sk_key_shop_first_key');
    const second = await createKey('Temporary', 'sk_key_shop_first_key');
    const first = (
      (await (await admin('/v1/admin/keys', 'GET', undefined, 'sk_key_shop_first_key')).json()) as {
        keys: Key[];
      }
    ).keys[0];
    expect(
      (await admin(`/v1/admin/keys/${second.body.id}`, 'DELETE', undefined, demoApiKey)).status,
    ).toBe(404);

    const revoked = await admin(
      `/v1/admin/keys/${second.body.id}`,
      'DELETE',
      undefined,
      'sk_key_shop_first_key',
    );
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as Key).revokedAt).not.toBeNull();
    expect((await admin('/v1/admin/site', 'GET', undefined, second.body.key)).status).toBe(401);

    const last = await admin(
      `/v1/admin/keys/${first?.id}`,
      'DELETE',
      undefined,
      'sk_key_shop_first_key',
    );
    expect(last.status).toBe(409);
    expect((await admin('/v1/admin/site', 'GET', undefined, 'sk_key_shop_first_key')).status).toBe(
      200,
    );
  });

  it('refuses a key without a proper label and writes nothing', async () => {
    const before = ((await (await admin('/v1/admin/keys')).json()) as { keys: Key[] }).keys.length;
    for (const body of [{}, { label: '' }, { label: 'two\nlines' }, { label: 'x', extra: 1 }]) {
      expect((await admin('/v1/admin/keys', 'POST', body)).status).toBe(422);
    }
    const after = ((await (await admin('/v1/admin/keys')).json()) as { keys: Key[] }).keys.length;
    expect(after).toBe(before);
  });
});

describe('the admin log', () => {
  it('records each change with the key that made it, never lookups, failures or addresses', async () => {
    await addSite('log-shop', 'sk_log_shop_owner_key');
    const key = 'sk_log_shop_owner_key';
    await admin('/v1/admin/site', 'PATCH', { name: 'Log Shop' }, key);
    await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email' }, key);
    await admin('/v1/admin/purposes/Bad Id', 'PUT', { channel: 'email' }, key); // refused: not logged
    await admin('/v1/admin/subjects/consents', 'POST', { email: 'looked-up@example.org' }, key);
    await admin('/v1/admin/site', 'GET', undefined, key);
    const created = await createKey('Second', key);

    const log = (await (await admin('/v1/admin/events', 'GET', undefined, key)).json()) as {
      events: { keyId: string; action: string; target: string | null; status: number }[];
    };
    expect(log.events.map((e) => e.action)).toEqual([
      'POST /v1/admin/keys',
      'PUT /v1/admin/purposes/:purpose',
      'PATCH /v1/admin/site',
    ]);
    expect(log.events[1]).toMatchObject({ target: '{"purpose":"newsletter"}', status: 200 });
    expect(new Set(log.events.map((e) => e.keyId)).size).toBe(1);
    expect(JSON.stringify(log)).not.toContain('looked-up@example.org');
    expect(JSON.stringify(log)).not.toContain(created.body.key);
    const other = (await (await admin('/v1/admin/events')).json()) as {
      events: { action: string }[];
    };
    expect(
      other.events.some(
        (e) => e.action === 'PATCH /v1/admin/site' && JSON.stringify(e).includes('Log Shop'),
      ),
    ).toBe(false);
  });

  it('pages with before and limit', async () => {
    await addSite('page-shop', 'sk_page_shop_owner_key');
    for (const name of ['A', 'B', 'C']) {
      await admin('/v1/admin/site', 'PATCH', { name }, 'sk_page_shop_owner_key');
    }
    const first = (await (
      await admin('/v1/admin/events?limit=2', 'GET', undefined, 'sk_page_shop_owner_key')
    ).json()) as {
      events: unknown[];
      next: string | null;
    };
    expect(first.events).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const rest = (await (
      await admin(
        `/v1/admin/events?limit=2&before=${encodeURIComponent(first.next ?? '')}`,
        'GET',
        undefined,
        'sk_page_shop_owner_key',
      )
    ).json()) as { events: unknown[] };
    expect(rest.events.length).toBeGreaterThanOrEqual(1);
    expect(
      (await admin('/v1/admin/events?limit=0', 'GET', undefined, 'sk_page_shop_owner_key')).status,
    ).toBe(422);
  });
});
