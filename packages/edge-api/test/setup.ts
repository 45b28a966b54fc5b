import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Every test file starts from the migrated schema with the demo site seeded.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await env.DB.batch(env.DEMO_SEED.map((sql) => env.DB.prepare(sql)));
