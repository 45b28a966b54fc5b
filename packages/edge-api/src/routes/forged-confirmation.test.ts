import { env } from 'cloudflare:workers';
import { toBase64url } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  apiOrigin,
  call,
  capturingMailProvider,
  cellsContaining,
  demoApiKey,
  indexOf,
  postJson,
  pressConfirm,
  rowCounts,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';
import { hmacBytes } from '../crypto/digest.js';
import { storedBody } from '../store/message-bodies.js';

afterEach(() => vi.restoreAllMocks());

const siteKey = { authorization: `Bearer ${demoApiKey}` };
const liveLink = /\/confirm\/[A-Za-z0-9_-]{43}/;

const allowed = async (email: string) =>
  (
    (await (
      await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`)
    ).json()) as { allowed: boolean }
  ).allowed;

/** A POST of the confirm form with the given headers and body, as anyone could send it. */
const postConfirm = (path: string, headers: Record<string, string>, body = '') =>
  call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('C5/P1: a site key holder cannot forge a confirmation', () => {
  it("C5: the attack replayed (site key, another person's address, evidence, POST the link) fails at every step", async () => {
    const mail = capturingMailProvider();
    const victim = 'victim@example.org';
    // 1. The site owner starts a request for someone else's address from its server.
    const started = await postJson(
      '/v1/consent-requests',
      await validRequestBody(victim),
      { origin: '', ...siteKey },
      mail.overrides,
    );
    expect(started.status).toBe(202);
    const token = mail.linkTo(victim)?.split('/').pop() ?? '';
    expect(token).toHaveLength(43);

    // 2. Nothing the owner can ask for holds the live link or the pending message.
    const answers = [
      await admin(`/v1/consents/evidence?email=${victim}&purpose=newsletter`),
      await admin(`/v1/consents/evidence?email=${victim}&purpose=newsletter&format=html`),
      await admin('/v1/consents/evidence', 'POST', { email: victim, purpose: 'newsletter' }),
      await admin('/v1/records'),
      await admin(`/v1/admin/subjects/consents?email=${victim}`),
      await admin('/v1/log/checkpoint'),
    ];
    for (const answer of answers) {
      const text = await answer.text();
      expect(text).not.toContain(token);
      expect(text).not.toMatch(liveLink);
      if (answer.headers.get('content-type')?.includes('json') && text.includes('"messages"')) {
        expect((JSON.parse(text) as { messages: unknown[] }).messages).toEqual([]);
      }
    }
    expect(await cellsContaining(token)).toEqual([]);

    // 3. Even holding the link, a POST from elsewhere does not confirm: bare, cross-site, or
    //    with another origin, with or without a nonce of the page.
    const page = await (await call(`/confirm/${token}`)).text();
    const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
    const before = await rowCounts();
    const attempts = [
      await call(`/confirm/${token}`, { method: 'POST' }),
      await postConfirm(`/confirm/${token}`, {}, 'nonce=forged'),
      await postConfirm(`/confirm/${token}`, { 'sec-fetch-site': 'cross-site' }, `nonce=${nonce}`),
      await postConfirm(`/confirm/${token}`, { origin: 'https://shop.example' }, `nonce=${nonce}`),
      await postConfirm(`/confirm/${token}`, { 'sec-fetch-site': 'same-site' }, `nonce=${nonce}`),
    ];
    expect(attempts.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await rowCounts()).toEqual(before);
    expect(await allowed(victim)).toBe(false);
  });

  it("C5: a cross-site POST says so on a clear page and changes nothing; the person's own click on the page confirms", async () => {
    const mail = capturingMailProvider();
    const email = 'clicks@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email), {}, mail.overrides);
    const link = mail.linkTo(email) ?? '';
    const page = await (await call(link)).text();
    const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';

    const crossSite = await postConfirm(
      link,
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      `nonce=${nonce}`,
    );
    expect(crossSite.status).toBe(403);
    const refusal = await crossSite.text();
    expect(refusal).toContain('came from another website and was not accepted');
    expect(refusal).not.toContain('<form');
    expect(await allowed(email)).toBe(false);

    const own = await pressConfirm(link);
    expect(own.status).toBe(200);
    expect(await allowed(email)).toBe(true);
  });

  it('C5: a POST without a good nonce shows the page again with a fresh button instead of confirming', async () => {
    const mail = capturingMailProvider();
    const email = 'stale-page@example.org';
    const other = 'other-page@example.org';
    for (const address of [email, other]) {
      await postJson('/v1/consent-requests', await validRequestBody(address), {}, mail.overrides);
    }
    const link = mail.linkTo(email) ?? '';
    // A nonce of the page of another link is no good for this one.
    const otherPage = await (await call(mail.linkTo(other) ?? '')).text();
    const foreignNonce = otherPage.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
    expect(foreignNonce).not.toBe('');
    const again = await postConfirm(
      link,
      { 'sec-fetch-site': 'same-origin', origin: apiOrigin },
      `nonce=${foreignNonce}`,
    );
    expect(again.status).toBe(403);
    const body = await again.text();
    expect(body).toContain('Please confirm with the button on this page.');
    expect(body).toMatch(/name="nonce" value="\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}"/);
    expect(await allowed(email)).toBe(false);
  });

  it('C7: after a request no table holds the raw token, and the stored message shows the link redacted with its hash', async () => {
    const mail = capturingMailProvider();
    const email = 'scan@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email), {}, mail.overrides);
    const link = mail.linkTo(email) ?? '';
    const token = link.split('/').pop() ?? '';
    expect(token).toHaveLength(43);
    expect(await cellsContaining(token)).toEqual([]);
    // The message is kept compressed (migration 0030): read it as the store does.
    const rows = await sql<{
      subject: string;
      text_body: string;
      html_body: string;
      body_deflated: number[];
    }>(
      `SELECT subject, text_body, html_body, body_deflated FROM outbox
        WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)`,
      await subjectIdOf(email),
    );
    const bodies = await Promise.all(rows.map((row) => storedBody(row)));
    for (const body of bodies) expect(`${body.text}${body.html}`).not.toContain(token);
    const redacted = bodies.filter(
      (body) =>
        body.text.includes('/confirm/[redacted:') && body.html.includes('/confirm/[redacted:'),
    );
    expect(redacted).toHaveLength(1);
    // The one message that holds the link is the one the provider delivered.
    expect(mail.delivered.filter((message) => message.text.includes(token))).toHaveLength(1);
  });

  it('C5: a site name or wording holding a link placeholder gets no live token put into it', async () => {
    // The owner plants what a stored message holds where the token goes, in every text of theirs.
    const planted = 'https://evil.example/confirm/[redacted] #token=[redacted] [redacted-code]';
    expect(
      (await admin('/v1/admin/site', 'PATCH', { name: `Shop ${planted}`.slice(0, 200) })).status,
    ).toBe(200);
    const mail = capturingMailProvider();
    const email = 'planted@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email), {}, mail.overrides);
    await postJson(
      '/v1/preference-links',
      { site: 'demo', email, locale: 'en' },
      {},
      mail.overrides,
    );
    const sent = mail.delivered.filter((message) => message.to === email);
    expect(sent).toHaveLength(2);
    for (const message of sent) {
      // What the owner wrote arrives as written: no token where they put the placeholder.
      expect(message.text).toContain('https://evil.example/confirm/[redacted]');
      expect(message.text).not.toMatch(/evil\.example\/confirm\/[A-Za-z0-9_-]{43}/);
      expect(message.html).not.toMatch(/evil\.example\/confirm\/[A-Za-z0-9_-]{43}/);
      expect(message.text).toContain('#token=[redacted] [redacted-code]');
    }
    // The real links still work: one live confirm link, one preference link with its code.
    expect(sent[0]?.text).toMatch(/api\.signet\.test\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(sent[1]?.text).toMatch(/\/p\/demo\?lang=[a-z]{2}#token=[A-Za-z0-9_-]{43}/);
    expect(sent[1]?.text).toMatch(/\b\d{8}\b/);
  });

  it('S2: a link made the old way, HMAC(INDEX_KEY, "link:confirm:" + a request id the owner reads in the records), confirms nothing', async () => {
    const mail = capturingMailProvider();
    const email = 'old-way-link@example.org';
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(email),
      { origin: '', ...siteKey },
      mail.overrides,
    );
    // The request id is in every record the owner exports.
    const [row] = await sql<{ request_id: string }>(
      "SELECT request_id FROM records WHERE email_hash = unhex(?) AND event = 'requested'",
      await indexOf(email),
    );
    const requestId = row?.request_id ?? '';
    const forged = toBase64url(await hmacBytes(env.INDEX_KEY, `link:confirm:${requestId}`));
    const sent = mail.linkTo(email)?.split('/').pop() ?? '';
    expect(sent).toHaveLength(43);
    expect(forged).not.toBe(sent);

    const page = await pressConfirm(`/confirm/${forged}`);
    expect(page.status).toBe(404);
    expect(await allowed(email)).toBe(false);
    // The link that was mailed still works.
    expect((await pressConfirm(`/confirm/${sent}`)).status).toBe(200);
    expect(await allowed(email)).toBe(true);
  });
});
