import { generateKeyPairSync } from 'node:crypto';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JavaScript module without types
import { demoSeedStatements } from './seeds/demo-seed.mjs';

/** A fresh Ed25519 private JWK, as `wrangler secret put SIGNING_KEY` would hold it. */
function signingKey(kid: string) {
  const { privateKey } = generateKeyPairSync('ed25519');
  return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid });
}

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        // An empty database of its own for the test that replays migrations over existing rows.
        d1Databases: ['MIGRATION_DB'],
        bindings: {
          ENVIRONMENT: 'development',
          INDEX_KEY: 'test-index-key',
          SIGNING_KEY: signingKey('test-key-1'),
          // Only the key-rotation test uses it.
          NEXT_SIGNING_KEY: signingKey('test-key-2'),
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
