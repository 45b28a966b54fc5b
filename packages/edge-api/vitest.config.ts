import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JavaScript module without types
import { demoSeedStatements, ownSiteSeedStatements } from './seeds/demo-seed.mjs';

/**
 * A fresh Ed25519 key: the private JWK as `wrangler secret put SIGNING_KEY` would hold it, and
 * the public one as a `SIGNING_PUBLIC_KEY_*` variable publishes it.
 */
function signingKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    secret: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }),
    published: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid }),
  };
}

const firstKey = signingKey('test-key-1');
const nextKey = signingKey('test-key-2');

const sdkSource = fileURLToPath(new URL('../sdk/src/', import.meta.url).href);

export default defineConfig({
  // The SDK's sources, not its build: a contract change is tested without building first.
  resolve: {
    alias: [
      { find: /^@signet\/sdk$/, replacement: `${sdkSource}index.ts` },
      { find: /^@signet\/sdk\/(.+)$/, replacement: `${sdkSource}$1.ts` },
    ],
  },
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        // Shards 1 and 2 beside `DB` (shard 0) and the directory, so that every test runs the real
        // routing (decision 0009); then empty databases of their own for the tests that replay
        // migrations over existing rows.
        d1Databases: [
          'DB_1',
          'DB_2',
          'DIRECTORY',
          'MIGRATION_DB',
          'MIGRATION_DB_0005',
          'MIGRATION_DB_0016',
          'MIGRATION_DB_0026',
          'MIGRATION_DB_0032',
          'MIGRATION_DB_0033',
          'MIGRATION_DB_0038',
        ],
        bindings: {
          ENVIRONMENT: 'development',
          // Keys as `npm run deploy` makes them, so the production configuration checks pass.
          INDEX_KEY: randomBytes(32).toString('base64url'),
          RECORD_KEY: randomBytes(32).toString('base64url'),
          MASTER_KEY: `test-master-1:${randomBytes(32).toString('base64url')}`,
          // Only the master-key rotation test uses it.
          NEXT_MASTER_KEY: `test-master-2:${randomBytes(32).toString('base64url')}`,
          SIGNING_KEY: firstKey.secret,
          // Only the key-rotation test signs with it; both are published, as after a rotation.
          NEXT_SIGNING_KEY: nextKey.secret,
          SIGNING_PUBLIC_KEY_TEST_KEY_1: firstKey.published,
          SIGNING_PUBLIC_KEY_TEST_KEY_2: nextKey.published,
          TEST_MIGRATIONS: await readD1Migrations('migrations'),
          TEST_DIRECTORY_MIGRATIONS: await readD1Migrations('migrations-directory'),
          DEMO_SEED: demoSeedStatements({ origins: ['https://shop.example'] }),
          // Sites as `npm start -- --site` makes them, for the tests that put them in other shards.
          SITE_SEEDS: Object.fromEntries(
            ['north', 'south', 'mover'].map((id) => [
              id,
              ownSiteSeedStatements({
                id,
                name: `${id} Shop`,
                origins: [`https://${id}.example`],
                owners: [`owner@${id}.example`],
                apiKey: `sk_${id}_local_test_key_only`,
                now: new Date().toISOString(),
              }),
            ]),
          ),
        },
      },
    })),
  ],
  test: {
    include: ['src/**/*.test.ts'],
    // Scans of every table and column take seconds on a busy 2-core machine.
    testTimeout: 30_000,
    setupFiles: ['./test/setup.ts'],
  },
});
