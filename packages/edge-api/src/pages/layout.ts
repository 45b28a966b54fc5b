import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

const styles = `
  :root { color-scheme: light dark; }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #1b1b1f; background: #f6f6f8; }
  main { max-width: 36rem; margin: 0 auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: 6px; background: #1a56db; color: #fff; cursor: pointer; }
  button:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  small { color: #555; }
  article { border-top: 1px solid #ddd; padding: 1rem 0; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f3f3f5; padding: .75rem; border-radius: 6px; }
  @media (prefers-color-scheme: dark) {
    body { background: #111114; color: #eee; } main { background: #1d1d22; } small { color: #aaa; }
    pre { background: #2a2a30; } a { color: #8ab4ff; }
  }
`;

function nonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** What a page adds to the strict default: its script's policy, style sources, head and styles. */
export interface PageExtras {
  policy: string;
  styles: string;
  head: HtmlEscapedString | Promise<HtmlEscapedString>;
  /** More rules in the page's one nonce'd style element. */
  css?: string;
}

/**
 * The hosted preferences page's difference: the widget bundle from this origin, its calls to this
 * origin, Trusted Types, and no form submissions (the element handles its forms itself).
 */
export const withWidget: PageExtras = {
  policy:
    "script-src 'self'; connect-src 'self'; form-action 'none'; require-trusted-types-for 'script'",
  styles: "'self'",
  head: html`<script type="module" src="/signet.js"></script>`,
};

/**
 * A small server-rendered page under a strict CSP: no script at all (unless `withWidget`), styles
 * only by nonce, forms only to this origin. Token pages must not leak the URL through Referer or
 * caches.
 */
export function page(
  c: Context,
  status: 200 | 403 | 404 | 409 | 410,
  lang: string,
  title: string,
  body: Body,
  widget?: PageExtras,
) {
  const styleNonce = nonce();
  const policy = widget?.policy ?? "form-action 'self'";
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src ${widget?.styles ? `${widget.styles} ` : ''}'nonce-${styleNonce}'; ${policy}; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  return c.html(
    html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${styleNonce}">${styles}${widget?.css ?? ''}</style>
${widget?.head ?? ''}
</head>
<body><main>${body}</main></body>
</html>`,
    status,
  );
}
