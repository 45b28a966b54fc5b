import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import { adminHeaders, call, postJson, subscribed, validRequestBody } from '../../test/worker.js';
import { purgeUnconfirmed } from '../services/retention.js';

let others = 0;
let people = 0;

/**
 * Other people's messages, as the outbox keeps them: half a request's own confirmation (its
 * request named, no subject: migration 0038), half a preference link's (a subject, no request).
 */
async function addOtherMessages(n: number) {
  const at = new Date().toISOString();
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
     INSERT INTO outbox (id, channel, site_id, request_id, subject_id, to_address, to_sealed,
                         subject, text_body, html_body, link_kind, status, next_attempt_at,
                         created_at)
     SELECT 'other-message-' || i, 'email', 'demo',
            CASE WHEN i % 2 = 1 THEN 'other-request-' || i END,
            CASE WHEN i % 2 = 0 THEN 'other-subject-' || i END, '', 'sealed', 'S', 'T', 'H',
            CASE WHEN i % 2 = 1 THEN 'confirm' ELSE 'preferences' END, 'sent', '', ?3
       FROM n`,
  )
    .bind(others + 1, others + n, at)
    .run();
  others += n;
}

/** D1's rows read by everything `work` asks of the database, before its answer and after. */
async function rowsRead(work: (db: D1Database) => Promise<unknown>) {
  const db = countingD1(env.DB);
  await work(db);
  return db.roundTrips.reduce((total, trip) => total + trip.rowsRead, 0);
}

const asOwner = (db: D1Database, path: string, body: unknown) =>
  call(
    path,
    { method: 'POST', headers: adminHeaders(), body: JSON.stringify(body) },
    { DB: db },
  ).then(async (response) => {
    expect(response.status, await response.clone().text()).toBe(200);
  });

/** Other people's messages added between the two runs of an operation. */
const added = 200;

/**
 * How many more rows one person's operation reads with 200 more messages of other people in the
 * outbox: each run for a new person, made just before it (an operation may delete its person,
 * so the other tables hold about as many rows each time; the log grows by the person's records,
 * which may cost a row or two). Read by a scan, each added message costs a row read.
 */
async function growthAsOutboxGrows(
  person: (email: string) => Promise<unknown>,
  operation: (db: D1Database, email: string) => Promise<unknown>,
  done: (email: string) => Promise<unknown> = async () => {},
) {
  const figures: number[] = [];
  for (const round of [0, 1]) {
    if (round === 1) await addOtherMessages(added);
    people += 1;
    const email = `outbox-lookup-${people}@example.org`;
    await person(email);
    figures.push(await rowsRead((db) => operation(db, email)));
    await done(email);
  }
  const [before = 0, after = 0] = figures;
  return after - before;
}

const erase = (email: string) =>
  call('/v1/admin/subjects/erasure', {
    method: 'POST',
    headers: adminHeaders(),
    body: JSON.stringify({ email }),
  });

// Each test starts with 100 messages of other people in the outbox.
beforeEach(async () => {
  await env.DB.prepare("DELETE FROM outbox WHERE id LIKE 'other-message-%'").run();
  others = 0;
  await addOtherMessages(100);
});

describe("issue 23: one person's messages are found by index, whatever the outbox holds of others", () => {
  it("R4: erasing one person reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(subscribed, (db, email) =>
      asOwner(db, '/v1/admin/subjects/erasure', { email }),
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(5);
  });

  it("R3: exporting one person reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(
      subscribed,
      (db, email) => asOwner(db, '/v1/admin/subjects/export', { email }),
      erase,
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(5);
  });

  it("P1: one person's evidence, with the confirmation message as sent, reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(
      subscribed,
      (db, email) => asOwner(db, '/v1/consents/evidence', { email, purpose: 'newsletter' }),
      erase,
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(5);
  });

  it("C8: the cron's purge of one unconfirmed request reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(
      async (email) => {
        const sent = await postJson('/v1/consent-requests', await validRequestBody(email));
        expect(sent.status).toBe(202);
      },
      async (db) => {
        // Past any site's retention: only this person's request is pending.
        expect(await purgeUnconfirmed(db, new Date(Date.now() + 100 * 86_400_000))).toBe(1);
      },
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(5);
  });
});
