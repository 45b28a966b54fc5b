import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Every test runs in Node; the same tests run again inside workerd, so the SDK cannot come to
// depend on a Node built-in. Node only: the CLI (it reads files), and the tests whose stand-in
// API is Node's (an HTTP server, msw's interceptors); the server SDK also runs in workerd against
// the real worker (packages/edge-api/src/routes/server-sdk.test.ts).
const nodeOnly = [
  'src/cli/**',
  'src/client.test.ts',
  'src/preferences-client.test.ts',
  'src/server/resilient-call.test.ts',
  'src/server/observability.test.ts',
  'src/version.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'node', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [
          cloudflareTest({
            miniflare: { compatibilityDate: '2026-11-01', compatibilityFlags: [] },
          }),
        ],
        test: { name: 'workerd', include: ['src/**/*.test.ts'], exclude: nodeOnly },
      },
    ],
  },
});
