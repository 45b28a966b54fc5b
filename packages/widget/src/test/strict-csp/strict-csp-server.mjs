// web-test-runner middleware for src/strict-csp.test.ts: the page with the strict policy of
// issue 4 (connect-src naming only the API's path) and a small stand-in for that API.
import { readFileSync } from 'node:fs';

const page = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
const policy = (origin) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${origin}/csp-api/`,
    "require-trusted-types-for 'script'",
  ].join('; ');

const wording = {
  locale: 'en',
  label: 'Send me the newsletter',
  processed: 'Your email address',
  purpose: 'Monthly news',
  retention: 'Until you withdraw',
  withdrawal: 'Any time via the link in every email',
};
const form = {
  site: 'demo',
  siteName: 'Demo Shop',
  locale: 'en',
  controller: { name: 'Demo Shop GmbH', contact: 'privacy@demo.test' },
  privacyPolicyUrl: 'https://demo.test/privacy',
  purposes: [{ id: 'newsletter', channel: 'email', wordingVersion: 'a'.repeat(64), wording }],
};

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
