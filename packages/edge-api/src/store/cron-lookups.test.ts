import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { rowsRead } from '../../test/rows-read.js';
import { rewrapDataKeys, sealLegacyRows } from '../services/key-maintenance.js';
import { forgetOldAbuseState } from '../services/retention.js';
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

describe('issue 23: each cron pass finds what it has to do by index, whatever the shard holds', () => {
  it("the cron's purge of test data reads about as many rows with 300 live records as with 100", async () => {
    await addLiveRecords(100);
    const now = new Date();
    const before = await rowsRead((db) => purgeTestData(db, now));
    await addLiveRecords(200);
    const after = await rowsRead((db) => purgeTestData(db, now));
    expect(after - before, `${after - before} rows more for 200 more records`).toBeLessThan(20);
  });

  it("the cron's key maintenance (legacy rows to seal, keys to re-wrap) reads about as many rows with 300 other people as with 100", async () => {
    const activeKid = (env.MASTER_KEY ?? '').split(':')[0];
    const addPeople = async (from: number, to: number) => {
      const at = new Date().toISOString();
      const range = 'WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)';
      // As a request writes them today: the address sealed, the number sealed, no recipient in clear.
      await env.DB.batch([
        env.DB.prepare(
          `${range} INSERT INTO subjects (id, site_id, email_index, email, email_sealed, data_key,
                                          data_key_id, master_kid, created_at)
           SELECT 'key-subject-' || i, 'demo', 'key-index-' || i, '', 'sealed', 'wrapped', 'dk',
                  ?4, ?3 FROM n`,
        ).bind(from, to, at, activeKid),
        env.DB.prepare(
          `${range} INSERT INTO consent_requests (id, site_id, subject_id, token_hash, purposes,
                                                  locale, page_url, status, created_at, expires_at,
                                                  phone_sealed)
           SELECT 'key-request-' || i, 'demo', 'key-subject-' || i, 'key-token-' || i, '[]', 'en',
                  'https://shop.example/', 'confirmed', ?3, ?3, 'sealed' FROM n`,
        ).bind(from, to, at),
        env.DB.prepare(
          `${range} INSERT INTO outbox (id, channel, site_id, request_id, to_address, to_sealed,
                                        subject, text_body, html_body, status, next_attempt_at,
                                        created_at)
           SELECT 'key-message-' || i, 'email', 'demo', 'key-request-' || i, '', 'sealed', 'S', 'T',
                  'H', 'sent', '', ?3 FROM n`,
        ).bind(from, to, at),
      ]);
    };
    const maintenance = (db: D1Database) =>
      sealLegacyRows({ ...env, DB: db }).then(() => rewrapDataKeys({ ...env, DB: db }));
    await addPeople(1, 100);
    const before = await rowsRead(maintenance);
    await addPeople(101, 300);
    const after = await rowsRead(maintenance);
    expect(after - before, `${after - before} rows more for 200 more people`).toBeLessThan(20);
  });

  it("the cron's forgetting of old rate-limit events and idempotency keys reads about as many rows with 300 recent ones as with 100", async () => {
    const addRecent = async (from: number, to: number) => {
      const at = new Date().toISOString();
      const range = 'WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)';
      await env.DB.batch([
        env.DB.prepare(
          `${range} INSERT INTO rate_events (bucket, at, n) SELECT 'recent-' || i, ?3, 1 FROM n`,
        ).bind(from, to, at),
        env.DB.prepare(
          `${range} INSERT INTO idempotency_keys (site_id, key, fingerprint, created_at)
           SELECT 'demo', 'recent-' || i, 'f', ?3 FROM n`,
        ).bind(from, to, at),
      ]);
    };
    const now = new Date();
    await addRecent(1, 100);
    const before = await rowsRead((db) => forgetOldAbuseState(db, now));
    await addRecent(101, 300);
    const after = await rowsRead((db) => forgetOldAbuseState(db, now));
    expect(after - before, `${after - before} rows more for 200 more of each`).toBeLessThan(20);
  });
});
