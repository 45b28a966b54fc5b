import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { rowCounts } from '../../test/worker.js';

const db = () => env.MIGRATION_DB;

describe('migration 0004: locales as data', () => {
  it('keeps every row of a populated database and then accepts a new language', async () => {
    const before0004 = env.TEST_MIGRATIONS.filter((m) => m.name < '0004');
    await applyD1Migrations(db(), before0004);
    const at = '2026-11-22T10:00:00Z';
    await db().batch([
      db()
        .prepare(
          "INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, created_at) VALUES ('demo', 'Demo', 'Demo GmbH', 'privacy@demo.test', 'https://demo.test/privacy', 'de', ?)",
        )
        .bind(at),
      db()
        .prepare(
          "INSERT INTO purposes (site_id, id, channel, created_at) VALUES ('demo', 'newsletter', 'email', ?)",
        )
        .bind(at),
      db()
        .prepare(
          "INSERT INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at) VALUES ('demo', 'newsletter', 'de', 'v1', '{}', ?), ('demo', 'newsletter', 'en', 'v1', '{}', ?)",
        )
        .bind(at, at),
      // A row that hangs off `sites` by ON DELETE CASCADE: a rebuild of `sites` would delete it.
      db()
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', 'ix', 'a@b.test', ?)",
        )
        .bind(at),
    ]);
    const wordingsBefore = await db().prepare('SELECT * FROM wordings ORDER BY 1, 2, 3, 4').all();
    const countsBefore = await rowCounts(db());
    expect(countsBefore.subjects).toBe(1);

    await applyD1Migrations(db(), env.TEST_MIGRATIONS);

    // Every table that was there keeps its rows (later migrations add tables of their own).
    const countsAfter = await rowCounts(db());
    const kept = Object.fromEntries(
      Object.keys(countsBefore).map((name) => [name, countsAfter[name]]),
    );
    expect(kept).toEqual(countsBefore);
    const wordingsAfter = await db().prepare('SELECT * FROM wordings ORDER BY 1, 2, 3, 4').all();
    expect(wordingsAfter.results).toEqual(wordingsBefore.results);
    const site = await db().prepare("SELECT default_locale FROM sites WHERE id = 'demo'").first();
    expect(site).toEqual({ default_locale: 'de' });

    const [purpose] = wordingsBefore.results as { purpose_id: string }[];
    const insert = (locale: string) =>
      db()
        .prepare(
          "INSERT INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at) VALUES ('demo', ?, ?, 'v', '{}', '2026-11-22T10:00:00Z')",
        )
        .bind(purpose?.purpose_id, locale)
        .run();
    await insert('fr');
    await expect(insert('french')).rejects.toThrow(/CHECK/);
    // Still one current wording per purpose and locale (the rebuilt table's unique index).
    await expect(
      db()
        .prepare("UPDATE wordings SET version = 'w' WHERE locale = 'fr' AND purpose_id = ?")
        .bind(purpose?.purpose_id)
        .run(),
    ).resolves.toBeTruthy();
    await expect(insert('fr')).rejects.toThrow(/UNIQUE/);
    await db().prepare("UPDATE sites SET default_locale = 'fr' WHERE id = 'demo'").run();
    await expect(
      db().prepare("UPDATE sites SET default_locale = 'FR' WHERE id = 'demo'").run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe('migration 0005: hardening', () => {
  it('redacts the live links that older rows kept, holds back their unsent messages, and moves 30-day retention to 14', async () => {
    const old = env.MIGRATION_DB_0005;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0005'),
    );
    const at = '2026-11-22T10:00:00Z';
    const token = 'T'.repeat(43);
    const link = `https://api.example/confirm/${token}`;
    const outbox = (id: string, status: string) =>
      old
        .prepare(
          `INSERT INTO outbox (id, site_id, request_id, to_address, subject, text_body, html_body, status, next_attempt_at, created_at)
           VALUES (?, 'demo', 'r1', 'a@b.test', 'Confirm', ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          `Please confirm:\n${link}\nThanks`,
          `<a href="${link}">Confirm</a>`,
          status,
          at,
          at,
        );
    await old.batch([
      old
        .prepare(
          "INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, created_at) VALUES ('demo', 'Demo', 'Demo GmbH', 'privacy@demo.test', 'https://demo.test/privacy', 'de', ?)",
        )
        .bind(at),
      old
        .prepare(
          "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', 'ix', 'a@b.test', ?)",
        )
        .bind(at),
      old
        .prepare(
          `INSERT INTO consent_requests (id, site_id, subject_id, token_hash, purposes, locale, page_url, status, created_at, expires_at)
           VALUES ('r1', 'demo', 's1', 'hash-of-token', '[]', 'de', 'https://demo.test/', 'confirmed', ?, ?)`,
        )
        .bind(at, at),
      outbox('sent-one', 'sent'),
      outbox('unsent-one', 'pending'),
    ]);

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    const rows = await old
      .prepare('SELECT id, text_body, html_body, status, link_hash FROM outbox ORDER BY id')
      .all<{
        id: string;
        text_body: string;
        html_body: string;
        status: string;
        link_hash: string;
      }>();
    expect(rows.results.map((row) => row.status)).toEqual(['sent', 'failed']);
    for (const row of rows.results) {
      expect(row.text_body).toBe('Please confirm:\nhttps://api.example/confirm/[redacted]\nThanks');
      expect(row.html_body).toBe('<a href="https://api.example/confirm/[redacted]">Confirm</a>');
      expect(row.link_hash).toBe('hash-of-token');
    }
    const site = await old
      .prepare("SELECT unconfirmed_retention_days AS days FROM sites WHERE id = 'demo'")
      .first();
    expect(site).toEqual({ days: 14 });
  });
});

describe('migration 0016: idempotency key hashes', () => {
  it('deletes the keys kept in clear and gives the table its subject column', async () => {
    const old = env.MIGRATION_DB_0016;
    await applyD1Migrations(
      old,
      env.TEST_MIGRATIONS.filter((m) => m.name < '0016'),
    );
    await old
      .prepare(
        `INSERT INTO idempotency_keys (site_id, key, fingerprint, created_at)
         VALUES ('demo', 'server:order-4711 ship-to a@b.test', 'f', '2026-12-06T10:00:00Z')`,
      )
      .run();

    await applyD1Migrations(old, env.TEST_MIGRATIONS);

    expect(await old.prepare('SELECT * FROM idempotency_keys').all()).toMatchObject({
      results: [],
    });
    const columns = await old
      .prepare("SELECT name FROM pragma_table_info('idempotency_keys')")
      .all();
    expect(columns.results.map((column) => column.name)).toContain('subject_id');
  });
});
