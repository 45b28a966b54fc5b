import type { Context } from 'hono';
import { html } from 'hono/html';
import type { DevMailboxMessage } from '../store/dev-mailbox.js';
import { page } from './layout.js';

const urlPattern = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with every URL made a link; the text itself stays escaped. */
function linkify(text: string) {
  return text
    .split(urlPattern)
    .map((part, index) => (index % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

export function devMailboxPage(c: Context, messages: DevMailboxMessage[]) {
  const list = messages.length
    ? messages.map(
        (message) => html`<article>
  <h2>${message.subject}</h2>
  <p><small>To ${message.to} · ${message.createdAt}</small></p>
  <pre>${linkify(message.text)}</pre>
</article>`,
      )
    : html`<p>No messages yet. Submit the form on the example page, then reload.</p>`;
  const body = html`<h1>Dev mailbox</h1>
<p><small>Development only: emails Signet "sent", newest first. JSON at <a href="/dev/mailbox.json">/dev/mailbox.json</a>.</small></p>
${list}`;
  return page(c, 200, 'en', 'Signet dev mailbox', body);
}
