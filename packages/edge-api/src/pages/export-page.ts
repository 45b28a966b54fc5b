import type { Export, Locale } from '@signet/sdk';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { exportHistory, purposeLabels } from '../services/export.js';
import { historyCsv } from './export-csv.js';
import { exportStrings } from './export-strings.js';
import { page } from './layout.js';
import { localDateTime } from './site-time-zone.js';

const css = `
  .download { display: inline-block; padding: .5rem 1rem; border: 1px solid currentColor; border-radius: 6px; text-decoration: none; }
  .means { color: #444; }
  @media (prefers-color-scheme: dark) { .means { color: #ccc; } }
  ol.history { padding-left: 1.25rem; }
  ol.history li { margin-bottom: .5rem; }
`;

/**
 * The export as a page a person can read and print (R3), in their language, with purpose labels,
 * local times and a sentence on what each part means. The page is often saved as a file and
 * opened without a session, so its CSV button carries the CSV itself (a `data:` link).
 */
export function exportPage(c: Context, data: Export, locale: Locale, timeZone: string) {
  const t = exportStrings[locale];
  const time = (iso: string | null) => (iso ? localDateTime(iso, locale, timeZone) : '–');
  const label = purposeLabels(data);
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(historyCsv(data, locale, timeZone))}`;
  const csvName = `signet-history-${data.site.id}-${data.generatedAt.slice(0, 10)}.csv`;
  const body = html`<h1>${t.title(data.site.name)}</h1>
<p>${t.made(time(data.generatedAt), timeZone)}<br>${t.controller(data.site.controller, data.site.controllerContact)} ·
<a href="${data.site.privacyPolicyUrl}" rel="noopener">${t.privacyPolicy}</a></p>
<p><a class="download" href="${csv}" download="${csvName}">${t.csv}</a></p>
<h2>${t.contactTitle}</h2>
<p class="means">${t.contactMeans}</p>
<p>${t.email}: ${data.subject.email}${data.subject.phone ? html`<br>${t.phone}: ${data.subject.phone}` : ''}
<br><small>${t.heldSince(time(data.subject.createdAt))}</small></p>
<h2>${t.consentsTitle}</h2>
<p class="means">${t.consentsMeans}</p>
${
  data.consents.length === 0
    ? html`<p>${t.none}</p>`
    : data.consents.map(
        (
          consent,
        ) => html`<article><h3>${label(consent.purpose, consent.wordingVersion)}: ${t.status[consent.status]}</h3>
<p><small>${t.confirmedAt(time(consent.confirmedAt))} · ${t.changedAt(time(consent.updatedAt))}${consent.expiresAt ? ` · ${t.lapsesAt(time(consent.expiresAt))}` : ''}</small></p></article>`,
      )
}
<h2>${t.requestsTitle}</h2>
<p class="means">${t.requestsMeans}</p>
${
  data.requests.length === 0
    ? html`<p>${t.none}</p>`
    : data.requests.map(
        (
          request,
        ) => html`<article><h3>${request.purposes.map((purpose) => label(purpose.id, purpose.wordingVersion)).join(', ')}: ${t.status[request.status]}</h3>
<p><small>${t.requestFrom(request.pageUrl, time(request.createdAt))}${request.confirmedAt ? ` · ${t.confirmedAt(time(request.confirmedAt))}` : ''}</small></p></article>`,
      )
}
<h2>${t.messagesTitle}</h2>
<p class="means">${t.messagesMeans}</p>
${
  data.messages.length === 0
    ? html`<p>${t.none}</p>`
    : data.messages.map(
        (message) => html`<article><h3>${message.subject}</h3>
<p><small>${t.messageTo(message.to ?? '–', t.messageStatus[message.status])} · ${time(message.sentAt ?? message.createdAt)}</small></p>${message.text ? html`<pre>${message.text}</pre>` : ''}</article>`,
      )
}
<h2>${t.wordingsTitle}</h2>
<p class="means">${t.wordingsMeans}</p>
${data.wordings.map(
  ({ version, wording }) => html`<article><h3>${wording.label}</h3>
<p><small>${t.wordingVersion(version)} · ${wording.locale}</small></p>
<p>${wording.processed}</p><p>${wording.purpose}</p><p>${wording.retention}</p><p>${wording.withdrawal}</p></article>`,
)}
<h2>${t.historyTitle}</h2>
<p class="means">${t.historyMeans}</p>
<ol class="history">${exportHistory(data).map(
    (entry) =>
      html`<li><strong>${time(entry.at)}</strong>: ${entry.label}, ${t.event[entry.event]}${entry.seq === null ? ` (${t.unsealed})` : ''}<br><small>${t.eventMeans[entry.event]}</small></li>`,
  )}</ol>
<p><small>${t.alsoHeld(data.preferenceLinks.length, data.sessions.length, data.rateEvents.length)}</small></p>`;
  return page(c, 200, locale, t.title(data.site.name), body, {
    policy: "form-action 'none'",
    styles: '',
    head: html``,
    css,
  });
}
