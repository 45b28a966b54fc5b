// `signet webhooks …`: what each command sends to the admin API and what it prints.
import { describe, expect, it } from 'vitest';
import { webhookEventTypes } from '../contract/webhooks.js';
import { runSignet } from './main.js';

const environment = {
  SIGNET_ENDPOINT: 'https://signet.test',
  SIGNET_SITE: 'shop',
  SIGNET_API_KEY: 'sk_live_cli_test_key',
};

const endpoint = {
  id: 'wh_1',
  url: 'https://hooks.shop.example/signet',
  events: ['consent.confirmed'],
  description: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  previousSecretExpiresAt: null,
};
const delivery = (id: string, type = 'consent.confirmed') => ({
  id,
  type,
  status: 'delivered',
  attempts: 1,
  lastStatus: 204,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: '2026-12-01T10:00:01.000Z',
  createdAt: '2026-12-01T10:00:00.000Z',
});

/** A fake admin API: answers by `METHOD /path`, and keeps what was sent. */
function fakeApi(answer: (method: string, url: URL, body: unknown) => unknown) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    sent.push({ method, path: `${url.pathname}${url.search}`, body });
    const value = answer(method, url, body);
    return value === undefined
      ? Response.json({ error: { code: 'not_found', message: 'no', field: 'id' } }, { status: 404 })
      : Response.json(value);
  };
  return { sent, fetchImpl };
}

async function run(args: string[], api: ReturnType<typeof fakeApi>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSignet(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    environment,
    api.fetchImpl,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('signet webhooks', () => {
  it('create, update, rotate-secret and remove send what the API takes and print its answer', async () => {
    const api = fakeApi((method, url, body) => {
      if (method === 'POST' && url.pathname === '/v1/admin/webhooks')
        return { ...endpoint, ...(body as object), secret: 'whsec_new' };
      if (method === 'PATCH') return { ...endpoint, ...(body as object) };
      if (url.pathname.endsWith('/secret'))
        return {
          id: 'wh_1',
          secret: 'whsec_next',
          previousSecretExpiresAt: '2026-12-02T10:00:00.000Z',
        };
      if (method === 'DELETE') return { deleted: true };
      return undefined;
    });
    const created = await run(
      ['webhooks', 'create', endpoint.url, '--events', 'consent.confirmed,subject.erased'],
      api,
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ secret: 'whsec_new' });
    await run(
      ['webhooks', 'update', 'wh_1', '--events', 'consent.withdrawn', '--description', ''],
      api,
    );
    const rotated = await run(['webhooks', 'rotate-secret', 'wh_1'], api);
    expect(JSON.parse(rotated.out)).toMatchObject({ secret: 'whsec_next' });
    expect((await run(['webhooks', 'remove', 'wh_1'], api)).code).toBe(0);
    expect(api.sent).toEqual([
      {
        method: 'POST',
        path: '/v1/admin/webhooks',
        body: { url: endpoint.url, events: ['consent.confirmed', 'subject.erased'] },
      },
      {
        method: 'PATCH',
        path: '/v1/admin/webhooks/wh_1',
        body: { events: ['consent.withdrawn'], description: null },
      },
      { method: 'POST', path: '/v1/admin/webhooks/wh_1/secret', body: null },
      { method: 'DELETE', path: '/v1/admin/webhooks/wh_1', body: null },
    ]);
  });

  it('an unknown event, a change of nothing or a missing id is a usage error (exit 2), nothing sent', async () => {
    const api = fakeApi(() => ({}));
    for (const args of [
      ['webhooks', 'create', endpoint.url, '--events', 'consent.deleted'],
      ['webhooks', 'create', endpoint.url],
      ['webhooks', 'update', 'wh_1'],
      ['webhooks', 'redeliver', 'wh_1'],
      ['webhooks', 'test', 'wh_1', '--type', 'consent.deleted'],
      ['webhooks', 'unknown'],
    ]) {
      const result = await run(args, api);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(api.sent).toEqual([]);
  });

  it('test sends one test event of each type, or only --type; a refusal exits 1', async () => {
    const api = fakeApi((_method, url, body) =>
      url.pathname === '/v1/admin/webhooks/wh_1/test'
        ? delivery(`evt_test_${(body as { type: string }).type}`, (body as { type: string }).type)
        : undefined,
    );
    const all = await run(['webhooks', 'test', 'wh_1'], api);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).deliveries.map((d: { type: string }) => d.type)).toEqual([
      ...webhookEventTypes,
    ]);
    const one = await run(['webhooks', 'test', 'wh_1', '--type', 'log.integrity'], api);
    expect(JSON.parse(one.out).deliveries).toHaveLength(1);
    expect(api.sent.map((s) => s.body)).toEqual([
      ...webhookEventTypes.map((type) => ({ type })),
      { type: 'log.integrity' },
    ]);
    expect((await run(['webhooks', 'test', 'wh_2'], api)).code).toBe(1);
  });

  it('deliveries --all prints every page as one list; without it one page; redeliver posts the delivery', async () => {
    const pages: Record<string, unknown> = {
      '': { deliveries: [delivery('evt_3')], next: 'evt_3' },
      evt_3: { deliveries: [delivery('evt_2')], next: 'evt_2' },
      evt_2: { deliveries: [delivery('evt_1')], next: null },
    };
    const api = fakeApi((method, url) => {
      if (method === 'POST') return delivery('evt_2');
      return pages[url.searchParams.get('before') ?? ''];
    });
    const all = await run(['webhooks', 'deliveries', 'wh_1', '--all', '--limit', '1'], api);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toEqual({
      deliveries: [delivery('evt_3'), delivery('evt_2'), delivery('evt_1')],
      next: null,
    });
    const one = await run(['webhooks', 'deliveries', 'wh_1'], api);
    expect(JSON.parse(one.out)).toEqual(pages['']);
    const again = await run(['webhooks', 'redeliver', 'wh_1', 'evt_2'], api);
    expect(JSON.parse(again.out)).toEqual(delivery('evt_2'));
    expect(api.sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /v1/admin/webhooks/wh_1/deliveries?limit=1',
      'GET /v1/admin/webhooks/wh_1/deliveries?before=evt_3&limit=1',
      'GET /v1/admin/webhooks/wh_1/deliveries?before=evt_2&limit=1',
      'GET /v1/admin/webhooks/wh_1/deliveries',
      'POST /v1/admin/webhooks/wh_1/deliveries/evt_2/redeliver',
    ]);
  });

  it('webhooks --help prints the webhooks lines of the usage', async () => {
    const help = await run(
      ['webhooks', '--help'],
      fakeApi(() => undefined),
    );
    expect(help.code).toBe(0);
    expect(help.out).toContain('webhooks deliveries ID [--limit N] [--before DELIVERY] [--all]');
    expect(help.out).not.toContain('keys list');
  });
});
