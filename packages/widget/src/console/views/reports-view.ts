import type { Report, ReportQuery } from '@signet/sdk';
import { html, nothing } from 'lit';
import { barChart } from '../bar-chart.js';
import { ConsoleView, errorText } from '../console-view.js';
import { download } from '../download.js';

const today = () => new Date().toISOString().slice(0, 10);
const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
};
/** "1 request", "3 requests": the count with its noun in singular or plural. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);
const duration = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 3600
      ? `${Math.round(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;

/**
 * Reports (A1) per purpose and period, from the signed records: a chart and the same figures as a
 * table, as CSV or JSON; and the Art. 30 entry (A2) in German or English, as Markdown or a page.
 */
export default class ReportsView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    report: { state: true },
    art30: { state: true },
    notice: { state: true },
  };
  query: Omit<ReportQuery, 'format'> = {
    from: monthsAgo(6),
    to: today(),
    interval: 'month',
    locale: 'en',
  };
  report: Report | null = null;
  art30: { locale: 'de' | 'en'; markdown: string } | null = null;
  notice: string | null = null;

  get heading() {
    return 'Reports and Art. 30';
  }

  protected async load() {
    const report = await this.context.admin.report(this.query);
    if (report.ok) this.report = report.value;
    return report.ok ? null : report.error;
  }

  async #run(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.query = {
      from: String(data.get('from')),
      to: String(data.get('to')),
      interval: String(data.get('interval')) as 'day' | 'week' | 'month',
      locale: 'en',
    };
    await this.reload();
  }

  async #csv() {
    const csv = await this.context.admin.reportCsv(this.query);
    if (!csv.ok) {
      this.notice = errorText(csv.error);
      return;
    }
    download(`signet-report-${this.query.from}-${this.query.to}.csv`, 'text/csv', csv.value);
  }

  async #art30(locale: 'de' | 'en') {
    const text = await this.context.admin.processingRecordText(locale, 'md');
    if (!text.ok) {
      this.notice = errorText(text.error);
      return;
    }
    this.art30 = { locale, markdown: text.value };
  }

  async #art30File(format: 'md' | 'html') {
    const locale = this.art30?.locale ?? 'en';
    const text = await this.context.admin.processingRecordText(locale, format);
    if (!text.ok) {
      this.notice = errorText(text.error);
      return;
    }
    download(
      `art30-${locale}.${format}`,
      format === 'md' ? 'text/markdown' : 'text/html',
      text.value,
    );
  }

  #purpose(entry: Report['purposes'][number]) {
    const labels = entry.periods.map((p) => p.start);
    const t = entry.totals;
    const name = entry.label ?? entry.purpose;
    const series = [
      { name: 'People asked', colour: '#6b7280', values: entry.periods.map((p) => p.people) },
      {
        name: 'People who confirmed',
        colour: '#1a56db',
        values: entry.periods.map((p) => p.peopleConfirmed),
      },
      { name: 'Withdrawals', colour: '#b42318', values: entry.periods.map((p) => p.withdrawals) },
    ];
    return html`<section class="card" aria-labelledby="report-${entry.purpose}">
      <h3 id="report-${entry.purpose}">${name}</h3>
      ${entry.label ? html`<p class="hint">Purpose id: <code>${entry.purpose}</code></p>` : nothing}
      <p>${count(t.people, 'person', 'people')} asked (${count(t.requests, 'request')}),
        ${count(t.peopleConfirmed, 'person', 'people')} confirmed (${count(t.confirmations, 'confirmation')}):
        conversion ${percent(t.conversion)}, median ${duration(t.medianSecondsToConfirm)} to confirm;
        ${count(t.withdrawals, 'withdrawal')}, ${count(t.expiries, 'expiry', 'expiries')},
        ${count(t.erasures, 'erasure')}.</p>
      ${barChart(
        labels,
        series,
        `People asked, people who confirmed and withdrawals of ${name} per ${this.query.interval}`,
      )}
      <ul class="legend" aria-hidden="true">
        ${series.map(
          (s) =>
            html`<li><svg viewBox="0 0 10 10" width="10" height="10"><rect width="10" height="10" fill=${s.colour}></rect></svg> ${s.name}</li>`,
        )}
      </ul>
      <div class="scroll" tabindex="0" role="region" aria-label="${name}: table">
      <table>
        <caption>${name} per ${this.query.interval}</caption>
        <thead><tr><th scope="col">From</th><th scope="col">People asked</th><th scope="col">Requests</th>
          <th scope="col">People confirmed</th><th scope="col">Confirmations</th>
          <th scope="col">Conversion</th><th scope="col">Median to confirm</th><th scope="col">Withdrawals</th>
          <th scope="col">Expiries</th><th scope="col">Erasures</th></tr></thead>
        <tbody>${entry.periods.map(
          (p) => html`<tr><td>${p.start}</td><td>${p.people}</td><td>${p.requests}</td>
            <td>${p.peopleConfirmed}</td><td>${p.confirmations}</td>
            <td>${percent(p.conversion)}</td><td>${duration(p.medianSecondsToConfirm)}</td>
            <td>${p.withdrawals}</td><td>${p.expiries}</td><td>${p.erasures}</td></tr>`,
        )}</tbody>
      </table>
      </div>
    </section>`;
  }

  protected renderContent() {
    const q = this.query;
    return html`<form class="row" @submit=${this.#run}>
        <div><label for="r-from">From</label><input id="r-from" name="from" type="date" .value=${q.from} required /></div>
        <div><label for="r-to">To</label><input id="r-to" name="to" type="date" .value=${q.to} required /></div>
        <div><label for="r-interval">Per</label>
          <select id="r-interval" name="interval">
            ${(['day', 'week', 'month'] as const).map((i) => html`<option .selected=${i === q.interval}>${i}</option>`)}
          </select></div>
        <div><button type="submit">Show report</button></div>
      </form>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.#csv()}>Download CSV</button>
        <button type="button" class="secondary" @click=${() =>
          download('signet-report.json', 'application/json', JSON.stringify(this.report, null, 2))}>
          Download JSON</button>
      </div>
      <p role="status" class="status error">${this.notice ?? ''}</p>
      ${
        this.report?.purposes.length
          ? this.report.purposes.map((entry) => this.#purpose(entry))
          : html`<p>No records in this period.</p>`
      }
      <section class="card" aria-labelledby="art30-title">
        <h3 id="art30-title">Record of processing (Art. 30 GDPR)</h3>
        <p class="hint">Made from this site’s configuration: purposes, data, recipients, retention, measures.</p>
        <div class="actions">
          <button type="button" class="secondary" @click=${() => this.#art30('en')}>Show in English</button>
          <button type="button" class="secondary" @click=${() => this.#art30('de')}>Auf Deutsch zeigen</button>
          ${
            this.art30
              ? html`<button type="button" class="secondary" @click=${() => this.#art30File('md')}>Download Markdown</button>
                <button type="button" class="secondary" @click=${() => this.#art30File('html')}>Download page (HTML)</button>`
              : nothing
          }
        </div>
        ${this.art30 ? html`<pre lang=${this.art30.locale}>${this.art30.markdown}</pre>` : nothing}
      </section>`;
  }
}

customElements.define('console-reports', ReportsView);
