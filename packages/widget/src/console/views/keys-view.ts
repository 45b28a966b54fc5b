import type { AdminEventList, ApiKey, ApiKeyCreated } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';
import { formatDate, formatDateTime, formatNumber, t } from '../i18n/console-locale.js';

/**
 * API keys (created and shown once, named, live or test, revoked) and the admin log of every
 * change.
 */
export default class KeysView extends ConsoleView {
  static override properties = {
    ...ConsoleView.properties,
    keys: { state: true },
    events: { state: true },
    created: { state: true },
    notice: { state: true },
  };
  keys: ApiKey[] = [];
  events: AdminEventList['events'] = [];
  created: ApiKeyCreated | null = null;
  notice: { ok: boolean; text: string } | null = null;

  get heading() {
    return t().tasks.keys;
  }

  protected async load() {
    const [keys, events] = await Promise.all([
      this.context.admin.keys(),
      this.context.admin.events({ limit: 100 }),
    ]);
    if (!keys.ok) return keys.error;
    if (!events.ok) return events.error;
    this.keys = keys.value.keys;
    this.events = events.value.events;
    return null;
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('label')).trim();
    const mode = data.get('mode') === 'test' ? 'test' : 'live';
    const result = await this.context.admin.createKey(name, { mode });
    if (!result.ok) {
      if (result.error.code === 'unauthorized') return this.fail(result.error);
      this.notice = { ok: false, text: errorText(result.error) };
      return;
    }
    form.reset();
    this.created = result.value;
    this.notice = null;
    await this.load();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#created-title')?.focus();
  }

  async #revoke(key: ApiKey) {
    const result = await this.context.admin.revokeKey(key.id);
    if (!result.ok) {
      if (result.error.code === 'unauthorized') return this.fail(result.error);
      this.notice = { ok: false, text: errorText(result.error) };
      return;
    }
    this.notice = { ok: true, text: t().keys.revoked(key.label) };
    await this.load();
  }

  protected renderContent() {
    const s = t().keys;
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      ${
        this.created
          ? html`<section class="card" aria-labelledby="created-title">
            <h3 id="created-title" tabindex="-1">${s.newKey(this.created.label)}</h3>
            <p>${s.copyNow}</p>
            <p class="secret" aria-label=${s.theNewKey}>${this.created.key}</p>
            <button type="button" class="secondary" @click=${() => {
              this.created = null;
            }}>${s.copied}</button>
          </section>`
          : nothing
      }
      <table>
        <caption>${s.caption}</caption>
        <thead><tr><th scope="col">${s.name}</th><th scope="col">${s.id}</th><th scope="col">${s.created}</th>
          <th scope="col">${s.mode}</th><th scope="col">${s.state}</th><th scope="col">${s.action}</th></tr></thead>
        <tbody>${this.keys.map(
          (
            key,
          ) => html`<tr><td>${key.label}</td><td><code>${key.id}</code></td><td>${formatDate(key.createdAt)}</td>
            <td>${s.modes[key.mode]}</td><td>${key.revokedAt ? s.revokedOn(formatDate(key.revokedAt)) : s.active}</td>
            <td>${
              key.revokedAt
                ? nothing
                : html`<button type="button" class="danger" @click=${() => this.#revoke(key)}>
                  ${s.revoke}<span class="sr-only">${s.srKey(key.label)}</span></button>`
            }</td></tr>`,
        )}</tbody>
      </table>
      <form class="card" @submit=${this.#create}>
        <h3>${s.create}</h3>
        <label for="key-label">${s.label}</label>
        <input id="key-label" name="label" required maxlength="100" />
        <fieldset>
          <legend>${s.kind}</legend>
          <div><input type="radio" id="key-live" name="mode" value="live" checked />
            <label for="key-live" class="inline">${s.liveKey}</label></div>
          <div><input type="radio" id="key-test" name="mode" value="test" />
            <label for="key-test" class="inline">${s.testKey}</label></div>
        </fieldset>
        <div class="actions"><button type="submit">${s.createButton}</button></div>
      </form>
      <table>
        <caption>${s.logCaption(formatNumber(this.events.length))}</caption>
        <thead><tr><th scope="col">${s.when}</th><th scope="col">${s.who}</th><th scope="col">${s.session}</th><th scope="col">${s.what}</th>
          <th scope="col">${s.target}</th><th scope="col">${s.status}</th></tr></thead>
        <tbody>${this.events.map(
          (e) => html`<tr><td>${formatDateTime(e.at)}</td><td><code>${e.keyId}</code></td>
            <td>${e.sessionId ? html`<code>${e.sessionId}</code>` : s.keyItself}</td>
            <td><code>${e.action}</code></td><td>${e.target ?? ''}</td><td>${e.status}</td></tr>`,
        )}</tbody>
      </table>`;
  }
}

customElements.define('console-keys', KeysView);
