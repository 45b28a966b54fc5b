import { recordEvents, type SignedRecord, type SubjectContact } from '@signet/sdk';
import { verifyLog } from '@signet/sdk/verify';
import { html, nothing, type PropertyValues } from 'lit';
import { consoleStyles } from '../console-styles.js';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDateTime, formatNumber, t } from '../i18n/console-locale.js';
import { recordsStyles } from './records-view.styles.js';

/** The console reads at most this many records; past it, `npx signet verify` is the tool. */
const maxRecords = 20_000;
/** Rows listed at once: the newest of the filtered records. */
const listedRows = 500;
/** Subject ids the admin API names in one call. */
const subjectsPerCall = 100;

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
  static override styles = [consoleStyles, recordsStyles];
  static override properties = {
    ...ConsoleView.properties,
    records: { state: true },
    filter: { state: true },
    verification: { state: true },
    open: { state: true },
    contacts: { state: true },
  };
  records: SignedRecord[] = [];
  filter = { purpose: '', event: '', from: '', to: '' };
  verification: Verification = { state: 'idle' };
  open: SignedRecord | null = null;
  /** Whose records the listed rows are: masked contact or erased, by subject id. */
  contacts = new Map<string, SubjectContact | null>();
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

  protected override updated(changed: PropertyValues<this>) {
    super.updated(changed);
    if (changed.has('records') || changed.has('filter')) void this.#nameSubjects();
  }

  /** Asks who the listed rows' subjects are, for the ids not asked about yet, 100 per call. */
  async #nameSubjects() {
    const listed = this.#shown.slice(-listedRows).map(({ record }) => record.subject);
    const unasked = [...new Set(listed)].filter((id) => !this.contacts.has(id));
    if (unasked.length === 0) return;
    const asked = new Map(this.contacts);
    for (const id of unasked) asked.set(id, null);
    this.contacts = asked;
    const calls = [];
    for (let at = 0; at < unasked.length; at += subjectsPerCall) {
      calls.push(this.context.admin.subjectContacts(unasked.slice(at, at + subjectsPerCall)));
    }
    const named = new Map(this.contacts);
    for (const answer of await Promise.all(calls)) {
      if (!answer.ok) return this.fail(answer.error);
      for (const subject of answer.value.subjects) named.set(subject.id, subject);
    }
    this.contacts = named;
  }

  #who(subjectId: string) {
    const s = t().records;
    const subject = this.contacts.get(subjectId);
    if (subject === undefined || subject === null) return html`<span class="hint">…</span>`;
    if (subject.state === 'erased') return html`<span class="hint">${s.erased}</span>`;
    return html`<a href="#/person/${encodeURIComponent(subject.id)}"
      >${subject.email ?? subject.phone ?? s.thePerson}<span class="sr-only">${s.openPerson}</span></a>`;
  }

  #row(signed: SignedRecord, columns: string[]) {
    const s = t().records;
    const { record } = signed;
    const cell = (column: number, content: unknown) =>
      html`<td role="cell"><span class="cell-label" aria-hidden="true">${columns[column]}</span><span>${content}</span></td>`;
    return html`<tr role="row">
      ${cell(0, record.seq)}
      ${cell(1, formatDateTime(record.at))}
      ${cell(2, this.#who(record.subject))}
      ${cell(3, record.event)}
      ${cell(4, record.purpose)}
      ${cell(5, record.source.form ?? '')}
      ${cell(
        6,
        html`<button type="button" class="secondary" @click=${() => {
          this.open = signed;
        }}>${s.show}<span class="sr-only">${s.srRecord(record.seq)}</span></button>`,
      )}
    </tr>`;
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
    const columns = [s.number, s.when, s.person, s.event, s.purpose, s.form, s.record];
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
      <table class="records" role="table">
        <caption>${s.caption(formatNumber(shown.length), formatNumber(this.records.length))}</caption>
        <thead role="rowgroup"><tr role="row">${columns.map((name) => html`<th scope="col" role="columnheader">${name}</th>`)}</tr></thead>
        <tbody role="rowgroup">
          ${shown.slice(-listedRows).map((signed) => this.#row(signed, columns))}
        </tbody>
      </table>
      ${shown.length > listedRows ? html`<p class="hint">${s.newest(formatNumber(listedRows))}</p>` : nothing}
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
