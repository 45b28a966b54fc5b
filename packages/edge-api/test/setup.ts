import { env } from 'cloudflare:workers';

type Migration = { name: string; queries: string[] };

/**
 * Every migration in one batch (applyD1Migrations sends one batch per migration): each test file
 * migrates three shards and the directory, and round trips are what setup time is made of.
 */
async function migrate(db: D1Database, migrations: Migration[]) {
  await db.batch([
    db.prepare(
      `CREATE TABLE IF NOT EXISTS d1_migrations (
         id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
         applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
    ),
    ...migrations.flatMap((migration) => [
      ...migration.queries.map((query) => db.prepare(query)),
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(migration.name),
    ]),
  ]);
}

// Every test file starts from the migrated schema in every shard (decision 0009), the directory
// and the demo site seeded in shard 0.
await Promise.all([
  ...[env.DB, env.DB_1, env.DB_2].map((shard) => migrate(shard, env.TEST_MIGRATIONS)),
  migrate(env.DIRECTORY, env.TEST_DIRECTORY_MIGRATIONS),
]);
await env.DB.batch(env.DEMO_SEED.map((sql) => env.DB.prepare(sql)));
// Every test request comes from the same (unknown) client: lift the per-client hourly limit so
// that only the tests about it meet it.
await env.DB.prepare("UPDATE sites SET client_limit_per_hour = 1000 WHERE id = 'demo'").run();
