// Widget tests in real headless Chromium (the system's, never a downloaded one), with msw
// standing in for the Signet API.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { strictCspServer } from './src/test/strict-csp/strict-csp-server.mjs';

const require = createRequire(import.meta.url);
const serviceWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');

export default {
  rootDir: '../..',
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    // The SDK's sources, not its build: a contract change is tested without building first.
    {
      name: 'sdk-source',
      resolveImport({ source }) {
        if (source === '@signet/sdk') return '/packages/sdk/src/index.ts';
        const entry = /^@signet\/sdk\/(.+)$/.exec(source)?.[1];
        return entry ? `/packages/sdk/src/${entry}.ts` : undefined;
      },
    },
    esbuildPlugin({ ts: true, target: 'es2022' }),
  ],
  middleware: [
    // msw's worker must be served from the root to control the test pages.
    (context, next) => {
      if (context.path !== '/mockServiceWorker.js') return next();
      context.type = 'application/javascript';
      context.body = serviceWorker;
    },
    strictCspServer,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
};
