import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Every test file starts from the migrated schema with the demo site seeded.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(env.DEMO_SEED.map((sql) => env.DB.prepare(sql)));
// Every test request comes from the same (unknown) client: lift the per-client hourly limit so
// that only the tests about it meet it.
await env.DB.prepare("UPDATE sites SET client_limit_per_hour = 1000 WHERE id = 'demo'").run();
