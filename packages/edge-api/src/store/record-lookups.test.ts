import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import { purgeTestData } from '../services/test-mode.js';

let others = 0;

/** Other people's live records, sealed far above the demo log's own places (never sealed again). */
async function addLiveRecords(n: number) {
  const at = new Date().toISOString();
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
     INSERT INTO records (id, site_id, seq, subject_id, email_hash, phone_hash, purpose_id, event,
                          wording_version, request_id, page_url, form, evidence_ip,
                          evidence_user_agent, created_at, hash, kid, sig)
     SELECT 'other-record-' || i, 'demo', 1000000 + i, 'other-subject-' || i, 'e', NULL,
            'newsletter', 'requested', 'w', NULL, NULL, NULL, NULL, NULL, ?3, 'h', 'k', 's'
       FROM n`,
  )
    .bind(others + 1, others + n, at)
    .run();
  others += n;
}

async function rowsRead(work: (db: D1Database) => Promise<unknown>) {
  const db = countingD1(env.DB);
  await work(db);
  return db.roundTrips.reduce((total, trip) => total + trip.rowsRead, 0);
}

describe('issue 23: the cron finds test records by index, whatever the log holds', () => {
  it("the cron's purge of test data reads about as many rows with 300 live records as with 100", async () => {
    await addLiveRecords(100);
    const now = new Date();
    const before = await rowsRead((db) => purgeTestData(db, now));
    await addLiveRecords(200);
    const after = await rowsRead((db) => purgeTestData(db, now));
    expect(after - before, `${after - before} rows more for 200 more records`).toBeLessThan(5);
  });
});
