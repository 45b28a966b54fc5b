import { env } from 'cloudflare:workers';
import type { SignedRecord } from '@signet/sdk';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addSite,
  admin,
  call,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  productionEnv,
  rowCounts,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';
import { loadSigner } from '../crypto/signer.js';
import { sequenceSite } from '../services/record-log.js';

afterEach(() => vi.restoreAllMocks());

const records = async (key?: string) =>
  (
    (await (await admin('/v1/records', 'GET', undefined, key)).json()) as {
      records: SignedRecord[];
    }
  ).records;

const secondKey = 'sk_second_site_for_hash_test';

beforeAll(async () => {
  await addSite('second', secondKey);
  await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email' }, secondKey);
  await admin(
    '/v1/admin/purposes/newsletter/wordings',
    'POST',
    {
      locale: 'en',
      label: 'Second newsletter',
      processed: 'Your email address',
      purpose: 'News',
      retention: 'Until you withdraw',
      withdrawal: 'Any time',
    },
    secondKey,
  );
});

describe('P1/P3: what a signed record may hold', () => {
  it("P1: a page outside the site's origins is refused and nothing is written", async () => {
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', {
      ...(await validRequestBody('elsewhere@example.org')),
      pageUrl: 'https://attacker.example/fake-signup',
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_input', field: 'pageUrl' },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('P1: the path is capped at 512 characters and the browser is normalised and capped at 256', async () => {
    const email = 'long-page@example.org';
    await postJson(
      '/v1/consent-requests',
      { ...(await validRequestBody(email)), pageUrl: `https://shop.example/${'p'.repeat(1500)}` },
      // Header values cannot carry line breaks; runs of tabs and spaces stand in for them.
      { 'user-agent': `Evil\t\tX-Injected:   yes\t ${'A'.repeat(400)}` },
    );
    await runCron(new Date());
    const [subject] = await sql<{ id: string }>(
      'SELECT id FROM subjects WHERE email_index = unhex(?)',
      await indexOf(email),
    );
    const mine = (await records()).filter((signed) => signed.record.subject === subject?.id);
    const record = mine[0]?.record;
    expect(record?.source.pageUrl).toBe(`https://shop.example/${'p'.repeat(511)}`);
    expect(record?.evidence.userAgent?.startsWith('Evil X-Injected: yes A')).toBe(true);
    expect(record?.evidence.userAgent).toHaveLength(256);
  });

  it('P3: the same address has unrelated hashes on two sites, so their records cannot be joined', async () => {
    const email = 'two-sites@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const form = (await (await call('/v1/sites/second/form?locale=en')).json()) as {
      purposes: { id: string; wordingVersion: string }[];
    };
    await postJson(
      '/v1/consent-requests',
      {
        site: 'second',
        email,
        purposes: form.purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
        locale: 'en',
        pageUrl: 'https://second.example/',
      },
      { origin: 'https://second.example' },
    );
    await runCron(new Date());
    const hashes = await sql<{ site_id: string; email_hash: string }>(
      `SELECT r.site_id, lower(hex(r.email_hash)) AS email_hash FROM records r JOIN subjects s ON s.id = r.subject_id
        WHERE s.email_index IN (unhex(?), unhex(?)) ORDER BY r.site_id`,
      await indexOf(email),
      await indexOf(email, 'second'),
    );
    expect(hashes.map((row) => row.site_id)).toEqual(['demo', 'second']);
    expect(hashes[0]?.email_hash).not.toBe(hashes[1]?.email_hash);
    // Each site still finds the person by address.
    const check = async (key?: string) =>
      (
        (await (
          await admin(`/v1/admin/subjects/consents?email=${email}`, 'GET', undefined, key)
        ).json()) as { consents: unknown[] }
      ).consents;
    expect(await check()).toEqual([]);
    expect(await check(secondKey)).toEqual([]);
    expect((await records(secondKey)).every((signed) => signed.record.site === 'second')).toBe(
      true,
    );
  });
});

describe('P2: the published keys come from configuration', () => {
  it('P2: a key written into the database alone is never published', async () => {
    await sql(
      "INSERT INTO signing_keys (kid, public_jwk, first_used_at) VALUES ('planted', ?, '2026-01-01T00:00:00Z')",
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'planted' }),
    );
    const jwks = (await (await call('/.well-known/jwks.json')).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual(['test-key-1', 'test-key-2']);
  });

  it('P2: nothing is signed under a kid whose stored key is another one', async () => {
    const signer = await loadSigner(env.SIGNING_KEY);
    const [stored] = await sql<{ public_jwk: string }>(
      'SELECT public_jwk FROM signing_keys WHERE kid = ?',
      signer.kid,
    );
    await sql(
      'UPDATE signing_keys SET public_jwk = ? WHERE kid = ?',
      JSON.stringify({ x: 'B'.repeat(43) }),
      signer.kid,
    );
    try {
      await postJson(
        '/v1/consent-requests',
        await validRequestBody('reused-kid@example.org'),
        {},
        { SIGNING_KEY: '' },
      );
      await expect(sequenceSite(env, signer, 'demo')).rejects.toThrow(
        /first signed with another key/,
      );
      expect((await sql('SELECT id FROM records WHERE seq IS NULL')).length).toBeGreaterThan(0);
    } finally {
      await sql(
        'UPDATE signing_keys SET public_jwk = ? WHERE kid = ?',
        stored?.public_jwk,
        signer.kid,
      );
    }
  });

  it('P2: a checkpoint made on demand is answered, not stored; the cron keeps its own', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('checkpoint@example.org'));
    const before = (await rowCounts()).checkpoints;
    for (let i = 0; i < 3; i += 1) expect((await admin('/v1/log/checkpoint')).status).toBe(200);
    expect((await rowCounts()).checkpoints).toBe(before);
    await runCron(new Date());
    expect((await rowCounts()).checkpoints).toBe((before ?? 0) + 1);
  });
});

describe('S6: names that reach an email and the worker configuration', () => {
  it('S6: control characters are refused in a site name, controller and wording label', async () => {
    const before = await rowCounts();
    for (const patch of [
      { name: 'Shop\r\nBcc: all@example.org' },
      { controllerName: 'Shop\u0000GmbH' },
      { controllerContact: 'privacy@shop.example\u2028x' },
    ]) {
      const response = await admin('/v1/admin/site', 'PATCH', patch);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { field: Object.keys(patch)[0] } });
    }
    const label = await admin('/v1/admin/purposes/newsletter/wordings', 'POST', {
      locale: 'en',
      label: 'News\nletter',
      processed: 'Your email address',
      purpose: 'News',
      retention: 'Until you withdraw',
      withdrawal: 'Any time',
    });
    expect(label.status).toBe(422);
    expect(await label.json()).toMatchObject({ error: { field: 'label' } });
    expect(await rowCounts()).toEqual(before);
  });

  it('S6: outside development PUBLIC_URL is required, and an SMS transport without its key is an error, never a silent fallback', async () => {
    const { PUBLIC_URL: _, ...production } = productionEnv;
    const noUrl = await call('/v1/health', {}, production);
    expect(noUrl.status).toBe(500);
    expect(await noUrl.json()).toMatchObject({
      error: { code: 'internal', message: expect.stringContaining('PUBLIC_URL must be set') },
    });
    const configured = { ...production, PUBLIC_URL: 'https://consent.example' };
    expect((await call('/v1/health', {}, configured)).status).toBe(200);
    // The dev mailbox would keep addresses and live links in clear: refused outside development.
    const devMailbox = await call(
      '/v1/health',
      {},
      { ...configured, MAIL_TRANSPORT: 'dev-mailbox' },
    );
    expect(await devMailbox.json()).toMatchObject({
      error: { message: expect.stringContaining('MAIL_TRANSPORT must be email-service or http') },
    });
    const smsWithoutKey = await call('/v1/health', {}, { ...configured, SMS_TRANSPORT: 'http' });
    expect(await smsWithoutKey.json()).toMatchObject({
      error: { message: expect.stringContaining('SMS_TRANSPORT=http needs SMS_API_KEY') },
    });
    await expect(runCron(new Date(), { SMS_TRANSPORT: 'http' })).rejects.toThrow(/misconfigured/);
  });
});

describe('the cron and the lookups by body', () => {
  it('C9: a failing cron step does not keep the others from running', async () => {
    const email = 'isolated-steps@example.org';
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: 1 });
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    await pressConfirm(await confirmLinkFor(email));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The outbox step, the first, fails on every query it makes.
    const brokenOutbox = new Proxy(env.DB, {
      get(db, name) {
        if (name !== 'prepare') return Reflect.get(db, name).bind?.(db) ?? Reflect.get(db, name);
        return (query: string) => {
          if (query.includes('FROM outbox') && query.includes('next_attempt_at <='))
            throw new Error('D1 is unavailable');
          return db.prepare(query);
        };
      },
    });
    await runCron(new Date(Date.now() + 2 * 86_400_000), { DB: brokenOutbox });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('cron step outbox failed'));
    const left = await sql(
      'SELECT s.id FROM subjects s WHERE s.email_index = unhex(?)',
      await indexOf(email),
    );
    expect(left).toEqual([]);
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: null });
  });

  it('S3: the site owner can look a person up with the address in a JSON body, out of the URL', async () => {
    const email = 'by-body@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const check = await admin('/v1/consents/check', 'POST', { email, purpose: 'newsletter' });
    expect(await check.json()).toMatchObject({ allowed: true });
    const consents = await admin('/v1/admin/subjects/consents', 'POST', { email });
    expect(await consents.json()).toMatchObject({
      consents: [{ purpose: 'newsletter', status: 'active' }],
    });
    const evidence = await admin('/v1/consents/evidence', 'POST', { email, purpose: 'newsletter' });
    const document = (await evidence.json()) as {
      messages: { text: string; linkSha256: string }[];
      verification: { allValid: boolean };
    };
    expect(document.verification.allValid).toBe(true);
    // The confirmed request's message as sent: its link redacted, the token's hash beside it.
    expect(document.messages[0]?.text).toMatch(/\/confirm\/\[redacted:[0-9a-f]{32}\]/);
    expect(document.messages[0]?.linkSha256).toMatch(/^[0-9a-f]{64}$/);
    const bad = await admin('/v1/consents/check', 'POST', {
      email: 'not-an-address',
      purpose: 'newsletter',
    });
    expect(bad.status).toBe(422);
  });
});
