import type {
  AdminPurpose,
  ReconfirmationPreview,
  ReconfirmationProgress,
  ReconfirmationRequest,
  SignetError,
} from '@signet/sdk';
import { html } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatNumber, t } from '../i18n/console-locale.js';

const keyOf = (choice: ReconfirmationRequest) =>
  `${choice.purpose}:${choice.withoutEvidenceOnly === true}`;

/**
 * Re-confirming imported people (M1): the owner picks a purpose and whom to ask, sees how many
 * would be mailed and the site's daily cap before starting, then follows the progress as the API
 * counts it (sent, confirmed, bounced when known, no answer).
 */
export default class ReconfirmView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    purposes: { state: true },
    progress: { state: true },
    preview: { state: true },
    counting: { state: true },
    busy: { state: true },
    notice: { state: true },
    failure: { state: true },
  };
  /** The email purposes: a re-confirmation is the double opt-in's email. */
  purposes: AdminPurpose[] = [];
  progress: ReconfirmationProgress[] = [];
  /** The count for the choices it was made with; a start waits until it matches them. */
  preview: { key: string; value: ReconfirmationPreview } | null = null;
  counting = false;
  busy = false;
  notice = '';
  failure = '';

  get heading() {
    return t().tasks.reconfirm;
  }

  protected async load() {
    const [purposes, status] = await Promise.all([
      this.context.admin.purposes(),
      this.context.admin.reconfirmations.status(),
    ]);
    if (!purposes.ok) return purposes.error;
    if (!status.ok) return status.error;
    this.purposes = purposes.value.purposes.filter((purpose) => purpose.channel === 'email');
    this.progress = status.value.purposes;
    // Before the form is drawn its choices are the first purpose and everyone imported.
    void this.#count();
    return null;
  }

  #choice(): ReconfirmationRequest | null {
    const root = this.renderRoot;
    const purpose =
      root.querySelector<HTMLSelectElement>('#r-purpose')?.value ?? this.purposes[0]?.id;
    if (!purpose) return null;
    const onlyWithout = root.querySelector<HTMLInputElement>('#r-without')?.checked ?? false;
    return { purpose, withoutEvidenceOnly: onlyWithout };
  }

  #problem(error: SignetError) {
    if (error.code === 'unauthorized') return this.fail(error);
    this.failure = errorText(error);
  }

  #count = async () => {
    const choice = this.#choice();
    this.notice = '';
    this.failure = '';
    if (!choice) return;
    this.counting = true;
    const answer = await this.context.admin.reconfirmations.preview(choice);
    this.counting = false;
    if (!answer.ok) {
      this.preview = null;
      return this.#problem(answer.error);
    }
    // A later change of the choices has its own count on the way.
    const now = this.#choice();
    if (now && keyOf(now) === keyOf(choice)) {
      this.preview = { key: keyOf(choice), value: answer.value };
    }
  };

  async #start() {
    const choice = this.#choice();
    if (!choice) return;
    this.busy = true;
    this.failure = '';
    const started = await this.context.admin.reconfirmations.start(choice);
    this.busy = false;
    if (!started.ok) return this.#problem(started.error);
    this.notice = t().reconfirm.started(started.value.queuedNow, started.value.sentNow);
    await this.#refresh();
  }

  async #refresh() {
    const status = await this.context.admin.reconfirmations.status();
    if (!status.ok) return this.#problem(status.error);
    this.progress = status.value.purposes;
    const notice = this.notice;
    await this.#count();
    this.notice = notice;
  }

  #renderPreview() {
    const s = t().reconfirm;
    if (this.counting) return s.counting;
    const preview = this.preview?.value;
    if (!preview) return '';
    return html`${s.recipients(preview.recipients, formatNumber(preview.recipients))}
      ${s.cap(formatNumber(preview.dailyCap), formatNumber(preview.leftToday))}`;
  }

  #renderProgress() {
    const s = t().reconfirm;
    return html`<table>
      <caption>${s.progressCaption}</caption>
      <thead><tr><th scope="col">${s.purpose}</th><th scope="col">${s.queued}</th>
        <th scope="col">${s.sent}</th><th scope="col">${s.confirmed}</th>
        <th scope="col">${s.bounced}</th><th scope="col">${s.noAnswer}</th></tr></thead>
      <tbody>${
        this.progress.length === 0
          ? html`<tr><td colspan="6">${s.none}</td></tr>`
          : this.progress.map(
              (
                row,
              ) => html`<tr><th scope="row">${row.purpose}</th><td>${formatNumber(row.queued)}</td>
                <td>${formatNumber(row.sent)}</td><td>${formatNumber(row.confirmed)}</td>
                <td>${row.bounced === null ? s.notKnown : formatNumber(row.bounced)}</td>
                <td>${formatNumber(row.noAnswer)}</td></tr>`,
            )
      }</tbody>
    </table>
    <div class="actions">
      <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#refresh()}>
        ${s.refresh}</button>
    </div>`;
  }

  protected renderContent() {
    const s = t().reconfirm;
    const choice = this.#choice();
    const preview = this.preview;
    const ready =
      !this.busy &&
      !this.counting &&
      preview !== null &&
      choice !== null &&
      preview.key === keyOf(choice) &&
      preview.value.recipients > 0;
    return html`<p>${s.explained}</p>
      ${
        this.purposes.length === 0
          ? html`<p>${s.noPurposes}</p>`
          : html`<form class="card" @change=${this.#count} @submit=${(event: Event) => event.preventDefault()}>
            <label for="r-purpose">${s.purpose}</label>
            <select id="r-purpose" name="purpose">
              ${this.purposes.map((purpose) => html`<option value=${purpose.id}>${purpose.id}</option>`)}
            </select>
            <fieldset>
              <legend>${s.who}</legend>
              <div><input type="radio" id="r-all" name="who" value="all" checked />
                <label for="r-all" class="inline">${s.allImported}</label></div>
              <div><input type="radio" id="r-without" name="who" value="without" />
                <label for="r-without" class="inline">${s.withoutEvidence}</label></div>
            </fieldset>
            <p role="status" class="status">${this.#renderPreview()}</p>
            <div class="actions">
              <button type="button" ?disabled=${!ready} @click=${() => this.#start()}>
                ${this.busy ? s.starting : preview ? s.start(formatNumber(preview.value.recipients)) : s.startPlain}</button>
            </div>
          </form>`
      }
      <p role="status" class="status ok">${this.notice}</p>
      <p role="status" class="status error">${this.failure}</p>
      <h3>${s.progressTitle}</h3>
      ${this.#renderProgress()}`;
  }
}

customElements.define('console-reconfirm', ReconfirmView);
