import type { Report, ReportQuery } from '@signet/sdk';
import { html, nothing } from 'lit';
import { barChart } from '../bar-chart.js';
import { ConsoleView, errorText } from '../console-view.js';
import { download } from '../download.js';
import {
  consoleLocale,
  formatDate,
  formatHours,
  formatMinutes,
  formatNumber,
  formatPercent,
  t,
} from '../i18n/console-locale.js';

const today = () => new Date().toISOString().slice(0, 10);
const monthsAgo = (months: number) => {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
};
/** "1 request", "3 requests": the count with its noun in singular or plural, in the locale's words. */
const count = (n: number, noun: (n: string, one: boolean) => string) =>
  noun(formatNumber(n), n === 1);
const percent = (share: number | null) => (share === null ? '—' : formatPercent(share));
const duration = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 3600
      ? formatMinutes(Math.round(seconds / 60))
      : formatHours(seconds / 3600);

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
    locale: consoleLocale(),
  };
  report: Report | null = null;
  art30: { locale: 'de' | 'en'; markdown: string } | null = null;
  notice: string | null = null;

  get heading() {
    return t().tasks.reports;
  }

  /** The purposes' labels come in the console's language: another choice asks for them anew. */
  override willUpdate() {
    if (this.query.locale === consoleLocale()) return;
    this.query = { ...this.query, locale: consoleLocale() };
    void this.reload();
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
      // Purposes are named by their label in the console's language.
      locale: consoleLocale(),
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
    const totals = entry.totals;
    const name = entry.label ?? entry.purpose;
    const s = t().reports;
    const per = s.intervals[this.query.interval ?? 'month'];
    const series = [
      { name: s.peopleAsked, colour: '#6b7280', values: entry.periods.map((p) => p.people) },
      {
        name: s.peopleWhoConfirmed,
        colour: '#1a56db',
        values: entry.periods.map((p) => p.peopleConfirmed),
      },
      {
        name: s.withdrawalsTitle,
        colour: '#b42318',
        values: entry.periods.map((p) => p.withdrawals),
      },
    ];
    return html`<section class="card" aria-labelledby="report-${entry.purpose}">
      <h3 id="report-${entry.purpose}">${name}</h3>
      ${entry.label ? html`<p class="hint">${s.purposeId} <code>${entry.purpose}</code></p>` : nothing}
      <p>${s.summary({
        people: count(totals.people, s.people),
        requests: count(totals.requests, s.requests),
        confirmed: count(totals.peopleConfirmed, s.people),
        confirmations: count(totals.confirmations, s.confirmations),
        conversion: percent(totals.conversion),
        median: duration(totals.medianSecondsToConfirm),
        withdrawals: count(totals.withdrawals, s.withdrawals),
        expiries: count(totals.expiries, s.expiries),
        erasures: count(totals.erasures, s.erasures),
      })}</p>
      ${barChart(labels, series, s.chart(name, per))}
      <ul class="legend" aria-hidden="true">
        ${series.map(
          (s) =>
            html`<li><svg viewBox="0 0 10 10" width="10" height="10"><rect width="10" height="10" fill=${s.colour}></rect></svg> ${s.name}</li>`,
        )}
      </ul>
      <div class="scroll" tabindex="0" role="region" aria-label=${s.table(name)}>
      <table>
        <caption>${s.caption(name, per)}</caption>
        <thead><tr><th scope="col">${s.from}</th><th scope="col">${s.peopleAsked}</th><th scope="col">${s.requestsTitle}</th>
          <th scope="col">${s.peopleConfirmed}</th><th scope="col">${s.confirmationsTitle}</th>
          <th scope="col">${s.conversion}</th><th scope="col">${s.median}</th><th scope="col">${s.withdrawalsTitle}</th>
          <th scope="col">${s.expiriesTitle}</th><th scope="col">${s.erasuresTitle}</th></tr></thead>
        <tbody>${entry.periods.map(
          (
            p,
          ) => html`<tr><td>${formatDate(p.start)}</td><td>${formatNumber(p.people)}</td><td>${formatNumber(p.requests)}</td>
            <td>${formatNumber(p.peopleConfirmed)}</td><td>${formatNumber(p.confirmations)}</td>
            <td>${percent(p.conversion)}</td><td>${duration(p.medianSecondsToConfirm)}</td>
            <td>${formatNumber(p.withdrawals)}</td><td>${formatNumber(p.expiries)}</td><td>${formatNumber(p.erasures)}</td></tr>`,
        )}</tbody>
      </table>
      </div>
    </section>`;
  }

  /** A5: per listed system, the delay from withdrawal to `honoured` and what still waits. */
  #honoured() {
    const s = t().reports;
    const systems = this.report?.honoured ?? [];
    return html`<section class="card" aria-labelledby="honoured-title">
      <h3 id="honoured-title">${s.honouredTitle}</h3>
      <p class="hint">${s.honouredHint}</p>
      ${
        systems.length === 0
          ? html`<p>${s.noSystems}</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="honoured-title">
      <table>
        <thead><tr><th scope="col">${s.system}</th><th scope="col">${s.acknowledged}</th><th scope="col">${s.medianHonoured}</th>
          <th scope="col">${s.longestHonoured}</th><th scope="col">${s.waiting}</th><th scope="col">${s.overdue(formatHours(this.report?.honourWithinHours ?? 24))}</th></tr></thead>
        <tbody>${systems.map(
          (
            h,
          ) => html`<tr><th scope="row">${h.system}</th><td>${formatNumber(h.acknowledged)}</td><td>${duration(h.medianSeconds)}</td>
            <td>${duration(h.maxSeconds)}</td><td>${formatNumber(h.waiting)}</td><td>${formatNumber(h.overdue)}</td></tr>`,
        )}</tbody>
      </table>
      </div>`
      }
    </section>`;
  }

  protected renderContent() {
    const q = this.query;
    const s = t().reports;
    return html`<form class="row" @submit=${this.#run}>
        <div><label for="r-from">${s.from}</label><input id="r-from" name="from" type="date" .value=${q.from} required /></div>
        <div><label for="r-to">${s.to}</label><input id="r-to" name="to" type="date" .value=${q.to} required /></div>
        <div><label for="r-interval">${s.per}</label>
          <select id="r-interval" name="interval">
            ${(['day', 'week', 'month'] as const).map((i) => html`<option value=${i} .selected=${i === q.interval}>${s.intervals[i]}</option>`)}
          </select></div>
        <div><button type="submit">${s.show}</button></div>
      </form>
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.#csv()}>${s.csv}</button>
        <button type="button" class="secondary" @click=${() =>
          download('signet-report.json', 'application/json', JSON.stringify(this.report, null, 2))}>
          ${s.json}</button>
      </div>
      <p role="status" class="status error">${this.notice ?? ''}</p>
      ${
        this.report?.purposes.length
          ? this.report.purposes.map((entry) => this.#purpose(entry))
          : html`<p>${s.none}</p>`
      }
      ${this.#honoured()}
      <section class="card" aria-labelledby="art30-title">
        <h3 id="art30-title">${s.art30}</h3>
        <p class="hint">${s.art30Hint}</p>
        <div class="actions">
          <button type="button" class="secondary" lang="en" @click=${() => this.#art30('en')}>Show in English</button>
          <button type="button" class="secondary" lang="de" @click=${() => this.#art30('de')}>Auf Deutsch zeigen</button>
          ${
            this.art30
              ? html`<button type="button" class="secondary" @click=${() => this.#art30File('md')}>${s.markdown}</button>
                <button type="button" class="secondary" @click=${() => this.#art30File('html')}>${s.page}</button>`
              : nothing
          }
        </div>
        ${this.art30 ? html`<pre lang=${this.art30.locale}>${this.art30.markdown}</pre>` : nothing}
      </section>`;
  }
}

customElements.define('console-reports', ReportsView);
