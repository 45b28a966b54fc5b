import { recordEvents, type SignedRecord } from '@signet/sdk';
import { verifyLog } from '@signet/sdk/verify';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDateTime, formatNumber, t } from '../i18n/console-locale.js';

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
    return t().tasks.records;
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
          text: t().records.verifiedAll(
            formatNumber(head),
            formatDateTime(checkpoint.value.checkpoint.at),
          ),
        }
      : { state: 'done', ok: false, text: t().records.notVerified(verdict.reason) };
  }

  #filterForm() {
    const purposes = [...new Set(this.records.map(({ record }) => record.purpose))].sort();
    const s = t().records;
    const set = (name: keyof RecordsView['filter']) => (event: Event) => {
      this.filter = { ...this.filter, [name]: (event.target as HTMLInputElement).value };
    };
    return html`<form class="row" aria-label=${s.filter} @submit=${(e: Event) => e.preventDefault()}>
      <div><label for="f-purpose">${s.purpose}</label>
        <select id="f-purpose" @change=${set('purpose')}>
          <option value="">${s.all}</option>${purposes.map((p) => html`<option>${p}</option>`)}
        </select></div>
      <div><label for="f-event">${s.event}</label>
        <select id="f-event" @change=${set('event')}>
          <option value="">${s.all}</option>${recordEvents.map((e) => html`<option>${e}</option>`)}
        </select></div>
      <div><label for="f-from">${s.from}</label><input id="f-from" type="date" @change=${set('from')} /></div>
      <div><label for="f-to">${s.to}</label><input id="f-to" type="date" @change=${set('to')} /></div>
    </form>`;
  }

  protected renderContent() {
    const shown = this.#shown;
    const v = this.verification;
    const s = t().records;
    return html`
      <div class="actions">
        <button type="button" @click=${() => this.#verify()} ?disabled=${v.state === 'running'}>
          ${s.verify}
        </button>
      </div>
      <p role="status" class="status ${v.state === 'done' ? (v.ok ? 'ok' : 'error') : ''}">
        ${v.state === 'running' ? s.verifying : v.state === 'done' ? v.text : ''}
      </p>
      ${this.truncated ? html`<p class="hint">${s.onlyFirst(formatNumber(maxRecords))}</p>` : nothing}
      ${this.#filterForm()}
      <table>
        <caption>${s.caption(formatNumber(shown.length), formatNumber(this.records.length))}</caption>
        <thead><tr><th scope="col">${s.number}</th><th scope="col">${s.when}</th><th scope="col">${s.event}</th>
          <th scope="col">${s.purpose}</th><th scope="col">${s.form}</th><th scope="col">${s.record}</th></tr></thead>
        <tbody>
          ${shown.slice(-500).map(
            (signed) => html`<tr>
              <td>${signed.record.seq}</td>
              <td>${formatDateTime(signed.record.at)}</td>
              <td>${signed.record.event}</td>
              <td>${signed.record.purpose}</td>
              <td>${signed.record.source.form ?? ''}</td>
              <td><button type="button" class="secondary" @click=${() => {
                this.open = signed;
              }}>${s.show}<span class="sr-only">${s.srRecord(signed.record.seq)}</span></button></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${shown.length > 500 ? html`<p class="hint">${s.newest(formatNumber(500))}</p>` : nothing}
      ${
        this.open
          ? html`<section class="card" aria-labelledby="record-title">
            <h3 id="record-title">${s.recordTitle(this.open.record.seq)}</h3>
            <pre>${JSON.stringify(this.open, null, 2)}</pre>
            <p class="hint">${s.personHint}</p>
          </section>`
          : nothing
      }`;
  }
}

customElements.define('console-records', RecordsView);
