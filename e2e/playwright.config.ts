import { defineConfig } from '@playwright/test';

const port = Number(process.env.SIGNET_E2E_PORT ?? 8799);
const shopPort = port - 1;
/** examples/shop-checkout, beside the API (shop-checkout.spec.ts). */
export const shopUrl = `http://127.0.0.1:${shopPort}`;

export default defineConfig<object, { engine: 'firefox' | 'webkit' }>({
  testDir: '.',
  projects: [
    { name: 'setup', testMatch: 'global.setup.ts' },
    { name: 'chromium', testMatch: '*.spec.ts', dependencies: ['setup'] },
    // The proof-carrying paths in the engines Playwright cannot download here, driven through
    // their own WebDriver (e2e/engines/): Debian's firefox-esr and WebKitGTK's MiniBrowser.
    {
      name: 'firefox',
      testMatch: 'engines/*.engine.mjs',
      use: { engine: 'firefox' },
      dependencies: ['setup'],
    },
    {
      name: 'webkit',
      testMatch: 'engines/*.engine.mjs',
      use: { engine: 'webkit' },
      dependencies: ['setup'],
    },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}`,
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
  },
  webServer: [
    {
      // The same script as `npm start`, on its own port with a fresh local D1.
      command: `node packages/edge-api/scripts/start.mjs --port ${port} --persist-to packages/edge-api/.wrangler/e2e-state --fresh`,
      cwd: '..',
      url: `http://localhost:${port}/v1/health`,
      // Five minutes: on a loaded 2-core machine the start once took more than two.
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'node examples/shop-checkout/main.mjs',
      cwd: '..',
      env: { SHOP_PORT: String(shopPort), SIGNET_URL: `http://127.0.0.1:${port}` },
      url: `${shopUrl}/ready`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
