// The server SDK (@signet/sdk/server) against the real worker in workerd with D1: every call a
// shop's server makes, through the SDK's own retries and checks.
import type { ConsentWebhookEvent } from '@signet/sdk';
import { createSignetAdmin, createSignetServer } from '@signet/sdk/server';
import { describe, expect, it } from 'vitest';
import {
  addSite,
  apiOrigin,
  call,
  confirmLinkFor,
  demoApiKey,
  demoForm,
  postJson,
  pressConfirm,
  rowCounts,
  runCron,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';
import { recordColumns } from '../store/records.js';

const serverFetch: typeof fetch = (input, init) => call(String(input), init);

function shopServer(overrides: Partial<Parameters<typeof createSignetServer>[0]> = {}) {
  return createSignetServer({
    endpoint: apiOrigin,
    site: 'demo',
    apiKey: demoApiKey,
    fetch: serverFetch,
    retryBaseMs: 1,
    ...overrides,
  });
}

async function newsletter() {
  const form = await demoForm('en');
  const purpose = form.purposes.find((p) => p.id === 'newsletter');
  if (!purpose) throw new Error('the demo site has no newsletter purpose');
  return { id: purpose.id, wordingVersion: purpose.wordingVersion };
}

async function checkoutRequest(email: string) {
  return {
    email,
    purposes: [await newsletter()],
    locale: 'en' as const,
    pageUrl: 'https://shop.example/checkout',
    evidence: {
      clientIp: '198.51.100.23',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    },
  };
}

async function confirmedCustomer(email: string) {
  const sent = await shopServer().requestConsent(await checkoutRequest(email));
  expect(sent).toEqual({
    ok: true,
    value: { status: 'pending', subject: expect.any(String), requests: [expect.any(String)] },
  });
  const confirmed = await pressConfirm(await confirmLinkFor(email));
  expect(confirmed.status).toBe(200);
}

describe('requestConsent from a shop server', () => {
  it('records the evidence the checkout reported, marked as reported by the server', async () => {
    await confirmedCustomer('checkout-evidence@example.org');
    const subject = await subjectIdOf('checkout-evidence@example.org');
    const [requested] = await sql<{
      form: string;
      evidence_ip: string;
      evidence_user_agent: string;
    }>(
      `SELECT form, evidence_ip, evidence_user_agent FROM (SELECT ${recordColumns()} FROM records)
        WHERE subject_id = ? AND event = 'requested'`,
      subject,
    );
    expect(requested).toEqual({
      form: 'server:checkout',
      evidence_ip: '198.51.100.0/24',
      evidence_user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    });
  });

  it('refuses reported evidence and server form names from a browser, writing nothing', async () => {
    const body = { site: 'demo', ...(await checkoutRequest('browser-claims@example.org')) };
    const before = await rowCounts();
    const withEvidence = await postJson('/v1/consent-requests', body);
    expect(withEvidence.status).toBe(422);
    expect(((await withEvidence.json()) as { error: { field: string } }).error.field).toBe(
      'evidence',
    );
    const { evidence: _, ...plain } = body;
    const asServer = await postJson('/v1/consent-requests', { ...plain, form: 'server:checkout' });
    expect(asServer.status).toBe(422);
    expect(await rowCounts()).toEqual(before);
  });

  it('retries a lost answer with the same Idempotency-Key: one request and one email, not two', async () => {
    let attempts = 0;
    const keys: (string | null)[] = [];
    const losesFirstAnswer: typeof fetch = async (input, init) => {
      attempts += 1;
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      const response = await serverFetch(input, init);
      // The worker did the work; the answer is lost on the way back (a proxy's 502).
      return attempts === 1 ? new Response('Bad gateway', { status: 502 }) : response;
    };
    const result = await shopServer({ fetch: losesFirstAnswer }).requestConsent(
      await checkoutRequest('lost-answer@example.org'),
    );
    expect(result.ok).toBe(true);
    expect(attempts).toBe(2);
    expect(keys[0]).toMatch(/^signet-sdk-/);
    expect(keys[1]).toBe(keys[0]);
    const subject = await subjectIdOf('lost-answer@example.org');
    const requests = await sql('SELECT id FROM consent_requests WHERE subject_id = ?', subject);
    const messages = await sql(
      `SELECT id FROM outbox
        WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)`,
      subject,
    );
    expect(requests).toHaveLength(1);
    expect(messages).toHaveLength(1);
  });
});

describe('mayContact', () => {
  it('allows a confirmed customer and gives the one-click unsubscribe headers', async () => {
    await confirmedCustomer('may-contact@example.org');
    const decision = await shopServer().mayContact({
      email: 'may-contact@example.org',
      purpose: 'newsletter',
    });
    expect(decision.allowed).toBe(true);
    if (!decision.allowed) return;
    expect(decision.record?.event).toBe('confirmed');
    expect(decision.unsubscribe?.headers['List-Unsubscribe-Post']).toBe(
      'List-Unsubscribe=One-Click',
    );
  });

  it('says no, with no_consent, for a pending or unknown address', async () => {
    await shopServer().requestConsent(await checkoutRequest('still-pending@example.org'));
    for (const email of ['still-pending@example.org', 'never-asked@example.org']) {
      expect(await shopServer().mayContact({ email, purpose: 'newsletter' })).toEqual({
        allowed: false,
        reason: 'no_consent',
      });
    }
  });

  it('A3: fails closed with a wrong key, a malformed purpose, an unknown purpose and an unreachable API', async () => {
    await confirmedCustomer('fail-closed@example.org');
    const query = { email: 'fail-closed@example.org', purpose: 'newsletter' };
    const wrongKey = await shopServer({ apiKey: 'sk_wrong' }).mayContact(query);
    expect(wrongKey).toMatchObject({
      allowed: false,
      reason: 'error',
      error: { code: 'unauthorized' },
    });
    const malformed = await shopServer().mayContact({ ...query, purpose: 'Not A Purpose!' });
    expect(malformed).toMatchObject({
      allowed: false,
      reason: 'error',
      error: { code: 'invalid_input' },
    });
    // Well formed, and one letter off a purpose the site has: an error, not a quiet no.
    const typo = await shopServer().mayContact({ ...query, purpose: 'newsleter' });
    expect(typo).toMatchObject({
      allowed: false,
      reason: 'error',
      error: { code: 'unknown_purpose', field: 'purpose' },
    });
    const down = await shopServer({
      fetch: async () => {
        throw new TypeError('connection refused');
      },
      maxRetries: 1,
    }).mayContact(query);
    expect(down).toMatchObject({ allowed: false, reason: 'error', error: { code: 'network' } });
  });

  it('answers a mailing list in one request per 1,000 contacts, in the order given', async () => {
    await confirmedCustomer('list-yes@example.org');
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return serverFetch(input, init);
    };
    const emails = ['nobody-0@example.org', 'list-yes@example.org'];
    for (let i = 1; i < 1001; i += 1) emails.push(`nobody-${i}@example.org`);
    const answers = await shopServer({ fetch: counting }).mayContactMany({
      purpose: 'newsletter',
      emails,
    });
    expect(requests).toBe(2);
    expect(answers).toHaveLength(1002);
    expect(answers.map((a) => a.contact)).toEqual(emails);
    expect(answers.filter((a) => a.allowed).map((a) => a.contact)).toEqual([
      'list-yes@example.org',
    ]);
  });

  it('A3: answers every contact of a list with a malformed address in it, that one with its own error', async () => {
    await confirmedCustomer('list-with-typo@example.org');
    const answers = await shopServer().mayContactMany({
      purpose: 'newsletter',
      emails: ['list-with-typo@example.org', 'no-at-sign.example.org', 'never-listed@example.org'],
    });
    expect(answers.map((a) => [a.contact, a.allowed, a.reason ?? null])).toEqual([
      ['list-with-typo@example.org', true, null],
      ['no-at-sign.example.org', false, 'error'],
      ['never-listed@example.org', false, 'no_consent'],
    ]);
    expect(answers[1]).toMatchObject({ error: { code: 'invalid_input', field: 'emails.1' } });
  });

  it('A3: fails a whole list closed when its purpose is unknown', async () => {
    await confirmedCustomer('list-unknown-purpose@example.org');
    const answers = await shopServer().mayContactMany({
      purpose: 'newsleter',
      emails: ['list-unknown-purpose@example.org'],
    });
    expect(answers).toEqual([
      {
        contact: 'list-unknown-purpose@example.org',
        allowed: false,
        reason: 'error',
        error: expect.objectContaining({ code: 'unknown_purpose' }),
      },
    ]);
  });

  it("S5: refuses a site option that is not the key's site instead of answering for the key's site", async () => {
    await confirmedCustomer('site-option@example.org');
    const wrongSite = shopServer({ site: 'another-shop' });
    expect(
      await wrongSite.mayContact({ email: 'site-option@example.org', purpose: 'newsletter' }),
    ).toMatchObject({ allowed: false, reason: 'error', error: { code: 'unauthorized' } });
    expect(await wrongSite.findSubject({ email: 'site-option@example.org' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(
      await wrongSite.requestConsent(await checkoutRequest('site-option-2@example.org')),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('is refused by the API beyond 1,000 contacts a call', async () => {
    const emails = Array.from({ length: 1001 }, (_, i) => `too-many-${i}@example.org`);
    const response = await call('/v1/consents/checks', {
      method: 'POST',
      headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'newsletter', emails }),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('emails');
  });
});

describe("a person's request through the site owner", () => {
  it('findSubject tells an unknown address from a pending one by its subject id and waiting requests', async () => {
    const signet = shopServer();
    const email = 'pending-or-unknown@example.org';
    expect(await signet.findSubject({ email })).toEqual({
      ok: true,
      value: { subject: null, pendingRequests: 0, consents: [] },
    });
    await postJson('/v1/consent-requests', await validRequestBody(email));
    expect(await signet.findSubject({ email })).toEqual({
      ok: true,
      value: { subject: await subjectIdOf(email), pendingRequests: 1, consents: [] },
    });
  });

  it('finds, exports and erases a customer, who is then suppressed', async () => {
    const email = 'access-request@example.org';
    await confirmedCustomer(email);
    const signet = shopServer();
    const found = await signet.findSubject({ email });
    expect(found.ok && found.value.consents.map((c) => c.status)).toEqual(['active']);
    const exported = await signet.exportSubject({ email });
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    expect(exported.value.subject.email).toBe(email);
    expect(exported.value.records.map((r) => r.record.event)).toEqual(['requested', 'confirmed']);

    const erased = await signet.eraseSubject({ email });
    expect(erased).toMatchObject({ ok: true, value: { erased: true } });
    expect(await subjectIdOf(email)).toBeNull();
    expect(await signet.suppression({ email })).toMatchObject({
      ok: true,
      value: { suppressed: true, reason: 'erased' },
    });
    expect(await signet.exportSubject({ email })).toMatchObject({
      ok: false,
      error: { code: 'not_found', field: 'email' },
    });
    expect(await signet.mayContact({ email, purpose: 'newsletter' })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
  });

  it("cannot reach another site's customers with its key", async () => {
    await confirmedCustomer('other-site-customer@example.org');
    await addSite('neighbour', 'sk_neighbour_key');
    const neighbour = shopServer({ site: 'neighbour', apiKey: 'sk_neighbour_key' });
    const email = 'other-site-customer@example.org';
    expect(await neighbour.eraseSubject({ email })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await neighbour.exportSubject({ email })).toMatchObject({ ok: false });
    expect(await neighbour.mayContact({ email, purpose: 'newsletter' })).toMatchObject({
      allowed: false,
    });
    expect(await subjectIdOf(email)).not.toBeNull();
  });
});

describe('evidence from a shop server', () => {
  it('P5: answers the contract’s evidence as JSON, and the exhibit’s PDF and HTML as bytes with Signet’s file name, after an erasure too', async () => {
    const email = 'sdk-exhibit@example.org';
    await confirmedCustomer(email);
    const server = shopServer();
    expect((await server.eraseSubject({ email })).ok).toBe(true);
    const json = await server.evidence({ email, purpose: 'newsletter' });
    if (!json.ok) throw new Error(json.error.message);
    expect(json.value.person.erasedAt).not.toBeNull();
    expect(json.value.records.map((signed) => signed.record.event)).toContain('erased');
    const pdf = await server.evidence({ email, format: 'pdf', locale: 'fr' });
    if (!pdf.ok) throw new Error(pdf.error.message);
    expect(pdf.value.contentType).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf.value.bytes.slice(0, 5))).toBe('%PDF-');
    expect(pdf.value.fileName).toMatch(/^preuve-consentement-demo-p[0-9a-f]{5}-toutes-finalites-/);
    const html = await server.evidence({ email, purpose: 'newsletter', format: 'html' });
    if (!html.ok) throw new Error(html.error.message);
    expect(html.value.text).toContain('Nachweis der Einwilligung');
  });
});

describe('acknowledgements from a shop server (A5)', () => {
  it('A5: acknowledges the subject.erased webhook once its mailing list applied it, and the exhibit says where it stopped', async () => {
    const email = 'sdk-honoured@example.org';
    await confirmedCustomer(email);
    const server = shopServer();
    const admin = createSignetAdmin({
      endpoint: apiOrigin,
      site: 'demo',
      apiKey: demoApiKey,
      fetch: serverFetch,
      retryBaseMs: 1,
    });
    expect((await admin.updateSite({ honourSystems: ['mailing-list'] })).ok).toBe(true);
    expect((await server.eraseSubject({ email })).ok).toBe(true);
    await runCron(new Date());
    const before = await server.evidence({ email, purpose: 'newsletter' });
    if (!before.ok) throw new Error(before.error.message);
    const erased = before.value.records.find((signed) => signed.record.event === 'erased');
    if (!erased) throw new Error('no erased record');
    // The webhook as the shop received it.
    const event: ConsentWebhookEvent = {
      id: `evt_erased_${erased.record.subject}.wh_1`,
      type: 'subject.erased',
      timestamp: erased.record.at,
      data: {
        site: 'demo',
        subject: erased.record.subject,
        purpose: erased.record.purpose,
        request: erased.record.request,
        reference: null,
        record: erased,
      },
    };
    const acknowledged = await server.acknowledge(event, { system: 'mailing-list' });
    expect(acknowledged).toEqual({
      ok: true,
      value: expect.objectContaining({ honours: erased.record.id, created: true }),
    });
    const again = await server.acknowledge(event, { system: 'mailing-list' });
    expect(again).toEqual({ ok: true, value: expect.objectContaining({ created: false }) });
    const unknown = await server.acknowledge(event, { system: 'crm' });
    expect(unknown.ok ? null : unknown.error).toMatchObject({
      code: 'invalid_input',
      field: 'system',
    });

    await runCron(new Date());
    const status = await admin.acknowledgements();
    if (!status.ok) throw new Error(status.error.message);
    expect(status.value.systems[0]).toMatchObject({ system: 'mailing-list', acknowledged: 1 });
    const html = await server.evidence({
      email,
      purpose: 'newsletter',
      format: 'html',
      locale: 'en',
    });
    if (!html.ok) throw new Error(html.error.message);
    expect(html.value.text).toContain('Stopped in “mailing-list”');
  });
});
