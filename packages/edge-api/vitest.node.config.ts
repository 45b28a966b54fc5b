import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdkSource = fileURLToPath(new URL('../sdk/src/', import.meta.url).href);

/**
 * Tests that need Node rather than workerd: the OpenAPI linters read the document as a file
 * tool would. They import only code that runs anywhere (the document's builder).
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@signet\/sdk$/, replacement: `${sdkSource}index.ts` },
      { find: /^@signet\/sdk\/(.+)$/, replacement: `${sdkSource}$1.ts` },
    ],
  },
  test: {
    include: ['src/**/*.node-test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
