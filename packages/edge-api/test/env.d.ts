import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Env as SignetEnv } from '../src/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends SignetEnv {
      TEST_MIGRATIONS: D1Migration[];
      DEMO_SEED: string[];
      NEXT_SIGNING_KEY: string;
      NEXT_MASTER_KEY: string;
      MIGRATION_DB: D1Database;
      MIGRATION_DB_0005: D1Database;
      MIGRATION_DB_0016: D1Database;
      MIGRATION_DB_0026: D1Database;
    }
  }
}
