import type { AdminEventList, ApiKey, ApiKeyCreated } from '@signet/sdk';
import { html, nothing } from 'lit';
import { ConsoleView, errorText } from '../console-view.js';

/** API keys (created and shown once, named, revoked) and the admin log of every change. */
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
    return 'API keys and admin log';
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
    const name = String(new FormData(form).get('label')).trim();
    const result = await this.context.admin.createKey(name);
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
    this.notice = { ok: true, text: `Key “${key.label}” revoked: it stops working now.` };
    await this.load();
  }

  protected renderContent() {
    return html`
      <p role="status" class="status ${this.notice?.ok === false ? 'error' : 'ok'}">${this.notice?.text ?? ''}</p>
      ${
        this.created
          ? html`<section class="card" aria-labelledby="created-title">
            <h3 id="created-title" tabindex="-1">New key “${this.created.label}”</h3>
            <p>Copy it now: it is shown this once, and only its hash is kept.</p>
            <p class="secret" aria-label="The new key">${this.created.key}</p>
            <button type="button" class="secondary" @click=${() => {
              this.created = null;
            }}>I have copied it</button>
          </section>`
          : nothing
      }
      <table>
        <caption>Keys</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Created</th>
          <th scope="col">State</th><th scope="col">Action</th></tr></thead>
        <tbody>${this.keys.map(
          (
            key,
          ) => html`<tr><td>${key.label}</td><td><code>${key.id}</code></td><td>${key.createdAt.slice(0, 10)}</td>
            <td>${key.revokedAt ? `revoked ${key.revokedAt.slice(0, 10)}` : 'active'}</td>
            <td>${
              key.revokedAt
                ? nothing
                : html`<button type="button" class="danger" @click=${() => this.#revoke(key)}>
                  Revoke<span class="sr-only"> key ${key.label}</span></button>`
            }</td></tr>`,
        )}</tbody>
      </table>
      <form class="card" @submit=${this.#create}>
        <h3>Create a key</h3>
        <label for="key-label">Name (who or what uses it)</label>
        <input id="key-label" name="label" required maxlength="100" />
        <div class="actions"><button type="submit">Create key</button></div>
      </form>
      <table>
        <caption>Admin log: the latest ${this.events.length} changes</caption>
        <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Session</th><th scope="col">What</th>
          <th scope="col">Target</th><th scope="col">Status</th></tr></thead>
        <tbody>${this.events.map(
          (
            e,
          ) => html`<tr><td>${e.at.replace('T', ' ').slice(0, 19)}</td><td><code>${e.keyId}</code></td>
            <td>${e.sessionId ? html`<code>${e.sessionId}</code>` : 'the key itself'}</td>
            <td><code>${e.action}</code></td><td>${e.target ?? ''}</td><td>${e.status}</td></tr>`,
        )}</tbody>
      </table>`;
  }
}

customElements.define('console-keys', KeysView);
