import { html } from 'hono/html';
import type { OpenApiDocument } from '../openapi/document-types.js';
import { componentAnchor, describeSchema, prose } from './api-reference-schemas.js';

export const webhooksAnchor = 'webhooks';

const anchorOf = (type: string) => `webhook-${type.replaceAll('.', '-')}`;

/**
 * The document's `webhooks` as a section of /docs: what Signet POSTs to a site's endpoints,
 * each event with its headers and payload, read from the same document as the operations.
 */
export function webhooksSection(document: OpenApiDocument) {
  const events = Object.entries(document.webhooks);
  return html`<section aria-labelledby="${webhooksAnchor}"><h2 id="${webhooksAnchor}">Webhooks</h2>
<p>Signet POSTs each event as JSON to the endpoints a site subscribed (<code>POST /v1/admin/webhooks</code>), signed as Standard Webhooks: check the signature with <code>verifyWebhook</code> from <code>@signet/sdk/server</code> before trusting the body. The payload of every event is a <a href="#${componentAnchor('WebhookEvent')}">WebhookEvent</a>.</p>
<p>When: right after the change is signed, else by the cron every 5 minutes. An attempt fails on any answer but a 2xx, on a redirect (never followed) and after 10 seconds without an answer; it is retried after 1 and 5 minutes, half an hour, 2 and 5 hours, then every 10 hours: 13 attempts over more than three days, then the delivery is <code>failed</code> in the log (<code>POST /v1/admin/webhooks/{id}/deliveries/{delivery}/redeliver</code> sends it again). One attempt at a time per event, but an event can come twice (a lost answer): deduplicate on <code>webhook-id</code>. Events can arrive out of order (a retry after a later event): order by the record’s <code>seq</code> or <code>timestamp</code>. For 24 hours after a secret is rotated, <code>webhook-signature</code> holds one signature under each secret. Test events (<code>POST /v1/admin/webhooks/{id}/test</code>) carry <code>"test": true</code> and made-up data.</p>
${events.map(([type, webhook]) => {
  const id = anchorOf(type);
  const { post } = webhook;
  const answers = Object.entries(post.responses);
  return html`<article id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title"><code>${type}</code></h3>
<p>${prose(post.description)}</p>
<h4>Headers</h4>
<table><thead><tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Meaning</th></tr></thead>
<tbody>${post.parameters.map(
    (header) =>
      html`<tr><td><code>${header.name}</code></td><td>${describeSchema(header.schema)}</td><td>${prose(header.description ?? '')}</td></tr>`,
  )}</tbody></table>
<h4>Payload <small>(application/json)</small></h4>
<p>${describeSchema(post.requestBody.content['application/json']?.schema ?? {})}</p>
<details><summary>Example</summary><pre>${JSON.stringify(post.requestBody.content['application/json']?.example, null, 2)}</pre></details>
<h4>Your answer</h4>
<ul>${answers.map(([status, answer]) => html`<li><strong>${status}</strong>: ${prose(answer.description)}</li>`)}</ul>
</article>`;
})}</section>`;
}

/** The contents entries of the section. */
export function webhooksContents(document: OpenApiDocument) {
  return html`<li><a href="#${webhooksAnchor}">Webhooks</a><ul>${Object.keys(document.webhooks).map(
    (type) => html`<li><a href="#${anchorOf(type)}">${type}</a></li>`,
  )}</ul></li>`;
}
