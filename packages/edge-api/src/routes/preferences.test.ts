import { type Me, type SignedRecord, verifyRecord } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  addSite,
  admin,
  asPerson,
  call,
  cellsContaining,
  confirmLinkFor,
  postJson,
  preferenceMail,
  pressConfirm,
  rowCounts,
  runCron,
  sql,
  subjectIdOf,
  subscribed,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';

const askLink = (email: string, headers: Record<string, string> = {}) =>
  postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' }, headers);

async function sessionFor(email: string) {
  await askLink(email);
  const { token } = await preferenceMail(email);
  const opened = await postJson('/v1/preference-sessions', { token });
  return ((await opened.json()) as { session: string }).session;
}

const allowed = async (email: string, purpose = 'newsletter') =>
  (
    (await (
      await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`)
    ).json()) as { allowed: boolean }
  ).allowed;

describe('R6: a magic link to the preferences page', () => {
  it('R6/S4: a known address gets a link and a code; an unknown one the identical 202 and nothing', async () => {
    await subscribed('known-person@example.org');
    const known = await askLink('known-person@example.org');
    const before = await rowCounts();
    const unknown = await askLink('nobody-here@example.org');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.text()).toBe(await (await askLink('known-person@example.org')).text());
    const mail = await preferenceMail('known-person@example.org');
    expect(mail.token).toHaveLength(43);
    expect(mail.code).toMatch(/^\d{8}$/);
    expect(mail.text).toContain('https://api.signet.test/p/demo?lang=en#token=');
    const after = await rowCounts();
    // The unknown address left only its rate-limit tickets behind: no link, no message, no subject.
    for (const table of ['preference_links', 'outbox', 'subjects', 'dev_mailbox']) {
      expect(after[table]).toBe((before[table] ?? 0) + (table === 'subjects' ? 0 : 1));
    }
    expect((await preferenceMail('nobody-here@example.org')).token).toBeNull();
  });

  it('C7: the link token is stored only hashed and the sent message keeps no body', async () => {
    await subscribed('hashed-link@example.org');
    await askLink('hashed-link@example.org');
    const { token, code } = await preferenceMail('hashed-link@example.org');
    const cells = (await cellsContaining(token ?? 'none')).filter(
      (cell) => !cell.startsWith('dev_mailbox.'),
    );
    expect(cells).toEqual([]);
    const withCode = (await cellsContaining(`: ${code}`)).filter(
      (cell) => !cell.startsWith('dev_mailbox.'),
    );
    expect(withCode).toEqual([]);
    const [message] = await sql<{ text_body: string; status: string }>(
      "SELECT text_body, status FROM outbox WHERE link_kind = 'preferences' AND subject_id = ?",
      await subjectIdOf('hashed-link@example.org'),
    );
    expect(message).toEqual({ text_body: '', status: 'sent' });
  });

  it('R6: opening the link does not use it up (mail scanners), and it ends after 60 minutes', async () => {
    await subscribed('scanned@example.org');
    await askLink('scanned@example.org');
    const { token } = await preferenceMail('scanned@example.org');
    const first = await postJson('/v1/preference-sessions', { token });
    const second = await postJson('/v1/preference-sessions', { token });
    expect([first.status, second.status]).toEqual([201, 201]);
    const body = (await first.json()) as { session: string; expiresAt: string };
    expect(body.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await sql(
      "UPDATE preference_links SET expires_at = '2000-01-01T00:00:00.000Z' WHERE subject_id = ?",
      await subjectIdOf('scanned@example.org'),
    );
    const late = await postJson('/v1/preference-sessions', { token });
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('R6: the code opens a session on another device; after five wrong tries not even the right one', async () => {
    await subscribed('code-person@example.org');
    await askLink('code-person@example.org');
    const { code } = await preferenceMail('code-person@example.org');
    const withCode = (value: string) =>
      postJson('/v1/preference-sessions', {
        site: 'demo',
        email: 'code-person@example.org',
        code: value,
      });
    expect((await withCode(code ?? '')).status).toBe(201);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const tries = await Promise.all(Array.from({ length: 6 }, () => withCode(wrong)));
    expect(tries.every((response) => response.status === 401)).toBe(true);
    expect((await withCode(code ?? '')).status).toBe(401);
  });

  it('R6/S4: a wrong code names the tries left, counting down alike for a known and an unknown address', async () => {
    const known = 'tries-left@example.org';
    await subscribed(known);
    await askLink(known);
    const { code } = await preferenceMail(known);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const answers = async (email: string) => {
      const messages: unknown[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await postJson('/v1/preference-sessions', {
          site: 'demo',
          email,
          code: wrong,
        });
        expect(response.status).toBe(401);
        messages.push(await response.json());
      }
      return messages;
    };
    const expected = [4, 3, 2].map((left) => ({
      error: {
        code: 'unauthorized',
        message: `Wrong code: ${left} tries left`,
        field: 'code',
        requestId: expect.any(String),
      },
    }));
    expect(await answers(known)).toEqual(expected);
    expect(await answers('never-seen@example.org')).toEqual(expected);
  });

  it('R6: signing out ends the session: its token opens nothing after', async () => {
    await subscribed('signs-out@example.org');
    const session = await sessionFor('signs-out@example.org');
    const auth = { authorization: `Bearer ${session}` };
    expect((await call('/v1/me', { headers: auth })).status).toBe(200);
    const out = await call('/v1/me/session', { method: 'DELETE', headers: auth });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ ended: true });
    expect((await call('/v1/me', { headers: auth })).status).toBe(401);
    expect((await call('/v1/me/session', { method: 'DELETE', headers: auth })).status).toBe(401);
  });

  it('R6: the code of an older link still open opens a session, though a newer link was mailed since', async () => {
    const email = 'older-code@example.org';
    await subscribed(email);
    await askLink(email);
    const { code: first } = await preferenceMail(email);
    await askLink(email);
    const { code: second } = await preferenceMail(email);
    expect(second).not.toBe(first);
    const opened = await postJson('/v1/preference-sessions', { site: 'demo', email, code: first });
    expect(opened.status).toBe(201);
  });

  it('R6: failed codes count per person over all their open links: five in all, a new link does not start again, a right code is no failure', async () => {
    const email = 'code-per-person@example.org';
    await subscribed(email);
    const withCode = (code: string | null) =>
      postJson('/v1/preference-sessions', { site: 'demo', email, code });
    await askLink(email);
    const { code: first } = await preferenceMail(email);
    const wrong = (code: string | null) => (code === '00000000' ? '11111111' : '00000000');
    for (let i = 0; i < 2; i += 1) expect((await withCode(wrong(first))).status).toBe(401);
    expect((await withCode(first)).status).toBe(201);
    await askLink(email);
    const { code: second } = await preferenceMail(email);
    for (let i = 0; i < 3; i += 1) expect((await withCode(wrong(second))).status).toBe(401);
    // Two and three failed tries: five, on two links, and the newest code is refused too.
    expect((await withCode(second)).status).toBe(401);
    expect((await withCode(first)).status).toBe(401);
  });

  it('S4: opening sessions is limited per client: past 60 tries an hour 429, while another client still gets its answer', async () => {
    const from = (ip: string) =>
      postJson('/v1/preference-sessions', { token: 'A'.repeat(43) }, { 'cf-connecting-ip': ip });
    for (let i = 0; i < 60; i += 1) expect((await from('203.0.113.50')).status).toBe(401);
    const limited = await from('203.0.113.50');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await from('198.51.100.7')).status).toBe(401);
  });
});

describe('R2/R1: what a session sees and does', () => {
  it('R2: /v1/me shows the contact masked, every purpose with its state and wording, and the history', async () => {
    const email = 'reader@example.org';
    await subscribed(email);
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    const session = await sessionFor(email);
    const response = await asPerson(session, '/v1/me');
    expect(response.status).toBe(200);
    const me = (await response.json()) as Me;
    expect(me.contact).toEqual({ email: 're***r@example.org', phone: null });
    expect(me.site).toMatchObject({ id: 'demo', name: 'Signet Demo Shop' });
    const byId = new Map(me.purposes.map((purpose) => [purpose.id, purpose]));
    expect(byId.get('newsletter')).toMatchObject({ state: 'active', wording: { locale: 'en' } });
    expect(byId.get('prize-draw')).toMatchObject({ state: 'pending' });
    expect(me.records.map((record) => [record.purpose, record.event])).toEqual([
      ['newsletter', 'requested'],
      ['newsletter', 'confirmed'],
      ['prize-draw', 'requested'],
    ]);
    expect(JSON.stringify(me)).not.toContain(email);
  });

  it('R1: withdrawing from the page takes effect at once, with a signed withdrawn record', async () => {
    const email = 'withdraws@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    expect(await allowed(email)).toBe(true);
    const session = await sessionFor(email);
    const response = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['newsletter', 'phone-calls'],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      withdrawn: ['newsletter'],
      unchanged: ['phone-calls'],
      erased: false,
    });
    expect(await allowed(email)).toBe(false);
    expect(await allowed(email, 'prize-draw')).toBe(true);
    const again = await asPerson(session, '/v1/me/withdrawals', 'POST', {
      purposes: ['newsletter'],
    });
    expect(await again.json()).toEqual({ withdrawn: [], unchanged: ['newsletter'], erased: false });

    await runCron(new Date());
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const subject = await subjectIdOf(email);
    const withdrawn = records.filter(
      (signed) => signed.record.subject === subject && signed.record.event === 'withdrawn',
    );
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]?.record.source.form).toBe('preferences-page');
    const jwks = await (await call('/.well-known/jwks.json')).json();
    expect(await verifyRecord(withdrawn[0] as SignedRecord, jwks as never)).toEqual({ ok: true });
    const me = (await (await asPerson(session, '/v1/me')).json()) as Me;
    expect(me.purposes.find((purpose) => purpose.id === 'newsletter')?.state).toBe('withdrawn');
  });

  it('a session is a bearer that ends after 15 idle minutes or 60 in all; without one, 401', async () => {
    const email = 'idle@example.org';
    await subscribed(email);
    expect((await call('/v1/me')).status).toBe(401);
    expect((await asPerson('x'.repeat(43), '/v1/me')).status).toBe(401);
    const session = await sessionFor(email);
    expect((await asPerson(session, '/v1/me')).status).toBe(200);
    const subject = await subjectIdOf(email);
    await sql(
      'UPDATE preference_sessions SET last_used_at = ? WHERE subject_id = ?',
      new Date(Date.now() - 16 * 60_000).toISOString(),
      subject,
    );
    expect((await asPerson(session, '/v1/me')).status).toBe(401);
    const fresh = await sessionFor(email);
    await sql(
      "UPDATE preference_sessions SET expires_at = ? WHERE subject_id = ? AND last_used_at > '2001'",
      new Date(Date.now() - 1000).toISOString(),
      subject,
    );
    expect((await asPerson(fresh, '/v1/me')).status).toBe(401);
    // The raw session token is stored nowhere.
    expect(await cellsContaining(fresh)).toEqual([]);
  });

  it("S5: the person's routes answer CORS only to the session's site, not to another site's origin", async () => {
    await addSite('cors-neighbour', 'sk_cors_neighbour_key');
    await subscribed('cors-me@example.org', ['newsletter', 'prize-draw']);
    const session = await sessionFor('cors-me@example.org');
    const from = (origin: string, path = '/v1/me', method = 'GET') =>
      call(path, {
        method,
        headers: {
          authorization: `Bearer ${session}`,
          origin,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { body: JSON.stringify({ purposes: ['prize-draw'] }) } : {}),
      });
    const own = await from(testOrigin);
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(testOrigin);
    // An origin another site lists: it may load its own widget, never read this site's person.
    for (const [path, method] of [
      ['/v1/me', 'GET'],
      ['/v1/me/export', 'GET'],
      ['/v1/me/withdrawals', 'POST'],
    ] as const) {
      const foreign = await from('https://cors-neighbour.example', path, method);
      expect(foreign.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    expect(
      (await from('https://nobody.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    // Without a session the answer names no site: any site's element may read that it ended.
    const ended = await call('/v1/me', {
      headers: { authorization: `Bearer ${'x'.repeat(43)}`, origin: testOrigin },
    });
    expect(ended.status).toBe(401);
    expect(ended.headers.get('access-control-allow-origin')).toBe(testOrigin);
  });

  it("S6: bad bodies to the person's routes are 4xx JSON errors that write nothing", async () => {
    const session = await sessionFor('bad-bodies@example.org').catch(() => 'x'.repeat(43));
    const before = await rowCounts();
    const answers = [
      await postJson('/v1/preference-links', { site: 'demo' }),
      await postJson('/v1/preference-links', { site: 'no-such-site', email: 'a@b.test' }),
      await postJson('/v1/preference-sessions', { token: 'short' }),
      await postJson('/v1/preference-sessions', { site: 'demo', email: 'a@b.test', code: '12' }),
      await asPerson(session, '/v1/me/withdrawals', 'POST', { purposes: [] }),
      await asPerson(session, '/v1/me?locale=xx'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(await answer.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('R1: agreeing again from the page', () => {
  it("R1/C5: agreeing again from the page starts a new double opt-in to the session's own address", async () => {
    const email = 'comes-round@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const session = await sessionFor(email);
    await asPerson(session, '/v1/me/withdrawals', 'POST', { purposes: ['newsletter'] });
    const me = (await (await asPerson(session, '/v1/me')).json()) as Me;
    const newsletter = me.purposes.find((purpose) => purpose.id === 'newsletter');
    const started = await asPerson(session, '/v1/me/consent-requests', 'POST', {
      purposes: [{ id: 'newsletter', wordingVersion: newsletter?.wordingVersion }],
      locale: 'en',
    });
    expect(started.status).toBe(202);
    // Nothing is active before the new link is used (C5).
    expect(await allowed(email)).toBe(false);
    await pressConfirm(await confirmLinkFor(email));
    expect(await allowed(email)).toBe(true);
    const outdated = await asPerson(session, '/v1/me/consent-requests', 'POST', {
      purposes: [{ id: 'newsletter', wordingVersion: 'f'.repeat(64) }],
      locale: 'en',
    });
    expect(outdated.status).toBe(409);
    expect((await call('/v1/me/consent-requests', { method: 'POST' })).status).toBe(401);
  });
});
