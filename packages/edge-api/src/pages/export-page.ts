import type { Export } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { page } from './layout.js';

/** The export as a page a person can read and print (R3). English, like the evidence page. */
export function exportPage(c: Context, data: Export) {
  const body = html`<h1>Your data at ${data.site.name}</h1>
<p>Generated ${data.generatedAt} · controller ${data.site.controller} (${data.site.controllerContact}) ·
<a href="${data.site.privacyPolicyUrl}" rel="noopener">privacy policy</a></p>
<h2>Contact data</h2>
<p>Email address: ${data.subject.email}${data.subject.phone ? html`<br>Phone number: ${data.subject.phone}` : ''}
<br><small>Held since ${data.subject.createdAt}, stored encrypted.</small></p>
<h2>Consents</h2>
${
  data.consents.length === 0
    ? html`<p>None.</p>`
    : data.consents.map(
        (consent) => html`<article><h3>${consent.purpose}: ${consent.status}</h3>
<p><small>Confirmed ${consent.confirmedAt} · changed ${consent.updatedAt}${consent.expiresAt ? ` · lapses ${consent.expiresAt}` : ''} · wording ${consent.wordingVersion}</small></p></article>`,
      )
}
<h2>Requests</h2>
${data.requests.map(
  (
    request,
  ) => html`<article><h3>${request.purposes.map((purpose) => purpose.id).join(', ')}: ${request.status}</h3>
<p><small>From ${request.pageUrl} · ${request.createdAt}${request.confirmedAt ? ` · confirmed ${request.confirmedAt}` : ''}</small></p></article>`,
)}
<h2>Messages sent to you</h2>
${data.messages.map(
  (message) => html`<article><h3>${message.channel}: ${message.subject}</h3>
<p><small>To ${message.to ?? '–'} · ${message.status} ${message.sentAt ?? ''}</small></p>${message.text ? html`<pre>${message.text}</pre>` : ''}</article>`,
)}
<h2>Wording you were shown</h2>
${data.wordings.map(
  ({ version, wording }) => html`<article><h3>${wording.label}</h3>
<p><small>${wording.locale} · version ${version}</small></p>
<p>${wording.processed}</p><p>${wording.purpose}</p><p>${wording.retention}</p><p>${wording.withdrawal}</p></article>`,
)}
<h2>History (signed records)</h2>
<ul>${data.records.map(
    (signed) =>
      html`<li>#${signed.record.seq} ${signed.record.at}: ${signed.record.purpose} ${signed.record.event}</li>`,
  )}${data.unsealedRecords.map((record) => html`<li>${record.at}: ${record.purpose} ${record.event}</li>`)}</ul>
<p><small>Also held: ${data.preferenceLinks.length} link(s) to this page, ${data.sessions.length} session(s), and ${data.rateEvents.length} count(s) of requests for this address (the counter holds a keyed hash).</small></p>`;
  return page(c, 200, 'en', `Your data at ${data.site.name}`, body);
}
