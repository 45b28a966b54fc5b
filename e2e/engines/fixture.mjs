// Playwright's runner with the page of an engine it cannot drive itself here (engines.mjs), one
// browser per engine for its project's paths; the API is the config's own web server.
import { test as base } from '@playwright/test';
import { engines } from './engines.mjs';

export const test = base.extend({
  engine: ['firefox', { option: true, scope: 'worker' }],
  enginePage: [
    async ({ engine }, use) => {
      const page = await engines[engine]();
      console.log(`${engine}: ${page.version}`);
      await use(page);
      await page.close();
    },
    { scope: 'worker' },
  ],
});
export { expect } from '@playwright/test';
