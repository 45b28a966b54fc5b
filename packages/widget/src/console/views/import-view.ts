import {
  type AdminPurpose,
  type ImportFormat,
  type ImportReport,
  importFormats,
  type SignetError,
} from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { t } from '../i18n/console-locale.js';

/** A chosen file as text pieces, read as the import sends it: never the whole file at once. */
async function* textOf(file: File) {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield decoder.decode(value, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

const shownSkips = 100;

/**
 * "Import a list" (M1): a newsletter tool's export, checked by a dry run whose report is shown
 * before the real import can start; the import then runs in calls, with its progress.
 */
export default class ImportView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    purposes: { state: true },
    checked: { state: true },
    done: { state: true },
    progress: { state: true },
    busy: { state: true },
    notice: { state: true },
  };
  purposes: AdminPurpose[] = [];
  /** The dry run's report, for the file and choices it was made with. */
  checked: { key: string; report: ImportReport } | null = null;
  done: ImportReport | null = null;
  progress = '';
  busy = false;
  notice = '';

  get heading() {
    return t().tasks.import;
  }

  protected async load() {
    const purposes = await this.context.admin.purposes();
    if (!purposes.ok) return purposes.error;
    this.purposes = purposes.value.purposes;
    return null;
  }

  #choices() {
    const root = this.renderRoot;
    const file = root.querySelector<HTMLInputElement>('#i-file')?.files?.[0] ?? null;
    const format = (root.querySelector<HTMLSelectElement>('#i-format')?.value ??
      'signet') as ImportFormat;
    const purpose = root.querySelector<HTMLSelectElement>('#i-purpose')?.value ?? '';
    const key = file ? `${file.name}:${file.size}:${file.lastModified}:${format}:${purpose}` : '';
    return { file, format, purpose, key };
  }

  #changed = () => {
    this.checked = null;
    this.done = null;
    this.notice = '';
  };

  async #run(dryRun: boolean) {
    const { file, format, purpose, key } = this.#choices();
    if (!file) {
      this.notice = t().imports.noFile;
      return;
    }
    this.busy = true;
    this.notice = '';
    this.progress = '';
    const outcome = await this.context.admin.imports.run(textOf(file), {
      format,
      kind: /\.(nd)?jsonl?$/i.test(file.name) ? 'ndjson' : 'csv',
      purpose: purpose || undefined,
      dryRun,
      onProgress: (_call, rows) => {
        this.progress = t().imports.progress(rows);
      },
    });
    this.busy = false;
    if (outcome.error) this.#failed(outcome.error, outcome.report.rows);
    if (dryRun) this.checked = outcome.error ? null : { key, report: outcome.report };
    else this.done = outcome.report;
  }

  #failed(error: SignetError, rows: number) {
    if (error.code === 'unauthorized') return this.fail(error);
    this.notice = t().imports.stopped(errorText(error), rows);
  }

  #report(report: ImportReport) {
    const s = t().imports;
    const skipped = report.skipped.slice(0, shownSkips);
    return html`<section class="card" aria-labelledby="i-report">
      <h3 id="i-report">${report.dryRun ? s.dryRunTitle : s.doneTitle}</h3>
      <p>${s.summary(report)}</p>
      ${
        skipped.length
          ? html`<table>
            <caption>${s.skippedCaption(report.skipped.length, skipped.length)}</caption>
            <thead><tr><th scope="col">${s.row}</th><th scope="col">${s.reason}</th>
              <th scope="col">${s.column}</th></tr></thead>
            <tbody>${skipped.map(
              (skip) => html`<tr><td>${skip.row}</td><td>${s.reasons[skip.reason]}</td>
                <td>${skip.column ?? ''}</td></tr>`,
            )}</tbody>
          </table>`
          : nothing
      }
    </section>`;
  }

  protected renderContent() {
    const s = t().imports;
    const ready = this.checked !== null && this.checked.key === this.#choices().key;
    return html`<p>${s.explained}</p>
      <form class="row" @change=${this.#changed} @submit=${(event: Event) => event.preventDefault()}>
        <div><label for="i-file">${s.file}</label>
          <input id="i-file" name="file" type="file" accept=".csv,.txt,.ndjson,.jsonl" /></div>
        <div><label for="i-format">${s.format}</label>
          <select id="i-format" name="format">
            ${importFormats.filter((format) => format !== 'signet-export').map((format) => html`<option value=${format}>${s.formats[format]}</option>`)}
          </select></div>
        <div><label for="i-purpose">${s.purpose}</label>
          <select id="i-purpose" name="purpose">
            ${this.purposes.map((purpose) => html`<option value=${purpose.id}>${purpose.id}</option>`)}
          </select></div>
      </form>
      <div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => this.#run(true)}>${s.check}</button>
        <button type="button" ?disabled=${this.busy || !ready} @click=${() => this.#run(false)}>
          ${ready ? s.importRows(this.checked?.report.imported ?? 0) : s.importAfterCheck}</button>
      </div>
      <p role="status" class="status">${this.busy ? this.progress || s.working : ''}</p>
      <p role="status" class="status error">${this.notice}</p>
      ${this.done ? this.#report(this.done) : this.checked ? this.#report(this.checked.report) : nothing}
      <p><a href="#/reconfirm">${s.reconfirmLink}</a></p>`;
  }
}

customElements.define('console-import', ImportView);
