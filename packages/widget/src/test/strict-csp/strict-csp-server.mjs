// web-test-runner middleware for src/strict-csp.test.ts: the page with the strict policy of
// issue 4 (connect-src naming only the API's path) and a small stand-in for that API.
import { readFileSync } from 'node:fs';
// Node 24 strips the types of the browser tests' own fixture, so both serve the same form.
import { demoForm as form } from '../fixtures.ts';

const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
const policy = (origin) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${origin}/csp-api/`,
    "require-trusted-types-for 'script'",
  ].join('; ');

export async function strictCspServer(context, next) {
  if (context.path === '/strict-csp/page.html') {
    context.type = 'text/html';
    context.set('content-security-policy', policy(context.origin));
    const lang = /^[a-z]{2}$/.test(context.query.lang ?? '') ? context.query.lang : 'en';
    context.body = page.replace('lang="en"></signet-form>', `lang="${lang}"></signet-form>`);
    return;
  }
  if (context.path === '/csp-api/v1/sites/demo/form') {
    context.type = 'application/json';
    const locale = ['de', 'en', 'fr'].includes(context.query.locale) ? context.query.locale : 'de';
    context.body = JSON.stringify({ ...form, locale });
    return;
  }
  if (context.path === '/csp-api/v1/consent-requests' && context.method === 'POST') {
    context.status = 202;
    context.type = 'application/json';
    context.body = JSON.stringify({ status: 'pending' });
    return;
  }
  return next();
}
