import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

// `npm run screenshots`: the form in light and dark, German and English, idle and with an
// error, written to docs/screenshots/. Not part of `npm test`.
export default defineConfig({
  ...base,
  testMatch: 'screenshots.shoot.ts',
  reporter: 'line',
});
