import type { Context } from 'hono';
import { html } from 'hono/html';
import type { EvidenceDocument } from '../services/evidence.js';
import { page } from './layout.js';

/** A readable view of an evidence document, for people who will not read JSON. */
export function evidencePage(c: Context, evidence: EvidenceDocument) {
  const verdict = evidence.verification.allValid
    ? 'Every record verifies against the published keys.'
    : 'Some records do NOT verify: see below.';
  const body = html`<h1>Evidence: ${evidence.purpose}</h1>
<p>Site <strong>${evidence.site}</strong> · generated ${evidence.generatedAt}</p>
<p role="status"><strong>${verdict}</strong></p>
<h2>Records</h2>
${evidence.records.map((signed, index) => {
  const { record } = signed;
  const check = evidence.verification.records[index];
  return html`<article>
  <h3>#${record.seq} ${record.event} · ${record.at}</h3>
  <p><small>Wording ${record.wording.version} · page ${record.source.pageUrl ?? '–'} · form ${record.source.form ?? '–'}
  · network ${record.evidence.ip ?? '–'} · browser ${record.evidence.userAgent ?? '–'}</small></p>
  <p><small>Hash ${signed.hash} · previous ${record.prev} · key ${signed.kid} ·
  ${check?.ok ? 'signature valid' : `INVALID: ${check && !check.ok ? check.reason : ''}`}</small></p>
</article>`;
})}
<h2>Wording shown</h2>
${evidence.wordings.map(
  ({ version, wording }) => html`<article>
  <h3>${wording.label}</h3>
  <p><small>${wording.locale} · version ${version}</small></p>
  <p>${wording.processed}</p><p>${wording.purpose}</p><p>${wording.retention}</p><p>${wording.withdrawal}</p>
</article>`,
)}
<h2>Confirmation messages as sent</h2>
${evidence.messages.map(
  (message) => html`<article>
  <h3>${message.channel}: ${message.subject}</h3>
  <p><small>sent ${message.sentAt ?? 'not yet'} · the link is redacted; its token's SHA-256 is
  ${message.linkSha256 ?? '–'}</small></p>
  <pre>${message.text}</pre>
</article>`,
)}`;
  return page(c, 200, 'en', `Evidence: ${evidence.purpose}`, body);
}
