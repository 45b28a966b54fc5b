import type { Locale } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';

const titles = {
  de: (site: string) => `Ihre Einwilligungen bei ${site}`,
  en: (site: string) => `Your consents at ${site}`,
  fr: (site: string) => `Vos consentements auprès de ${site}`,
} satisfies Record<Locale, unknown>;

const styles = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #1b1b1f; background: #f6f6f8; }
main { max-width: 40rem; margin: 0 auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
@media (prefers-color-scheme: dark) { body { background: #111114; color: #eee; } main { background: #1d1d22; } }`;

function nonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * `/p/{site}`: the hosted preferences page (R6), for sites that do not embed the element. The
 * same <signet-preferences> from the same bundle, under a strict CSP with Trusted Types: scripts
 * and connections only to this origin. The link's token rides in the fragment, which never
 * reaches a server or a Referer.
 */
export function preferencesPage(c: Context, site: { id: string; name: string }, locale: Locale) {
  const styleNonce = nonce();
  c.header(
    'content-security-policy',
    `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'nonce-${styleNonce}'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'`,
  );
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  const title = titles[locale](site.name);
  return c.html(
    html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${styleNonce}">${styles}</style>
<script type="module" src="/signet.js"></script>
</head>
<body><main><signet-preferences site="${site.id}" lang="${locale}"></signet-preferences></main></body>
</html>`,
  );
}
