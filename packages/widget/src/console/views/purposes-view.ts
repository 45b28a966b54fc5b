import { type AdminPurpose, channels, type PurposeInput } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import './wording-editor.js';

const lifetime = (purpose: AdminPurpose) =>
  [
    purpose.lifetimeDays ? `${purpose.lifetimeDays} days after confirmation` : '',
    purpose.endsAt ? `ends ${purpose.endsAt.slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(', ') || 'until withdrawn';

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
    return 'Purposes and wording';
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
      `Purpose ${id} created. Write its wording next.`,
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
      `Lifetime of ${purpose.id} saved.`,
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
    this.notice = { ok: true, text: `${moved.id} moved ${by < 0 ? 'up' : 'down'}.` };
    await this.load();
    this.renderRoot.querySelector<HTMLElement>(`[data-move="${moved.id}:${by}"]`)?.focus();
  }

  #row(purpose: AdminPurpose, index: number) {
    const last = index === this.purposes.length - 1;
    return html`<tr>
      <th scope="row">${purpose.id}</th>
      <td>${purpose.channel}</td>
      <td>
        <form class="inline-form" @submit=${(e: SubmitEvent) => this.#setLifetime(purpose, e)}>
          <label class="sr-only" for="days-${purpose.id}">Lifetime of ${purpose.id} in days</label>
          <input id="days-${purpose.id}" name="days" type="number" min="1" max="3650"
            .value=${purpose.lifetimeDays?.toString() ?? ''} placeholder="days" />
          <button type="submit" class="secondary">Save<span class="sr-only"> lifetime of ${purpose.id}</span></button>
        </form>
        <p class="hint">${lifetime(purpose)}</p>
      </td>
      <td>
        ${
          purpose.wordings.length
            ? purpose.wordings.map(
                (w) => html`<div><code>${w.locale}</code> ${w.version.slice(0, 10)}…</div>`,
              )
            : html`<span class="error">No wording yet: not shown to visitors</span>`
        }
      </td>
      <td class="actions-cell">
        <button type="button" class="secondary" @click=${() => {
          this.editing = purpose.id;
        }}>Write wording<span class="sr-only"> for ${purpose.id}</span></button>
        <button type="button" class="secondary" data-move="${purpose.id}:-1" ?disabled=${index === 0}
          @click=${() => this.#move(index, -1)}>Up<span class="sr-only">: move ${purpose.id} up</span></button>
        <button type="button" class="secondary" data-move="${purpose.id}:1" ?disabled=${last}
          @click=${() => this.#move(index, 1)}>Down<span class="sr-only">: move ${purpose.id} down</span></button>
      </td>
    </tr>`;
  }

  protected renderContent() {
    const editing = this.purposes.find((purpose) => purpose.id === this.editing);
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      <table>
        <caption>Purposes in the order the form shows them</caption>
        <thead><tr><th scope="col">Purpose</th><th scope="col">Channel</th><th scope="col">Lifetime</th>
          <th scope="col">Current wordings</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this.purposes.map((purpose, index) => this.#row(purpose, index))}</tbody>
      </table>
      ${
        editing
          ? html`<console-wording-editor .context=${this.context} .purpose=${editing}
            @console-published=${() => this.load()}></console-wording-editor>`
          : nothing
      }
      <form class="card" @submit=${this.#create}>
        <h3>Add a purpose</h3>
        <div class="row">
          <div><label for="new-id">Id</label>
            <input id="new-id" name="id" required pattern="[a-z0-9][a-z0-9\\-]{0,63}" aria-describedby="new-id-hint" />
            <p class="hint" id="new-id-hint">Lower-case letters, digits and dashes, e.g. newsletter.</p></div>
          <div><label for="new-channel">Channel</label>
            <select id="new-channel" name="channel">${channels.map((c) => html`<option>${c}</option>`)}</select></div>
          <div><label for="new-days">Lifetime in days (optional)</label>
            <input id="new-days" name="lifetimeDays" type="number" min="1" max="3650" /></div>
          <div><label for="new-ends">Ends on (optional)</label>
            <input id="new-ends" name="endsAt" type="date" /></div>
        </div>
        <div class="actions"><button type="submit">Add purpose</button></div>
      </form>`;
  }
}

customElements.define('console-purposes', PurposesView);
