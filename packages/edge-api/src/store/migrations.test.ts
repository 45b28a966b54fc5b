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

    expect(await rowCounts(db())).toEqual(countsBefore);
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
