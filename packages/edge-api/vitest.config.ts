import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JavaScript module without types
import { demoSeedStatements } from './seeds/demo-seed.mjs';

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        bindings: {
          ENVIRONMENT: 'development',
          INDEX_KEY: 'test-index-key',
          TEST_MIGRATIONS: await readD1Migrations('migrations'),
          DEMO_SEED: demoSeedStatements({ origins: ['https://shop.example'] }),
        },
      },
    })),
  ],
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
  },
});
