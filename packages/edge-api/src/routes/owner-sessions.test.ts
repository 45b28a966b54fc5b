// The console's sign-in: a mailed single-use link for the site's owner addresses, or a site key
// exchanged for a session; sessions reach only their own site's admin routes and end.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  addSite,
  admin,
  call,
  cellsContaining,
  postJson,
  rowCounts,
  runCron,
} from '../../test/worker.js';

type Session = { session: string; site: string; actor: string; expiresAt: string };

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

const askLink = (email: string, site = 'demo') =>
  postJson('/v1/admin/sign-in-links', { site, email }, { origin: '' });
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
    expect(await rowCounts()).toEqual(before);
  });

  it('sends an owner at most five links an hour', async () => {
    await setOwners(['busy@shop.example']);
    for (let i = 0; i < 7; i++) expect((await askLink('busy@shop.example')).status).toBe(202);
    const { n } = (await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = 'busy@shop.example'",
    ).first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(5);
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
