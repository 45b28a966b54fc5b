import { env } from 'cloudflare:workers';
import {
  type Jwks,
  type SignedCheckpoint,
  type SignedRecord,
  verifyLog,
  verifyRecord,
} from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  admin,
  call,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';

const jwks = async () => (await (await call('/.well-known/jwks.json')).json()) as Jwks;
const allRecords = async () =>
  ((await (await admin('/v1/records')).json()) as { records: SignedRecord[] }).records;
const checkpoint = async () =>
  (await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint;

async function subscribe(email: string, headers: Record<string, string> = {}) {
  await postJson('/v1/consent-requests', await validRequestBody(email), headers);
  return confirmLinkFor(email);
}

describe('P2: signed records', () => {
  it('P2: each state change is sealed with an Ed25519 signature that verifies against the JWKS', async () => {
    const link = await subscribe('signed@example.org', {
      'cf-connecting-ip': '203.0.113.77',
      'user-agent': 'TestBrowser/1.0',
    });
    await pressConfirm(
      link,
      {},
      { 'cf-connecting-ip': '198.51.100.23', 'user-agent': 'TestBrowser/1.0' },
    );
    const keys = await jwks();
    expect(keys.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    const records = await allRecords();
    const mine = records.filter(
      (signed) => signed.record.source.pageUrl === 'https://shop.example/newsletter',
    );
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const signed of records) expect(await verifyRecord(signed, keys)).toEqual({ ok: true });
  });

  it('P1: a record shows purpose, wording hash, page, time and evidence, and no readable personal data', async () => {
    const email = 'evidence@example.org';
    const link = await subscribe(email, {
      'cf-connecting-ip': '203.0.113.77',
      'user-agent': 'Req/1',
    });
    await pressConfirm(
      link,
      {},
      { 'cf-connecting-ip': '2001:db8:abcd:12::1', 'user-agent': 'Conf/2' },
    );
    const [subject] = await sql<{ id: string; email_index: string }>(
      'SELECT id, lower(hex(email_index)) AS email_index FROM subjects WHERE email_index = unhex(?)',
      await indexOf(email),
    );
    const records = (await allRecords()).filter((signed) => signed.record.subject === subject?.id);
    expect(records.map((signed) => signed.record.event)).toEqual(['requested', 'confirmed']);
    const [requested, confirmed] = records.map((signed) => signed.record);
    expect(requested).toMatchObject({
      purpose: 'newsletter',
      contact: { email: subject?.email_index, phone: null },
      source: { pageUrl: 'https://shop.example/newsletter' },
      evidence: { ip: '203.0.113.0/24', userAgent: 'Req/1' },
    });
    expect(requested?.wording.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(confirmed).toMatchObject({
      // How it was confirmed: the button on the page the emailed link opened.
      source: { form: 'confirm-page:email-link' },
      evidence: { ip: '2001:db8:abcd::/48', userAgent: 'Conf/2' },
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain(email);
    expect(text).not.toContain('203.0.113.77');
  });

  it('P1: a record keeps the page without its query string or fragment', async () => {
    const body = await validRequestBody('query@example.org');
    await postJson('/v1/consent-requests', {
      ...body,
      pageUrl: 'https://shop.example/signup?email=query%40example.org&utm=x#top',
    });
    const last = (await allRecords()).at(-1)?.record;
    expect(last?.source.pageUrl).toBe('https://shop.example/signup');
  });

  it('P1: a site can keep a keyed hash of the IP instead of its network', async () => {
    await admin('/v1/admin/site', 'PATCH', { evidenceIp: 'hash' });
    await subscribe('hashed-ip@example.org', { 'cf-connecting-ip': '192.0.2.1' });
    await admin('/v1/admin/site', 'PATCH', { evidenceIp: 'truncate' });
    const records = await allRecords();
    const last = records.at(-1)?.record;
    expect(last?.evidence.ip).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });

  it('P2: a record can be exported as a compact JWS', async () => {
    const [first] = await allRecords();
    const response = await admin(`/v1/records/${first?.record.id}?format=jws`);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const jws = await response.text();
    expect(jws.split('.')).toHaveLength(3);
    expect(jws.endsWith(`.${first?.sig}`)).toBe(true);
  });

  it('P2: records signed before a key rotation still verify after it', async () => {
    await subscribe('before-rotation@example.org');
    await runCron(new Date());
    const rotated = { SIGNING_KEY: env.NEXT_SIGNING_KEY };
    const link = await confirmLinkFor('before-rotation@example.org');
    await pressConfirm(link, rotated);
    await runCron(new Date(), rotated);
    const keys = await jwks();
    expect(keys.keys.map((key) => key.kid)).toEqual(['test-key-1', 'test-key-2']);
    const records = await allRecords();
    expect(new Set(records.map((signed) => signed.kid))).toEqual(
      new Set(['test-key-1', 'test-key-2']),
    );
    for (const signed of records) expect(await verifyRecord(signed, keys)).toEqual({ ok: true });
    const head = (await (
      await call(
        '/v1/log/checkpoint',
        { headers: { authorization: 'Bearer sk_demo_local_development_only' } },
        rotated,
      )
    ).json()) as SignedCheckpoint;
    expect(head.kid).toBe('test-key-2');
    expect(await verifyLog(records, head, keys)).toEqual({ ok: true });
  });
});

describe('P3: the hash-linked log', () => {
  it('P3: the whole log verifies against a fresh checkpoint, and a changed row breaks it', async () => {
    await subscribe('log@example.org');
    const keys = await jwks();
    const head = await checkpoint();
    const records = await allRecords();
    expect(head.checkpoint.seq).toBe(records.length);
    expect(await verifyLog(records, head, keys)).toEqual({ ok: true });

    await sql("UPDATE records SET event = 'withdrawn' WHERE seq = 1 AND site_id = 'demo'");
    const tampered = await allRecords();
    const verdict = await verifyLog(tampered, head, keys);
    expect(verdict).toMatchObject({ ok: false, index: 0 });
    await sql("UPDATE records SET event = 'requested' WHERE seq = 1 AND site_id = 'demo'");
  });

  it('P3: 200 concurrent confirmations on one site give a gap-free sequence and a valid chain', async () => {
    const links: string[] = [];
    for (let i = 0; i < 200; i += 1) links.push(await subscribe(`crowd-${i}@example.org`));
    const statuses = await Promise.all(
      links.map(async (link) => (await pressConfirm(link)).status),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const head = await checkpoint();
    const records = await allRecords();
    expect(records.map((signed) => signed.record.seq)).toEqual(records.map((_, i) => i + 1));
    const page = (await (await admin('/v1/records')).json()) as { next: number | null };
    expect(page.next).toBeNull();
    const confirmed = records.filter(
      (signed) => signed.record.event === 'confirmed' && signed.record.request !== null,
    );
    expect(confirmed.length).toBeGreaterThanOrEqual(200);
    expect(await verifyLog(records, head, await jwks())).toEqual({ ok: true });
    const unsealed = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM records WHERE seq IS NULL',
    );
    expect(unsealed[0]?.n).toBe(0);
  }, 60_000);

  it("P3: deleting a person's data (their consent lifetime ended) leaves the log verifiable", async () => {
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: 1 });
    const email = 'short-lived@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    await pressConfirm(await confirmLinkFor(email));
    await runCron(new Date(Date.now() + 2 * 86_400_000));
    expect(
      await sql('SELECT id FROM subjects WHERE email_index = unhex(?)', await indexOf(email)),
    ).toEqual([]);
    const records = await allRecords();
    // Its last purpose lapsed: erased by the same rule as a last withdrawal (decision 0006).
    expect(records.slice(-2).map((signed) => signed.record.event)).toEqual(['expired', 'erased']);
    expect(await verifyLog(records, await checkpoint(), await jwks())).toEqual({ ok: true });
    await admin('/v1/admin/purposes/prize-draw', 'PUT', { channel: 'email', lifetimeDays: null });
  });

  it('the cron signs a checkpoint whenever a log has grown', async () => {
    await subscribe('cron-checkpoint@example.org');
    await runCron(new Date());
    const [latest] = await sql<{ seq: number }>(
      "SELECT MAX(seq) AS seq FROM checkpoints WHERE site_id = 'demo'",
    );
    const [head] = await sql<{ seq: number }>("SELECT seq FROM log_heads WHERE site_id = 'demo'");
    expect(latest?.seq).toBe(head?.seq);
  });
});

describe('P1: evidence export', () => {
  it('P1: bundles the record chain, the exact wording, the email as sent and the verdicts', async () => {
    const email = 'export@example.org';
    await pressConfirm(await subscribe(email));
    const response = await admin(
      `/v1/consents/evidence?email=${encodeURIComponent(email)}&purpose=newsletter`,
    );
    expect(response.status).toBe(200);
    const evidence = (await response.json()) as {
      records: SignedRecord[];
      wordings: { version: string; wording: { label: string } }[];
      messages: { subject: string; text: string }[];
      verification: { allValid: boolean };
    };
    expect(evidence.records.map((signed) => signed.record.event)).toEqual([
      'requested',
      'confirmed',
    ]);
    expect(evidence.wordings[0]?.version).toBe(evidence.records[0]?.record.wording.version);
    expect(evidence.wordings[0]?.wording.label).toBe(
      'Yes, I want to receive the Demo Shop newsletter by email.',
    );
    expect(evidence.messages[0]?.subject).toBe('Please confirm your consent at Signet Demo Shop');
    expect(evidence.verification.allValid).toBe(true);

    const page = await admin(
      `/v1/consents/evidence?email=${encodeURIComponent(email)}&purpose=newsletter&format=html`,
    );
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Nachweis der Einwilligung');
  });

  it('answers an unknown person with 404, and every record route needs the site key', async () => {
    const missing = await admin(
      '/v1/consents/evidence?email=nobody%40example.org&purpose=newsletter',
    );
    expect(missing.status).toBe(404);
    for (const path of [
      '/v1/records',
      '/v1/records/x',
      '/v1/log/checkpoint',
      '/v1/consents/evidence?email=a%40b.c&purpose=x',
    ]) {
      expect((await call(path)).status, path).toBe(401);
    }
  });
});
