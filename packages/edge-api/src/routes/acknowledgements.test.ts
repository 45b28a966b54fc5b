// A5: the owner's systems acknowledge that a withdrawal or erasure reached them. The
// acknowledgement is a signed `honoured` record linked to the withdrawal by its id (so after an
// erasure too), once per system; what still waits shows per system, and raises
// `consent.unhonoured` once the site's hours have passed.

import { env } from 'cloudflare:workers';
import {
  type AcknowledgementStatus,
  type Jwks,
  type Report,
  type SignedRecord,
  verifyRecord,
  verifyWebhook,
  WebhookEventSchema,
} from '@signet/sdk';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSite,
  admin,
  asPerson,
  call,
  rowCounts,
  runCron,
  sessionFor,
  sql,
  subjectIdOf,
  subscribed,
} from '../../test/worker.js';
import { acknowledgementStatus } from '../services/acknowledgements.js';

afterEach(() => vi.restoreAllMocks());

const receiver = 'https://hooks.shop.example/signet';

async function listSystems(honourSystems: string[], honourWithinHours = 24) {
  const response = await admin('/v1/admin/site', 'PATCH', { honourSystems, honourWithinHours });
  expect(response.status).toBe(200);
}

/** The sealed records of the person at this address (sealed by a cron pass first). */
async function recordsOf(email: string) {
  await runCron(new Date());
  const subject = await subjectIdOf(email);
  return recordsOfSubject(subject ?? '');
}

async function recordsOfSubject(subject: string) {
  const response = await admin(`/v1/records?subject=${subject}`);
  return ((await response.json()) as { records: SignedRecord[] }).records;
}

/** A person who agreed to two purposes and withdrew the newsletter: its `withdrawn` record. */
async function withdrawnNewsletter(email: string) {
  await subscribed(email, ['newsletter', 'prize-draw']);
  const session = await sessionFor(email);
  const withdrawn = await asPerson(session, '/v1/me/withdrawals', 'POST', {
    purposes: ['newsletter'],
  });
  expect(withdrawn.status).toBe(200);
  const record = (await recordsOf(email)).find((signed) => signed.record.event === 'withdrawn');
  if (!record) throw new Error('no withdrawn record');
  return record;
}

const acknowledge = (record: string, system: string, key?: string) =>
  admin('/v1/admin/acknowledgements', 'POST', { record, system }, key);

describe('acknowledgements (A5)', () => {
  it('A5: an acknowledgement is a signed honoured record naming the withdrawal and the system; the same system again writes nothing', async () => {
    await listSystems(['brevo', 'crm']);
    const email = 'ack-withdraws@example.org';
    const withdrawal = await withdrawnNewsletter(email);

    const first = await acknowledge(withdrawal.record.id, 'brevo');
    expect(first.status).toBe(201);
    const body = (await first.json()) as { id: string };
    expect(body).toEqual({
      id: expect.any(String),
      honours: withdrawal.record.id,
      system: 'brevo',
      at: expect.any(String),
      created: true,
    });
    const again = await acknowledge(withdrawal.record.id, 'brevo');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: body.id, created: false });

    const honoured = (await recordsOf(email)).filter((s) => s.record.event === 'honoured');
    expect(honoured).toHaveLength(1);
    const [signed] = honoured as [SignedRecord];
    expect(signed.record).toMatchObject({
      id: body.id,
      subject: withdrawal.record.subject,
      purpose: 'newsletter',
      contact: withdrawal.record.contact,
      request: withdrawal.record.request,
      honours: { record: withdrawal.record.id, system: 'brevo' },
    });
    const jwks = (await (await call('/.well-known/jwks.json')).json()) as Jwks;
    expect(await verifyRecord(signed, jwks)).toEqual({ ok: true });
    // A changed system name no longer verifies: the signature covers the link and the system.
    const altered = {
      ...signed,
      record: { ...signed.record, honours: { record: withdrawal.record.id, system: 'crm' } },
    };
    expect((await verifyRecord(altered, jwks)).ok).toBe(false);
  });

  it('A5: after an erasure the acknowledgement still links by record id, and any erased record of the erasure stands for it', async () => {
    await listSystems(['brevo', 'crm']);
    const email = 'ack-erased@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const subject = (await subjectIdOf(email)) as string;
    expect((await admin('/v1/admin/subjects/erasure', 'POST', { email })).status).toBe(200);
    await runCron(new Date());
    expect(await sql('SELECT id FROM subjects WHERE id = ?', subject)).toEqual([]);
    const erased = (await recordsOfSubject(subject)).filter((s) => s.record.event === 'erased');
    expect(erased).toHaveLength(2);
    const [firstErased, secondErased] = erased as [SignedRecord, SignedRecord];

    const answer = await acknowledge(secondErased.record.id, 'crm');
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ honours: firstErased.record.id, created: true });
    const repeat = await acknowledge(firstErased.record.id, 'crm');
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ honours: firstErased.record.id, created: false });

    await runCron(new Date());
    const honoured = (await recordsOfSubject(subject)).filter((s) => s.record.event === 'honoured');
    expect(honoured.map((s) => s.record.honours)).toEqual([
      { record: firstErased.record.id, system: 'crm' },
    ]);
    expect(honoured[0]?.record.contact).toEqual(firstErased.record.contact);
  });

  it('A5: refuses an unlisted system, an unknown record, a record that is no withdrawal or erasure and bad input with 4xx JSON, writing nothing', async () => {
    await listSystems(['brevo']);
    const email = 'ack-refused@example.org';
    const withdrawal = await withdrawnNewsletter(email);
    const confirmed = (await recordsOf(email)).find((s) => s.record.event === 'confirmed');
    await addSite('ack-neighbour', 'sk_ack_neighbour_key');
    const before = await rowCounts();
    const cases: [unknown, number, string, string | null][] = [
      [{ record: withdrawal.record.id, system: 'mailchimp' }, 422, 'invalid_input', 'system'],
      [{ record: 'no-such-record', system: 'brevo' }, 404, 'not_found', 'record'],
      [{ record: confirmed?.record.id, system: 'brevo' }, 422, 'invalid_input', 'record'],
      [{ record: withdrawal.record.id }, 422, 'invalid_input', 'system'],
      [{ record: withdrawal.record.id, system: 'Brevo CRM' }, 422, 'invalid_input', 'system'],
      [{ record: withdrawal.record.id, system: 'brevo', extra: 1 }, 422, 'invalid_input', null],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await admin('/v1/admin/acknowledgements', 'POST', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const { error } = (await response.json()) as { error: { code: string; field: string } };
      expect(error.code, JSON.stringify(body)).toBe(code);
      if (field) expect(error.field, JSON.stringify(body)).toBe(field);
    }
    // Another site's key cannot acknowledge the demo site's record.
    const theirs = await acknowledge(withdrawal.record.id, 'brevo', 'sk_ack_neighbour_key');
    expect(theirs.status).toBeGreaterThanOrEqual(400);
    expect(theirs.status).toBeLessThan(500);
    expect(await rowCounts()).toEqual(before);
  });

  it('A5: shows per system the delay to honoured and what waits; after the set hours raises consent.unhonoured once per withdrawal and system (clock moved)', async () => {
    // Fresh names: only what is withdrawn from now on waits for them.
    await listSystems(['esp', 'warehouse'], 2);
    const hook = await admin('/v1/admin/webhooks', 'POST', {
      url: receiver,
      events: ['consent.unhonoured'],
    });
    const { secret } = (await hook.json()) as { secret: string };
    const calls: { headers: Headers; body: string }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input) !== receiver) throw new Error(`unexpected fetch ${String(input)}`);
      calls.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: 204 });
    });

    const answered = await withdrawnNewsletter('ack-wait-a@example.org');
    const silent = await withdrawnNewsletter('ack-wait-b@example.org');
    expect((await acknowledge(answered.record.id, 'esp')).status).toBe(201);

    const status = (await (
      await admin('/v1/admin/acknowledgements')
    ).json()) as AcknowledgementStatus;
    expect(status.withinHours).toBe(2);
    expect(status.systems).toEqual([
      {
        system: 'esp',
        acknowledged: 1,
        medianSeconds: expect.any(Number),
        maxSeconds: expect.any(Number),
        waiting: 1,
        overdue: 0,
      },
      {
        system: 'warehouse',
        acknowledged: 0,
        medianSeconds: null,
        maxSeconds: null,
        waiting: 2,
        overdue: 0,
      },
    ]);
    expect(status.waiting.map((w) => `${w.record}:${w.system}`).sort()).toEqual(
      [
        `${silent.record.id}:esp`,
        `${answered.record.id}:warehouse`,
        `${silent.record.id}:warehouse`,
      ].sort(),
    );
    const today = new Date().toISOString().slice(0, 10);
    const report = (await (
      await admin(`/v1/admin/reports?from=${today}&to=${today}`)
    ).json()) as Report;
    expect(report.honoured.find((h) => h.system === 'esp')).toMatchObject({
      acknowledged: 1,
      waiting: 1,
    });

    const start = Date.now();
    await runCron(new Date(start + 60 * 60_000));
    expect(calls).toEqual([]);
    await runCron(new Date(start + 3 * 60 * 60_000));
    await runCron(new Date(start + 4 * 60 * 60_000));
    const later = await acknowledgementStatus(env.DB, 'demo', new Date(start + 3 * 60 * 60_000));
    expect(later.systems.map((s) => [s.system, s.overdue])).toEqual([
      ['esp', 1],
      ['warehouse', 2],
    ]);

    const raised: string[] = [];
    for (const c of calls) {
      const verified = await verifyWebhook({
        payload: c.body,
        headers: {
          'webhook-id': c.headers.get('webhook-id') ?? '',
          'webhook-timestamp': c.headers.get('webhook-timestamp') ?? '',
          'webhook-signature': c.headers.get('webhook-signature') ?? '',
        },
        secret,
        now: new Date(Number(c.headers.get('webhook-timestamp')) * 1000),
      });
      expect(verified.ok).toBe(true);
      const event = v.parse(WebhookEventSchema, JSON.parse(c.body));
      expect(event.type).toBe('consent.unhonoured');
      if (event.type !== 'consent.unhonoured') continue;
      raised.push(`${event.data.record.record.id}:${event.data.system}`);
    }
    // Once each, though two passes found them overdue; the acknowledged one raises nothing.
    expect(raised.sort()).toEqual(
      [
        `${silent.record.id}:esp`,
        `${answered.record.id}:warehouse`,
        `${silent.record.id}:warehouse`,
      ].sort(),
    );
  });
});
