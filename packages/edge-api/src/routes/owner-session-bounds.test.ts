// Issue 19: a console session lives only while what opened it holds, cannot open another, needs
// a recent sign-in for what would let it outlive its end, is listed and ended from the console,
// and the admin log names who acted in it.
import { createSignetAdmin } from '@signet/sdk/server';
import { describe, expect, it } from 'vitest';
import {
  addSite,
  admin,
  apiOrigin,
  call,
  postJson,
  rowCounts,
  runCron,
  sql,
} from '../../test/worker.js';

type Session = { session: string; id: string; site: string; actor: string; expiresAt: string };

let clients = 0;

async function sessionFromKey(key: string) {
  const opened = await call('/v1/admin/sessions', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
  });
  expect(opened.status).toBe(201);
  return (await opened.json()) as Session;
}

/** The token of the newest console sign-in mail to an address, or null. */
async function signInToken(to: string) {
  const [row] = await sql<{ text_body: string }>(
    `SELECT text_body FROM dev_mailbox WHERE to_address = ? AND text_body LIKE '%/admin#token=%'
      ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    to,
  );
  return row?.text_body.match(/\/admin#token=([A-Za-z0-9_-]{43})/)?.[1] ?? null;
}

async function askLink(email: string, site: string) {
  const headers = { origin: '', 'cf-connecting-ip': `192.0.2.${++clients}` };
  expect((await postJson('/v1/admin/sign-in-links', { site, email }, headers)).status).toBe(202);
  return signInToken(email);
}

async function sessionFromLink(token: string | null) {
  return postJson('/v1/admin/sessions', { token: token ?? '' }, { origin: '' });
}

/** A site of its own per test, so that one test's keys and owners never meet another's. */
async function newSite(id: string) {
  const key = `sk_${id.replace(/-/g, '_')}_first_key`;
  await addSite(id, key);
  return key;
}

async function setOwners(emails: string[], key: string) {
  expect((await admin('/v1/admin/site', 'PATCH', { ownerEmails: emails }, key)).status).toBe(200);
}

async function createKey(label: string, bearer: string) {
  return admin('/v1/admin/keys', 'POST', { label }, bearer);
}

/** Moves the session's opening back: it was opened `minutes` ago. */
function openedAgo(session: Session, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  return sql('UPDATE owner_sessions SET created_at = ? WHERE id = ?', at, session.id);
}

const siteOf = (bearer: string) => admin('/v1/admin/site', 'GET', undefined, bearer);

describe('S5: console sessions', () => {
  it('a session cannot open another session: 403 forbidden, nothing written', async () => {
    const key = await newSite('chain-shop');
    const session = await sessionFromKey(key);
    const before = await rowCounts();
    const again = await call('/v1/admin/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${session.session}` },
    });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await rowCounts()).toEqual(before);
  });

  it('a session ends when the key that opened it is revoked: 401 on its next use', async () => {
    const key = await newSite('revoke-shop');
    const second = (await (await createKey('Second', key)).json()) as { id: string; key: string };
    const session = await sessionFromKey(second.key);
    expect((await siteOf(session.session)).status).toBe(200);
    expect((await admin(`/v1/admin/keys/${second.id}`, 'DELETE', undefined, key)).status).toBe(200);
    const after = await siteOf(session.session);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // A session opened by the key that stays is not touched; the cron deletes the ended one.
    expect((await siteOf((await sessionFromKey(key)).session)).status).toBe(200);
    await runCron(new Date());
    expect(await sql('SELECT id FROM owner_sessions WHERE id = ?', session.id)).toEqual([]);
  });

  it('a session ends when its address is no longer an owner’s, and so does that address’s unused link', async () => {
    const key = await newSite('owners-shop');
    await setOwners(['leaving@owners.example', 'staying@owners.example'], key);
    const session = (await (
      await sessionFromLink(await askLink('leaving@owners.example', 'owners-shop'))
    ).json()) as Session;
    const unused = await askLink('leaving@owners.example', 'owners-shop');
    const staying = (await (
      await sessionFromLink(await askLink('staying@owners.example', 'owners-shop'))
    ).json()) as Session;
    expect((await siteOf(session.session)).status).toBe(200);

    await setOwners(['staying@owners.example'], key);
    expect((await siteOf(session.session)).status).toBe(401);
    const refused = await sessionFromLink(unused);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await siteOf(staying.session)).status).toBe(200);
  });

  it('keys, owner addresses and webhook endpoints (their changes and secrets too) need a session opened in the last 15 minutes; the key itself may', async () => {
    const key = await newSite('fresh-shop');
    const session = await sessionFromKey(key);
    const webhook = {
      url: 'https://hooks.fresh-shop.example/signet',
      events: ['consent.confirmed'],
    };
    const byKey = (await (await createKey('By the key', key)).json()) as { id: string };
    const hook = (await (await admin('/v1/admin/webhooks', 'POST', webhook, key)).json()) as {
      id: string;
    };
    const changes = (bearer: string) => [
      () => createKey('Late', bearer),
      () => admin(`/v1/admin/keys/${byKey.id}`, 'DELETE', undefined, bearer),
      () => admin('/v1/admin/site', 'PATCH', { ownerEmails: ['late@fresh.example'] }, bearer),
      () => admin('/v1/admin/webhooks', 'POST', webhook, bearer),
      () => admin(`/v1/admin/webhooks/${hook.id}`, 'PATCH', { description: 'Late' }, bearer),
      () => admin(`/v1/admin/webhooks/${hook.id}/secret`, 'POST', undefined, bearer),
      () => admin(`/v1/admin/webhooks/${hook.id}`, 'DELETE', undefined, bearer),
    ];

    await openedAgo(session, 16);
    const before = await rowCounts();
    for (const change of changes(session.session)) {
      const answer = await change();
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({
        error: { code: 'fresh_session_required', message: expect.stringContaining('15 minutes') },
      });
    }
    expect(await rowCounts()).toEqual(before);
    // Everything else still works in the older session, the same owners sent again included
    // (the console sends its whole form).
    const unchanged = { name: 'Still Fresh', ownerEmails: [] };
    expect((await admin('/v1/admin/site', 'PATCH', unchanged, session.session)).status).toBe(200);

    await openedAgo(session, 14);
    const statuses = [];
    for (const change of changes(session.session)) statuses.push((await change()).status);
    expect(statuses).toEqual([201, 200, 200, 201, 200, 200, 200]);
  });

  it('lists the site’s open sessions without their bearers, and ends one or all ("sign out everywhere")', async () => {
    const key = await newSite('list-shop');
    await setOwners(['boss@list.example'], key);
    const first = await sessionFromKey(key);
    const second = (await (
      await sessionFromLink(await askLink('boss@list.example', 'list-shop'))
    ).json()) as Session;
    const third = await sessionFromKey(key);
    // Another site's session is not in the list, and no list ends it.
    const elsewhere = await sessionFromKey(await newSite('list-other-shop'));

    const listed = await admin('/v1/admin/sessions', 'GET', undefined, first.session);
    expect(listed.status).toBe(200);
    const { sessions } = (await listed.json()) as {
      sessions: { id: string; actor: string; current: boolean }[];
    };
    expect(sessions).toHaveLength(3);
    expect(sessions.map(({ id, actor, current }) => ({ id, actor, current }))).toEqual(
      expect.arrayContaining([
        { id: first.id, actor: 'key-list-shop', current: true },
        { id: second.id, actor: 'owner:boss@list.example', current: false },
        { id: third.id, actor: 'key-list-shop', current: false },
      ]),
    );
    expect(JSON.stringify(sessions)).not.toContain(first.session.slice(3));

    const ended = await admin(
      `/v1/admin/sessions/${second.id}`,
      'DELETE',
      undefined,
      first.session,
    );
    expect(ended.status).toBe(204);
    expect((await siteOf(second.session)).status).toBe(401);
    expect((await siteOf(first.session)).status).toBe(200);
    const gone = await admin(`/v1/admin/sessions/${second.id}`, 'DELETE', undefined, key);
    expect(gone.status).toBe(404);
    const foreign = await admin(`/v1/admin/sessions/${elsewhere.id}`, 'DELETE', undefined, key);
    expect(foreign.status).toBe(404);

    const everywhere = await admin('/v1/admin/sessions', 'DELETE', undefined, first.session);
    expect(everywhere.status).toBe(200);
    expect(await everywhere.json()).toEqual({ ended: 2 });
    for (const session of [first, third]) expect((await siteOf(session.session)).status).toBe(401);
    expect((await siteOf(elsewhere.session)).status).toBe(200);
    const none = (await (await admin('/v1/admin/sessions', 'GET', undefined, key)).json()) as {
      sessions: unknown[];
    };
    expect(none.sessions).toEqual([]);
  });

  it('the admin log names who acted in a session, and which session', async () => {
    const key = await newSite('actor-shop');
    await setOwners(['ada@actor.example'], key);
    const bySession = await sessionFromKey(key);
    const byLink = (await (
      await sessionFromLink(await askLink('ada@actor.example', 'actor-shop'))
    ).json()) as Session;
    await admin('/v1/admin/site', 'PATCH', { name: 'By the key' }, key);
    await admin('/v1/admin/site', 'PATCH', { name: 'In the key’s session' }, bySession.session);
    await admin('/v1/admin/site', 'PATCH', { name: 'In Ada’s session' }, byLink.session);
    // Refused, so not logged: a session's attempt at opening another.
    await call('/v1/admin/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${byLink.session}` },
    });

    const log = (await (await admin('/v1/admin/events', 'GET', undefined, key)).json()) as {
      events: { keyId: string; sessionId: string | null; action: string }[];
    };
    expect(log.events).toHaveLength(6);
    // Events of the same millisecond may come in either order.
    expect(
      log.events.map(({ keyId, sessionId, action }) => ({ keyId, sessionId, action })),
    ).toEqual(
      expect.arrayContaining([
        { keyId: 'owner:ada@actor.example', sessionId: byLink.id, action: 'PATCH /v1/admin/site' },
        { keyId: 'key-actor-shop', sessionId: bySession.id, action: 'PATCH /v1/admin/site' },
        { keyId: 'key-actor-shop', sessionId: null, action: 'PATCH /v1/admin/site' },
        {
          keyId: 'owner:ada@actor.example',
          sessionId: byLink.id,
          action: 'POST /v1/admin/sessions',
        },
        { keyId: 'key-actor-shop', sessionId: bySession.id, action: 'POST /v1/admin/sessions' },
      ]),
    );
  });

  it('the SDK’s admin client lists and ends sessions, typed from the contract', async () => {
    const key = await newSite('sdk-shop');
    const one = await sessionFromKey(key);
    const two = await sessionFromKey(key);
    const sdk = createSignetAdmin({
      endpoint: apiOrigin,
      site: 'sdk-shop',
      apiKey: one.session,
      fetch: (input, init) => call(String(input), init),
    });
    const listed = await sdk.sessions();
    expect(listed.ok && listed.value.sessions.map((s) => [s.id, s.current])).toEqual(
      expect.arrayContaining([
        [one.id, true],
        [two.id, false],
      ]),
    );
    expect(await sdk.endSession(two.id)).toEqual({ ok: true, value: null });
    const again = await sdk.endSession(two.id);
    expect(!again.ok && again.error.code).toBe('not_found');
    expect(await sdk.endAllSessions()).toEqual({ ok: true, value: { ended: 1 } });
    const after = await sdk.sessions();
    expect(!after.ok && after.error.code).toBe('unauthorized');
  });
});
