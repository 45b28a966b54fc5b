import { afterEach, describe, expect, it } from 'vitest';
import {
  addSmsPurpose,
  admin,
  call,
  deliveredTo,
  demoApiKey,
  postJson,
  rowCounts,
  sql,
  testOrigin,
  validRequestBody,
  withSms,
} from '../../test/worker.js';
import { canonicalMailbox } from '../crypto/canonical-mailbox.js';
import { clientNetwork } from '../crypto/evidence.js';

afterEach(async () => {
  await admin('/v1/admin/site', 'PATCH', {
    addressLimitPerDay: 3,
    clientLimitPerHour: 1000,
    messagesPerDay: 2000,
    smsPerDay: 100,
  });
});

describe('S4: abuse limits that hold', () => {
  it('S4: victim+1@ ... victim+10@ are one mailbox: at most the per-address limit of messages', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i += 1) {
      const response = await postJson(
        '/v1/consent-requests',
        await validRequestBody(`tagged+${i}@example.org`),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(10).fill(202));
    expect(await deliveredTo('tagged+%@example.org')).toBe(3);
  });

  it('S4: dots and case in a Gmail address count as the same mailbox', async () => {
    const variants = [
      'Dotty.Person@gmail.com',
      'dottyperson@gmail.com',
      'd.o.t.t.y.person@googlemail.com',
      'DOTTY.PERSON+x@GMAIL.com',
    ];
    for (const email of variants) {
      expect((await postJson('/v1/consent-requests', await validRequestBody(email))).status).toBe(
        202,
      );
    }
    expect((await deliveredTo('%dotty%@g%mail.com')) + (await deliveredTo('d.o.t.t.y%'))).toBe(3);
    expect(canonicalMailbox('A.B+news@GoogleMail.com')).toBe('ab@gmail.com');
    // Elsewhere dots are part of the mailbox.
    expect(canonicalMailbox('first.last+x@example.org')).toBe('first.last@example.org');
  });

  it('S4: a burst of parallel requests from one client never exceeds its limit', async () => {
    await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 5 });
    const before = await rowCounts();
    const responses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        postJson('/v1/consent-requests', await validRequestBody(`burst-${i}@example.org`), {
          'cf-connecting-ip': '192.0.2.55',
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    expect((await rowCounts()).outbox).toBe((before.outbox ?? 0) + 5);
  });

  it('S4: IPv6 clients are counted per /64, IPv4 clients per address', async () => {
    await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 2 });
    const from = async (ip: string, i: number) =>
      (
        await postJson('/v1/consent-requests', await validRequestBody(`v6-${i}@example.org`), {
          'cf-connecting-ip': ip,
        })
      ).status;
    // Three addresses of one /64: the third is over the limit.
    expect(await from('2001:db8:1:2::1', 1)).toBe(202);
    expect(await from('2001:db8:1:2:ffff::9', 2)).toBe(202);
    expect(await from('2001:db8:1:2:abcd:1:2:3', 3)).toBe(429);
    // The next /64 is another client; so is the next IPv4 address.
    expect(await from('2001:db8:1:3::1', 4)).toBe(202);
    expect(await from('192.0.2.1', 5)).toBe(202);
    expect(await from('192.0.2.2', 6)).toBe(202);
    expect(clientNetwork('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('198.51.100.7')).toBe('198.51.100.7');
  });

  it('S4: a site has a daily cap on confirmation messages, answered 429 whatever the address', async () => {
    await admin('/v1/admin/site', 'PATCH', { messagesPerDay: 2 });
    const before = await rowCounts();
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const body = await validRequestBody(`capped-${i}@example.org`);
      statuses.push((await postJson('/v1/consent-requests', body)).status);
    }
    // Earlier tests' messages count too: the cap is reached within these four.
    expect(statuses.at(-1)).toBe(429);
    expect(((await rowCounts()).outbox ?? 0) - (before.outbox ?? 0)).toBeLessThanOrEqual(2);
  });

  it('S4: SMS have a lower cap of their own (SMS pumping), and a refused request writes nothing', async () => {
    const version = await addSmsPurpose('sms-capped');
    await admin('/v1/admin/site', 'PATCH', { smsPerDay: 1 });
    const sms = async (i: number) => {
      const body = await validRequestBody(`pump-${i}@example.org`);
      return postJson(
        '/v1/consent-requests',
        {
          ...body,
          phone: `+4917688800${i}0`,
          purposes: [{ id: 'sms-capped', wordingVersion: version }],
        },
        {},
        withSms,
      );
    };
    expect((await sms(1)).status).toBe(202);
    const before = await rowCounts();
    const refused = await sms(2);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const after = await rowCounts();
    // Only the refused request's own client ticket stays: no subject, request, record or SMS.
    expect({ ...after, rate_events: 0 }).toEqual({ ...before, rate_events: 0 });
    // Email purposes still go out.
    expect(
      (await postJson('/v1/consent-requests', await validRequestBody('not-sms@example.org')))
        .status,
    ).toBe(202);
  });

  it("S4: a request for email and SMS purposes takes two of the day's messages at once, or none", async () => {
    const version = await addSmsPurpose('sms-and-email');
    const [counted] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM rate_events WHERE bucket = 'messages:demo'",
    );
    const sent = counted?.n ?? 0;
    const both = async (i: number) => {
      const body = await validRequestBody(`both-${i}@example.org`);
      const purposes = [...body.purposes, { id: 'sms-and-email', wordingVersion: version }];
      return postJson(
        '/v1/consent-requests',
        { ...body, phone: `+4917688811${i}0`, purposes },
        {},
        withSms,
      );
    };
    // Room for one more message only: both parts are refused, nothing is written.
    await admin('/v1/admin/site', 'PATCH', { messagesPerDay: sent + 1 });
    const before = await rowCounts();
    const refused = await both(1);
    expect(refused.status).toBe(429);
    expect({ ...(await rowCounts()), rate_events: 0 }).toEqual({ ...before, rate_events: 0 });
    // Room for two: both go.
    await admin('/v1/admin/site', 'PATCH', { messagesPerDay: sent + 2 });
    expect((await both(2)).status).toBe(202);
    expect(((await rowCounts()).outbox ?? 0) - (before.outbox ?? 0)).toBe(2);
  });

  it("S4/S5: a request without an Origin needs the site key, and only its own site's", async () => {
    const body = await validRequestBody('server-side@example.org');
    const noOrigin = await postJson('/v1/consent-requests', body, { origin: '' });
    expect(noOrigin.status).toBe(401);
    expect(await noOrigin.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrongKey = await postJson('/v1/consent-requests', body, {
      origin: '',
      authorization: 'Bearer sk_not_a_key_of_any_site',
    });
    expect(wrongKey.status).toBe(401);
    const withKey = await postJson('/v1/consent-requests', body, {
      origin: '',
      authorization: `Bearer ${demoApiKey}`,
    });
    expect(withKey.status).toBe(202);
  });

  it("S4: an Idempotency-Key belongs to its caller: a browser cannot claim or replay the shop server's", async () => {
    const key = 'order-4711';
    const server = { origin: '', authorization: `Bearer ${demoApiKey}`, 'idempotency-key': key };
    const serverBody = await validRequestBody('idem-server@example.org');
    expect((await postJson('/v1/consent-requests', serverBody, server)).status).toBe(202);
    // The same key from a browser is that browser's own: not a conflict, not a replay.
    const browserBody = await validRequestBody('idem-browser@example.org');
    const browser = { 'idempotency-key': key, 'cf-connecting-ip': '192.0.2.77' };
    expect((await postJson('/v1/consent-requests', browserBody, browser)).status).toBe(202);
    expect(await deliveredTo('idem-browser@example.org')).toBe(1);
    // Another client with the browser's key and body is a new request too (a second message).
    const other = { ...browser, 'cf-connecting-ip': '192.0.2.78' };
    expect((await postJson('/v1/consent-requests', browserBody, other)).status).toBe(202);
    expect(await deliveredTo('idem-browser@example.org')).toBe(2);
    // The server's retry is still a replay: no second message.
    expect((await postJson('/v1/consent-requests', serverBody, server)).status).toBe(202);
    expect(await deliveredTo('idem-server@example.org')).toBe(1);
  });

  it('S6: a body over the limit is refused from its Content-Length, before it is read', async () => {
    let pulled = false;
    const body = new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new TextEncoder().encode('{"site":"demo"}'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const response = await call('/v1/consent-requests', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': '100000',
        origin: testOrigin,
      },
      body,
      // @ts-expect-error workerd needs this for a streamed request body
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled).toBe(false);
  });
});
