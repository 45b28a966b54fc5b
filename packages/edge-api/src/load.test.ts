// Load (issue 13): many requests at once through the real worker and D1. Nothing may be lost,
// doubled, or let past a limit by a race.
import { type Jwks, verifyLog } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  addSite,
  admin,
  call,
  devMailboxLink,
  postJson,
  pressConfirm,
  runCron,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../test/worker.js';

const many = 1000;

/** Limits high enough that only the per-address limit can refuse anything. */
async function openTheGates(
  key = 'sk_demo_local_development_only',
  origin = 'https://shop.example',
) {
  const response = await admin(
    '/v1/admin/site',
    'PATCH',
    { clientLimitPerHour: 10_000, messagesPerDay: 1_000_000, allowedOrigins: [origin] },
    key,
  );
  expect(response.status).toBe(200);
}

describe('load', () => {
  it(`${many} concurrent requests for distinct addresses give ${many} pending requests and ${many} messages`, {
    timeout: 180_000,
  }, async () => {
    await openTheGates();
    const body = await validRequestBody('load-0@example.org');
    const answers = await Promise.all(
      Array.from({ length: many }, (_, i) =>
        postJson('/v1/consent-requests', { ...body, email: `load-${i}@example.org` }),
      ),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(many);
    const [requests] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM consent_requests WHERE status = 'pending' AND site_id = 'demo'",
    );
    const [messages] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM outbox WHERE site_id = 'demo'",
    );
    expect(requests?.n).toBe(many);
    expect(messages?.n).toBe(many);
  });

  it(`${many} concurrent requests for one address give one pending request and no more messages than the limit`, {
    timeout: 180_000,
  }, async () => {
    await openTheGates();
    const body = await validRequestBody('one-address@example.org');
    const answers = await Promise.all(
      Array.from({ length: many }, () => postJson('/v1/consent-requests', body)),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const subject = await subjectIdOf('one-address@example.org');
    const pending = await sql(
      'SELECT id FROM consent_requests WHERE subject_id = ? AND status = ?',
      subject,
      'pending',
    );
    expect(pending).toHaveLength(1);
    const [mail] = await sql<{ n: number }>(
      "SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = 'one-address@example.org'",
    );
    const [site] = await sql<{ perDay: number }>(
      "SELECT address_limit_per_day AS perDay FROM sites WHERE id = 'demo'",
    );
    expect(mail?.n).toBeGreaterThanOrEqual(1);
    expect(mail?.n).toBeLessThanOrEqual(site?.perDay ?? 0);
  });

  it(`${many} concurrent confirmations across 50 sites give gap-free logs that verify`, {
    timeout: 300_000,
  }, async () => {
    const sites = Array.from({ length: 50 }, (_, i) => ({
      id: `load-site-${i}`,
      key: `sk_load_site_${i}_owner_key`,
      origin: `https://load-site-${i}.example`,
    }));
    const versions = new Map<string, string>();
    for (const site of sites) {
      await addSite(site.id, site.key);
      await openTheGates(site.key, site.origin);
      await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email' }, site.key);
      const published = await admin(
        '/v1/admin/purposes/newsletter/wordings',
        'POST',
        {
          locale: 'en',
          label: 'Send me the newsletter by email.',
          processed: 'Your email address',
          purpose: 'A monthly newsletter',
          retention: 'Until you withdraw',
          withdrawal: 'The link in every newsletter',
        },
        site.key,
      );
      versions.set(site.id, ((await published.json()) as { version: string }).version);
    }
    const people = sites.flatMap((site) =>
      Array.from({ length: many / sites.length }, (_, i) => ({
        site,
        email: `p${i}@${site.id}.example`,
      })),
    );
    const requested = await Promise.all(
      people.map(({ site, email }) =>
        postJson(
          '/v1/consent-requests',
          {
            site: site.id,
            email,
            purposes: [{ id: 'newsletter', wordingVersion: versions.get(site.id) }],
            locale: 'en',
            pageUrl: `${site.origin}/`,
          },
          { origin: site.origin },
        ),
      ),
    );
    expect(requested.every((r) => r.status === 202)).toBe(true);
    const links = await Promise.all(people.map(({ email }) => devMailboxLink(email)));
    expect(links.every(Boolean)).toBe(true);
    const confirmed = await Promise.all(links.map((link) => pressConfirm(link ?? '')));
    expect(confirmed.filter((r) => r.status === 200)).toHaveLength(many);

    await runCron(new Date());
    const jwks = (await (await call('/.well-known/jwks.json')).json()) as Jwks;
    for (const site of sites) {
      const headers = { authorization: `Bearer ${site.key}` };
      const { records } = (await (await call('/v1/records', { headers })).json()) as {
        records: { record: { seq: number; event: string } }[];
      };
      expect(records.map((r) => r.record.seq)).toEqual(records.map((_, i) => i + 1));
      expect(records.filter((r) => r.record.event === 'confirmed')).toHaveLength(
        many / sites.length,
      );
      const checkpoint = await (await call('/v1/log/checkpoint', { headers })).json();
      expect(await verifyLog(records, checkpoint as never, jwks), site.id).toEqual({ ok: true });
    }
  });
});
