import { recordEvents, type SignedRecord } from '@signet/sdk';
import { verifyLog } from '@signet/sdk/verify';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';

/** The console reads at most this many records; past it, `npx signet verify` is the tool. */
const maxRecords = 20_000;

type Verification =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; ok: boolean; text: string };

/**
 * Consents and records: the site's signed log, filtered by purpose, event and period, and
 * verified whole in this browser with the SDK (signatures against the published keys, the chain,
 * and a checkpoint signed now): the owner need not trust the server's own word.
 */
export default class RecordsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    records: { state: true },
    filter: { state: true },
    verification: { state: true },
    open: { state: true },
  };
  records: SignedRecord[] = [];
  filter = { purpose: '', event: '', from: '', to: '' };
  verification: Verification = { state: 'idle' };
  open: SignedRecord | null = null;
  truncated = false;

  get heading() {
    return 'Consents and records';
  }

  protected async load() {
    const records: SignedRecord[] = [];
    let since: number | undefined;
    do {
      const page = await this.context.admin.records({ since });
      if (!page.ok) return page.error;
      records.push(...page.value.records);
      since = page.value.next ?? undefined;
    } while (since !== undefined && records.length < maxRecords);
    this.truncated = since !== undefined;
    this.records = records;
    return null;
  }

  get #shown() {
    const { purpose, event, from, to } = this.filter;
    return this.records.filter(({ record }) => {
      const day = record.at.slice(0, 10);
      return (
        (!purpose || record.purpose === purpose) &&
        (!event || record.event === event) &&
        (!from || day >= from) &&
        (!to || day <= to)
      );
    });
  }

  async #verify() {
    this.verification = { state: 'running' };
    const [checkpoint, jwks] = await Promise.all([
      this.context.admin.checkpoint(),
      this.context.admin.jwks(),
    ]);
    if (!checkpoint.ok || !jwks.ok) {
      const error = !checkpoint.ok ? checkpoint.error : !jwks.ok ? jwks.error : null;
      this.verification = { state: 'done', ok: false, text: error ? errorText(error) : '' };
      return;
    }
    // The checkpoint is made after the records were read: newer records are read up to its head.
    const head = checkpoint.value.checkpoint.seq;
    if (head > this.records.length) await this.load();
    const verdict = await verifyLog(this.records.slice(0, head), checkpoint.value, jwks.value);
    this.verification = verdict.ok
      ? {
          state: 'done',
          ok: true,
          text: `All ${head} records verified in this browser: signatures, chain and the checkpoint of ${checkpoint.value.checkpoint.at}.`,
        }
      : { state: 'done', ok: false, text: `The log does not verify: ${verdict.reason}` };
  }

  #filterForm() {
    const purposes = [...new Set(this.records.map(({ record }) => record.purpose))].sort();
    const set = (name: keyof RecordsView['filter']) => (event: Event) => {
      this.filter = { ...this.filter, [name]: (event.target as HTMLInputElement).value };
    };
    return html`<form class="row" aria-label="Filter records" @submit=${(e: Event) => e.preventDefault()}>
      <div><label for="f-purpose">Purpose</label>
        <select id="f-purpose" @change=${set('purpose')}>
          <option value="">All</option>${purposes.map((p) => html`<option>${p}</option>`)}
        </select></div>
      <div><label for="f-event">Event</label>
        <select id="f-event" @change=${set('event')}>
          <option value="">All</option>${recordEvents.map((e) => html`<option>${e}</option>`)}
        </select></div>
      <div><label for="f-from">From</label><input id="f-from" type="date" @change=${set('from')} /></div>
      <div><label for="f-to">To</label><input id="f-to" type="date" @change=${set('to')} /></div>
    </form>`;
  }

  protected renderContent() {
    const shown = this.#shown;
    const v = this.verification;
    return html`
      <div class="actions">
        <button type="button" @click=${() => this.#verify()} ?disabled=${v.state === 'running'}>
          Verify the whole log in this browser
        </button>
      </div>
      <p role="status" class="status ${v.state === 'done' ? (v.ok ? 'ok' : 'error') : ''}">
        ${v.state === 'running' ? 'Verifying…' : v.state === 'done' ? v.text : ''}
      </p>
      ${this.truncated ? html`<p class="hint">Only the first ${maxRecords} records are shown here.</p>` : nothing}
      ${this.#filterForm()}
      <table>
        <caption>${shown.length} of ${this.records.length} records, oldest first</caption>
        <thead><tr><th scope="col">No.</th><th scope="col">When (UTC)</th><th scope="col">Event</th>
          <th scope="col">Purpose</th><th scope="col">Form</th><th scope="col">Record</th></tr></thead>
        <tbody>
          ${shown.slice(-500).map(
            (signed) => html`<tr>
              <td>${signed.record.seq}</td>
              <td>${signed.record.at.replace('T', ' ').slice(0, 19)}</td>
              <td>${signed.record.event}</td>
              <td>${signed.record.purpose}</td>
              <td>${signed.record.source.form ?? ''}</td>
              <td><button type="button" class="secondary" @click=${() => {
                this.open = signed;
              }}>Show<span class="sr-only"> record ${signed.record.seq}</span></button></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${shown.length > 500 ? html`<p class="hint">The newest 500 of them are listed.</p>` : nothing}
      ${
        this.open
          ? html`<section class="card" aria-labelledby="record-title">
            <h3 id="record-title">Record ${this.open.record.seq}</h3>
            <pre>${JSON.stringify(this.open, null, 2)}</pre>
            <p class="hint">For one person’s proof with the wording and the email as sent, use “A person’s request”.</p>
          </section>`
          : nothing
      }`;
  }
}

customElements.define('console-records', RecordsView);
