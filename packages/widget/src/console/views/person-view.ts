import type { Evidence, SignetError, SubjectConsents, SuppressionStatus } from '@signet/sdk';
import type { ContactInput } from '@signet/sdk/server';
import { verifyRecord } from '@signet/sdk/verify';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { download } from '../download.js';
import {
  consoleLocale,
  formatDate,
  formatDateTime,
  formatNumber,
  t,
} from '../i18n/console-locale.js';

type Found = {
  contact: ContactInput;
  consents: SubjectConsents['consents'] | null;
  suppression: SuppressionStatus | null;
};
type EvidenceShown = { evidence: Evidence; verdicts: boolean[] };

const label = (contact: ContactInput) => contact.email ?? contact.phone ?? '';

/** The shop's own reference of a record's request (an order number), where it gave one. */
function referenceOf(evidence: Evidence, request: string | null) {
  const found = request && evidence.references?.find((r) => r.requestId === request);
  return found ? `, ${t().person.reference(found.reference)}` : '';
}

/**
 * A person's request (R2-R5) answered by the owner: look them up by address or number, or open
 * them from a row of the records; see what they agreed to and the proof of it, export everything,
 * erase them (their address then stays suppressed), and see the suppression entry.
 */
export default class PersonView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    found: { state: true },
    evidence: { state: true },
    confirmErase: { state: true },
    notice: { state: true },
  };
  found: Found | null = null;
  evidence: EvidenceShown | null = null;
  confirmErase = false;
  notice: { ok: boolean; text: string } | null = null;

  get heading() {
    return t().tasks.person;
  }

  /** Opened from a record (`#/person/<subject id>`): that person, else the lookup form alone. */
  protected async load() {
    const subjectId = /^#\/person\/([A-Za-z0-9-]{1,64})$/.exec(location.hash)?.[1];
    return subjectId ? this.#openSubject(subjectId) : null;
  }

  async #openSubject(subjectId: string): Promise<SignetError | null> {
    const person = await this.context.admin.subjectById(subjectId);
    if (!person.ok) {
      if (person.error.code !== 'not_found') return person.error;
      this.notice = { ok: false, text: t().person.notFoundById };
      return null;
    }
    const { email, phone } = person.value.contact;
    const contact: ContactInput = email ? { email } : { phone: phone ?? '' };
    const suppression = await this.context.server.suppression(contact);
    if (!suppression.ok) return suppression.error;
    this.found = { contact, consents: person.value.consents, suppression: suppression.value };
    this.notice = { ok: true, text: t().person.openedFromRecords(label(contact)) };
    return null;
  }

  #problem(error: SignetError) {
    if (error.code === 'unauthorized') return this.fail(error);
    this.notice = { ok: false, text: errorText(error) };
  }

  async #lookUp(event: SubmitEvent) {
    event.preventDefault();
    const value = String(new FormData(event.target as HTMLFormElement).get('contact')).trim();
    const contact: ContactInput = value.includes('@') ? { email: value } : { phone: value };
    await this.#find(contact);
  }

  async #find(contact: ContactInput) {
    this.notice = { ok: true, text: t().person.lookingUp };
    this.evidence = null;
    this.confirmErase = false;
    const [consents, suppression] = await Promise.all([
      this.context.server.findSubject(contact),
      this.context.server.suppression(contact),
    ]);
    if (!suppression.ok) return this.#problem(suppression.error);
    if (!consents.ok && consents.error.code !== 'not_found') return this.#problem(consents.error);
    this.found = {
      contact,
      consents: consents.ok ? consents.value.consents : null,
      suppression: suppression.value,
    };
    this.notice = {
      ok: true,
      text: consents.ok ? t().person.found(label(contact)) : t().person.nothingHeld(label(contact)),
    };
  }

  async #showEvidence(purpose: string | null) {
    if (!this.found) return;
    const result = await this.context.admin.evidence(this.found.contact, purpose ?? undefined);
    if (!result.ok) return this.#problem(result.error);
    const evidence = result.value;
    // Checked again here, with the published keys the answer carries: not the server's word alone.
    const verdicts = await Promise.all(
      evidence.records.map(async (record) => (await verifyRecord(record, evidence.jwks)).ok),
    );
    this.evidence = { evidence, verdicts };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#evidence-title')?.focus();
  }

  /** The exhibit as Signet makes it, under the name it gives (site, person ref, purpose, date). */
  async #downloadExhibit(purpose: string | null, format: 'html' | 'pdf') {
    if (!this.found) return;
    const file = await this.context.admin.exhibit(this.found.contact, {
      ...(purpose ? { purpose } : {}),
      format,
      // The exhibit in the owner's language by default: the console's own.
      locale: consoleLocale(),
    });
    if (!file.ok) return this.#problem(file.error);
    const name = file.value.fileName ?? `evidence.${format}`;
    download(name, file.value.contentType, file.value.bytes as Uint8Array<ArrayBuffer>);
    this.notice = { ok: true, text: t().person.downloaded(name) };
  }

  #exhibitButtons(purpose: string | null) {
    const s = t().person;
    const what = purpose ? s.forPurpose(purpose) : s.everyPurposeSuffix;
    return html`<button type="button" class="secondary" @click=${() => this.#downloadExhibit(purpose, 'pdf')}>
        ${s.downloadPdf}<span class="sr-only">${what}</span></button>
      <button type="button" class="secondary" @click=${() => this.#downloadExhibit(purpose, 'html')}>
        ${s.downloadHtml}<span class="sr-only">${what}</span></button>`;
  }

  async #export() {
    if (!this.found) return;
    const result = await this.context.server.exportSubject(this.found.contact);
    if (!result.ok) return this.#problem(result.error);
    download('signet-export.json', 'application/json', JSON.stringify(result.value, null, 2));
    this.notice = { ok: true, text: t().person.exported };
  }

  async #erase() {
    if (!this.found) return;
    const contact = this.found.contact;
    const result = await this.context.server.eraseSubject(contact);
    if (!result.ok) return this.#problem(result.error);
    await this.#find(contact);
    this.notice = {
      ok: true,
      text: t().person.erased(label(contact), formatDateTime(result.value.at)),
    };
  }

  #renderEvidence() {
    if (!this.evidence) return nothing;
    const { evidence, verdicts } = this.evidence;
    const allOk = verdicts.every(Boolean);
    const s = t().person;
    return html`<section class="card" aria-labelledby="evidence-title">
      <h3 id="evidence-title" tabindex="-1">${s.evidenceFor(evidence.purpose)}</h3>
      ${
        evidence.person.erasedAt
          ? html`<p>${s.erasedOn(formatDate(evidence.person.erasedAt))}</p>`
          : nothing
      }
      <p class=${allOk ? 'ok' : 'error'}>
        ${allOk ? s.allVerified(formatNumber(verdicts.length)) : s.someInvalid}
      </p>
      <ol>
        ${evidence.records.map(
          (signed, index) => html`<li>
            ${formatDateTime(signed.record.at)} UTC: ${signed.record.event}
            (${signed.record.source.form ?? s.noForm})${referenceOf(evidence, signed.record.request)} —
            <span class=${verdicts[index] ? 'ok' : 'error'}>${verdicts[index] ? s.valid : s.invalid}</span>
          </li>`,
        )}
      </ol>
      ${evidence.wordings.map(
        ({
          version,
          wording,
        }) => html`<h4>${s.wordingVersion(version.slice(0, 12), wording.locale)}</h4>
          <p><strong>${wording.label}</strong></p><p>${wording.purpose}</p>`,
      )}
      ${evidence.messages.map(
        (message) => html`<h4>${s.messageAsSent(message.subject)}</h4><pre>${message.text}</pre>`,
      )}
      <div class="actions">${this.#exhibitButtons(evidence.purpose)}</div>
    </section>`;
  }

  #renderFound(found: Found) {
    const s = t().person;
    const suppression = found.suppression;
    return html`<section class="card" aria-labelledby="found-title">
      <h3 id="found-title" class="contact">${label(found.contact)}</h3>
      <p>${s.suppression(
        suppression?.suppressed ? (suppression.since ? formatDate(suppression.since) : '—') : null,
        suppression?.reason ?? null,
      )}</p>
      ${
        found.consents?.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label=${s.consents}><table>
            <caption>${s.consents}</caption>
            <thead><tr><th scope="col">${s.purpose}</th><th scope="col">${s.state}</th><th scope="col">${s.confirmed}</th>
              <th scope="col">${s.ends}</th><th scope="col">${s.proof}</th></tr></thead>
            <tbody>${found.consents.map(
              (
                c,
              ) => html`<tr><td>${c.purpose}</td><td>${c.status}</td><td>${formatDate(c.confirmedAt)}</td>
                <td>${c.expiresAt ? formatDate(c.expiresAt) : '—'}</td>
                <td><button type="button" class="secondary" @click=${() => this.#showEvidence(c.purpose)}>
                  ${s.evidence}<span class="sr-only">${s.forPurpose(c.purpose)}</span></button></td></tr>`,
            )}</tbody>
          </table></div>
          <div class="actions">
            <button type="button" class="secondary" @click=${() => this.#export()}>${s.exportAll}</button>
            ${
              this.confirmErase
                ? nothing
                : html`<button type="button" class="danger" @click=${async () => {
                    this.confirmErase = true;
                    await this.updateComplete;
                    this.renderRoot.querySelector<HTMLElement>('#erase-confirm')?.focus();
                  }}>${s.erase}</button>`
            }
          </div>
          ${
            this.confirmErase
              ? html`<div class="card" role="group" aria-labelledby="erase-question">
                <p id="erase-question"><strong>${s.eraseQuestion(label(found.contact))}</strong>
                  ${s.eraseExplained}</p>
                <div class="actions">
                  <button id="erase-confirm" type="button" class="danger" @click=${() => this.#erase()}>${s.yesErase}</button>
                  <button type="button" class="secondary" @click=${() => {
                    this.confirmErase = false;
                  }}>${s.cancel}</button>
                </div>
              </div>`
              : nothing
          }`
          : html`<p>${s.noConsents}</p>
            <div class="actions">
              <button type="button" class="secondary" @click=${() => this.#showEvidence(null)}>
                ${s.evidenceEvery}</button>
              ${this.#exhibitButtons(null)}
            </div>`
      }
    </section>`;
  }

  protected renderContent() {
    const s = t().person;
    return html`<form @submit=${this.#lookUp}>
        <label for="contact">${s.contact}</label>
        <input id="contact" name="contact" required autocomplete="off" aria-describedby="contact-hint" />
        <p class="hint" id="contact-hint">${s.contactHint}</p>
        <div class="actions"><button type="submit">${s.lookUp}</button></div>
      </form>
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      ${this.found ? this.#renderFound(this.found) : nothing}
      ${this.#renderEvidence()}`;
  }
}

customElements.define('console-person', PersonView);
