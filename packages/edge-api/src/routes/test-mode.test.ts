// Issue 22, item 3 (decision 0011): test keys. Their requests reach the site's test mailbox and
// never a transport, their people and consents are apart from the live ones, out of the log,
// its checkpoints and the reports, and the cron purges them after 7 days.
import type { SignedCheckpoint } from '@signet/sdk';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  admin,
  call,
  postJson,
  pressConfirm,
  productionEnv,
  runCron,
  sql,
  validRequestBody,
} from '../../test/worker.js';

afterEach(() => vi.restoreAllMocks());

let testKey = '';

beforeAll(async () => {
  const created = await admin('/v1/admin/keys', 'POST', { label: 'CI', mode: 'test' });
  expect(created.status).toBe(201);
  testKey = ((await created.json()) as { key: string }).key;
});

/** Every transport fails the test that calls it: a test key's message must reach none. */
function transportsThatFail() {
  const called: string[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    called.push(String(input));
    throw new Error(`a test key's message reached ${String(input)}`);
  });
  return called;
}

async function askAsServer(key: string, email: string, ids = ['newsletter'], env = {}) {
  return postJson(
    '/v1/consent-requests',
    await validRequestBody(email, ids),
    { origin: '', authorization: `Bearer ${key}` },
    env,
  );
}

async function testMailbox(to: string, key = testKey) {
  const response = await admin(
    `/v1/admin/test-mailbox?to=${encodeURIComponent(to)}`,
    'GET',
    undefined,
    key,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: { text: string; channel: string }[] }).messages;
}

/** The confirm link of the newest test message to `to`, as a path. */
async function testConfirmLink(to: string) {
  const [message] = await testMailbox(to);
  const link = message?.text.match(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no test message to ${to}`);
  return new URL(link).pathname;
}

async function mayContact(email: string, key: string) {
  const response = await admin('/v1/consents/check', 'POST', { email, purpose: 'newsletter' }, key);
  expect(response.status).toBe(200);
  return ((await response.json()) as { allowed: boolean }).allowed;
}

async function testPerson(email: string) {
  expect((await askAsServer(testKey, email)).status).toBe(202);
  await pressConfirm(await testConfirmLink(email));
}

const subjectsOfTest = () =>
  sql<{ id: string }>('SELECT id FROM subjects WHERE test = 1 ORDER BY created_at');

describe('test keys', () => {
  it('are made as sk_test_ keys, listed as test, and reach no live admin route nor a preference link', async () => {
    expect(testKey).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    const { keys } = (await (await admin('/v1/admin/keys')).json()) as {
      keys: { label: string; mode: string }[];
    };
    expect(keys.find((key) => key.label === 'CI')?.mode).toBe('test');
    expect(keys.filter((key) => key.label !== 'CI').every((key) => key.mode === 'live')).toBe(true);
    for (const [path, method] of [
      ['/v1/admin/keys', 'GET'],
      ['/v1/admin/reports?from=2026-01-01&to=2026-02-01&interval=month', 'GET'],
      ['/v1/records', 'GET'],
      ['/v1/admin/subjects/erasure', 'POST'],
    ] as const) {
      const refused = await admin(
        path,
        method,
        method === 'POST' ? { email: 'a@b.example' } : undefined,
        testKey,
      );
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const link = await postJson(
      '/v1/preference-links',
      { site: 'demo', email: 'real-person@example.org', locale: 'en' },
      { origin: '', authorization: `Bearer ${testKey}` },
    );
    expect(link.status).toBe(403);
  });

  it("a test key's consent request reaches the test mailbox, never the mail transport, also in production", async () => {
    const called = transportsThatFail();
    const email = 'ci-buyer@example.org';
    const asked = await askAsServer(testKey, email, ['newsletter'], productionEnv);
    expect(asked.status).toBe(202);
    expect(called).toEqual([]);
    const [subject] = await sql<{ id: string }>(
      'SELECT subject_id AS id FROM test_mailbox WHERE to_address = ?',
      email,
    );
    const [outbox] = await sql<{ status: string }>(
      `SELECT status FROM outbox
        WHERE subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)`,
      subject?.id,
    );
    expect(outbox?.status).toBe('sent');
    expect(await sql('SELECT id FROM dev_mailbox WHERE to_address = ?', email)).toEqual([]);
    const messages = await testMailbox(email);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.channel).toBe('email');
    expect(messages[0]?.text).toMatch(/https:\/\/api\.signet\.test\/confirm\/[A-Za-z0-9_-]{43}/);
    // The live key reads the same mailbox (the console does): it is the site's.
    expect(await testMailbox(email, undefined)).toHaveLength(1);
  });

  it('A3: mayContact with a test key answers from test consents only, and a live key never sees them', async () => {
    const both = 'both-modes@example.org';
    await testPerson(both);
    expect(await mayContact(both, testKey)).toBe(true);
    expect(await mayContact(both, 'sk_demo_local_development_only')).toBe(false);

    const liveOnly = 'live-only@example.org';
    expect((await askAsServer('sk_demo_local_development_only', liveOnly)).status).toBe(202);
    const [live] = await sql<{ text_body: string }>(
      'SELECT text_body FROM dev_mailbox WHERE to_address = ?',
      liveOnly,
    );
    const link = live?.text_body.match(/https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{43}/)?.[0] ?? '';
    await pressConfirm(new URL(link).pathname);
    expect(await mayContact(liveOnly, 'sk_demo_local_development_only')).toBe(true);
    expect(await mayContact(liveOnly, testKey)).toBe(false);

    const batch = await admin(
      '/v1/consents/checks',
      'POST',
      { purpose: 'newsletter', emails: [both, liveOnly] },
      testKey,
    );
    const { results } = (await batch.json()) as { results: { allowed: boolean }[] };
    expect(results.map((result) => result.allowed)).toEqual([true, false]);
  });

  it('P3/A1: test records never enter the live signed log, its checkpoints or the reports', async () => {
    const checkpoint = async () =>
      ((await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint).checkpoint;
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const report = async () => {
      const response = await admin(`/v1/admin/reports?from=${today}&to=${tomorrow}&interval=day`);
      return ((await response.json()) as { purposes: unknown }).purposes;
    };
    await runCron(new Date());
    const [headBefore, reportBefore] = [await checkpoint(), await report()];

    await testPerson('not-in-the-log@example.org');
    await runCron(new Date(Date.now() + 60_000));

    const [headAfter, reportAfter] = [await checkpoint(), await report()];
    expect(headAfter.seq).toBe(headBefore.seq);
    expect(headAfter.head).toBe(headBefore.head);
    expect(reportAfter).toEqual(reportBefore);
    const records = await sql<{ seq: number | null; event: string }>(
      `SELECT seq, event FROM records WHERE test = 1 AND subject_id IN
         (SELECT subject_id FROM test_mailbox WHERE to_address = 'not-in-the-log@example.org')`,
    );
    expect(records.map((record) => record.event).sort()).toEqual(['confirmed', 'requested']);
    expect(records.every((record) => record.seq === null)).toBe(true);
    const kept = "SELECT seq FROM checkpoints WHERE site_id = 'demo' AND seq > ?";
    expect(await sql(kept, headBefore.seq)).toEqual([]);
  });

  it("P3: a test person's one-click unsubscribe of their last purpose erases them without a trace in the log", async () => {
    const email = 'unsubscribes-in-test@example.org';
    await testPerson(email);
    const found = await admin('/v1/admin/subjects/consents', 'POST', { email }, testKey);
    const { subject } = (await found.json()) as { subject: string };
    expect(subject).toEqual(expect.any(String));
    const before = ((await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint)
      .checkpoint;
    const check = await admin(
      '/v1/consents/check',
      'POST',
      { email, purpose: 'newsletter' },
      testKey,
    );
    const { unsubscribe } = (await check.json()) as { unsubscribe: { url: string } };
    const unsubscribed = await call(new URL(unsubscribe.url).pathname, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(unsubscribed.status).toBe(200);
    await runCron(new Date(Date.now() + 60_000));
    const after = ((await (await admin('/v1/log/checkpoint')).json()) as SignedCheckpoint)
      .checkpoint;
    expect(after.seq).toBe(before.seq);
    // Erased, and their records with them: none was left behind for the sequencer to sign.
    expect(await sql('SELECT id FROM records WHERE subject_id = ?', subject)).toEqual([]);
    expect(await sql('SELECT id FROM subjects WHERE id = ?', subject)).toEqual([]);
    expect(await mayContact(email, testKey)).toBe(false);
  });

  it('the cron purges test people, consents, records and messages 7 days after they were made, not before', async () => {
    await testPerson('purged-after-a-week@example.org');
    const ids = (await subjectsOfTest()).map((row) => row.id);
    expect(ids.length).toBeGreaterThan(0);
    // A request's own confirmation names its subject through the request (migration 0038).
    const messages = await sql<{ id: string }>(
      `SELECT id FROM outbox WHERE subject_id IN (SELECT value FROM json_each(?1))
          OR request_id IN (SELECT id FROM consent_requests
                             WHERE subject_id IN (SELECT value FROM json_each(?1)))`,
      JSON.stringify(ids),
    );
    expect(messages.length).toBeGreaterThan(0);
    const left = async () =>
      (
        await sql<{ n: number }>(
          `SELECT (SELECT COUNT(*) FROM subjects WHERE test = 1)
                + (SELECT COUNT(*) FROM records WHERE test = 1)
                + (SELECT COUNT(*) FROM consents c JOIN subjects s ON s.id = c.subject_id AND s.test = 1)
                + (SELECT COUNT(*) FROM test_mailbox) AS n`,
        )
      )[0]?.n ?? 0;
    const before = await left();
    await runCron(new Date(Date.now() + 6 * 86_400_000));
    expect(await left()).toBe(before);
    await runCron(new Date(Date.now() + 7 * 86_400_000 + 3_600_000));
    expect(await left()).toBe(0);
    expect(
      await sql(
        'SELECT id FROM consent_requests WHERE subject_id IN (SELECT value FROM json_each(?))',
        JSON.stringify(ids),
      ),
    ).toEqual([]);
    expect(
      await sql(
        'SELECT id FROM outbox WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(messages.map((message) => message.id)),
      ),
    ).toEqual([]);
    // Live people stay.
    expect(
      (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM subjects WHERE test = 0'))[0]?.n,
    ).toBeGreaterThan(0);
    expect((await call('/v1/health')).status).toBe(200);
  });
});
