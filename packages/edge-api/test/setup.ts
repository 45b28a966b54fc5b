import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Every test file starts from the migrated schema in every shard (decision 0009), the directory
// and the demo site seeded in shard 0.
for (const shard of [env.DB, env.DB_1, env.DB_2])
  await applyD1Migrations(shard, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DIRECTORY, env.TEST_DIRECTORY_MIGRATIONS);
await env.DB.batch(env.DEMO_SEED.map((sql) => env.DB.prepare(sql)));
// Every test request comes from the same (unknown) client: lift the per-client hourly limit so
// that only the tests about it meet it.
await env.DB.prepare("UPDATE sites SET client_limit_per_hour = 1000 WHERE id = 'demo'").run();
