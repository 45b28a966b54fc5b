import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { rowCounts } from '../../test/worker.js';

const db = () => env.MIGRATION_DB;

describe('migration 0004: locales as data', () => {
  it('keeps every row of a populated database and then accepts a new language', async () => {
    const before0004 = env.TEST_MIGRATIONS.filter((m) => m.name < '0004');
    await applyD1Migrations(db(), before0004);
    await db().batch(env.DEMO_SEED.map((sql) => db().prepare(sql)));
    // Rows that hang off `sites` by ON DELETE CASCADE: a rebuild of `sites` would delete them.
    await db()
      .prepare(
        "INSERT INTO subjects (id, site_id, email_index, email, created_at) VALUES ('s1', 'demo', 'ix', 'a@b.test', '2026-11-22T10:00:00Z')",
      )
      .run();
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
    await db().prepare("UPDATE sites SET default_locale = 'fr' WHERE id = 'demo'").run();
    await expect(
      db().prepare("UPDATE sites SET default_locale = 'FR' WHERE id = 'demo'").run(),
    ).rejects.toThrow(/CHECK/);
  });
});
