// The console's sign-in: a mailed single-use link for the site's owner addresses, or a site key
// exchanged for a session; sessions reach only their own site's admin routes and end.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  addSite,
  admin,
  apiOrigin,
  call,
  cellsContaining,
  postJson,
  rowCounts,
  runCron,
} from '../../test/worker.js';
import type { Env } from '../env.js';
import worker from '../index.js';

type Session = { session: string; id: string; site: string; actor: string; expiresAt: string };

async function setOwners(emails: string[], key?: string) {
  const response = await admin('/v1/admin/site', 'PATCH', { ownerEmails: emails }, key);
  expect(response.status).toBe(200);
  return (await response.json()) as { ownerEmails: string[] };
}

/** The token of the newest console sign-in mail to an address, or null. */
async function signInToken(to: string) {
  const row = await env.DB.prepare(
    `SELECT text_body FROM dev_mailbox WHERE to_address = ? AND text_body LIKE '%/admin#token=%'
      ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  )
    .bind(to)
    .first<{ text_body: string }>();
  return row?.text_body.match(/\/admin#token=([A-Za-z0-9_-]{43})/)?.[1] ?? null;
}

let clients = 0;
/** Each request from a client of its own, unless told: only the per-client test meets that limit. */
const askLink = (email: string, site = 'demo', client = `198.51.100.${++clients}`) =>
  postJson('/v1/admin/sign-in-links', { site, email }, { origin: '', 'cf-connecting-ip': client });

/** How many messages the development mailbox holds for an address. */
async function mailsTo(address: string) {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = ?')
    .bind(address)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
const openWith = (token: string) => postJson('/v1/admin/sessions', { token }, { origin: '' });

describe('console sign-in', () => {
  it('mails an owner a single-use link that opens a session for the admin API', async () => {
    const settings = await setOwners(['Owner@Shop.example']);
    expect(settings.ownerEmails).toEqual(['owner@shop.example']);
    const asked = await askLink('owner@shop.example');
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ status: 'sent-if-owner' });
    const token = await signInToken('owner@shop.example');
    expect(token).not.toBeNull();
    // Only the token's hash is kept (the development mailbox is the mail itself).
    const cells = await cellsContaining(token ?? 'missing');
    expect(cells.filter((cell) => !cell.startsWith('dev_mailbox.'))).toEqual([]);

    const opened = await openWith(token ?? '');
    expect(opened.status).toBe(201);
    const session = (await opened.json()) as Session;
    expect(session).toMatchObject({ site: 'demo', actor: 'owner:owner@shop.example' });
    expect(session.session).toMatch(/^os_[A-Za-z0-9_-]{43}$/);
    expect((await admin('/v1/admin/site', 'GET', undefined, session.session)).status).toBe(200);

    // Used up: a second use (a scanner, a replay) opens nothing.
    expect((await openWith(token ?? '')).status).toBe(401);
    // The sign-in is in the admin log, under the owner.
    const events = (await (await admin('/v1/admin/events')).json()) as {
      events: { keyId: string; action: string }[];
    };
    expect(events.events[0]).toMatchObject({
      keyId: 'owner:owner@shop.example',
      action: 'POST /v1/admin/sessions',
    });
  });

  it('answers an address that is no owner the same, and sends it nothing', async () => {
    await setOwners(['owner@shop.example']);
    const before = await rowCounts();
    const asked = await askLink('stranger@example.org');
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ status: 'sent-if-owner' });
    expect(await signInToken('stranger@example.org')).toBeNull();
    // Only the client's ticket is written, as for an owner's address.
    const { rate_events: ticketsBefore, ...restBefore } = before;
    const { rate_events: tickets, ...after } = await rowCounts();
    expect(after).toEqual(restBefore);
    expect(tickets).toBe((ticketsBefore ?? 0) + 1);
  });

  it('S4: an owner’s address and a stranger’s take the same path: the same round trips', async () => {
    await setOwners(['same-path@shop.example']);
    const paths = [];
    for (const email of ['same-path@shop.example', 'nobody@shop.example']) {
      const db = countingD1(env.DB);
      const ctx = createExecutionContext();
      const request = new Request(new URL('/v1/admin/sign-in-links', apiOrigin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.77' },
        body: JSON.stringify({ site: 'demo', email }),
      });
      const response = await worker.fetch(request, { ...env, DB: db } as Env, ctx);
      // The development mailbox is the mail itself, handed to waitUntil: not the route's path.
      const calls = db.roundTrips
        .map((trip) => trip.call)
        .filter((c) => !c.includes('dev_mailbox'));
      paths.push({ status: response.status, calls });
      await waitOnExecutionContext(ctx);
    }
    expect(paths[0]).toEqual({ status: 202, calls: ['batch of 4'] });
    expect(paths[1]).toEqual(paths[0]);
    expect(await mailsTo('same-path@shop.example')).toBe(1);
    expect(await mailsTo('nobody@shop.example')).toBe(0);
  });

  it('sends an owner at most five links an hour', async () => {
    await setOwners(['busy@shop.example']);
    for (let i = 0; i < 7; i++) expect((await askLink('busy@shop.example')).status).toBe(202);
    expect(await mailsTo('busy@shop.example')).toBe(5);
  });

  it('S4: thirty parallel requests for one owner’s address send at most five mails', async () => {
    await setOwners(['parallel@shop.example']);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => askLink('parallel@shop.example')),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(202));
    expect(await mailsTo('parallel@shop.example')).toBe(5);
    const links = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM owner_sign_in_links WHERE owner_email = 'parallel@shop.example'",
    ).first<{ n: number }>();
    expect(links?.n).toBe(5);
  });

  it('S4: one client gets ten sign-in requests an hour, whatever the addresses, then a 429', async () => {
    await setOwners(['first@shop.example', 'second@shop.example']);
    const client = '203.0.113.9';
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const email = i % 2 ? 'first@shop.example' : `stranger-${i}@example.org`;
      statuses.push((await askLink(email, 'demo', client)).status);
    }
    expect(statuses).toEqual([...Array(10).fill(202), 429, 429]);
    // Another client is not held back, and the refused requests sent nothing.
    expect((await askLink('second@shop.example')).status).toBe(202);
    expect(await mailsTo('first@shop.example')).toBe(5);
    expect(await mailsTo('second@shop.example')).toBe(1);
    const refused = await askLink('second@shop.example', 'demo', client);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await mailsTo('second@shop.example')).toBe(1);
  });

  it('exchanges a site key for a session that the log names by the key, and signs out', async () => {
    const opened = await call('/v1/admin/sessions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_demo_local_development_only' },
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const session = (await opened.json()) as Session;
    expect(session.actor).not.toMatch(/^owner:/);
    const out = await admin('/v1/admin/sessions/current', 'DELETE', undefined, session.session);
    expect(out.status).toBe(204);
    expect((await admin('/v1/admin/site', 'GET', undefined, session.session)).status).toBe(401);
  });

  it('reaches only its own site, and refuses bad or missing tokens with a JSON 4xx', async () => {
    await addSite('owner-shop', 'sk_owner_shop_first_key');
    await setOwners(['boss@other.example'], 'sk_owner_shop_first_key');
    await askLink('boss@other.example', 'owner-shop');
    const token = await signInToken('boss@other.example');
    const session = (await (await openWith(token ?? '')).json()) as Session;
    expect(session.site).toBe('owner-shop');
    const site = await admin('/v1/admin/site', 'GET', undefined, session.session);
    expect(((await site.json()) as { id: string }).id).toBe('owner-shop');

    const before = await rowCounts();
    for (const body of [{}, { token: 'short' }, { token: 'A'.repeat(43) }, { token: 1 }]) {
      const response = await postJson('/v1/admin/sessions', body, { origin: '' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await response.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
    const forged = await admin('/v1/admin/site', 'GET', undefined, `os_${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
  });

  it('ends idle sessions, and the cron deletes ended sessions and links', async () => {
    await setOwners(['idle@shop.example']);
    await askLink('idle@shop.example');
    const token = await signInToken('idle@shop.example');
    const session = (await (await openWith(token ?? '')).json()) as Session;
    await env.DB.prepare(
      "UPDATE owner_sessions SET last_used_at = '2000-01-01T00:00:00.000Z'",
    ).run();
    expect((await admin('/v1/admin/site', 'GET', undefined, session.session)).status).toBe(401);
    await runCron(new Date(Date.now() + 60 * 60_000));
    const left = await env.DB.prepare(
      'SELECT (SELECT COUNT(*) FROM owner_sessions) + (SELECT COUNT(*) FROM owner_sign_in_links) AS n',
    ).first<{ n: number }>();
    expect(left?.n).toBe(0);
  });
});
