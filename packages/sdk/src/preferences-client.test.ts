import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeHeaders } from './contract/consents.js';
import {
  getMe,
  openPreferenceSession,
  requestPreferenceLink,
  withdraw,
} from './preferences-client.js';

type Seen = { method: string; url: string; auth: string | undefined; body: unknown };
let answer: (seen: Seen) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
const seen: Seen[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body: body ? JSON.parse(body) : null,
      };
      seen.push(entry);
      const { status, body: out } = answer(entry);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = () => ({ endpoint, site: 'demo' });
const session = 'S'.repeat(43);

describe("the person's calls, checked against the contract", () => {
  it('R6: asks for a link and opens a session by token or by code, for the configured site', async () => {
    answer = ({ url }) =>
      url === '/v1/preference-links'
        ? { status: 202, body: { status: 'sent-if-known' } }
        : { status: 201, body: { session, expiresAt: '2026-11-24T12:00:00Z' } };
    expect(await requestPreferenceLink(options(), { email: 'a@b.test', locale: 'de' })).toEqual({
      ok: true,
      value: { status: 'sent-if-known' },
    });
    expect((await openPreferenceSession(options(), { token: 'T'.repeat(43) })).ok).toBe(true);
    await openPreferenceSession(options(), { email: 'a@b.test', code: '12345678' });
    expect(seen.slice(-3).map((entry) => entry.body)).toEqual([
      { site: 'demo', email: 'a@b.test', locale: 'de' },
      { token: 'T'.repeat(43) },
      { site: 'demo', email: 'a@b.test', code: '12345678' },
    ]);
  });

  it('R2/R1: reads and withdraws with the session as a bearer; an answer of the wrong shape is an error, not a value', async () => {
    answer = () => ({
      status: 200,
      body: { withdrawn: ['newsletter'], unchanged: [], erased: false },
    });
    expect(await withdraw(options(), session, ['newsletter'])).toEqual({
      ok: true,
      value: { withdrawn: ['newsletter'], unchanged: [], erased: false },
    });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/v1/me/withdrawals',
      auth: `Bearer ${session}`,
    });
    answer = () => ({ status: 200, body: { contact: 'not the contract' } });
    const me = await getMe(options(), session, 'en');
    expect(me).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    expect(seen.at(-1)).toMatchObject({ url: '/v1/me?locale=en', auth: `Bearer ${session}` });
  });

  it('R1: unsubscribeHeaders gives the RFC 8058 headers only for an allowed check', () => {
    const url = 'https://consent.example/u/x';
    const headers = {
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const,
    };
    expect(
      unsubscribeHeaders({
        allowed: true,
        since: '2026-11-01T10:00:00Z',
        basis: 'double-opt-in',
        record: {
          id: 'r1',
          event: 'confirmed',
          wordingVersion: 'a'.repeat(64),
          at: '2026-11-01T10:00:00Z',
        },
        unsubscribe: { url, headers },
      }),
    ).toEqual(headers);
    expect(unsubscribeHeaders({ allowed: false, since: null, record: null })).toEqual({});
  });
});
