import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { asOwner, erase, rowsReadGrowth, type Steps } from '../../test/rows-read.js';
import { postJson, subscribed, validRequestBody } from '../../test/worker.js';
import { purgeUnconfirmed } from '../services/retention.js';

let others = 0;

/**
 * Other people of the site with what a subject row is the parent of: a consent, a preference
 * session and a queued re-confirmation each. Deleting a subject makes SQLite look for its rows in
 * each of these tables (ON DELETE CASCADE); without an index that starts with `subject_id`, it
 * reads every row of the table.
 */
async function addOtherPeople(n: number) {
  const at = new Date().toISOString();
  const range = `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)`;
  await env.DB.batch([
    env.DB.prepare(
      `${range} INSERT INTO subjects (id, site_id, email_index, email, created_at)
       SELECT 'other-subject-' || i, 'demo', 'other-index-' || i, '', ?3 FROM n`,
    ).bind(others + 1, others + n, at),
    env.DB.prepare(
      `${range} INSERT INTO consents (site_id, subject_id, purpose_id, status, wording_version,
                                      request_id, confirmed_at, updated_at)
       SELECT 'demo', 'other-subject-' || i, 'newsletter', 'active', 'w', 'other-request-' || i, ?3, ?3
         FROM n`,
    ).bind(others + 1, others + n, at),
    env.DB.prepare(
      `${range} INSERT INTO preference_sessions (token_hash, site_id, subject_id, created_at,
                                                 last_used_at, expires_at)
       SELECT 'other-session-' || i, 'demo', 'other-subject-' || i, ?3, ?3, ?3 FROM n`,
    ).bind(others + 1, others + n, at),
    env.DB.prepare(
      `${range} INSERT INTO reconfirmations (site_id, purpose_id, subject_id, queued_at, public_url)
       SELECT 'demo', 'newsletter', 'other-subject-' || i, ?3, 'https://api.example' FROM n`,
    ).bind(others + 1, others + n, at),
  ]);
  others += n;
}

const added = 200;

/** How many more rows one person's operation reads with 200 more other people (see above). */
const growthAsPeopleGrow = (...steps: Steps) =>
  rowsReadGrowth('subject-lookup', () => addOtherPeople(added), ...steps);

// Each test starts with 100 other people.
beforeEach(async () => {
  await env.DB.prepare("DELETE FROM subjects WHERE id LIKE 'other-subject-%'").run();
  others = 0;
  await addOtherPeople(100);
});

describe("issue 23: one person's consents, sessions and re-confirmations are found by index, whatever the site holds of others", () => {
  it("R4: erasing one person reads about as many rows with 300 other people's consents as with 100", async () => {
    const growth = await growthAsPeopleGrow(subscribed, (db, email) =>
      asOwner(db, '/v1/admin/subjects/erasure', { email }),
    );
    expect(growth, `${growth} rows more for ${added} more people`).toBeLessThan(added / 10);
  });

  it("R3: exporting one person reads about as many rows with 300 other people's consents as with 100", async () => {
    const growth = await growthAsPeopleGrow(
      subscribed,
      (db, email) => asOwner(db, '/v1/admin/subjects/export', { email }),
      erase,
    );
    expect(growth, `${growth} rows more for ${added} more people`).toBeLessThan(added / 10);
  });

  it("C8: the cron's purge of one unconfirmed request and its person reads about as many rows with 300 other people's consents as with 100", async () => {
    const growth = await growthAsPeopleGrow(
      async (email) => {
        const sent = await postJson('/v1/consent-requests', await validRequestBody(email));
        expect(sent.status).toBe(202);
      },
      async (db) => {
        expect(await purgeUnconfirmed(db, new Date(Date.now() + 100 * 86_400_000))).toBe(1);
      },
    );
    expect(growth, `${growth} rows more for ${added} more people`).toBeLessThan(added / 10);
  });
});
