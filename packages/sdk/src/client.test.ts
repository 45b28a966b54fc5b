import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignetClient } from './client.js';
import { getFormUnchecked, requestConsentUnchecked } from './first-party.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const form = {
  site: 'demo',
  siteName: 'Demo',
  locale: 'en',
  controller: { name: 'Demo GmbH', contact: 'privacy@demo.test' },
  privacyPolicyUrl: 'https://demo.test/privacy',
  purposes: [
    {
      id: 'newsletter',
      channel: 'email',
      wordingVersion: 'a'.repeat(64),
      wording: {
        locale: 'en',
        label: 'Newsletter',
        processed: 'email',
        purpose: 'news',
        retention: 'until withdrawn',
        withdrawal: 'any time',
      },
    },
  ],
};

describe('createSignetClient', () => {
  it('returns the parsed form config and calls the site-scoped path', async () => {
    let seenUrl = '';
    handler = (req, _body, res) => {
      seenUrl = req.url ?? '';
      json(res, 200, form);
    };
    const client = createSignetClient({ endpoint, site: 'demo' });
    const result = await client.getForm('en');
    expect(seenUrl).toBe('/v1/sites/demo/form?locale=en');
    expect(result).toEqual({ ok: true, value: form });
  });

  it('sends a consent request with the site and an idempotency key', async () => {
    let seen: { body: unknown; key: unknown; type: unknown } | undefined;
    handler = (req, body, res) => {
      seen = {
        body: JSON.parse(body),
        key: req.headers['idempotency-key'],
        type: req.headers['content-type'],
      };
      json(res, 202, { status: 'pending' });
    };
    const client = createSignetClient({ endpoint, site: 'demo' });
    const result = await client.requestConsent({
      email: 'a@b.test',
      purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
      locale: 'en',
      pageUrl: 'https://demo.test/',
      idempotencyKey: 'k-1',
    });
    expect(result).toEqual({ ok: true, value: { status: 'pending' } });
    expect(seen?.key).toBe('k-1');
    expect(seen?.type).toBe('application/json');
    expect(seen?.body).toMatchObject({ site: 'demo', email: 'a@b.test', locale: 'en' });
  });

  it('turns an API error body into the same typed error', async () => {
    handler = (_req, _body, res) =>
      json(res, 409, {
        error: { code: 'outdated_wording', message: 'old', field: 'purposes.0.wordingVersion' },
      });
    const result = await createSignetClient({ endpoint, site: 'demo' }).getForm('de');
    expect(result).toEqual({
      ok: false,
      error: { code: 'outdated_wording', message: 'old', field: 'purposes.0.wordingVersion' },
    });
  });

  it('reports an unexpected response shape as invalid_response, not as success', async () => {
    handler = (_req, _body, res) => json(res, 200, { site: 'demo' });
    const result = await createSignetClient({ endpoint, site: 'demo' }).getForm('de');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_response');
  });

  it('reports a non-JSON error page as invalid_response with the status', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502);
      res.end('<html>bad gateway</html>');
    };
    const result = await createSignetClient({ endpoint, site: 'demo' }).getForm('de');
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_response', message: 'Signet answered HTTP 502', field: null },
    });
  });

  it('reports an unreachable API as a network error instead of throwing', async () => {
    const result = await createSignetClient({ endpoint: 'http://127.0.0.1:1', site: 'x' }).getForm(
      'de',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('network');
  });

  it('sends the site key as a bearer token when checking consent', async () => {
    let auth: unknown;
    let url = '';
    handler = (req, _body, res) => {
      auth = req.headers.authorization;
      url = req.url ?? '';
      json(res, 200, { allowed: false, since: null, record: null });
    };
    const client = createSignetClient({ endpoint, site: 'demo', apiKey: 'sk_test' });
    const result = await client.checkConsent({ email: 'a@b.test', purpose: 'newsletter' });
    expect(result).toEqual({ ok: true, value: { allowed: false, since: null, record: null } });
    expect(auth).toBe('Bearer sk_test');
    expect(url).toBe('/v1/consents/check?email=a%40b.test&purpose=newsletter');
  });

  it("starts a request from a server with the site key (it sends no Origin); a browser's client sends none", async () => {
    const seen: unknown[] = [];
    handler = (req, _body, res) => {
      seen.push(req.headers.authorization);
      json(res, 202, { status: 'pending' });
    };
    const input = {
      email: 'a@b.test',
      purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
      locale: 'en' as const,
      pageUrl: 'https://demo.test/checkout',
    };
    const server = createSignetClient({ endpoint, site: 'demo', apiKey: 'sk_test' });
    expect(await server.requestConsent(input)).toEqual({ ok: true, value: { status: 'pending' } });
    await createSignetClient({ endpoint, site: 'demo' }).requestConsent(input);
    await requestConsentUnchecked({ endpoint, site: 'demo' }, input);
    expect(seen).toEqual(['Bearer sk_test', undefined, undefined]);
  });
});

describe('the unchecked calls the widget uses', () => {
  it('hand back the answer as it came, on the same paths as the checked calls', async () => {
    const seen: string[] = [];
    handler = (req, _body, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === 'GET') json(res, 200, { ...form, extra: 1 });
      else json(res, 202, { status: 'pending' });
    };
    const options = { endpoint, site: 'demo' };
    expect(await getFormUnchecked(options, 'de')).toEqual({
      ok: true,
      value: { ...form, extra: 1 },
    });
    const sent = await requestConsentUnchecked(options, {
      email: 'a@b.test',
      purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
      locale: 'en',
      pageUrl: 'https://demo.test/',
    });
    expect(sent).toEqual({ ok: true, value: { status: 'pending' } });
    expect(seen).toEqual(['GET /v1/sites/demo/form?locale=de', 'POST /v1/consent-requests']);
  });

  it('still turn error answers, non-JSON or non-form answers and network failures into error values', async () => {
    handler = (_req, _body, res) =>
      json(res, 429, { error: { code: 'rate_limited', message: 'slow down', field: null } });
    const options = { endpoint, site: 'demo' };
    expect(await getFormUnchecked(options, 'en')).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'slow down', field: null },
    });
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    const html = await getFormUnchecked(options, 'en');
    expect(html.ok || html.error.code).toBe('invalid_response');
    handler = (_req, _body, res) => json(res, 200, null);
    const empty = await getFormUnchecked(options, 'en');
    expect(empty.ok || empty.error.code).toBe('invalid_response');
    const offline = await getFormUnchecked({ endpoint: 'http://127.0.0.1:1', site: 'x' }, 'en');
    expect(offline.ok || offline.error.code).toBe('network');
  });
});
