import type { Context } from 'hono';
import { html } from 'hono/html';
import { page } from './layout.js';

/**
 * `/admin`: the site owner's console. Its own bundle from this origin (never part of signet.js),
 * calls only to this origin, Trusted Types, and no form submissions: the app sends its forms
 * itself, with a console session as bearer (no cookie, so nothing for another site to ride on).
 */
export function consolePage(c: Context) {
  return page(
    c,
    200,
    'en',
    'Signet console',
    html`<signet-console>
      <p>The Signet console is loading. It needs JavaScript.</p>
    </signet-console>`,
    {
      policy:
        "script-src 'self'; connect-src 'self'; form-action 'none'; require-trusted-types-for 'script'",
      styles: "'self'",
      head: html`<script type="module" src="/console/signet-console.js"></script>`,
      css: 'main { max-width: 72rem; padding: 1rem 1.5rem; }',
    },
  );
}
