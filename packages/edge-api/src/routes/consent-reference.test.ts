// Issue 22, item 2: the shop's own id for a consent request (`reference`), validated, sealed at
// rest, erased with the person and echoed in every webhook of the consent it asked for.
import type { ConsentWebhookEvent, Evidence } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  call,
  cellsContaining,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  rowCounts,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';

afterEach(() => vi.restoreAllMocks());

const receiver = 'https://hooks.shop.example/reference';

/** A request as the shop's server sends it: with the site key and a reference. */
async function requestWithReference(email: string, reference: unknown, ids = ['newsletter']) {
  return postJson(
    '/v1/consent-requests',
    { ...(await validRequestBody(email, ids)), reference },
    { origin: '', authorization: `Bearer ${demoApiKey}` },
  );
}

/** A receiver that accepts every event and keeps its body. */
function receiving() {
  const bodies: ConsentWebhookEvent[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== receiver) throw new Error(`unexpected fetch ${String(input)}`);
    bodies.push(JSON.parse(String(init?.body)) as ConsentWebhookEvent);
    return new Response(null, { status: 204 });
  });
  return bodies;
}

describe('reference of a consent request', () => {
  it('S6: a reference over 128 characters, empty or with a line break is refused with 422 on reference, writing nothing', async () => {
    for (const reference of ['x'.repeat(129), '', 'order\n42', 42]) {
      const before = await rowCounts();
      const response = await requestWithReference('too-long-ref@example.org', reference);
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { code: string; field: string } };
      expect(body.error).toMatchObject({ code: 'invalid_input', field: 'reference' });
      expect(await rowCounts()).toEqual(before);
    }
    expect((await requestWithReference('ref-128@example.org', 'r'.repeat(128))).status).toBe(202);
  });

  it("a request with the site key answers the subject and request ids its webhooks carry; a browser's answers neither (S4)", async () => {
    const email = 'ids-for-the-shop@example.org';
    const response = await requestWithReference(email, 'order-ids-1');
    expect(response.status).toBe(202);
    const body = (await response.json()) as { subject: string; requests: string[] };
    const [subject] = await sql<{ id: string }>(
      'SELECT subject_id AS id FROM consent_requests WHERE id = ?',
      body.requests[0],
    );
    expect(body.requests).toHaveLength(1);
    expect(body.subject).toBe(subject?.id);
    const fromBrowser = await postJson('/v1/consent-requests', await validRequestBody(email));
    expect(await fromBrowser.json()).toEqual({ status: 'pending' });
  });

  it('S2: the reference is sealed at rest: no cell of any table holds it in clear', async () => {
    const reference = 'order-S2-sealed-4711';
    expect((await requestWithReference('sealed-ref@example.org', reference)).status).toBe(202);
    expect(await cellsContaining(reference)).toEqual([]);
  });

  it('A4: every webhook of the consent echoes its reference; after erasure the reference is gone', async () => {
    const endpoint = await admin('/v1/admin/webhooks', 'POST', {
      url: receiver,
      events: ['consent.confirmed', 'consent.withdrawn', 'subject.erased'],
    });
    const { id } = (await endpoint.json()) as { id: string };
    const bodies = receiving();
    const email = 'echo-ref@example.org';
    const reference = 'customer-A4-0815';
    // Two purposes, so that withdrawing one does not end the person's last (which erases them).
    const both = ['newsletter', 'prize-draw'];
    expect((await requestWithReference(email, reference, both)).status).toBe(202);
    await pressConfirm(await confirmLinkFor(email));
    const check = await admin('/v1/consents/check', 'POST', { email, purpose: 'newsletter' });
    const { unsubscribe } = (await check.json()) as { unsubscribe: { url: string } };
    const unsubscribed = await call(new URL(unsubscribe.url).pathname, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(unsubscribed.status).toBe(200);
    await runCron(new Date(Date.now() + 60_000));
    const ours = () => bodies.filter((body) => body.id.endsWith(`.${id}`));
    const confirmed = ours().filter((body) => body.type === 'consent.confirmed');
    expect(confirmed.map((body) => body.data.reference)).toEqual([reference, reference]);
    const withdrawal = ours().find((body) => body.type === 'consent.withdrawn');
    expect(withdrawal?.data.reference).toBe(reference);

    const erased = await admin('/v1/admin/subjects/erasure', 'POST', { email });
    expect(erased.status).toBe(200);
    await runCron(new Date(Date.now() + 120_000));
    const erasure = ours().find((body) => body.type === 'subject.erased');
    expect(erasure?.data.reference).toBeNull();
    // Neither sealed nor in clear: the request's row went with the person.
    const left = await sql(
      'SELECT id FROM consent_requests WHERE reference_sealed IS NOT NULL AND subject_id = ?',
      withdrawal?.data.subject,
    );
    expect(left).toEqual([]);
  });

  it('the evidence and its exhibit (de, en, fr) show the owner the reference of the request; after erasure neither does', async () => {
    const email = 'exhibit-ref@example.org';
    const reference = 'order-exhibit-2207';
    // Two purposes, so that the erasure below is the owner's and not a last withdrawal.
    expect(
      (await requestWithReference(email, reference, ['newsletter', 'prize-draw'])).status,
    ).toBe(202);
    await pressConfirm(await confirmLinkFor(email));
    const evidence = async (body: Record<string, unknown>) =>
      admin('/v1/consents/evidence', 'POST', { email, purpose: 'newsletter', ...body });

    const json = (await (await evidence({})).json()) as Evidence;
    const [requested] = json.records.filter((signed) => signed.record.event === 'requested');
    expect(json.references).toEqual([{ requestId: requested?.record.request, reference }]);
    const lines = {
      de: `Referenz der Website für diese Anfrage: „${reference}“.`,
      en: `The website's reference for this request: “${reference}”.`,
      fr: `Référence du site pour cette demande : « ${reference} ».`,
    };
    for (const [locale, line] of Object.entries(lines)) {
      const page = await evidence({ format: 'html', locale });
      expect(page.status).toBe(200);
      const text = (await page.text()).replaceAll('&#39;', "'").replaceAll('&quot;', '"');
      expect(text).toContain(line);
    }

    expect((await admin('/v1/admin/subjects/erasure', 'POST', { email })).status).toBe(200);
    const after = (await (await evidence({})).json()) as Evidence;
    expect(after.references).toEqual([]);
    // The exhibit still answers after the erasure: a failed page would lack the reference too.
    const page = await evidence({ format: 'html', locale: 'en' });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(reference);
  });
});
