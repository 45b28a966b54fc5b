import { type AdminPurpose, channels, type PurposeInput } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDate, formatNumber, t } from '../i18n/console-locale.js';
import './wording-editor.js';

const lifetime = (purpose: AdminPurpose) => {
  const s = t().purposes;
  return (
    [
      purpose.lifetimeDays ? s.daysAfter(formatNumber(purpose.lifetimeDays)) : '',
      purpose.endsAt ? s.ends(formatDate(purpose.endsAt)) : '',
    ]
      .filter(Boolean)
      .join(', ') || s.untilWithdrawn
  );
};

const inputOf = (purpose: AdminPurpose): PurposeInput => ({
  channel: purpose.channel,
  lifetimeDays: purpose.lifetimeDays,
  endsAt: purpose.endsAt,
  position: purpose.position,
});

/**
 * Purposes: create one, set its lifetime, put them in order, and write and publish a wording
 * (with the word-level difference to the current one and a preview as visitors see it).
 */
export default class PurposesView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    purposes: { state: true },
    editing: { state: true },
    notice: { state: true },
  };
  purposes: AdminPurpose[] = [];
  /** The purpose whose wording is open in the editor. */
  editing: string | null = null;
  notice: { ok: boolean; text: string } | null = null;

  get heading() {
    return t().tasks.purposes;
  }

  protected async load() {
    const list = await this.context.admin.purposes();
    if (list.ok) this.purposes = [...list.value.purposes].sort((a, b) => a.position - b.position);
    return list.ok ? null : list.error;
  }

  async #put(id: string, input: PurposeInput, done: string) {
    const result = await this.context.admin.putPurpose(id, input);
    if (!result.ok) {
      if (result.error.code === 'unauthorized') return this.fail(result.error);
      this.notice = { ok: false, text: errorText(result.error) };
      return false;
    }
    this.notice = { ok: true, text: done };
    await this.load();
    return true;
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const id = String(data.get('id')).trim();
    const days = String(data.get('lifetimeDays')).trim();
    const ends = String(data.get('endsAt')).trim();
    const created = await this.#put(
      id,
      {
        channel: String(data.get('channel')) as PurposeInput['channel'],
        lifetimeDays: days ? Number(days) : null,
        endsAt: ends ? new Date(`${ends}T23:59:59Z`).toISOString() : null,
        position: (this.purposes.at(-1)?.position ?? -1) + 1,
      },
      t().purposes.created(id),
    );
    if (created) {
      form.reset();
      this.editing = id;
    }
  }

  async #setLifetime(purpose: AdminPurpose, event: SubmitEvent) {
    event.preventDefault();
    const days = String(new FormData(event.target as HTMLFormElement).get('days')).trim();
    await this.#put(
      purpose.id,
      { ...inputOf(purpose), lifetimeDays: days ? Number(days) : null },
      t().purposes.lifetimeSaved(purpose.id),
    );
  }

  /** Swaps two neighbours' positions (numbered afresh, so equal positions cannot stick). */
  async #move(index: number, by: -1 | 1) {
    const order = [...this.purposes];
    const [moved] = order.splice(index, 1);
    if (!moved) return;
    order.splice(index + by, 0, moved);
    for (const [position, purpose] of order.entries()) {
      if (purpose.position === position) continue;
      const result = await this.context.admin.putPurpose(purpose.id, {
        ...inputOf(purpose),
        position,
      });
      if (!result.ok) {
        this.notice = { ok: false, text: errorText(result.error) };
        return this.load();
      }
    }
    this.notice = { ok: true, text: t().purposes.moved(moved.id, by < 0) };
    await this.load();
    this.renderRoot.querySelector<HTMLElement>(`[data-move="${moved.id}:${by}"]`)?.focus();
  }

  #row(purpose: AdminPurpose, index: number) {
    const last = index === this.purposes.length - 1;
    const s = t().purposes;
    return html`<tr>
      <th scope="row">${purpose.id}</th>
      <td>${purpose.channel}</td>
      <td>
        <form class="inline-form" @submit=${(e: SubmitEvent) => this.#setLifetime(purpose, e)}>
          <label class="sr-only" for="days-${purpose.id}">${s.lifetimeOf(purpose.id)}</label>
          <input id="days-${purpose.id}" name="days" type="number" min="1" max="3650"
            .value=${purpose.lifetimeDays?.toString() ?? ''} placeholder=${s.days} />
          <button type="submit" class="secondary">${s.save}<span class="sr-only">${s.saveLifetimeOf(purpose.id)}</span></button>
        </form>
        <p class="hint">${lifetime(purpose)}</p>
      </td>
      <td>
        ${
          purpose.wordings.length
            ? purpose.wordings.map(
                (w) => html`<div><code>${w.locale}</code> ${w.version.slice(0, 10)}…</div>`,
              )
            : html`<span class="error">${s.noWording}</span>`
        }
      </td>
      <td class="actions-cell">
        <button type="button" class="secondary" @click=${() => {
          this.editing = purpose.id;
        }}>${s.writeWording}<span class="sr-only">${s.forId(purpose.id)}</span></button>
        <button type="button" class="secondary" data-move="${purpose.id}:-1" ?disabled=${index === 0}
          @click=${() => this.#move(index, -1)}>${s.up}<span class="sr-only">${s.moveUp(purpose.id)}</span></button>
        <button type="button" class="secondary" data-move="${purpose.id}:1" ?disabled=${last}
          @click=${() => this.#move(index, 1)}>${s.down}<span class="sr-only">${s.moveDown(purpose.id)}</span></button>
      </td>
    </tr>`;
  }

  protected renderContent() {
    const editing = this.purposes.find((purpose) => purpose.id === this.editing);
    const s = t().purposes;
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      <table>
        <caption>${s.caption}</caption>
        <thead><tr><th scope="col">${s.purpose}</th><th scope="col">${s.channel}</th><th scope="col">${s.lifetime}</th>
          <th scope="col">${s.wordings}</th><th scope="col">${s.actions}</th></tr></thead>
        <tbody>${this.purposes.map((purpose, index) => this.#row(purpose, index))}</tbody>
      </table>
      ${
        editing
          ? html`<console-wording-editor .context=${this.context} .purpose=${editing}
            @console-published=${() => this.load()}></console-wording-editor>`
          : nothing
      }
      <form class="card" @submit=${this.#create}>
        <h3>${s.add}</h3>
        <div class="row">
          <div><label for="new-id">${s.id}</label>
            <input id="new-id" name="id" required pattern="[a-z0-9][a-z0-9\\-]{0,63}" aria-describedby="new-id-hint" />
            <p class="hint" id="new-id-hint">${s.idHint}</p></div>
          <div><label for="new-channel">${s.channel}</label>
            <select id="new-channel" name="channel">${channels.map((c) => html`<option>${c}</option>`)}</select></div>
          <div><label for="new-days">${s.lifetimeDays}</label>
            <input id="new-days" name="lifetimeDays" type="number" min="1" max="3650" /></div>
          <div><label for="new-ends">${s.endsOn}</label>
            <input id="new-ends" name="endsAt" type="date" /></div>
        </div>
        <div class="actions"><button type="submit">${s.addButton}</button></div>
      </form>`;
  }
}

customElements.define('console-purposes', PurposesView);
