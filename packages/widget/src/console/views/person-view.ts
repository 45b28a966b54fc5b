import type { Evidence, SignetError, SubjectConsents, SuppressionStatus } from '@signet/sdk';
import type { ContactInput } from '@signet/sdk/server';
import { verifyRecord } from '@signet/sdk/verify';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { download } from '../download.js';

type Found = {
  contact: ContactInput;
  consents: SubjectConsents['consents'] | null;
  suppression: SuppressionStatus | null;
};
type EvidenceShown = { evidence: Evidence; verdicts: boolean[] };

const label = (contact: ContactInput) => contact.email ?? contact.phone ?? '';

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
    return 'A person’s request';
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
      this.notice = { ok: false, text: 'This person was erased, or is not of this site.' };
      return null;
    }
    const { email, phone } = person.value.contact;
    const contact: ContactInput = email ? { email } : { phone: phone ?? '' };
    const suppression = await this.context.server.suppression(contact);
    if (!suppression.ok) return suppression.error;
    this.found = { contact, consents: person.value.consents, suppression: suppression.value };
    this.notice = { ok: true, text: `Opened ${label(contact)} from the records.` };
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
    this.notice = { ok: true, text: 'Looking up…' };
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
      text: consents.ok ? `Found ${label(contact)}.` : `Nothing is held about ${label(contact)}.`,
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
    });
    if (!file.ok) return this.#problem(file.error);
    const name = file.value.fileName ?? `evidence.${format}`;
    download(name, file.value.contentType, file.value.bytes as Uint8Array<ArrayBuffer>);
    this.notice = { ok: true, text: `The proof of consent was downloaded (${name}).` };
  }

  #exhibitButtons(purpose: string | null) {
    const what = purpose ? ` for ${purpose}` : ', every purpose';
    return html`<button type="button" class="secondary" @click=${() => this.#downloadExhibit(purpose, 'pdf')}>
        Download the proof of consent (PDF)<span class="sr-only">${what}</span></button>
      <button type="button" class="secondary" @click=${() => this.#downloadExhibit(purpose, 'html')}>
        Download the proof of consent (HTML, checks itself)<span class="sr-only">${what}</span></button>`;
  }

  async #export() {
    if (!this.found) return;
    const result = await this.context.server.exportSubject(this.found.contact);
    if (!result.ok) return this.#problem(result.error);
    download('signet-export.json', 'application/json', JSON.stringify(result.value, null, 2));
    this.notice = { ok: true, text: 'The export was downloaded (signet-export.json).' };
  }

  async #erase() {
    if (!this.found) return;
    const contact = this.found.contact;
    const result = await this.context.server.eraseSubject(contact);
    if (!result.ok) return this.#problem(result.error);
    await this.#find(contact);
    this.notice = {
      ok: true,
      text: `${label(contact)} was erased at ${result.value.at}. The address is now suppressed.`,
    };
  }

  #renderEvidence() {
    if (!this.evidence) return nothing;
    const { evidence, verdicts } = this.evidence;
    const allOk = verdicts.every(Boolean);
    return html`<section class="card" aria-labelledby="evidence-title">
      <h3 id="evidence-title" tabindex="-1">Evidence for ${evidence.purpose ?? 'every purpose'}</h3>
      ${
        evidence.person.erasedAt
          ? html`<p>This person's readable data was erased at their request on
            ${evidence.person.erasedAt.slice(0, 10)}; the signed records below remain.</p>`
          : nothing
      }
      <p class=${allOk ? 'ok' : 'error'}>
        ${
          allOk
            ? `All ${verdicts.length} records verified in this browser against the published keys.`
            : 'Some records do not verify: see the list.'
        }
      </p>
      <ol>
        ${evidence.records.map(
          (signed, index) => html`<li>
            ${signed.record.at.replace('T', ' ').slice(0, 19)} UTC: ${signed.record.event}
            (${signed.record.source.form ?? 'no form'}) —
            <span class=${verdicts[index] ? 'ok' : 'error'}>${verdicts[index] ? 'signature valid' : 'INVALID'}</span>
          </li>`,
        )}
      </ol>
      ${evidence.wordings.map(
        ({ version, wording }) => html`<h4>Wording ${version.slice(0, 12)}… (${wording.locale})</h4>
          <p><strong>${wording.label}</strong></p><p>${wording.purpose}</p>`,
      )}
      ${evidence.messages.map(
        (message) => html`<h4>Message as sent: ${message.subject}</h4><pre>${message.text}</pre>`,
      )}
      <div class="actions">${this.#exhibitButtons(evidence.purpose)}</div>
    </section>`;
  }

  #renderFound(found: Found) {
    const s = found.suppression;
    return html`<section class="card" aria-labelledby="found-title">
      <h3 id="found-title" class="contact">${label(found.contact)}</h3>
      <p>Suppression: ${s?.suppressed ? `suppressed since ${s.since} (${s.reason})` : 'not suppressed'}</p>
      ${
        found.consents?.length
          ? html`<div class="scroll" tabindex="0" role="region" aria-label="Consents: table"><table>
            <caption>Consents</caption>
            <thead><tr><th scope="col">Purpose</th><th scope="col">State</th><th scope="col">Confirmed</th>
              <th scope="col">Ends</th><th scope="col">Proof</th></tr></thead>
            <tbody>${found.consents.map(
              (
                c,
              ) => html`<tr><td>${c.purpose}</td><td>${c.status}</td><td>${c.confirmedAt.slice(0, 10)}</td>
                <td>${c.expiresAt?.slice(0, 10) ?? '—'}</td>
                <td><button type="button" class="secondary" @click=${() => this.#showEvidence(c.purpose)}>
                  Evidence<span class="sr-only"> for ${c.purpose}</span></button></td></tr>`,
            )}</tbody>
          </table></div>
          <div class="actions">
            <button type="button" class="secondary" @click=${() => this.#export()}>Export everything (JSON)</button>
            ${
              this.confirmErase
                ? nothing
                : html`<button type="button" class="danger" @click=${async () => {
                    this.confirmErase = true;
                    await this.updateComplete;
                    this.renderRoot.querySelector<HTMLElement>('#erase-confirm')?.focus();
                  }}>Erase this person…</button>`
            }
          </div>
          ${
            this.confirmErase
              ? html`<div class="card" role="group" aria-labelledby="erase-question">
                <p id="erase-question"><strong>Erase everything held about ${label(found.contact)}?</strong>
                  Their consents end with signed records, their data and key are deleted, and the address
                  stays suppressed. This cannot be undone.</p>
                <div class="actions">
                  <button id="erase-confirm" type="button" class="danger" @click=${() => this.#erase()}>Yes, erase</button>
                  <button type="button" class="secondary" @click=${() => {
                    this.confirmErase = false;
                  }}>Cancel</button>
                </div>
              </div>`
              : nothing
          }`
          : html`<p>Signet holds no consents for this address. Signed records of it, if any (also
              after an erasure), are found by its keyed hash:</p>
            <div class="actions">
              <button type="button" class="secondary" @click=${() => this.#showEvidence(null)}>
                Evidence, every purpose</button>
              ${this.#exhibitButtons(null)}
            </div>`
      }
    </section>`;
  }

  protected renderContent() {
    return html`<form @submit=${this.#lookUp}>
        <label for="contact">Email address or phone number</label>
        <input id="contact" name="contact" required autocomplete="off" aria-describedby="contact-hint" />
        <p class="hint" id="contact-hint">The address is sent in a request body, never in a URL.</p>
        <div class="actions"><button type="submit">Look up</button></div>
      </form>
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      ${this.found ? this.#renderFound(this.found) : nothing}
      ${this.#renderEvidence()}`;
  }
}

customElements.define('console-person', PersonView);
