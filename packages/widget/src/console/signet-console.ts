import type { OwnerSession } from '@signet/sdk';
import { createSignetAdmin, createSignetServer } from '@signet/sdk/server';
import { html, LitElement, nothing } from 'lit';
import { endSession, keepSession, sessionFromLink, storedSession } from './console-session.js';
import { shellStyles } from './console-shell-styles.js';
import { consoleStyles } from './console-styles.js';
import { type ConsoleContext, type ConsoleView, errorText } from './console-view.js';
import './views/sign-in-view.js';

/** The console's tasks, each its own chunk, loaded when first opened. */
const tasks = {
  settings: { title: 'Settings', load: () => import('./views/settings-view.js') },
  purposes: { title: 'Purposes and wording', load: () => import('./views/purposes-view.js') },
  records: { title: 'Consents and records', load: () => import('./views/records-view.js') },
  person: { title: 'A person’s request', load: () => import('./views/person-view.js') },
  keys: { title: 'API keys and admin log', load: () => import('./views/keys-view.js') },
  sessions: { title: 'Open sessions', load: () => import('./views/sessions-view.js') },
  reports: { title: 'Reports and Art. 30', load: () => import('./views/reports-view.js') },
} as const;
type Task = keyof typeof tasks;

const isTask = (name: string): name is Task => Object.hasOwn(tasks, name);

/**
 * `<signet-console>`: the site owner's console at /admin. Signs in (mailed link or pasted key),
 * then routes by the URL fragment (`#/settings`) to one task at a time, each talking to the admin
 * API through the SDK with the console session.
 */
export class SignetConsole extends LitElement {
  static override styles = [consoleStyles, shellStyles];
  static override properties = {
    session: { state: true },
    task: { state: true },
    notice: { state: true },
    view: { state: true },
  };

  session: OwnerSession | null = storedSession();
  task: Task = 'settings';
  notice = '';
  view: ConsoleView | null = null;
  #context: ConsoleContext | null = null;

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#route);
    this.addEventListener('console-session-ended', this.#ended);
    void this.#route();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#route);
  }

  /** A mailed link's `#token=…`: opens a session, and leaves the address bar before anything else. */
  async #signInFromLink(token: string) {
    history.replaceState(null, '', `${location.pathname}#/settings`);
    this.notice = 'Signing you in…';
    const opened = await sessionFromLink(token);
    this.notice = opened.ok ? '' : errorText(opened.error);
    if (opened.ok) this.signedIn(opened.value);
  }

  signedIn(session: OwnerSession) {
    keepSession(session);
    this.session = session;
    this.#context = null;
    this.notice = '';
    if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/settings');
    this.#route();
  }

  /** A view found the session ended, or ended it (with what to tell the owner). */
  #ended = (event: Event) => {
    keepSession(null);
    this.session = null;
    this.view = null;
    const told = (event as CustomEvent<string | null>).detail;
    this.notice = told ?? 'Your session has ended. Sign in again to go on.';
  };

  async #signOut() {
    if (this.session) await endSession(this.session);
    keepSession(null);
    this.session = null;
    this.view = null;
    this.notice = 'You are signed out.';
  }

  get context(): ConsoleContext | null {
    if (!this.session) return null;
    if (!this.#context || this.#context.session !== this.session) {
      const options = {
        endpoint: location.origin,
        site: this.session.site,
        apiKey: this.session.session,
        maxRetries: 1,
      };
      this.#context = {
        admin: createSignetAdmin(options),
        server: createSignetServer(options),
        session: this.session,
      };
    }
    return this.#context;
  }

  #route = async () => {
    const token = /[#&]token=([A-Za-z0-9_-]{43})/.exec(location.hash)?.[1];
    if (token) return this.#signInFromLink(token);
    const name = /^#\/([a-z]+)/.exec(location.hash)?.[1] ?? 'settings';
    const task: Task = isTask(name) ? name : 'settings';
    const context = this.context;
    if (!context) return;
    this.task = task;
    const module = await tasks[task].load();
    if (this.task !== task) return;
    const view = new module.default();
    view.context = context;
    this.view = view;
    await this.updateComplete;
    view.focusHeading();
  };

  #renderNav() {
    return html`<nav aria-label="Console">
      <ul>
        ${Object.entries(tasks).map(
          ([name, { title }]) =>
            html`<li>
              <a href="#/${name}" aria-current=${name === this.task ? 'page' : nothing}>${title}</a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  protected override render() {
    if (!this.session) {
      return html`<h1>Signet console</h1>
        ${this.notice ? html`<p role="status" class="status">${this.notice}</p>` : nothing}
        <signet-console-sign-in
          @console-signed-in=${(event: CustomEvent<OwnerSession>) => this.signedIn(event.detail)}
        ></signet-console-sign-in>`;
    }
    const who = this.session.actor.replace(/^owner:/, '');
    return html`<header class="top">
        <div>
          <h1>Signet console: ${this.session.site}</h1>
          <p class="hint">Signed in as ${who}</p>
        </div>
        <button type="button" class="secondary" @click=${() => this.#signOut()}>Sign out</button>
      </header>
      ${this.#renderNav()}
      <div class="task">${this.view ?? html`<p role="status">Loading…</p>`}</div>`;
  }
}

if (!customElements.get('signet-console')) customElements.define('signet-console', SignetConsole);
