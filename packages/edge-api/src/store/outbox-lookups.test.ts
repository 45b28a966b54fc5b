import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { asOwner, erase, rowsReadGrowth, type Steps } from '../../test/rows-read.js';
import { postJson, subscribed, validRequestBody } from '../../test/worker.js';
import { purgeUnconfirmed } from '../services/retention.js';

let others = 0;

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

/** Other people's messages added between the two runs of an operation. */
const added = 200;

/** How many more rows one person's operation reads with 200 more messages of other people. */
const growthAsOutboxGrows = (...steps: Steps) =>
  rowsReadGrowth('outbox-lookup', () => addOtherMessages(added), ...steps);

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
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(added / 10);
  });

  it("R3: exporting one person reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(
      subscribed,
      (db, email) => asOwner(db, '/v1/admin/subjects/export', { email }),
      erase,
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(added / 10);
  });

  it("P1: one person's evidence, with the confirmation message as sent, reads about as many rows with 300 other people's messages in the outbox as with 100", async () => {
    const growth = await growthAsOutboxGrows(
      subscribed,
      (db, email) => asOwner(db, '/v1/consents/evidence', { email, purpose: 'newsletter' }),
      erase,
    );
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(added / 10);
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
    expect(growth, `${growth} rows more for ${added} more messages`).toBeLessThan(added / 10);
  });
});
