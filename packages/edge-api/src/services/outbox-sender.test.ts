import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  indexOf,
  postJson,
  runCron,
  sql,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';
import { listPersonRows } from '../store/person-rows.js';
import { retryDelayMs } from './outbox-sender.js';

const providerUrl = 'https://mail-provider.test/v3/smtp/email';
const httpMail = {
  MAIL_TRANSPORT: 'http',
  MAIL_API_URL: providerUrl,
  MAIL_API_KEY: 'provider-key',
  MAIL_FROM: 'Signet Demo <noreply@signet.test>',
};

afterEach(() => vi.restoreAllMocks());

/** A consent request from the site's page while mail goes through the HTTP provider. */
async function requestByHttpMail(email: string) {
  const response = await postJson(
    '/v1/consent-requests',
    await validRequestBody(email),
    {},
    httpMail,
  );
  expect(response.status).toBe(202);
}

/** A provider that fails its first `failures` calls with 503, then accepts and counts each mail. */
function flakyProvider(failures: number) {
  const delivered: string[] = [];
  let calls = 0;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== providerUrl) throw new Error(`unexpected fetch ${String(input)}`);
    calls += 1;
    if (calls <= failures) return new Response('busy', { status: 503 });
    const body = JSON.parse(String(init?.body)) as { to: { email: string }[] };
    expect(new Headers(init?.headers).get('api-key')).toBe('provider-key');
    delivered.push(body.to[0]?.email ?? '');
    return Response.json({ messageId: `m-${calls}` }, { status: 201 });
  });
  return { delivered, spy };
}

describe('the transactional outbox (C5)', () => {
  it('delivers every message exactly once when the provider fails several times and recovers', async () => {
    const provider = flakyProvider(5);
    const emails = ['o1@example.org', 'o2@example.org', 'o3@example.org'];
    for (const email of emails) {
      await requestByHttpMail(email);
    }
    // The three immediate sends failed; the messages wait in the outbox with a backoff.
    expect(provider.delivered).toEqual([]);
    const waiting = await sql<{ attempts: number; status: string }>(
      `SELECT attempts, status FROM outbox WHERE request_id IN (SELECT r.id FROM consent_requests r
          JOIN subjects s ON s.id = r.subject_id WHERE s.email_index IN (unhex(?), unhex(?), unhex(?)))`,
      ...(await Promise.all(emails.map((email) => indexOf(email)))),
    );
    expect(waiting).toHaveLength(3);
    expect(waiting.every((row) => row.status === 'pending' && row.attempts === 1)).toBe(true);

    let clock = Date.now();
    for (let pass = 0; pass < 6; pass += 1) {
      clock += retryDelayMs(pass) + 1000;
      await runCron(new Date(clock), httpMail);
    }
    expect([...provider.delivered].sort()).toEqual(emails);
    const sent = await sql<{ status: string }>(
      `SELECT status FROM outbox WHERE request_id IN (SELECT r.id FROM consent_requests r
          JOIN subjects s ON s.id = r.subject_id WHERE s.email_index IN (unhex(?), unhex(?), unhex(?)))`,
      ...(await Promise.all(emails.map((email) => indexOf(email)))),
    );
    expect(sent.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);

    // Further cron passes send nothing again.
    await runCron(new Date(clock + 3_600_000), httpMail);
    expect(provider.delivered).toHaveLength(3);
  });

  it('waits for the backoff before retrying', async () => {
    const provider = flakyProvider(1);
    await postJson('/v1/consent-requests', await validRequestBody('backoff@example.org'));
    await sql(
      `UPDATE outbox SET status = 'pending', attempts = 1, next_attempt_at = ?
        WHERE request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?)`,
      new Date(Date.now() + retryDelayMs(1)).toISOString(),
      await subjectIdOf('backoff@example.org'),
    );
    await runCron(new Date(Date.now() + 1000), httpMail);
    expect(provider.spy).not.toHaveBeenCalled();
    await runCron(new Date(Date.now() + retryDelayMs(1) + 1000), httpMail);
    await runCron(new Date(Date.now() + retryDelayMs(1) + retryDelayMs(2) + 2000), httpMail);
    expect(provider.delivered).toEqual(['backoff@example.org']);
  });

  it("a request's confirmation keeps its subject once, in the request (migration 0038), and the cron's retry still sends it to the subject's address and the person's rows still list it", async () => {
    const provider = flakyProvider(1);
    const email = 'subject-kept-once@example.org';
    await requestByHttpMail(email);
    const subjectId = (await subjectIdOf(email)) ?? '';
    const rows = await sql<{ subject_id: string | null; status: string }>(
      `SELECT o.subject_id, o.status FROM outbox o JOIN consent_requests r ON r.id = o.request_id
        WHERE r.subject_id = ?`,
      subjectId,
    );
    expect(rows).toEqual([{ subject_id: null, status: 'pending' }]);
    await runCron(new Date(Date.now() + retryDelayMs(0) + 1000), httpMail);
    expect(provider.delivered).toEqual([email]);
    const { messages } = await listPersonRows(env.DB, subjectId);
    expect(messages.map((message) => [message.subject_id, message.status])).toEqual([
      [subjectId, 'sent'],
    ]);
  });

  it('backs off exponentially up to four hours', () => {
    expect([0, 1, 2, 3].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(4 * 3_600_000);
  });
});
