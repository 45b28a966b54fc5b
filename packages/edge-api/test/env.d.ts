import type { D1Migration } from '@cloudflare/vitest-plugin';
import type { Env as SignetEnv } from '../src/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends SignetEnv {
      TEST_MIGRATIONS: D1Migration[];
      TEST_DIRECTORY_MIGRATIONS: D1Migration[];
      DB_1: D1Database;
      DB_2: D1Database;
      DIRECTORY: D1Database;
      DEMO_SEED: string[];
      SITE_SEEDS: Record<'north' | 'south' | 'mover', string[]>;
      NEXT_SIGNING_KEY: string;
      NEXT_MASTER_KEY: string;
      MIGRATION_DB: D1Database;
      MIGRATION_DB_0005: D1Database;
      MIGRATION_DB_0016: D1Database;
      MIGRATION_DB_0026: D1Database;
      MIGRATION_DB_0032: D1Database;
      MIGRATION_DB_0033: D1Database;
      MIGRATION_DB_0038: D1Database;
    }
  }
}
